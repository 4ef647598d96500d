"""The workshop sheet: one row per issue and scorer, read from CSV or Excel (.xlsx).

Columns (any order; case, spaces and hyphens in the header do not matter)::

    issue, scorer, physical, psychological, financial, community, vulnerability,
    volume, trend, community_concern, capacity, confidence

Scores are whole numbers from 1 to 4; confidence is low, medium or high. A blank volume
or trend means "take the proposed score" (so does a blank harm where the harm index
proposes one); the check that something is proposed is made when the sheet is scored
(:mod:`saferplaces.priorities.prioritise`), with the same kind of error. Other columns
(notes) are not read, and the result says so.

The whole sheet is read and checked before anything is used: a bad row stops it with
one error naming the row (as the spreadsheet numbers it), the column, the value and what
is allowed, and says how many other problems there are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from saferplaces.core.errors import InputFileError
from saferplaces.priorities.factors import (
    CONFIDENCE,
    HIGHEST,
    KEYS,
    LOWEST,
    PROPOSABLE,
    SCORE_RANGE,
)
from saferplaces.sources.agency.readers import RawTable, read_table
from saferplaces.sources.agency.spec import FileFormat

COLUMNS: tuple[str, ...] = ("issue", "scorer", *KEYS, "confidence")
MAX_ROWS = 5000
CONFIDENCE_RANGE = "one of " + ", ".join(CONFIDENCE)


class SheetError(InputFileError):
    """A cell of the workshop sheet that cannot be used: names the file, the row, the
    column, the value and what is allowed."""

    def __init__(
        self, file: str, row: int, column: str, value: object, allowed: str, more: int = 0
    ) -> None:
        shown = "blank" if value in (None, "") else repr(value)
        message = f"column {column!r}: {shown} is not allowed; allowed: {allowed}"
        if more:
            message += f" (and {more} more problem{'s' if more > 1 else ''} in the sheet)"
        super().__init__(file, message, row=row)
        self.column = column
        self.allowed = allowed
        self.value = None if value is None else str(value)


@dataclass(frozen=True)
class SheetRow:
    row: int  # as the spreadsheet numbers it
    issue: str
    scorer: str
    scores: dict[str, int | None]  # None: blank (take the proposed score)
    confidence: str


@dataclass
class Sheet:
    file: str
    rows: list[SheetRow]
    notes: list[str] = field(default_factory=list)


def _name(header: str) -> str:
    return re.sub(r"[\s\-]+", "_", header.strip().casefold())


def _score(value: object) -> int | str | None:
    """A score cell: an int 1-4, None when blank, or the text of a bad value."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*\d+(\.0+)?\s*", value):
        value = int(float(value))
    if isinstance(value, int) and LOWEST <= value <= HIGHEST:
        return value
    return value if isinstance(value, str) else repr(value)


def _read(path: Path) -> tuple[RawTable, list[str]]:
    try:
        table = read_table(path, FileFormat(), display=str(path))
        if not any("not utf-8 text" in r.reason for r in table.rejected):
            return table, []
    except InputFileError as e:
        if "is not utf-8 text" not in str(e):
            raise
    # Excel's "CSV (Comma delimited)" on Windows writes windows-1252.
    table = read_table(path, FileFormat(encoding="windows-1252"), display=str(path))
    return table, [f"{path} is not UTF-8: read as windows-1252 (Excel's CSV on Windows)."]


def read_sheet(path: Path) -> Sheet:
    """Read and check every row of the workshop sheet at ``path``."""
    if not path.is_file():
        raise InputFileError(str(path), "no such file (give the workshop sheet, CSV or .xlsx)")
    table, notes = _read(path)
    name = table.display
    header = [_name(h) for h in table.header]
    where = {}
    for i, h in enumerate(header):
        if h in COLUMNS and h in where:
            raise InputFileError(name, f"has two {h!r} columns", row=table.header_row)
        where.setdefault(h, i)
    missing = [c for c in COLUMNS if c not in where]
    if missing:
        raise InputFileError(
            name,
            f"has no column {', '.join(repr(m) for m in missing)}; the sheet needs: "
            + ", ".join(COLUMNS),
            row=table.header_row,
        )
    ignored = [table.header[i] for i, h in enumerate(header) if h not in COLUMNS and h]
    if ignored:
        notes.append(f"Columns not read: {', '.join(ignored)}.")
    if len(table.rows) > MAX_ROWS:
        raise InputFileError(
            name, f"has {len(table.rows):,} rows; a workshop sheet has at most {MAX_ROWS:,}"
        )

    problems: list[tuple[int, str, object, str]] = [
        (r.row_number, "(whole row)", r.text[:60], f"a row of {len(header)} cells ({r.reason})")
        for r in table.rejected
    ]
    rows: list[SheetRow] = []
    seen: dict[tuple[str, str], int] = {}
    for number, cells in table.rows:

        def cell(col: str, cells: list = cells) -> object:
            return cells[where[col]]

        issue = " ".join(str(cell("issue") or "").split())
        scorer = " ".join(str(cell("scorer") or "").split())
        bad = len(problems)
        if not issue:
            problems.append((number, "issue", cell("issue"), "the issue's name"))
        if not scorer:
            problems.append((number, "scorer", cell("scorer"), "the scorer's name"))
        scores: dict[str, int | None] = {}
        for k in KEYS:
            v = _score(cell(k))
            if v is None and k not in PROPOSABLE:
                problems.append((number, k, cell(k), SCORE_RANGE))
            elif isinstance(v, str):
                allowed = SCORE_RANGE + (
                    ", or blank to take the proposed score" if k in PROPOSABLE else ""
                )
                problems.append((number, k, cell(k), allowed))
            else:
                scores[k] = v
        conf = str(cell("confidence") or "").strip().casefold()
        if conf not in CONFIDENCE:
            problems.append((number, "confidence", cell("confidence"), CONFIDENCE_RANGE))
        key = (issue.casefold(), scorer.casefold())
        if issue and scorer and key in seen:
            problems.append(
                (
                    number,
                    "scorer",
                    scorer,
                    f"one row per scorer and issue ({scorer} scored {issue} on row {seen[key]})",
                )
            )
        seen.setdefault(key, number)
        if len(problems) == bad:
            rows.append(SheetRow(number, issue, scorer, scores, conf))
    if problems:
        problems.sort(key=lambda p: p[0])
        row, column, value, allowed = problems[0]
        raise SheetError(name, row, column, value, allowed, more=len(problems) - 1)
    return Sheet(name, rows, notes)
