"""Reading a checked street file into the ``stage`` temporary table, every field as text.

Two readers produce the same rows. The fast one is DuckDB's CSV reader. When DuckDB
cannot read a file cleanly (a row with the wrong number of fields, bytes that are not
UTF-8), the exact reader takes over for that file: Python's ``csv`` module, which keeps
every good row and returns each bad one with its row number and reason, so nothing is
dropped silently.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from saferplaces.sources.police_uk.files import STREET_COLUMNS, PreparedFile
from saferplaces.warehouse.connection import Warehouse

STAGE_FIELDS: tuple[str, ...] = (
    "crime_id",
    "month",
    "reported_by",
    "falls_within",
    "longitude",
    "latitude",
    "location",
    "lsoa_code",
    "lsoa_name",
    "crime_type",
    "last_outcome",
    "context",
)

CREATE_STAGE = (
    "CREATE OR REPLACE TEMP TABLE stage (file_index INTEGER, row_number INTEGER, "
    + ", ".join(f"{f} VARCHAR" for f in STAGE_FIELDS)
    + ")"
)

_COLUMNS_ARG = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in STREET_COLUMNS) + "}"


@dataclass(frozen=True)
class Rejected:
    """A record that could not be read as a row of the file's columns."""

    row_number: int
    text: str
    reason: str


_READ_OPTIONS = (
    f"columns = {_COLUMNS_ARG}, header = true, auto_detect = false, delim = ',', "
    "quote = '\"', escape = '\"', strict_mode = true, filename = true"
)


def stage_fast(wh: Warehouse, files: list[tuple[int, PreparedFile]]) -> bool:
    """Stage ``files`` with one DuckDB read; False (nothing staged) if any cannot be read.

    Rows staged this way carry no row number; the loader re-reads a file exactly when it
    needs row numbers (to report a bad row).
    """
    if not files:
        return True
    select = ", ".join(f'r."{c}"' for c in STREET_COLUMNS)
    wh.execute("CREATE OR REPLACE TEMP TABLE stage_paths (file_index INTEGER, path VARCHAR)")
    wh.con.executemany(
        "INSERT INTO stage_paths VALUES (?, ?)", [(i, str(f.text_path)) for i, f in files]
    )
    try:
        wh.execute(
            f"INSERT INTO stage SELECT p.file_index, NULL, {select} "
            f"FROM read_csv(?, {_READ_OPTIONS}) r JOIN stage_paths p ON p.path = r.filename",
            [[str(f.text_path) for _, f in files]],
        )
    except duckdb.Error:
        wh.execute("DELETE FROM stage WHERE file_index IN (SELECT file_index FROM stage_paths)")
        return False
    return True


def stage_files(wh: Warehouse, files: list[PreparedFile]) -> dict[int, list[Rejected]]:
    """Stage every file, fast where DuckDB can read it and exactly where it cannot."""
    wh.execute(CREATE_STAGE)
    indexed = list(enumerate(files))
    rejected: dict[int, list[Rejected]] = {}
    if stage_fast(wh, indexed):
        return rejected
    for i, f in indexed:
        if not stage_fast(wh, [(i, f)]):
            rejected[i] = stage_exact(wh, i, f)
    return rejected


def restage_exact(wh: Warehouse, index: int, f: PreparedFile) -> list[Rejected]:
    """Re-read one file exactly, so its rows carry row numbers."""
    wh.execute("DELETE FROM stage WHERE file_index = ?", [index])
    return stage_exact(wh, index, f)


def _decode(field: str) -> str | None:
    return field if field != "" else None


def stage_exact(wh: Warehouse, index: int, f: PreparedFile) -> list[Rejected]:
    """Stage with Python's csv module; returns the records it had to reject."""
    width = len(STREET_COLUMNS)
    columns: list[list[str | None]] = [[] for _ in range(width)]
    numbers: list[int] = []
    rejected: list[Rejected] = []
    with open(Path(f.text_path), encoding="utf-8-sig", errors="surrogateescape", newline="") as fh:
        reader = csv.reader(fh)
        next(reader, None)  # the header, already checked
        for number, record in enumerate(reader, start=2):
            if not record:
                continue  # a blank line is not a row
            text = ",".join(record)
            if len(record) != width:
                rejected.append(
                    Rejected(number, text, f"expected {width} fields, found {len(record)}")
                )
                continue
            bad = next((i for i, v in enumerate(record) if _has_surrogates(v)), None)
            if bad is not None:
                rejected.append(
                    Rejected(
                        number,
                        text.encode("utf-8", "surrogateescape").decode("utf-8", "replace"),
                        f"field {STREET_COLUMNS[bad]!r} is not valid UTF-8 text",
                    )
                )
                continue
            numbers.append(number)
            for i, v in enumerate(record):
                columns[i].append(_decode(v))
    table = pa.table(
        {
            "file_index": pa.array(np.full(len(numbers), index, dtype=np.int32)),
            "row_number": pa.array(np.asarray(numbers, dtype=np.int32)),
            **{
                name: pa.array(col, pa.string())
                for name, col in zip(STAGE_FIELDS, columns, strict=True)
            },
        }
    )
    wh.con.register("stage_arrow", table)
    try:
        wh.execute("INSERT INTO stage SELECT * FROM stage_arrow")
    finally:
        wh.con.unregister("stage_arrow")
    return rejected


def _has_surrogates(s: str) -> bool:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
