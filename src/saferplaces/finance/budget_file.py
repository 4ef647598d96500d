"""Reading the budget spreadsheet officers already keep (CSV or XLSX).

The headings are the board paper's own: ``Line, Item, Relates to actions, Original
allocation, Revised allocation, Notes``, in any case and order, under any title rows.
Amounts may be written ``4000``, ``4,000.00`` or ``£4,000.00``; a blank amount means
none. A CSV may be UTF-8 (with or without a byte-order mark), UTF-16 (Excel's "Unicode
text") or Windows-1252; its separator may be a comma, semicolon or tab.

Everything is checked before anything is returned: a bad row is refused with its row
number as the spreadsheet shows it, the column, the value and what would be accepted,
and :class:`BudgetFileError` lists every problem found, so one pass fixes them all.
A totals row under the lines (no line number, no item, amounts) is checked against the
lines; rows under it are notes and are not read (a warning says so).

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "b.csv"
>>> _ = p.write_text("Line,Item,Relates to actions,Original allocation\\n1,Training,1.1,£500\\n")
>>> [(r.line, r.item, r.actions, r.original) for r in read_budget(p).rows]
[(1, 'Training', ('1.1',), Decimal('500.00'))]
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from saferplaces.core.errors import InputFileError
from saferplaces.finance.money import ACCEPTED, ZERO, AmountError, parse_amount, pounds, total

# key -> the heading as the board paper writes it.
HEADINGS = {
    "line": "Line",
    "item": "Item",
    "actions": "Relates to actions",
    "original": "Original allocation",
    "revised": "Revised allocation",
    "notes": "Notes",
}
REQUIRED = ("line", "item", "original")
# Other spellings seen on real papers ("Relates to Action", "Original Allocation (£)").
_ALIASES = {
    "relates to action": "actions",
    "related actions": "actions",
    "line no": "line",
    "line number": "line",
    "note": "notes",
}
HEADER_SEARCH_ROWS = 20
ITEM_MAX = 300
ACTION_NUMBER = re.compile(r"^[0-9]+(?:\.[0-9]+)*(?:\s?[a-z])?$", re.I)
ACTION_MAX = 10
ENCODINGS = "UTF-8, UTF-16 or Windows-1252"


class BudgetFileError(InputFileError):
    """A budget file that cannot be imported. ``problems`` lists every problem found
    (each an :class:`InputFileError`); ``str()`` is the first, with a count of the rest."""

    def __init__(self, problems: list[InputFileError]) -> None:
        self.problems = problems
        first = problems[0]
        super().__init__(
            first.file, first.message, row=first.row, field=first.field, value=first.value
        )
        if len(problems) > 1:
            more = len(problems) - 1
            self.args = (f"{self.args[0]} (and {more} more problem{'s' if more > 1 else ''})",)

    def __str__(self) -> str:
        return self.args[0]


@dataclass(frozen=True)
class BudgetRow:
    """One budget line as the spreadsheet gives it; ``row`` as the spreadsheet numbers it."""

    row: int
    line: int
    item: str
    actions: tuple[str, ...]
    original: Decimal
    revised: Decimal | None  # None: blank, not revised
    notes: str

    @property
    def current(self) -> Decimal:
        """The allocation in force: the revised one when there is one."""
        return self.original if self.revised is None else self.revised


@dataclass
class BudgetFile:
    path: Path
    rows: list[BudgetRow]
    where: str  # the file (and sheet) as messages name it
    encoding: str | None = None  # CSV only
    total_row: int | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def original_total(self) -> Decimal:
        return total(r.original for r in self.rows)

    @property
    def revised_total(self) -> Decimal:
        return total(r.current for r in self.rows)


# ------------------------------------------------------------------------------ reading


def read_budget(
    path: Path | str, *, encoding: str | None = None, name: str | None = None
) -> BudgetFile:
    """Read and check a budget file; raise :class:`BudgetFileError` listing every problem.
    Messages call the file ``name`` (default: its file name), e.g. an upload's own name."""
    path = Path(path)
    name = name or path.name
    if not path.is_file():
        raise BudgetFileError([InputFileError(str(path), "no such file")])
    data = path.read_bytes()
    kind = _kind(path.suffix, name, data)
    if kind == "xlsx":
        sheet, grid = _xlsx_grid(name, data)
        where = f"{name} (sheet {sheet!r})"
        used = None
    else:
        text, used = decode(data, name, encoding)
        grid = _csv_grid(text)
        where = name
    budget = parse_grid(grid, where)
    budget.path = path
    budget.encoding = used
    return budget


