"""Temporary folders a load decompresses its files into, cleaned even after a kill.

A load stages files in a folder of the temporary folder (``TMPDIR``), named
``saferplaces-stage-*``, and holds a lock on it (``flock`` on its ``.lock`` file) while
it works. A process killed with ``kill -9`` cannot remove its folder; the lock goes
with it, so the next load removes every staging folder whose lock it can take (issue
18 §11: 23 kills left 776 MB behind).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from saferplaces.core.errors import InputFileError, SaferplacesError

PREFIX = "saferplaces-stage-"
# A compressed file may decompress to this many times its size (CSV compresses about ten
# times), and at least to the floor: a 1 MB archive that would stage 1 GiB is refused.
EXPANSION = 100
EXPANSION_FLOOR = 256 * 2**20
_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


def remove_stale(root: Path | None = None) -> list[Path]:
    """Remove staging folders no live process holds; returns those removed."""
    root = Path(root or tempfile.gettempdir())
    removed = []
    for folder in root.glob(PREFIX + "*"):
        lock = folder / ".lock"
        try:
            fd = os.open(lock, os.O_RDWR)
        except OSError:
            # No lock file: a folder being made this instant, or not one of ours whole.
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue  # a running load's
        try:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
        finally:
            os.close(fd)
    return removed


@contextlib.contextmanager
def staging_folder() -> Iterator[Path]:
    """A private folder in the temporary folder for one load, removed when it ends."""
    remove_stale()
    try:
        folder = Path(tempfile.mkdtemp(prefix=PREFIX))
        # Locked before it is named .lock: another load's remove_stale must never find
        # the lock file of a live folder unlocked, between its creation and the flock.
        fd = os.open(folder / ".lock.new", os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.rename(folder / ".lock.new", folder / ".lock")
    except OSError as e:
        raise no_room(e, Path(tempfile.gettempdir()), "stage the files") from None
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        os.close(fd)


def is_full(e: OSError) -> bool:
    return e.errno in _FULL


def no_room(e: OSError, where: Path, what: str) -> SaferplacesError:
    """One line for a write to the temporary folder that failed."""
    if is_full(e):
        return SaferplacesError(
            f"no space left in the temporary folder {where} to {what}; free some space there, "
            "or set TMPDIR to a folder with more room"
        )
    return SaferplacesError(
        f"the temporary folder {where} cannot be written to {what} ({e.strerror}); set "
        "TMPDIR to a folder you can write"
    )


def expansion_limit(compressed: int) -> int:
    """The most a compressed file of ``compressed`` bytes may decompress to."""
    return max(EXPANSION_FLOOR, EXPANSION * compressed)


def too_big(display: str, limit: int) -> InputFileError:
    return InputFileError(
        display,
        f"decompresses to more than {limit / 2**20:,.0f} MB, over {EXPANSION} times its "
        "compressed size, which no data file does (it would fill the disk); if it really is "
        "one, decompress it yourself and load the result",
    )
