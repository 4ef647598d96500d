"""Reading checked street files into the ``checked`` temporary table.

The caller gives the SQL that types and checks a relation called ``raw`` (columns
``file_index``, ``row_number`` and :data:`STAGE_FIELDS`, all text). Two readers provide
``raw``. The fast one is DuckDB's CSV reader over every file at once; it knows no row
numbers. The exact one is Python's ``csv`` module, one file at a time into the ``stage``
table (:func:`~saferplaces.sources.csv_records.csv_records`, so a stray quote costs its
own row): it numbers every row and returns each record it cannot read with its row
number and reason. It takes over for a file DuckDB cannot read cleanly (a row with the
wrong number of fields, bytes that are not UTF-8, an unterminated quote), for a file
with a bad row, so that row can be reported by number, and for a file with a line break
in a cell. Nothing is dropped silently.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from saferplaces.sources.police_uk import queries as q
from saferplaces.sources.police_uk.files import STREET_COLUMNS, PreparedFile
from saferplaces.sources.police_uk.queries import STAGE_FIELDS
from saferplaces.sources.police_uk.records import Rejected, read_records
from saferplaces.warehouse.connection import Warehouse

__all__ = ["STAGE_FIELDS", "Rejected", "read_exact", "read_files", "stage_exact"]


def _fast(wh: Warehouse, files: list[tuple[int, PreparedFile]]) -> tuple[str, list]:
    return q.fast_relation(wh, [(i, str(f.text_path)) for i, f in files])


def read_files(
    wh: Warehouse, files: list[PreparedFile], typed_sql: str
) -> dict[int, list[Rejected]]:
    """Fill ``checked`` with ``typed_sql`` over every row of ``files``.

    Returns the records the exact reader rejected, by file index.
    """
    q.create_stage(wh)
    indexed = list(enumerate(files))
    relation, params = _fast(wh, indexed)
    try:
        q.fill_checked(wh, relation, params, typed_sql)
        return {}
    except duckdb.Error:
        q.empty_checked(wh, typed_sql)
    rejected: dict[int, list[Rejected]] = {}
    for i, f in indexed:
        relation, params = _fast(wh, [(i, f)])
        try:
            q.append_checked(wh, relation, params, typed_sql)
        except duckdb.Error:
            rejected[i] = read_exact(wh, i, f, typed_sql)
    return rejected


def read_exact(wh: Warehouse, index: int, f: PreparedFile, typed_sql: str) -> list[Rejected]:
    """(Re-)read one file with the exact reader, so its rows carry row numbers."""
    q.forget_file(wh, index)
    rejected = stage_exact(wh, index, f)
    q.check_staged(wh, index, typed_sql)
    return rejected


def stage_exact(wh: Warehouse, index: int, f: PreparedFile) -> list[Rejected]:
    """Stage with Python's csv module (:func:`~.records.read_records`); returns the
    records it had to reject. Rows read equal the file's records."""
    read = read_records(Path(f.text_path), STREET_COLUMNS)
    table = pa.table(
        {
            "file_index": pa.array(np.full(len(read.numbers), index, dtype=np.int32)),
            "row_number": pa.array(np.asarray(read.numbers, dtype=np.int32)),
            **{
                name: pa.array(col, pa.string())
                for name, col in zip(STAGE_FIELDS, read.columns, strict=True)
            },
        }
    )
    q.append_staged(wh, table)
    return read.rejected
