"""Write sessions: how a load writes the warehouse while people read it (decision 16).

DuckDB lets one process open a file read-write, or many open it read-only, never both.
So no writer ever opens the warehouse file itself. A write session:

1. takes the warehouse's write lock (``warehouse.duckdb.lock``, an ``flock`` beside
   it), so writers take turns across processes; a second writer waits;
2. copies the file into a private folder beside it (``.warehouse.duckdb.writing-*``,
   mode 0700: nobody else can read what is being written) and writes the copy;
3. on close, checkpoints the copy and puts it in place with one atomic rename.

Readers never wait and never fail: a read-only open sees the file as it was when it
opened (a reader that opened before the rename keeps reading the old file, whole),
and the next one sees the new file. A session killed half-way leaves the warehouse
exactly as it was; its folder is removed by the next write session (which holds the
lock, so no live session's folder is taken).

Within one process, connections opened for writing on one warehouse share one
session (and see each other's writes), and the session ends when the last closes; a
read-only open while this process writes it is refused as busy, as DuckDB itself
refuses to mix the two in one process.
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import fcntl
import os
import shutil
import stat
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from saferplaces.core.errors import WarehouseError

WORKDIR_PREFIX = ".{name}.writing-"
_DISK_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


@dataclass
class WriteSession:
    """One process's turn at writing one warehouse."""

    main: Path  # the warehouse readers open
    workdir: Path  # the private folder of the copy being written
    copy: Path
    lock_fd: int
    mode: int = 0o600
    dirty: bool = False  # something may have been written: publish on close
    connections: list[Any] = field(default_factory=list)  # open DuckDB connections to copy


_SESSIONS: dict[str, WriteSession] = {}
_GUARD = threading.RLock()


def _key(main: Path) -> str:
    return os.path.realpath(main)


def writing_here(main: Path) -> bool:
    """Whether this process has a write session open on ``main``."""
    with _GUARD:
        return _key(main) in _SESSIONS


def lock_path(main: Path) -> Path:
    return main.with_name(main.name + ".lock")


def _holder(path: Path) -> str:
    try:
        text = path.read_text().strip()
    except OSError:
        return ""
    return f" (pid {text})" if text.isdigit() else ""


def _lock(main: Path, mode: int, wait: float, on_wait: Callable[[str], None] | None) -> int:
    """The write lock, waiting up to ``wait`` seconds for another writer to finish."""
    path = lock_path(main)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, mode)
    deadline = time.monotonic() + wait
    told = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(fd)
                raise WarehouseError(
                    f"warehouse {main} is in use: another process is writing it"
                    f"{_holder(path)}; wait for it to finish (a load, a flags run), then try "
                    "again"
                ) from None
            if on_wait and not told:
                on_wait(f"Waiting for another process writing {main}{_holder(path)}...")
                told = True
            time.sleep(0.1)
    os.ftruncate(fd, 0)
    os.pwrite(fd, str(os.getpid()).encode(), 0)
    return fd


def _remove_stale(main: Path) -> None:
    """Folders of write sessions that died (the lock is ours, so none is alive)."""
    prefix = WORKDIR_PREFIX.format(name=main.name)
    for p in main.parent.glob(prefix + "*"):
        shutil.rmtree(p, ignore_errors=True)


def _disk_full(why: str, main: Path, size: int) -> WarehouseError:
    return WarehouseError(
        f"not enough disk space beside {main} to write the warehouse (a write works on a "
        f"copy of it, {size / 2**20:,.0f} MB, then puts it in place); free some space and "
        f"try again ({why})"
    )


def is_disk_full(e: BaseException) -> bool:
    """Whether ``e`` (an OSError, or DuckDB's error) says the disk or a quota is full."""
    if isinstance(e, OSError) and e.errno in _DISK_FULL:
        return True
    return "No space left on device" in str(e) or "Disk quota exceeded" in str(e)


