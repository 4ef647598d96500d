"""Loading agency extracts into the warehouse, by a dataset spec.

The rules are the police.uk loader's (``docs/warehouse.md``):

* **Nothing is lost**: every row read is loaded, quarantined (a value is unusable: the
  column, the value and the reason are kept) or rejected (not readable as a row).
* **Atomic**: every file is read and checked first; then everything is written in one
  transaction, so a failure or a kill leaves the warehouse as it was.
* **Idempotent**: a file whose content was already loaded with the same spec is
  "already loaded" and changes nothing. Loading it with a corrected spec is a new load.
* **Later files replace what they hold** (:mod:`~saferplaces.sources.agency.plan`):
  incident files the months they hold, for the same provider; tables the cells they
  hold. Two incident files holding the same month in one command are an error.

A duplicate record id (within the command, or already loaded for a month this command
does not replace) and a duplicate cell of an aggregate table are quarantined. A file
more than half of whose rows would not be loaded fails the command, unless
``accept_partial`` (:mod:`~saferplaces.sources.agency.partial`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.faults import fault_point
from saferplaces.geography.reference import ensure_reference
from saferplaces.sources.agency import plan as planning
from saferplaces.sources.agency import queries as q
from saferplaces.sources.agency.indicators import check_indicator_ids, register_user_spec
from saferplaces.sources.agency.location import Geography
from saferplaces.sources.agency.partial import check_mostly_loaded
from saferplaces.sources.agency.readers import RawTable, read_table
from saferplaces.sources.agency.records import Converted, Quarantined, convert
from saferplaces.sources.agency.spec import Spec
from saferplaces.sources.agency.spec_reader import builtin_spec, load_spec
from saferplaces.sources.agency.store import FileLoad, write_files
from saferplaces.warehouse.connection import Warehouse
from saferplaces.warehouse.loads import FileResult, LoadReport, new_batch_id

Progress = Callable[[str, int, int], None]

# What a folder is searched for. A .txt file is read only when named: folders of
# extracts hold README.txt files.
_SUFFIXES = (".csv", ".csv.gz", ".tsv", ".xlsx")


def resolve_spec(
    source: str | None, spec: Spec | str | Path | None, encoding: str | None = None
) -> Spec:
    """The spec a load uses: the user's file (for ``source``), or the built-in one."""
    if isinstance(spec, Spec):
        s = spec
    elif spec is not None:
        s = load_spec(spec, source)
    elif source is not None:
        s = builtin_spec(source)
    else:
        raise SaferplacesError("name a source or give a dataset spec")
    if encoding:
        try:
            "".encode(encoding)
        except LookupError:
            raise SaferplacesError(
                f"encoding {encoding!r} is not known; e.g. utf-8 or windows-1252"
            ) from None
        s = replace(s, file=replace(s.file, encoding=encoding))
    return s


def discover(paths: list[str | Path]) -> list[Path]:
    """Files named by ``paths``: files as given, folders searched for CSV and XLSX files
    (a .txt file is read only when named: folders hold README.txt files)."""
    found: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            raise SaferplacesError(f"{p}: no such file or folder")
        if p.is_dir():
            found.extend(
                f
                for f in sorted(p.rglob("*"))
                if f.is_file()
                and not f.name.startswith((".", "~$"))
                and f.name.lower().endswith(_SUFFIXES)
            )
        else:
            found.append(p)
    if not found:
        raise SaferplacesError("no CSV or XLSX files found in " + ", ".join(str(p) for p in paths))
    return found


