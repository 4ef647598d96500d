"""Reading a register kept in a spreadsheet (CSV or .xlsx) into checked rows.

Every cell is checked; a file with any bad cell is refused whole, each problem named
with its row (as the spreadsheet numbers it), column, value and what is accepted, so a
register is never half-imported. Columns the register does not keep are refused too: a
spreadsheet column of names or addresses must not slip in.

ASB case reviews (columns in any order; the words in brackets are what each accepts)::

    reference, received, applicant (victim|on behalf), threshold_met (yes|no),
    decision_date, review_date, recommendations_made (yes|no), outcome, applicant_informed

Dates are ISO (2025-06-30) or UK (30/06/2025); a workbook's date cells are read as dates.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from saferplaces.core.errors import InputFileError, SaferplacesError
from saferplaces.reviews.asb import AsbFacts, check_consistent
from saferplaces.reviews.dardr import DECISIONS, NOTIFIED_BY, QA_OUTCOMES
from saferplaces.reviews.personal import find_personal_data

KINDS = ("asb", "dardr")


@dataclass(frozen=True)
class Problem:
    row: int | None  # None: the file as a whole
    column: str | None
    value: str | None
    message: str

    def line(self, file: str) -> str:
        where = [file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        value = f" {self.value!r}" if self.value not in (None, "") else ""
        return f"{', '.join(where)}:{value} {self.message}"


class RegisterRefused(SaferplacesError):
    """A register file with problems: nothing in it is imported."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems
        n = len(problems)
        head = problems[0].line(file)
        more = f" (and {n - 1} more problem{'s' if n > 2 else ''}; nothing was imported)"
        super().__init__(head + (more if n > 1 else "; nothing was imported"))

    def lines(self) -> list[str]:
        return [p.line(self.file) for p in self.problems]


