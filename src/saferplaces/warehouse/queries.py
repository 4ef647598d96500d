"""The warehouse's own SQL about itself: which tables it holds, their columns, a table
copied to Parquet, and the loads an export holds (used by :mod:`.export`)."""

from __future__ import annotations

from pathlib import Path

from saferplaces.warehouse.connection import Warehouse


def table_names(wh: Warehouse) -> set[str]:
    """The tables of the warehouse's main schema."""
    return {
        r[0]
        for r in wh.rows(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
            "AND table_catalog = current_database()"
        )
    }


def table_columns(wh: Warehouse, table: str) -> list[dict[str, str]]:
    """Each column of ``table`` with its type, in order."""
    return [
        {"name": name, "type": kind}
        for name, kind in wh.rows(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = ? AND table_schema = 'main' "
            "AND table_catalog = current_database() ORDER BY ordinal_position",
            [table],
        )
    ]


def copy_to_parquet(wh: Warehouse, table: str, where: str | None, path: Path) -> int:
    """Write ``table`` (its rows matching ``where``, if given) to ``path`` as Parquet;
    the number of rows written."""
    query = f'SELECT * FROM "{table}"' + (f" WHERE {where}" if where else "")
    literal = "'" + str(path).replace("'", "''") + "'"
    return int(wh.scalar(f"COPY ({query}) TO {literal} (FORMAT parquet, COMPRESSION zstd)"))


def export_loads(wh: Warehouse, where: str) -> list[dict]:
    """The loads an export holds (``where`` filters them; empty for every load)."""
    return wh.dicts(
        "SELECT load_id, source, file_name, sha256, status FROM loads"
        + (f" WHERE {where}" if where else "")
        + " ORDER BY load_id"
    )
