"""Finding, opening and checking police.uk street files.

police.uk serves monthly CSVs (``2025-01-cambridgeshire-street.csv``), often gzipped by
whoever passes them on, and archives (``.zip``) that also hold outcomes and stop and
search files. :func:`discover` turns the paths a user gives into street files;
:func:`prepare` decompresses one to a temporary file, hashes its content, and checks its
header, failing with one line that names the file and what is wrong.
"""

from __future__ import annotations

import csv
import hashlib
import re
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from isal import igzip

from saferplaces.core.errors import InputFileError, SaferplacesError

STREET_COLUMNS: tuple[str, ...] = (
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Crime type",
    "Last outcome category",
    "Context",
)

_OTHER_KINDS = {
    "Outcome type": "a police.uk outcomes file",
    "Object of search": "a police.uk stop and search file",
}
_NOT_STREET_NAME = re.compile(r"-(outcomes|stop-and-search)\.csv(\.gz)?$", re.IGNORECASE)
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Candidate:
    """A file to load: a path on disk, or a member of a zip archive."""

    path: Path
    member: str | None = None

    @property
    def display(self) -> str:
        return f"{self.path}:{self.member}" if self.member else str(self.path)


@dataclass(frozen=True)
class PreparedFile:
    """A candidate decompressed to ``text_path`` and checked."""

    display: str
    text_path: Path
    sha256: str
    size: int  # bytes of decompressed content


def _is_csv_name(name: str) -> bool:
    n = name.lower()
    return n.endswith(".csv") or n.endswith(".csv.gz")


def _zip_members(path: Path, skipped: list[tuple[str, str]]) -> list[Candidate]:
    try:
        with zipfile.ZipFile(path) as z:
            names = [i.filename for i in z.infolist() if not i.is_dir()]
    except zipfile.BadZipFile:
        raise InputFileError(str(path), "is not a readable zip archive") from None
    out = []
    for name in sorted(names):
        if not _is_csv_name(name):
            continue
        if _NOT_STREET_NAME.search(name):
            skipped.append((f"{path}:{name}", "not a street file (outcomes or stop and search)"))
            continue
        out.append(Candidate(path, name))
    return out


def discover(paths: list[str | Path]) -> tuple[list[Candidate], list[tuple[str, str]]]:
    """Street files named by ``paths`` (files, folders searched recursively, zip archives).

    Returns the candidates in a stable order and the files skipped with the reason.
    Files named explicitly are never skipped: a wrong one fails its header check.
    """
    found: list[Candidate] = []
    skipped: list[tuple[str, str]] = []
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            raise SaferplacesError(f"{p}: no such file or folder")
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith("."))
            for f in files:
                if f.suffix.lower() == ".zip":
                    found.extend(_zip_members(f, skipped))
                elif _is_csv_name(f.name):
                    if _NOT_STREET_NAME.search(f.name):
                        skipped.append((str(f), "not a street file (outcomes or stop and search)"))
                    else:
                        found.append(Candidate(f))
        elif p.suffix.lower() == ".zip":
            members = _zip_members(p, skipped)
            if not members:
                raise InputFileError(str(p), "holds no police.uk street files (*-street.csv)")
            found.extend(members)
        else:
            found.append(Candidate(p))
    if not found:
        raise SaferplacesError(
            "no police.uk street files found in " + ", ".join(str(p) for p in paths)
        )
    return found, skipped


@contextmanager
def _open_raw(c: Candidate) -> Iterator[BinaryIO]:
    if c.member is None:
        with open(c.path, "rb") as f:
            yield f
    else:
        with zipfile.ZipFile(c.path) as z, z.open(c.member) as f:
            yield f


def prepare(c: Candidate, tmpdir: Path, index: int) -> PreparedFile:
    """Decompress ``c`` into ``tmpdir``, hash the content, and check the header."""
    out_path = tmpdir / f"{index:06d}.csv"
    digest = hashlib.sha256()
    size = 0
    try:
        with _open_raw(c) as raw, open(out_path, "wb") as out:
            if raw.peek(2)[:2] == b"\x1f\x8b":  # type: ignore[attr-defined]
                stream: BinaryIO = igzip.IGzipFile(fileobj=raw, mode="rb")  # type: ignore[assignment]
            elif c.display.lower().endswith(".gz"):
                raise InputFileError(c.display, "is named .gz but is not a gzip file")
            else:
                stream = raw
            while chunk := stream.read(_CHUNK):
                digest.update(chunk)
                out.write(chunk)
                size += len(chunk)
    except InputFileError:
        raise
    except (EOFError, OSError, zlib.error, zipfile.BadZipFile) as e:
        reason = str(e) or type(e).__name__
        raise InputFileError(
            c.display, f"is a truncated or corrupt compressed file ({reason})"
        ) from None
    check_header(c.display, out_path, size)
    return PreparedFile(c.display, out_path, digest.hexdigest(), size)


def check_header(display: str, path: Path, size: int) -> None:
    """Fail unless ``path`` starts with the police.uk street header and has a data row."""
    if size == 0:
        raise InputFileError(display, "is empty (0 bytes); expected a police.uk street CSV")
    with open(path, "rb") as f:
        start = f.read(65536)
    if b"\x00" in start:
        raise InputFileError(
            display,
            "is not a text CSV file (it holds binary data); expected a police.uk street CSV",
        )
    first_line = start.split(b"\n", 1)[0].rstrip(b"\r")
    try:
        text = first_line.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputFileError(
            display, "first line is not UTF-8 text; expected the police.uk street header", row=1
        ) from None
    header = [h.strip() for h in next(csv.reader([text]), [])]
    if tuple(header) == STREET_COLUMNS:
        rest = start.split(b"\n", 1)[1] if b"\n" in start else b""
        if not rest.strip():
            raise InputFileError(display, "has the police.uk street header but no data rows")
        return
    for column, kind in _OTHER_KINDS.items():
        if column in header:
            raise InputFileError(
                display, f"is {kind}, not a street file; only street files load here"
            )
    missing = [c for c in STREET_COLUMNS if c not in header]
    extra = [h for h in header if h not in STREET_COLUMNS]
    if not missing and not extra:
        raise InputFileError(
            display,
            "has the police.uk street columns in a different order; expected: "
            + ", ".join(STREET_COLUMNS),
            row=1,
        )
    shown = text if len(text) <= 80 else text[:77] + "..."
    detail = f"missing column(s) {', '.join(missing)}" if missing else ""
    if extra:
        detail += ("; " if detail else "") + f"unexpected column(s) {', '.join(extra[:5])}"
    raise InputFileError(
        display, f"is not a police.uk street file: {detail} (header: {shown!r})", row=1
    )