class _Bad(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.date().isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    return str(cell).strip()


_UK = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def read_date(cell: Any) -> date | None:
    """ISO ``2025-06-30`` or UK ``30/06/2025`` (a workbook date cell as it is)."""
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    s = _text(cell)
    if not s:
        return None
    s = s.split(" ")[0].split("T")[0]  # "30/06/2025 00:00" from a spreadsheet export
    m = _ISO.match(s)
    parts = (int(m[1]), int(m[2]), int(m[3])) if m else None
    if parts is None and (m := _UK.match(s)):
        parts = (int(m[3]), int(m[2]), int(m[1]))
    if parts is None:
        raise _Bad("is not a date: write it as 2025-06-30 or 30/06/2025")
    try:
        d = date(*parts)
    except ValueError:
        raise _Bad("is not a real date (check the day and month)") from None
    if not 1990 <= d.year <= 2100:
        raise _Bad("is not a plausible date (before 1990 or after 2100)")
    return d


_YES = {"yes", "y", "true"}
_NO = {"no", "n", "false"}


def read_yes_no(cell: Any) -> bool | None:
    s = _text(cell).lower()
    if not s:
        return None
    if s in _YES:
        return True
    if s in _NO:
        return False
    raise _Bad("is not yes or no (leave it blank if not yet known)")


def _choice(options: dict[str, str], accepted: str) -> Callable[[Any], str | None]:
    def read(cell: Any) -> str | None:
        s = re.sub(r"[\s_-]+", " ", _text(cell).lower()).strip()
        if not s:
            return None
        if s in options:
            return options[s]
        raise _Bad(f"is not one of: {accepted}")

    return read


def read_text(cell: Any) -> str:
    s = _text(cell)
    found = find_personal_data(s)
    if found:
        raise _Bad(found[0].message())
    return s


@dataclass(frozen=True)
class Column:
    name: str
    read: Callable[[Any], Any]
    required: bool = False
    accepts: str = ""


_APPLICANT = _choice(
    {
        "victim": "victim",
        "the victim": "victim",
        "on behalf": "on_behalf",
        "on behalf of the victim": "on_behalf",
        "behalf": "on_behalf",
    },
    "victim, on behalf",
)

ASB_COLUMNS = [
    Column("reference", read_text, True, "the case reference, e.g. ASBCR-2025-004"),
    Column("received", read_date, True, "a date"),
    Column("applicant", _APPLICANT, True, "victim or on behalf"),
    Column("threshold_met", read_yes_no, False, "yes or no"),
    Column("decision_date", read_date),
    Column("review_date", read_date),
    Column("recommendations_made", read_yes_no, False, "yes or no"),
    Column("outcome", read_text),
    Column("applicant_informed", read_date),
]


def _labels(pairs: list[tuple[str, str]]) -> dict[str, str]:
    out = {}
    for key, label in pairs:
        out[key.replace("_", " ")] = key
        out[label.lower()] = key
    return out


_DECISION = _choice(
    {**_labels(DECISIONS), "held": "hold", "yes": "hold", "no": "not_hold", "not held": "not_hold"},
    "hold, not hold (blank while undecided)",
)
DARDR_COLUMNS = [
    Column("reference", read_text, True, "the review's reference, e.g. DARDR 2025/01"),
    Column("notified_on", read_date, True, "a date"),
    Column(
        "notified_by",
        _choice(_labels(NOTIFIED_BY), ", ".join(k for k, _ in NOTIFIED_BY)),
        False,
        ", ".join(k for k, _ in NOTIFIED_BY),
    ),
    Column("decision", _DECISION, False, "hold, not hold"),
    Column("decision_on", read_date),
    Column("home_office_notified_on", read_date),
    Column("chair", read_text),
    Column("panel_agencies", read_text),
    Column("terms_of_reference_agreed_on", read_date),
    Column("panel_first_met_on", read_date),
    Column("report_completed_on", read_date),
    Column("submitted_to_qa_on", read_date),
    Column(
        "qa_outcome",
        _choice(_labels(QA_OUTCOMES), ", ".join(k for k, _ in QA_OUTCOMES)),
        False,
        ", ".join(k for k, _ in QA_OUTCOMES),
    ),
    Column("qa_outcome_on", read_date),
    Column("published_on", read_date),
    Column("not_published_reason", read_text),
]
COLUMNS = {"asb": ASB_COLUMNS, "dardr": DARDR_COLUMNS}


def _header_key(h: str) -> str:
    """``Threshold met (yes|no)`` and ``threshold-met`` both name ``threshold_met``."""
    h = re.sub(r"\(.*?\)", "", str(h)).strip().lower()
    return re.sub(r"[\s\-]+", "_", h)


@dataclass
class RegisterRow:
    row: int
    values: dict[str, Any]


@dataclass
class Register:
    kind: str
    file: str
    rows: list[RegisterRow] = field(default_factory=list)

    def asb_facts(self, r: RegisterRow) -> AsbFacts:
        v = r.values
        return AsbFacts(
            v["reference"],
            v["received"],
            v.get("threshold_met"),
            v.get("decision_date"),
            v.get("review_date"),
            v.get("recommendations_made"),
            v.get("applicant_informed"),
        )


# A register kept in a spreadsheet often has a title or a protective marking above its
# header (the register's own CSV download starts with a RESTRICTED line): rows of one
# cell above the header are skipped, up to this many.
TITLE_ROWS = 5


def _read_below_title(path: Path):
    """The table under any one-cell title lines: the first row with more than one cell
    is the header. With none in the first rows, the file as read from its first row
    (the header checks then say what it lacks)."""
    from saferplaces.sources.agency.readers import read_table
    from saferplaces.sources.agency.spec import FileFormat

    first = read_table(path, FileFormat(header_row=1))
    if len(first.header) > 1:
        return first
    for header_row in range(2, TITLE_ROWS + 2):
        try:
            table = read_table(path, FileFormat(header_row=header_row))
        except InputFileError:  # a blank row, or nothing under it
            continue
        if len(table.header) > 1:
            return table
    return first


def read_register(path: Path, kind: str, *, today: date | None = None) -> Register:
    """Read and check a register file; raise :class:`RegisterRefused` listing every problem."""
    if kind not in KINDS:
        raise SaferplacesError(f"unknown register {kind!r}: choose asb or dardr")
    name = str(path)
    if not path.exists():
        raise SaferplacesError(f"{name}: no such file")
    columns = COLUMNS[kind]
    wanted = {c.name: c for c in columns}
    table = _read_below_title(path)
    keys = [_header_key(h) for h in table.header]
    problems: list[Problem] = []
    for h, k in zip(table.header, keys, strict=True):
        if k not in wanted:
            problems.append(
                Problem(
                    table.header_row,
                    h,
                    None,
                    "is not a column of the register; remove it (registers keep case "
                    "references and depersonalised facts only). The columns are: "
                    + ", ".join(wanted),
                )
            )
    seen = [k for k in keys if k in wanted]
    for k in sorted({k for k in seen if seen.count(k) > 1}):
        problems.append(Problem(table.header_row, k, None, "appears twice in the header"))
    missing = [c.name for c in columns if c.required and c.name not in keys]
    if missing:
        problems.append(
            Problem(table.header_row, None, None, f"the header lacks {', '.join(missing)}")
        )
    for rej in table.rejected:
        problems.append(Problem(rej.row_number, None, None, rej.reason))
    if problems:
        raise RegisterRefused(table.display, problems)
    today = today or date.today()
    register = Register(kind, table.display)
    refs: dict[str, int] = {}
    for number, cells in table.rows:
        values: dict[str, Any] = {}
        bad = False
        for k, cell in zip(keys, cells, strict=False):
            col = wanted[k]
            try:
                v = col.read(cell)
            except _Bad as e:
                problems.append(Problem(number, k, _text(cell), e.message))
                bad = True
                continue
            if col.required and v in (None, ""):
                accepts = f" ({col.accepts})" if col.accepts else ""
                problems.append(Problem(number, k, "", f"is blank: it is required{accepts}"))
                bad = True
                continue
            if isinstance(v, date) and v > today:
                problems.append(
                    Problem(number, k, _text(cell), "is in the future: a register records events")
                )
                bad = True
                continue
            values[k] = v
        if bad:
            continue
        ref = values["reference"]
        if ref in refs:
            problems.append(
                Problem(number, "reference", ref, f"repeats row {refs[ref]}: references are unique")
            )
            continue
        refs[ref] = number
        row = RegisterRow(number, values)
        for fld, why in _contradictions(register, kind, row):
            v = values.get(fld)
            shown = {True: "yes", False: "no"}.get(v, _text(v)) if isinstance(v, bool) else _text(v)
            problems.append(Problem(number, fld, shown, why))
        register.rows.append(row)
    if problems:
        raise RegisterRefused(table.display, problems)
    return register


def _contradictions(register: Register, kind: str, row: RegisterRow) -> list[tuple[str, str]]:
    if kind == "asb":
        return check_consistent(register.asb_facts(row))
    v = row.values
    out = []
    notified = v["notified_on"]
    for k in (
        "decision_on",
        "home_office_notified_on",
        "terms_of_reference_agreed_on",
        "panel_first_met_on",
        "report_completed_on",
        "submitted_to_qa_on",
        "qa_outcome_on",
        "published_on",
    ):
        if v.get(k) and v[k] < notified:
            out.append((k, "is before the notification"))
    if v.get("decision_on") and not v.get("decision"):
        out.append(("decision", "is blank but a decision date is given: say hold or not hold"))
    if v.get("decision") == "not_hold" and (v.get("report_completed_on") or v.get("published_on")):
        out.append(("decision", "is not hold, but the review has later stages recorded"))
    if v.get("published_on") and v.get("not_published_reason"):
        out.append(("not_published_reason", "is given but a publication date is too"))
    return out