def ingest_agency(
    wh: Warehouse,
    paths: list[str | Path],
    *,
    source: str | None = None,
    spec: Spec | str | Path | None = None,
    encoding: str | None = None,
    on_progress: Progress | None = None,
    accept_partial: bool = True,
) -> LoadReport:
    """Load agency extracts named by ``paths`` with ``spec`` (or ``source``'s built-in one).

    With ``accept_partial`` false, a file more than half of whose rows would not be
    loaded fails the load with its most common reasons, and nothing is written. The
    ``ingest`` command asks for that unless told to accept partial loads; a program
    calling this (tests, generated extracts) keeps every load by default.

    >>> # ingest_agency(wh, ["fires-2025.csv"], source="fire")
    """
    s = resolve_spec(source, spec, encoding)
    ensure_reference(wh)
    _check_user_spec(wh, s)
    files = discover(paths)
    report = LoadReport(new_batch_id())
    started = datetime.now()
    progress = on_progress or (lambda what, done, total: None)

    tables = _new_tables(wh, s, files, report, progress)
    if not tables:
        return report
    progress("reading", 0, len(tables))
    geo = Geography(wh)
    converted = [convert(s, t, i, geo) for i, t in enumerate(tables)]
    progress("reading", len(tables), len(tables))
    plans = _plan(wh, s, tables, converted)
    if not accept_partial:
        check_mostly_loaded(tables, converted)

    progress("writing", 0, 1)
    with wh.transaction():
        loads = [FileLoad(t, cv, p) for t, cv, p in zip(tables, converted, plans, strict=True)]
        write_files(wh, s, loads, report, started)
        fault_point("agency-before-commit")
    progress("writing", 1, 1)
    # The spec is stored: a user's source can be counted from now on in this program too.
    register_user_spec(s)
    return report


def _check_user_spec(wh: Warehouse, spec: Spec) -> None:
    """A user's source may not take an indicator id another source already uses."""
    check_indicator_ids(wh, spec)


def _new_tables(
    wh: Warehouse, spec: Spec, files: list[Path], report: LoadReport, progress: Progress
) -> list[RawTable]:
    """Each file read, except those already loaded (reported as such)."""
    tables: list[RawTable] = []
    seen: dict[str, str] = {}
    for i, path in enumerate(files):
        progress("checking", i, len(files))
        table = read_table(path, spec.file)
        earlier = q.already_loaded(wh, spec.name, table.sha256, spec.sha256, spec.scope)
        if earlier or table.sha256 in seen:
            where = earlier or seen[table.sha256]
            report.files.append(
                FileResult(
                    table.display,
                    "already loaded",
                    spec.name,
                    table.sha256,
                    note=f"same content, read by the same spec, as {where}",
                )
            )
            continue
        seen[table.sha256] = table.display
        tables.append(table)
    progress("checking", len(files), len(files))
    return tables


def _plan(
    wh: Warehouse, spec: Spec, tables: list[RawTable], converted: list[Converted]
) -> list[planning.FilePlan]:
    """Drop duplicates, then decide what each file replaces."""
    _drop_duplicates(spec, tables, converted)
    if spec.kind == "incidents":
        held = q.held_month_counts(wh, spec.name, spec.scope)
        plans = [
            planning.plan_incidents(spec, t, cv, held)
            for t, cv in zip(tables, converted, strict=True)
        ]
        planning.check_clash(spec, tables, plans)
        planning.drop_loaded_ids(wh, spec, converted, plans)
    else:
        plans = [planning.plan_table(cv) for cv in converted]
        planning.replaced_cells(wh, spec, converted, plans)
    return plans


def _drop_duplicates(spec: Spec, tables: list[RawTable], converted: list[Converted]) -> None:
    """Quarantine a second row with the same id (or, for tables, the same cell)."""
    first_seen: dict[Any, tuple[str, int]] = {}
    id_field = spec.id_field
    for cv in converted:
        kept = []
        for r in cv.records:
            if spec.kind == "incidents":
                if id_field is None or r.record_id is None:
                    kept.append(r)
                    continue
                k: Any = r.record_id
            else:
                k = planning.record_cell(r)
            if k in first_seen:
                where, row = first_seen[k]
                if id_field is not None and spec.kind == "incidents":
                    reason = f"duplicate {id_field.name} (an earlier row has the same id)"
                    column, value = id_field.columns[0], r.record_id
                else:
                    reason = "duplicate row (an earlier row is for the same cell of the table)"
                    column, value = None, None
                raw = {**r.raw, "duplicate of": f"{where} row {row}"}
                cv.quarantined.append(
                    Quarantined(r.file_index, r.row_number, column, value, reason, raw)
                )
                continue
            first_seen[k] = (tables[r.file_index].display, r.row_number)
            kept.append(r)
        cv.records = kept
