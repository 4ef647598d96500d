"""The evidence warehouse: one DuckDB file.

The schema is the ``schema/NNN_name.sql`` files of this package, applied in order and
recorded in ``schema_migrations``; a capability that needs tables adds a numbered file.
Every write goes through :meth:`Warehouse.transaction`, so a failed or killed load
leaves the file as it was.

Reading and writing at once (decision 16): a read-only open reads the file as it is;
a read-write open is a write session (:mod:`~saferplaces.warehouse.sessions`) that
writes a private copy and puts it in place when closed, so loads and readers never
wait for, or fail because of, each other. Close a warehouse opened for writing (or use
it as a context manager): closing is what makes its writes visible to others.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from saferplaces.core.errors import WarehouseError
from saferplaces.core.settings import warehouse_path, warehouse_wait
from saferplaces.warehouse import sessions
from saferplaces.warehouse.sessions import WriteSession

# Statements that only read: anything else run on a write session means it may have
# written, and is published when the session ends.
_READS = ("SELECT", "WITH", "PRAGMA", "DESCRIBE", "SHOW", "EXPLAIN", "SUMMARIZE", "FROM")
_TEMPORARY = ("CREATE TEMP", "CREATE OR REPLACE TEMP")


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

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        path: str,
        read_only: bool,
        session: WriteSession | None = None,
    ) -> None:
        self._con = con
        self.path = path
        self.read_only = read_only
        self._session = session
        self._in_transaction = False
        self._recorders: list[list[tuple[str, Any]]] = []

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The DuckDB connection. Using it directly may write, so a write session that
        handed it out is published when it ends."""
        self._written()
        return self._con

    def _written(self) -> None:
        if self._session is not None:
            self._session.dirty = True

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str] | None = None,
        *,
        read_only: bool = False,
        wait: float | None = None,
        on_wait: Callable[[str], None] | None = None,
    ) -> Warehouse:
        """Open (creating if needed) the warehouse at ``path`` or the configured default.

        Read-only, it reads the file as it is now. Otherwise it is a write session: it
        waits up to ``wait`` seconds (the ``warehouse_wait`` setting) for another
        process writing it, and its writes are seen by others when it is closed.
        """
        p = str(path) if str(path) == ":memory:" else str(warehouse_path(path))
        if p == ":memory:":
            return cls(_connect(p, p, read_only=False), p, read_only=False)
        main = Path(p)
        if read_only:
            return cls(_attach_read_only(main), p, read_only=True)
        session = sessions.begin(
            main, wait=warehouse_wait() if wait is None else wait, on_wait=on_wait
        )
        try:
            con = _connect(str(session.copy), p, read_only=False)
        except BaseException:
            if not session.connections:
                sessions.end(session, _Closed())
            raise
        session.connections.append(con)
        wh = cls(con, p, False, session)
        try:
            wh.migrate()
        except BaseException:
            wh.close()
            raise
        return wh

    def pending_migrations(self) -> list[str]:
        """Schema files not yet applied to this warehouse."""
        done: set[str] = set()
        if self.table_exists("schema_migrations"):
            done = {r[0] for r in self.rows("SELECT name FROM schema_migrations")}
        return [name for name, _ in _schema_files() if name not in done]

    def migrate(self) -> None:
        """Apply schema files not yet applied."""
        pending = set(self.pending_migrations())
        if not pending:
            return
        self.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (name VARCHAR PRIMARY KEY, "
            "applied_at TIMESTAMP DEFAULT current_timestamp)"
        )
        for name, sql in _schema_files():
            if name not in pending:
                continue
            with self.transaction():
                self._con.execute(sql)
                self._con.execute("INSERT INTO schema_migrations (name) VALUES (?)", [name])

    @contextmanager
    def transaction(self) -> Iterator[Warehouse]:
        """One atomic unit: everything inside commits together or not at all."""
        if self._in_transaction:
            yield self
            return
        self._con.execute("BEGIN TRANSACTION")
        self._in_transaction = True
        try:
            yield self
        except BaseException as e:
            self._con.execute("ROLLBACK")
            if sessions.is_disk_full(e):
                raise WarehouseError(
                    f"the disk holding {self.path} is full, so nothing was written; free "
                    "some space and try again"
                ) from None
            raise
        else:
            try:
                self._con.execute("COMMIT")
            except duckdb.Error as e:
                if sessions.is_disk_full(e):
                    raise WarehouseError(
                        f"the disk holding {self.path} is full, so nothing was written; "
                        "free some space and try again"
                    ) from None
                raise
            self._written()
        finally:
            self._in_transaction = False

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None):
        for log in self._recorders:
            log.append((sql, params))
        if self._session is not None and not self._session.dirty:
            head = sql.lstrip().upper()
            if not head.startswith(_READS) and not head.startswith(_TEMPORARY):
                self._session.dirty = True
        return self._con.execute(sql, params) if params is not None else self._con.execute(sql)

    @contextmanager
    def recording(self) -> Iterator[list[tuple[str, Any]]]:
        """Every statement run through :meth:`execute` (and so :meth:`rows`,
        :meth:`dicts`, :meth:`scalar`) while inside, as ``(sql, params)``: how the SQL
        snapshot tests see what the counting engine generates.

        >>> wh = Warehouse.open(":memory:")
        >>> with wh.recording() as log:
        ...     wh.scalar("SELECT ?", [1])
        1
        >>> log
        [('SELECT ?', [1])]
        """
        log: list[tuple[str, Any]] = []
        self._recorders.append(log)
        try:
            yield log
        finally:
            self._recorders.remove(log)

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
        """Close the connection; the last one of a write session publishes its writes."""
        if self._session is None:
            self._con.close()
            return
        session, self._session = self._session, None
        sessions.end(session, self._con)

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Closed:
    """Stands for a connection that never opened, to end a session that has none."""

    def execute(self, sql: str) -> None:
        pass

    def close(self) -> None:
        pass