def _kind(suffix: str, name: str, data: bytes) -> str:
    suffix = suffix.lower()
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise BudgetFileError(
            [
                InputFileError(
                    name,
                    "this is an Excel 97-2003 workbook (.xls), which cannot be read; "
                    "save it as .xlsx or .csv",
                )
            ]
        )
    if data.startswith(b"PK\x03\x04"):
        if suffix in (".ods", ".numbers"):
            raise BudgetFileError(
                [InputFileError(name, "save the budget as .xlsx or .csv to import it")]
            )
        return "xlsx"
    if suffix in (".xlsx", ".xlsm"):
        raise BudgetFileError(
            [InputFileError(name, "is named .xlsx but is not an Excel workbook; save it again")]
        )
    return "csv"


def decode(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """The file's text and the encoding used: the one asked for, else by its byte-order
    mark, else UTF-8, else Windows-1252. A file none of these can read is refused."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except LookupError:
            raise BudgetFileError(
                [InputFileError(name, f"unknown encoding {encoding!r}; try utf-8 or cp1252")]
            ) from None
        except UnicodeDecodeError as e:
            raise BudgetFileError([_undecodable(name, data, e, encoding)]) from None
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as e:
                raise BudgetFileError([_undecodable(name, data, e, enc)]) from None
    if b"\x00" in data:
        raise BudgetFileError(
            [
                InputFileError(
                    name,
                    "is not a text file (it holds NUL bytes): save the budget as CSV or XLSX",
                )
            ]
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError as e:
        raise BudgetFileError([_undecodable(name, data, e, ENCODINGS)]) from None


def _undecodable(name: str, data: bytes, e: UnicodeDecodeError, tried: str) -> InputFileError:
    line = data[: e.start].count(b"\n") + 1
    byte = data[e.start : e.start + 1].hex()
    # The command line adds how to name the encoding (its code); the web form has no
    # such field, so its users are told how to save the file.
    return InputFileError(
        name,
        f"cannot be read as {tried}: byte 0x{byte} on line {line} is not text in that "
        "encoding; save it from Excel as 'CSV UTF-8'",
        code="input-file.encoding",
    )


def _csv_grid(text: str) -> list[list[object]]:
    """The rows, split on the separator (comma, semicolon or tab) under which the
    headings are found; commas when none finds them (the heading check then says so)."""
    grids = {
        sep: [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=sep)]
        for sep in (",", ";", "\t")
    }
    for grid in grids.values():
        if _header_row(grid) is not None:
            return grid
    return grids[","]


def _xlsx_grid(name: str, data: bytes) -> tuple[str, list[list[object]]]:
    """The first sheet holding the headings, as values; a formula with no saved result
    (a file written by a program that does not calculate) is marked so it is refused."""
    from openpyxl import load_workbook

    try:
        values = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as e:  # openpyxl raises many kinds for a damaged file
        raise BudgetFileError(
            [InputFileError(name, f"cannot be opened as a workbook ({e.__class__.__name__})")]
        ) from None
    try:
        first = None
        for ws in values.worksheets:
            grid = [list(r) for r in ws.iter_rows(values_only=True)]
            if first is None:
                first = (ws.title, grid)
            if _header_row(grid) is not None:
                fws = formulas[ws.title]
                for i, frow in enumerate(fws.iter_rows(values_only=True)):
                    for j, v in enumerate(frow):
                        if (
                            isinstance(v, str)
                            and v.startswith("=")
                            and i < len(grid)
                            and j < len(grid[i])
                            and grid[i][j] is None
                        ):
                            grid[i][j] = _Unsaved(v)
                return ws.title, grid
        return first if first else ("", [])
    finally:
        values.close()
        formulas.close()


@dataclass(frozen=True)
class _Unsaved:
    formula: str


# ------------------------------------------------------------------------------ checking


def _norm(heading: object) -> str:
    text = re.sub(r"\(.*?\)|£", " ", str(heading or "")).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _heading_key(heading: object) -> str | None:
    n = _norm(heading)
    for key, label in HEADINGS.items():
        if n == _norm(label):
            return key
    return _ALIASES.get(n)


def _header_row(grid: list[list[object]]) -> int | None:
    for i, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        keys = {_heading_key(c) for c in row}
        if {"line", "item"} <= keys:
            return i
    return None


def _col_letter(j: int) -> str:
    s = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        s = chr(65 + r) + s
    return s


def _cell(row: list[object], j: int | None) -> object:
    if j is None or j >= len(row):
        return None
    v = row[j]
    return v.strip() if isinstance(v, str) else v


def _blank(v: object) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _shown(v: object) -> str:
    if isinstance(v, _Unsaved):
        return v.formula
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def parse_grid(grid: list[list[object]], where: str) -> BudgetFile:
    """Check the rows of a sheet (lists of cell values) and return the budget lines."""
    problems: list[InputFileError] = []

    def problem(row: int | None, fieldname: str | None, value: object, message: str) -> None:
        problems.append(
            InputFileError(
                where,
                message,
                row=row,
                field=fieldname,
                value=None if value is None else _shown(value),
            )
        )

    h = _header_row(grid)
    wanted = ", ".join(HEADINGS.values())
    if h is None:
        first = next((r for r in grid if any(not _blank(c) for c in r)), [])
        found = ", ".join(_shown(c) for c in first if not _blank(c)) or "nothing"
        problem(
            None,
            None,
            None,
            f"no heading row found: expected the headings {wanted} (any case and order) "
            f"in the first {HEADER_SEARCH_ROWS} rows; the first row with text has {found}",
        )
        raise BudgetFileError(problems)
    cols: dict[str, int] = {}
    warnings: list[str] = []
    for j, c in enumerate(grid[h]):
        if _blank(c):
            continue
        key = _heading_key(c)
        if key is None:
            warnings.append(
                f"column {_col_letter(j)} ({_shown(c)!r}) is not one of the budget headings "
                "and was not read"
            )
        elif key in cols:
            problem(
                h + 1,
                HEADINGS[key],
                c,
                f"the heading is in both column {_col_letter(cols[key])} and column "
                f"{_col_letter(j)}; keep one",
            )
        else:
            cols[key] = j
    missing = [HEADINGS[k] for k in REQUIRED if k not in cols]
    if missing:
        problem(
            h + 1,
            None,
            None,
            f"the heading row has no {' or '.join(repr(m) for m in missing)} column; "
            f"the headings are {wanted} (Relates to actions, Revised allocation and Notes "
            "may be left out)",
        )
    if problems:
        raise BudgetFileError(problems)

    rows: list[BudgetRow] = []
    seen: dict[int, int] = {}
    total_row: int | None = None
    stated: dict[str, Decimal | None] = {}
    after_total: list[int] = []
    gap = False  # a blank row after some lines: what follows may be notes
    notes_from: int | None = None
    for i in range(h + 1, len(grid)):
        r = grid[i]
        n = i + 1  # as the spreadsheet numbers its rows
        if all(_blank(c) for c in r):
            gap = bool(rows) or gap
            continue
        if total_row is not None or notes_from is not None:
            after_total.append(n)
            continue
        raw = {k: _cell(r, j) for k, j in cols.items()}
        if (
            gap
            and _line_number(raw.get("line")) is None
            and all(_blank(raw.get(k)) for k in ("item", "original", "revised"))
        ):
            # Notes under the table ("Notes:", then sentences), after a blank row.
            notes_from = n
            after_total.append(n)
            continue
        before = len(problems)
        for k, v in raw.items():
            if isinstance(v, _Unsaved):
                problem(
                    n,
                    HEADINGS[k],
                    v,
                    "holds a formula with no saved result; open and save the file in Excel, "
                    "or type the amount",
                )
        if any(isinstance(v, _Unsaved) for v in raw.values()):
            continue
        amounts = {}
        for k in ("original", "revised"):
            if k not in cols:
                amounts[k] = None
                continue
            try:
                amounts[k] = parse_amount(raw[k])
            except AmountError as e:
                amounts[k] = None
                # "not an amount ..." already says what is accepted; the others say
                # how to put the amount right. Either way: a blank is allowed too.
                why = "is not an amount in pounds" if str(e) == f"not {ACCEPTED}" else str(e)
                problem(n, HEADINGS[k], raw[k], f"{why}; write {ACCEPTED}, or leave it blank")
        if _blank(raw.get("line")) and _blank(raw.get("item")):
            if any(not _blank(raw.get(k)) for k in ("original", "revised")):
                total_row = n
                stated = amounts
            continue
        line = _line_number(raw.get("line"))
        if line is None:
            problem(
                n,
                HEADINGS["line"],
                raw.get("line"),
                "is not a line number; write a whole number such as 1 or 12"
                if not _blank(raw.get("line"))
                else "is blank; give every budget line its number",
            )
        elif line in seen:
            problem(
                n,
                HEADINGS["line"],
                raw.get("line"),
                f"line {line} is also on row {seen[line]}; give each line its own number",
            )
        else:
            seen[line] = n
        item = "" if _blank(raw.get("item")) else _shown(raw["item"]).strip()
        if not item:
            problem(n, HEADINGS["item"], None, "is blank; say what the line pays for")
        elif len(item) > ITEM_MAX:
            problem(
                n,
                HEADINGS["item"],
                item[:40] + "…",
                f"is longer than {ITEM_MAX} characters; put the detail in Notes",
            )
        actions, bad = split_actions(raw.get("actions"))
        for b in bad:
            problem(
                n,
                HEADINGS["actions"],
                b,
                "is not an action number; list the plan's action numbers such as 1.4 or "
                "3.2 a, separated by commas",
            )
        notes = "" if _blank(raw.get("notes")) else _shown(raw["notes"]).strip()
        if len(problems) == before:
            rows.append(
                BudgetRow(
                    row=n,
                    line=line,
                    item=item,
                    actions=actions,
                    original=amounts["original"] if amounts["original"] is not None else ZERO,
                    revised=amounts["revised"],
                    notes=notes,
                )
            )
    if not rows and not problems:
        problem(h + 2, None, None, "no budget lines under the headings; nothing to import")
    if total_row is not None and not problems:
        for key, got in (
            ("original", total(r.original for r in rows)),
            ("revised", total(r.current for r in rows)),
        ):
            want = stated.get(key)
            if want is not None and want != got:
                problem(
                    total_row,
                    HEADINGS[key],
                    _cell(grid[total_row - 1], cols[key]),
                    f"the totals row says {pounds(want)} but the lines add up to "
                    f"{pounds(got)}; correct a line or the total",
                )
    if problems:
        raise BudgetFileError(problems)
    if after_total:
        span = (
            f"row {after_total[0]}"
            if len(after_total) == 1
            else f"rows {after_total[0]} to {after_total[-1]}"
        )
        where_ = "below the totals row" if total_row is not None else "under the lines"
        warnings.append(f"{span} {where_} (notes) were not read")
    return BudgetFile(Path(where), rows, where, total_row=total_row, warnings=warnings)


def _line_number(v: object) -> int | None:
    if _blank(v) or isinstance(v, bool):
        return None
    if isinstance(v, int):
        n = v
    elif isinstance(v, float):
        if not v.is_integer():
            return None
        n = int(v)
    else:
        s = str(v).strip()
        if not s.isdigit():
            return None
        n = int(s)
    return n if n >= 1 else None


def split_actions(v: object) -> tuple[tuple[str, ...], list[str]]:
    """Action numbers as a budget writes them ("3.1,3.2, 3.3", "1.1 and 2.2"): the
    numbers in order, and any piece that is not an action number."""
    if _blank(v):
        return (), []
    if isinstance(v, float | int) and not isinstance(v, bool):
        v = _shown(v)
    parts = re.split(r"\s*(?:[,;/&]|\band\b)\s*", str(v).strip())
    good: list[str] = []
    bad: list[str] = []
    for p in parts:
        p = " ".join(p.split())
        if not p:
            continue
        if len(p) <= ACTION_MAX and ACTION_NUMBER.match(p):
            if p not in good:
                good.append(p)
        else:
            bad.append(p)
    return tuple(good), bad
