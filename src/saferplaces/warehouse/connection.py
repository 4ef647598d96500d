"""The evidence warehouse: one DuckDB file.

The schema is the ``schema/NNN_name.sql`` files of this package, applied in order and
recorded in ``schema_migrations``; a capability that needs tables adds a numbered file.
Every write goes through :meth:`Warehouse.transaction`, so a failed or killed load
leaves the file as it was.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from saferplaces.core.errors import WarehouseError
from saferplaces.core.settings import warehouse_path


def _schema_files() -> list[tuple[str, str]]:
    folder = resources.files("saferplaces.warehouse").joinpath("schema")
    files = sorted(
        (f.name, f.read_text(encoding="utf-8")) for f in folder.iterdir() if f.name.endswith(".sql")
    )
    return files


class Warehouse:
    """A connection to the warehouse file.

    >>> wh = Warehouse.open(":memory:")
    >>> wh.scalar("SELECT count(*) FROM loads")
    0
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, path: str, read_only: bool) -> None:
        self.con = con
        self.path = path
        self.read_only = read_only
        self._in_transaction = False

    @classmethod
    def open(
        cls, path: str | os.PathLike[str] | None = None, *, read_only: bool = False
    ) -> Warehouse:
        """Open (creating if needed) the warehouse at ``path`` or the configured default."""
        p = str(path) if str(path) == ":memory:" else str(warehouse_path(path))
        if p != ":memory:":
            parent = Path(p).parent
            if read_only and not Path(p).exists():
                raise WarehouseError(
                    f"warehouse {p} does not exist yet; load data first with "
                    "`saferplaces ingest police-uk PATH`"
                )
            parent.mkdir(parents=True, exist_ok=True)
        try:
            con = duckdb.connect(p, read_only=read_only)
        except duckdb.IOException as e:
            msg = str(e).splitlines()[0]
            if "lock" in msg.lower():
                raise WarehouseError(
                    f"warehouse {p} is in use by another process (for example a running "
                    "`saferplaces serve`); stop it or wait, then try again"
                ) from None
            raise WarehouseError(f"warehouse {p} cannot be opened: {msg}") from None
        except duckdb.Error as e:
            raise WarehouseError(
                f"{p} is not a saferplaces warehouse (DuckDB could not open it: "
                f"{str(e).splitlines()[0]})"
            ) from None
        wh = cls(con, p, read_only)
        if not read_only:
            wh.migrate()
        return wh

    def migrate(self) -> None:
        """Apply schema files not yet applied."""
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (name VARCHAR PRIMARY KEY, "
            "applied_at TIMESTAMP DEFAULT current_timestamp)"
        )
        done = {r[0] for r in self.con.execute("SELECT name FROM schema_migrations").fetchall()}
        for name, sql in _schema_files():
            if name in done:
                continue
            with self.transaction():
                self.con.execute(sql)
                self.con.execute("INSERT INTO schema_migrations (name) VALUES (?)", [name])

    @contextmanager
    def transaction(self) -> Iterator[Warehouse]:
        """One atomic unit: everything inside commits together or not at all."""
        if self._in_transaction:
            yield self
            return
        self.con.execute("BEGIN TRANSACTION")
        self._in_transaction = True
        try:
            yield self
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        else:
            self.con.execute("COMMIT")
        finally:
            self._in_transaction = False

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None):
        return self.con.execute(sql, params) if params is not None else self.con.execute(sql)

    def rows(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> list[tuple]:
        return self.execute(sql, params).fetchall()

    def dicts(
        self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        cur = self.execute(sql, params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    def scalar(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> Any:
        row = self.execute(sql, params).fetchone()
        return None if row is None else row[0]

    def table_exists(self, name: str) -> bool:
        return bool(
            self.scalar(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
            )
        )

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
