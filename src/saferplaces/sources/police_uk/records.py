"""Reading a checked police.uk file's records exactly, each with its row number.

Python's ``csv`` module through :func:`~saferplaces.sources.csv_records.csv_records`, so
a stray quote costs its own row and reading resumes on the next line: rows read equal
the file's records. A record that is not a row of the file's columns (the wrong number
of fields, bytes that are not UTF-8) is returned as :class:`Rejected` with its row
number and reason; nothing is dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from saferplaces.sources.csv_records import csv_records, shown


@dataclass(frozen=True)
class Rejected:
    """A record that could not be read as a row of the file's columns."""

    row_number: int
    text: str
    reason: str


@dataclass
class Records:
    """The rows of one file: ``numbers[k]`` is the row number (the header is row 1) of
    the values ``columns[c][k]`` (None for an empty cell)."""

    numbers: list[int] = field(default_factory=list)
    columns: list[list[str | None]] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)


def read_records(path: Path, names: tuple[str, ...]) -> Records:
    """Every record of the CSV at ``path`` whose header (already checked) is ``names``."""
    width = len(names)
    out = Records(columns=[[] for _ in range(width)])
    # Bytes that are not UTF-8 stay in the text as surrogates, so the one record holding
    # them is rejected and the rest of the file still loads.
    text = Path(path).read_bytes().decode("utf-8-sig", errors="surrogateescape")
    records = csv_records(text, ",", lambda: width, misfit=False)
    next(records, None)  # the header, already checked
    for number, record, why, line in records:
        if record is None:
            out.rejected.append(Rejected(number, shown(line.rstrip("\r\n")), why))
            continue
        if not record:
            continue  # a blank line is not a row
        if len(record) != width:
            out.rejected.append(
                Rejected(
                    number, shown(",".join(record)), f"expected {width} fields, found {len(record)}"
                )
            )
            continue
        bad = next((i for i, v in enumerate(record) if _has_surrogates(v)), None)
        if bad is not None:
            out.rejected.append(
                Rejected(
                    number, shown(",".join(record)), f"field {names[bad]!r} is not valid UTF-8 text"
                )
            )
            continue
        out.numbers.append(number)
        for i, v in enumerate(record):
            out.columns[i].append(v if v != "" else None)
    return out


def _has_surrogates(s: str) -> bool:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
