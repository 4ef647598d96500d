"""The warehouse exported as Parquet files, for other engines (``saferplaces export parquet``).

One Parquet file per table, written by DuckDB's ``COPY ... (FORMAT parquet)`` from one
read-only open of the warehouse, and a ``manifest.json`` naming each file's table, rows
and columns and the loads the warehouse held, so a reader knows which version it has.

What travels (docs/scaling.md): an export is a copy that leaves the warehouse's
protection (a file readable only by its owner), so by default it holds only data that is
published anyway: police.uk records, the reference data, and the loads and quarantine
of those. Agency records are person- and incident-level extracts whose small counts
every public output suppresses, a quarantined agency row carries the whole record, and
place-flag runs and decisions belong to one partnership and name who decided: those
tables are restricted and are exported only when asked for (``restricted=True``), and
the manifest then says the export is restricted.

Atomic: everything is written into a folder beside the destination, locked while it is
written, and renamed into place when whole. A failed or killed export leaves no
destination folder (the next export to it removes what a killed one left).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from saferplaces import __version__
from saferplaces.core.errors import SaferplacesError
from saferplaces.core.faults import fault_point
from saferplaces.core.messages import Hint, Param
from saferplaces.warehouse import queries
from saferplaces.warehouse.connection import Warehouse

MANIFEST = "manifest.json"
FORMAT = "saferplaces-parquet-export"
FORMAT_VERSION = 1

# Loads that are not an agency extract's: police.uk files and reference data.
_PUBLIC_LOADS = "load_id NOT IN (SELECT load_id FROM agency_load)"

# Published data: police.uk open data and the ONS/Census/deprivation reference data.
# A table with a filter keeps only the rows of public loads.
PUBLIC: dict[str, str | None] = {
    "loads": _PUBLIC_LOADS,
    "load_coverage": _PUBLIC_LOADS,
    "quarantine": _PUBLIC_LOADS,
    "police_street": None,
    "police_outcome": None,
    "police_stop_search": None,
    "ref_lsoa": None,
    "ref_lad": None,
    "ref_population": None,
    "ref_force": None,
    "ref_imd": None,
    "ref_boundary": None,
    "ref_harm_weight": None,
    "ref_postcode_district": None,
    "ref_lad_county": None,
    "ref_population_youth": None,
    "ref_district_profile": None,
    "ref_wimd": None,
    "ref_lsoa11_lsoa21": None,
    "schema_migrations": None,
}
# Restricted: agency extracts (and what a load of them warned about), place-flag runs and
# decisions. With restricted=True, loads, load_coverage and quarantine are whole.
RESTRICTED = (
    "agency_record",
    "agency_load",
    "agency_spec",
    "load_warning",
    "flag_runs",
    "flag_values",
    "flag_wards",
    "flag_decisions",
)


@dataclass(frozen=True)
class ExportedTable:
    table: str
    file: str
    rows: int
    columns: list[dict[str, str]]


@dataclass(frozen=True)
class Export:
    folder: Path
    tables: list[ExportedTable]
    withheld: list[str]
    restricted: bool
    fingerprint: str


def export_parquet(
    warehouse: str | os.PathLike[str] | None,
    dest: Path,
    *,
    replace: bool = False,
    restricted: bool = False,
) -> Export:
    """Export the warehouse at ``warehouse`` (or the configured one) into folder ``dest``.

    ``dest`` must not exist or be empty; with ``replace`` a folder already there is
    replaced whole, once the new export is complete.
    """
    dest = Path(dest).absolute()
    _check_destination(dest, replace)
    wh = Warehouse.open(warehouse, read_only=True)
    try:
        # One transaction: every file is the same version of the warehouse.
        wh.execute("BEGIN TRANSACTION")
        with _writing_beside(dest) as work:
            export = _write(wh, work, restricted)
            _put_in_place(work, dest, replace)
        wh.execute("COMMIT")
    finally:
        wh.close()
    return Export(dest, export.tables, export.withheld, restricted, export.fingerprint)


def _check_destination(dest: Path, replace: bool) -> None:
    if dest.exists() and not dest.is_dir():
        raise SaferplacesError(f"{dest} is a file, not a folder; name a folder to export into")
    if dest.is_dir() and any(dest.iterdir()) and not replace:
        raise _not_empty(dest)
    parent = dest.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)  # as `assess --out` makes its folder
    except OSError as e:
        raise SaferplacesError(
            f"folder {parent} cannot be made ({e.strerror}), so {dest.name} cannot be made "
            "in it; name another folder"
        ) from None
    if not os.access(parent, os.W_OK | os.X_OK):
        raise SaferplacesError(
            f"folder {parent} cannot be written, so {dest.name} cannot be made in it; name "
            "a folder you can write"
        )


def _not_empty(dest: Path) -> SaferplacesError:
    return SaferplacesError(
        f"folder {dest} is not empty; name a new or empty folder",
        Hint(", or ", Param("replace", "replace", True, "add"), " to replace what it holds"),
    )


def _prefix(dest: Path) -> str:
    return f".{dest.name}.exporting-"


def _remove_stale(dest: Path) -> None:
    """Remove what an export to ``dest`` killed half-way left (its lock is free)."""
    for folder in dest.parent.glob(_prefix(dest) + "*"):
        try:
            fd = os.open(folder / ".lock", os.O_RDWR)
        except OSError:
            continue  # being made this instant, or not ours
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue  # a running export's
        try:
            shutil.rmtree(folder, ignore_errors=True)
        finally:
            os.close(fd)


@contextlib.contextmanager
def _writing_beside(dest: Path) -> Iterator[Path]:
    """A locked folder beside ``dest`` (same file system, so renaming it is atomic)."""
    _remove_stale(dest)
    work = Path(tempfile.mkdtemp(prefix=_prefix(dest), dir=dest.parent))
    fd = os.open(work / ".lock.new", os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    os.rename(work / ".lock.new", work / ".lock")
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)  # gone once renamed into place
        os.close(fd)


@dataclass(frozen=True)
class _Written:
    tables: list[ExportedTable]
    withheld: list[str]
    fingerprint: str


def _write(wh: Warehouse, work: Path, restricted: bool) -> _Written:
    present = queries.table_names(wh)
    chosen: dict[str, str | None] = dict(PUBLIC)
    if restricted or "agency_load" not in present:  # (a warehouse from before agency data)
        chosen = {t: None for t in chosen}
    if restricted:
        chosen |= {t: None for t in RESTRICTED}
    tables = []
    for table in sorted(t for t in chosen if t in present):
        file = f"{table}.parquet"
        rows = queries.copy_to_parquet(wh, table, chosen[table], work / file)
        tables.append(ExportedTable(table, file, rows, queries.table_columns(wh, table)))
        fault_point("export-parquet-table-written")
    public_only = not restricted and "agency_load" in present
    loads = queries.export_loads(wh, _PUBLIC_LOADS if public_only else "")
    fingerprint = hashlib.sha256(
        "\n".join(f"{x['load_id']} {x['sha256']} {x['status']}" for x in loads).encode()
    ).hexdigest()
    withheld = sorted(t for t in RESTRICTED if t in present and t not in chosen)
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "saferplaces_version": __version__,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "warehouse": wh.path,
        "restricted": restricted,
        "withheld": withheld,
        "loads_sha256": fingerprint,
        "loads": loads,
        "tables": [t.__dict__ for t in tables],
    }
    (work / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    if not restricted:
        # Published data only: readable as the user's umask allows, like any file they
        # write; a restricted export keeps the private modes (folder 0700).
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(work, 0o777 & ~mask)
    return _Written(tables, withheld, fingerprint)


def _put_in_place(work: Path, dest: Path, replace: bool) -> None:
    fault_point("export-parquet-before-rename")
    if not dest.exists() or not any(dest.iterdir()):
        os.rename(work, dest)  # onto nothing or an empty folder: one atomic step
        (dest / ".lock").unlink()  # its lock stays held by the open descriptor
        return
    if not replace:  # filled while we wrote
        raise _not_empty(dest)
    old = Path(tempfile.mkdtemp(prefix=f".{dest.name}.replaced-", dir=dest.parent))
    os.rename(dest, old / dest.name)
    os.rename(work, dest)
    (dest / ".lock").unlink()
    shutil.rmtree(old, ignore_errors=True)