def _connect(target: str, shown: str, *, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(target, read_only=read_only)
    except duckdb.Error as e:
        raise _open_error(e, shown) from None


def _open_error(e: duckdb.Error, shown: str) -> WarehouseError:
    msg = str(e).splitlines()[0]
    if isinstance(e, duckdb.IOException) and "lock" in msg.lower():
        return WarehouseError(
            f"warehouse {shown} is in use by another process (for example a running "
            "`saferplaces serve`); stop it or wait, then try again"
        )
    if isinstance(e, duckdb.IOException) and sessions.is_disk_full(e):
        return WarehouseError(f"warehouse {shown} cannot be opened: the disk is full ({msg})")
    if isinstance(e, duckdb.IOException) and "not a valid DuckDB database" not in msg:
        return WarehouseError(f"warehouse {shown} cannot be opened: {msg}")
    return WarehouseError(
        f"{shown} is not a saferplaces warehouse (DuckDB could not open it: {msg})"
    )


def _attach_read_only(main: Path) -> duckdb.DuckDBPyConnection:
    """A connection reading ``main`` as it is now.

    The file is attached to a connection of its own rather than opened by path: DuckDB
    hands a process that already has the path open the database it opened then, which
    after a write session put a new file in place is the old one.
    """
    if not main.exists():
        raise WarehouseError(
            f"warehouse {main} does not exist yet; load data first with "
            "`saferplaces ingest police-uk PATH`"
        )
    if sessions.writing_here(main):
        raise WarehouseError(
            f"warehouse {main} is in use: this process is writing it; read it when that "
            "write has finished"
        )
    con = duckdb.connect(":memory:")
    literal = "'" + str(main).replace("'", "''") + "'"
    try:
        con.execute(f"ATTACH {literal} AS warehouse (READ_ONLY)")
        con.execute("USE warehouse")
    except duckdb.Error as e:
        con.close()
        raise _open_error(e, str(main)) from None
    return con