def begin(main: Path, *, wait: float, on_wait: Callable[[str], None] | None = None) -> WriteSession:
    """This process's write session on ``main`` (a new one, or the one already open)."""
    with _GUARD:
        s = _SESSIONS.get(_key(main))
        if s is not None:
            return s
    try:
        main.parent.mkdir(parents=True, exist_ok=True)
        exists = main.exists()
        # Never world-readable; a group an administrator gave access keeps it.
        mode = stat.S_IMODE(main.stat().st_mode) & ~0o007 if exists else 0o600
        # Waited for outside the guard: readers in this process never wait for a writer.
        fd = _lock(main, mode, wait, on_wait)
    except OSError as e:
        raise _cannot_write(e, main) from None
    try:
        _remove_stale(main)
        size = main.stat().st_size if exists else 0
        try:
            workdir = Path(
                tempfile.mkdtemp(prefix=WORKDIR_PREFIX.format(name=main.name), dir=main.parent)
            )
        except OSError as e:
            raise _cannot_write(e, main) from None
        copy = workdir / main.name
        try:
            if exists:
                _copy(main, copy, mode)
                wal = main.with_name(main.name + ".wal")
                if wal.exists():  # committed by a writer that stopped before checkpointing
                    shutil.copyfile(wal, copy.with_name(copy.name + ".wal"))
        except OSError as e:
            shutil.rmtree(workdir, ignore_errors=True)
            if is_disk_full(e):
                raise _disk_full(e.strerror or str(e), main, size) from None
            raise _cannot_write(e, main) from None
    except BaseException:
        os.close(fd)
        raise
    s = WriteSession(main, workdir, copy, fd, mode=mode)
    with _GUARD:
        _SESSIONS[_key(main)] = s
    return s


def _cannot_write(e: OSError, main: Path) -> WarehouseError:
    if is_disk_full(e):
        return _disk_full(e.strerror or str(e), main, 0)
    return WarehouseError(
        f"warehouse {main} cannot be written here ({e.strerror}: {e.filename}); a write "
        "needs to make a copy of it beside it, so its folder must be writable"
    )


def _copy(src: Path, dst: Path, mode: int) -> None:
    # Made with its mode first, so the copy is never readable by others even for a moment;
    # copyfile then writes into it with the kernel's own copy.
    os.close(os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode))
    shutil.copyfile(src, dst)


def end(s: WriteSession, con: Any) -> None:
    """Close one connection of ``s``; the last one publishes the copy (if anything may
    have been written) or throws it away, and releases the lock."""
    with _GUARD:
        if con in s.connections:
            s.connections.remove(con)
        if s.connections:
            con.close()
            return
        _SESSIONS.pop(_key(s.main), None)
    try:
        if s.dirty:
            try:
                con.execute("CHECKPOINT")
            except Exception as e:
                raise _write_failed(e, s) from None
            finally:
                con.close()
            _publish(s)
        else:
            con.close()
    finally:
        shutil.rmtree(s.workdir, ignore_errors=True)
        os.close(s.lock_fd)


def _write_failed(e: Exception, s: WriteSession) -> WarehouseError:
    if is_disk_full(e):
        size = s.copy.stat().st_size if s.copy.exists() else 0
        return _disk_full("No space left on device", s.main, size)
    return WarehouseError(f"warehouse {s.main} could not be written: {str(e).splitlines()[0]}")


def _publish(s: WriteSession) -> None:
    try:
        os.chmod(s.copy, s.mode)
        with open(s.copy, "rb") as f:
            os.fsync(f.fileno())
        # A WAL left by a writer that stopped is already in the copy; it must not be
        # replayed onto the new file.
        s.main.with_name(s.main.name + ".wal").unlink(missing_ok=True)
        os.replace(s.copy, s.main)
        dir_fd = os.open(s.main.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError as e:
        if is_disk_full(e):
            raise _write_failed(e, s) from None
        raise


def _end_all_at_exit() -> None:
    """A process that ends with a write session open publishes what it committed (as a
    process writing the file in place would have kept it): every committed transaction
    is in the copy, and an unfinished one was rolled back."""
    for s in list(_SESSIONS.values()):
        cons = list(s.connections)
        for extra in cons[1:]:
            end(s, extra)
        if cons:
            # Nothing more can be done at exit if it fails: the warehouse is as it was.
            with contextlib.suppress(Exception):
                end(s, cons[0])


atexit.register(_end_all_at_exit)
