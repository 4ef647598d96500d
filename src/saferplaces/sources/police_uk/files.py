"""Finding, opening and checking police.uk files.

police.uk serves monthly CSVs of three kinds, street (``2025-01-cambridgeshire-street.csv``),
outcomes (``...-outcomes.csv``) and stop and search (``...-stop-and-search.csv``), often
gzipped by whoever passes them on, and archives (``.zip``) holding all three.
:func:`discover` turns the paths a user gives into files to load; :func:`prepare`
decompresses one to a temporary file, hashes its content, and tells its kind by its
header (:data:`KINDS`), failing with one line that names the file and what is wrong.
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

from isal import igzip, igzip_lib

from saferplaces.core.errors import InputFileError, SaferplacesError
from saferplaces.core.staging import expansion_limit, no_room, too_big

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

OUTCOME_COLUMNS: tuple[str, ...] = (
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Outcome type",
)

STOP_SEARCH_COLUMNS: tuple[str, ...] = (
    "Type",
    "Date",
    "Part of a policing operation",
    "Policing operation",
    "Latitude",
    "Longitude",
    "Gender",
    "Age range",
    "Self-defined ethnicity",
    "Officer-defined ethnicity",
    "Legislation",
    "Object of search",
    "Outcome",
    "Outcome linked to object of search",
    "Removal of more than just outer clothing",
)

# The kinds of file, by the header each starts with.
STREET, OUTCOMES, STOP_SEARCH = "street", "outcomes", "stop-and-search"
KINDS: dict[str, tuple[str, ...]] = {
    STREET: STREET_COLUMNS,
    OUTCOMES: OUTCOME_COLUMNS,
    STOP_SEARCH: STOP_SEARCH_COLUMNS,
}
LABELS = {STREET: "street", OUTCOMES: "outcomes", STOP_SEARCH: "stop and search"}
_EXPECTED = "a police.uk street, outcomes or stop and search CSV"
_KIND_NAME = re.compile(r"-(street|outcomes|stop-and-search)\.csv(?:\.gz)?$", re.IGNORECASE)
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
    kind: str = STREET  # street | outcomes | stop-and-search (its header says which)


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
        out.append(Candidate(path, name))
    return out


def discover(paths: list[str | Path]) -> tuple[list[Candidate], list[tuple[str, str]]]:
    """police.uk files named by ``paths`` (files, folders searched recursively, zip
    archives): street, outcomes and stop and search files.

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
                    found.append(Candidate(f))
        elif p.suffix.lower() == ".zip":
            members = _zip_members(p, skipped)
            if not members:
                raise InputFileError(
                    str(p),
                    "holds no police.uk files (*-street.csv, *-outcomes.csv, "
                    "*-stop-and-search.csv)",
                )
            found.extend(members)
        else:
            found.append(Candidate(p))
    if not found:
        raise SaferplacesError(
            "no police.uk files (street, outcomes or stop and search) found in "
            + ", ".join(str(p) for p in paths)
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


def _compressed_size(c: Candidate) -> int:
    if c.member is None:
        return c.path.stat().st_size
    with zipfile.ZipFile(c.path) as z:
        return z.getinfo(c.member).compress_size


def prepare(c: Candidate, tmpdir: Path, index: int) -> PreparedFile:
    """Decompress ``c`` into ``tmpdir``, hash the content, and check the header; a file
    that decompresses to far more than a CSV could (:func:`expansion_limit`) is refused
    before it fills the disk."""
    out_path = tmpdir / f"{index:06d}.csv"
    digest = hashlib.sha256()
    size = 0
    compressed = c.member is not None
    try:
        with _open_raw(c) as raw, open(out_path, "wb") as out:
            if raw.peek(2)[:2] == b"\x1f\x8b":  # type: ignore[attr-defined]
                stream: BinaryIO = igzip.IGzipFile(fileobj=raw, mode="rb")  # type: ignore[assignment]
                compressed = True
            elif c.display.lower().endswith(".gz"):
                raise InputFileError(c.display, "is named .gz but is not a gzip file")
            else:
                stream = raw
            limit = expansion_limit(_compressed_size(c)) if compressed else None
            while chunk := stream.read(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
                if limit is not None and size > limit:
                    raise too_big(c.display, limit)
                try:
                    out.write(chunk)
                except OSError as e:
                    raise no_room(e, tmpdir.parent, f"decompress {c.display}") from None
    except (InputFileError, SaferplacesError):
        raise
    except (EOFError, OSError, zlib.error, zipfile.BadZipFile, igzip_lib.IsalError) as e:
        reason = str(e) or type(e).__name__
        raise InputFileError(
            c.display, f"is a truncated or corrupt compressed file ({reason})"
        ) from None
    kind = check_header(c.display, out_path, size)
    return PreparedFile(c.display, out_path, digest.hexdigest(), size, kind)


def check_header(display: str, path: Path, size: int) -> str:
    """The kind of police.uk file ``path`` is (:data:`KINDS`), by its header; fail unless
    it starts with one of their headers and has a data row."""
    if size == 0:
        raise InputFileError(display, f"is empty (0 bytes); expected {_EXPECTED}")
    with open(path, "rb") as f:
        start = f.read(65536)
    if b"\x00" in start:
        raise InputFileError(
            display,
            f"is not a text CSV file (it holds binary data); expected {_EXPECTED}",
        )
    first_line = start.split(b"\n", 1)[0].rstrip(b"\r")
    try:
        text = first_line.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputFileError(
            display, "first line is not UTF-8 text; expected a police.uk file's header", row=1
        ) from None
    header = [h.strip() for h in next(csv.reader([text]), [])]
    for kind, columns in KINDS.items():
        if tuple(header) == columns:
            rest = start.split(b"\n", 1)[1] if b"\n" in start else b""
            if not rest.strip():
                raise InputFileError(
                    display, f"has the police.uk {LABELS[kind]} header but no data rows"
                )
            return kind
    kind = _kind_meant(display, header)
    expected = KINDS[kind]
    missing = [c for c in expected if c not in header]
    extra = [h for h in header if h not in expected]
    if not missing and not extra:
        raise InputFileError(
            display,
            f"has the police.uk {LABELS[kind]} columns in a different order; expected: "
            + ", ".join(expected),
            row=1,
        )
    shown = text if len(text) <= 80 else text[:77] + "..."
    detail = f"missing column(s) {', '.join(missing)}" if missing else ""
    if extra:
        detail += ("; " if detail else "") + f"unexpected column(s) {', '.join(extra[:5])}"
    raise InputFileError(
        display, f"is not a police.uk {LABELS[kind]} file: {detail} (header: {shown!r})", row=1
    )


def _kind_meant(display: str, header: list[str]) -> str:
    """The kind a file whose header matches none was meant to be, to judge it against:
    the kind its police.uk name gives (``...-outcomes.csv``); else the kind sharing at
    least half its columns with the header; else a street file. (One shared column, say
    a ``Date``, is no sign of a stop and search file.)"""
    name = _KIND_NAME.search(display)
    if name:
        return {"street": STREET, "outcomes": OUTCOMES}.get(name[1].lower(), STOP_SEARCH)
    shared = {k: len(set(cols) & set(header)) for k, cols in KINDS.items()}
    best = max(shared, key=shared.__getitem__)
    return best if shared[best] * 2 >= len(KINDS[best]) else STREET
