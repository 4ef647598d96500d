"""Reading checked street files into the ``checked`` temporary table.

The caller gives the SQL that types and checks a relation called ``raw`` (columns
``file_index``, ``row_number`` and :data:`STAGE_FIELDS`, all text). Two readers provide
``raw``. The fast one is DuckDB's CSV reader over every file at once; it knows no row
numbers. The exact one is Python's ``csv`` module, one file at a time into the ``stage``
table: it numbers every row and returns each record it cannot read with its row number
and reason. It takes over for a file DuckDB cannot read cleanly (a row with the wrong
number of fields, bytes that are not UTF-8), and for a file with a bad row, so that row
can be reported by number. Nothing is dropped silently.
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


def _fast_relation(wh: Warehouse, files: list[tuple[int, PreparedFile]]) -> tuple[str, list]:
    wh.execute("CREATE OR REPLACE TEMP TABLE stage_paths (file_index INTEGER, path VARCHAR)")
    wh.con.executemany(
        "INSERT INTO stage_paths VALUES (?, ?)", [(i, str(f.text_path)) for i, f in files]
    )
    columns = ", ".join(
        f'r."{c}" AS {f}' for c, f in zip(STREET_COLUMNS, STAGE_FIELDS, strict=True)
    )
    sql = (
        f"SELECT p.file_index, NULL::INTEGER AS row_number, {columns} "
        f"FROM read_csv(?, {_READ_OPTIONS}) r JOIN stage_paths p ON p.path = r.filename"
    )
    return sql, [[str(f.text_path) for _, f in files]]


def read_files(
    wh: Warehouse, files: list[PreparedFile], typed_sql: str
) -> dict[int, list[Rejected]]:
    """Fill ``checked`` with ``typed_sql`` over every row of ``files``.

    Returns the records the exact reader rejected, by file index.
    """
    wh.execute(CREATE_STAGE)
    indexed = list(enumerate(files))
    relation, params = _fast_relation(wh, indexed)
    try:
        wh.execute(
            f"CREATE OR REPLACE TEMP TABLE checked AS WITH raw AS ({relation}) {typed_sql}",
            params,
        )
        return {}
    except duckdb.Error:
        wh.execute(
            f"CREATE OR REPLACE TEMP TABLE checked AS WITH raw AS (SELECT * FROM stage) "
            f"{typed_sql} LIMIT 0"
        )
    rejected: dict[int, list[Rejected]] = {}
    for i, f in indexed:
        relation, params = _fast_relation(wh, [(i, f)])
        try:
            wh.execute(f"INSERT INTO checked WITH raw AS ({relation}) {typed_sql}", params)
        except duckdb.Error:
            rejected[i] = read_exact(wh, i, f, typed_sql)
    return rejected


def read_exact(wh: Warehouse, index: int, f: PreparedFile, typed_sql: str) -> list[Rejected]:
    """(Re-)read one file with the exact reader, so its rows carry row numbers."""
    wh.execute("DELETE FROM checked WHERE file_index = ?", [index])
    wh.execute("DELETE FROM stage WHERE file_index = ?", [index])
    rejected = stage_exact(wh, index, f)
    wh.execute(
        f"INSERT INTO checked WITH raw AS (SELECT * FROM stage WHERE file_index = {int(index)}) "
        f"{typed_sql}"
    )
    return rejected


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
