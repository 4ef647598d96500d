"""The web app's files are its own: not readable by other local users.

The SQLite database (and its ``-wal`` and ``-shm`` files, which SQLite creates with the
database file's mode) is kept ``0600``; uploaded papers are written ``0640`` in
``0750`` folders (``FILE_UPLOAD_PERMISSIONS``); generated assessments likewise
(:func:`keep_private`). A group can then be given read access for backups; other
users get nothing.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

FILE_MODE = 0o640
FOLDER_MODE = 0o750
DATABASE_MODE = 0o600


def keep_database_private(sender, connection, **kwargs) -> None:
    """On each new SQLite connection: the database file (and its WAL files) 0600."""
    if connection.vendor != "sqlite":
        return
    name = str(connection.settings_dict.get("NAME") or "")
    if not name or name == ":memory:" or name.startswith("file:"):
        return
    for path in (name, f"{name}-wal", f"{name}-shm"):
        _restrict(Path(path), DATABASE_MODE)


def keep_private(folder: Path) -> None:
    """A folder the web app wrote (an assessment) and everything in it: no access for
    other users."""
    _restrict(folder, FOLDER_MODE)
    for root, dirs, names in os.walk(folder):
        for d in dirs:
            _restrict(Path(root) / d, FOLDER_MODE)
        for n in names:
            _restrict(Path(root) / n, FILE_MODE)


def _restrict(path: Path, mode: int) -> None:
    try:
        current = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return
    if current & ~mode:
        path.chmod(current & mode)
