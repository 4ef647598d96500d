"""Loading agency extracts into the warehouse, by a dataset spec.

The rules are the police.uk loader's (``docs/warehouse.md``):

* **Nothing is lost**: every row read is loaded, quarantined (a value is unusable: the
  column, the value and the reason are kept) or rejected (not readable as a row).
* **Atomic**: every file is read and checked first; then everything is written in one
  transaction, so a failure or a kill leaves the warehouse as it was.
* **Idempotent**: a file whose content was already loaded with the same spec is
  "already loaded" and changes nothing. Loading it with a corrected spec is a new load.
* **Later files replace months**: a file holding months the source already holds (for
  the same provider) replaces those months; the earlier load is marked superseded. Two
  files holding the same month in one command are an error.

A duplicate record id (within the command, or already loaded for a month this command
does not replace) and a duplicate cell of an aggregate table are quarantined.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.faults import fault_point
from saferplaces.core.periods import format_month
from saferplaces.geography.reference import ensure_reference
from saferplaces.sources.agency.location import Geography
from saferplaces.sources.agency.readers import RawTable, read_table
from saferplaces.sources.agency.records import Converted, Quarantined, Record, convert
from saferplaces.sources.agency.spec import Spec, builtin_spec, load_spec
from saferplaces.warehouse.connection import Warehouse
from saferplaces.warehouse.loads import (
    FileResult,
    LoadReport,
    new_batch_id,
    next_load_id,
    record_load,
    refresh_statuses,
)

Progress = Callable[[str, int, int], None]

_SUFFIXES = (".csv", ".csv.gz", ".txt", ".tsv", ".xlsx")


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
    """Files named by ``paths``: files as given, folders searched for CSV and XLSX files."""
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
) -> LoadReport:
    """Load agency extracts named by ``paths`` with ``spec`` (or ``source``'s built-in one).

    >>> # ingest_agency(wh, ["fires-2025.csv"], source="fire")
    """
    s = resolve_spec(source, spec, encoding)
    ensure_reference(wh)
    files = discover(paths)
    report = LoadReport(new_batch_id())
    started = datetime.now()
    progress = on_progress or (lambda what, done, total: None)

    tables: list[RawTable] = []
    seen: dict[str, str] = {}
    for i, path in enumerate(files):
        progress("checking", i, len(files))
        table = read_table(path, s.file)
        earlier = _already_loaded(wh, s, table.sha256)
        if earlier or table.sha256 in seen:
            where = earlier or seen[table.sha256]
            report.files.append(
                FileResult(
                    table.display,
                    "already loaded",
                    s.name,
                    table.sha256,
                    note=f"same content, read by the same spec, as {where}",
                )
            )
            continue
        seen[table.sha256] = table.display
        tables.append(table)
    progress("checking", len(files), len(files))
    if not tables:
        return report

    progress("reading", 0, len(tables))
    geo = Geography(wh)
    converted = [convert(s, t, i, geo) for i, t in enumerate(tables)]
    progress("reading", len(tables), len(tables))
    _drop_duplicates(s, tables, converted)
    months = {i: _months(s, cv.records) for i, cv in enumerate(converted)}
    _check_clash(tables, months)
    _drop_loaded_ids(wh, s, tables, converted, months)
    months = {i: _months(s, cv.records) for i, cv in enumerate(converted)}

    progress("writing", 0, 1)
    with wh.transaction():
        _write(wh, s, tables, converted, months, report, started)
        fault_point("agency-before-commit")
    progress("writing", 1, 1)
    return report


def _already_loaded(wh: Warehouse, spec: Spec, sha256: str) -> str | None:
    row = wh.rows(
        "SELECT l.file_name FROM loads l JOIN agency_load a USING (load_id) "
        "WHERE l.source = ? AND l.sha256 = ? AND a.spec_sha256 = ? AND a.scope = ? "
        "AND l.status = 'current' ORDER BY l.load_id DESC LIMIT 1",
        [spec.name, sha256, spec.sha256, spec.scope],
    )
    return row[0][0] if row else None


def _cell_key(r: Record) -> tuple:
    p = r.place
    return (
        r.first,
        r.last,
        p.lsoa_code,
        p.ward_code,
        p.lad_code,
        p.status,
        tuple(sorted((k, json.dumps(v)) for k, v in r.fields.items())),
    )


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
                k = _cell_key(r)
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


def _months(spec: Spec, records: list[Record]) -> set[int]:
    """Months a file holds: from its first to its last record for incident data, and every
    month its rows cover for tables (a quarter nobody reported is missing)."""
    if not records:
        return set()
    if spec.kind == "incidents":
        return set(range(min(r.first for r in records), max(r.last for r in records) + 1))
    out: set[int] = set()
    for r in records:
        out.update(range(r.first, r.last + 1))
    return out


def _check_clash(tables: list[RawTable], months: dict[int, set[int]]) -> None:
    holder: dict[int, int] = {}
    for i in sorted(months):
        for m in sorted(months[i]):
            if m in holder:
                raise SaferplacesError(
                    f"{tables[holder[m]].display} and {tables[i].display} both hold "
                    f"{format_month(m)}; load one of them (a later file for the same months "
                    "replaces the earlier one, so load them in separate commands)"
                )
            holder[m] = i


def _month_dates(months: set[int]) -> list[date]:
    return [date(m // 12, m % 12 + 1, 1) for m in sorted(months)]


def _drop_loaded_ids(
    wh: Warehouse,
    spec: Spec,
    tables: list[RawTable],
    converted: list[Converted],
    months: dict[int, set[int]],
) -> None:
    """Quarantine records whose id is already held for a month this command keeps."""
    if spec.kind != "incidents" or spec.id_field is None:
        return
    ids = sorted({r.record_id for cv in converted for r in cv.records if r.record_id})
    if not ids:
        return
    replaced = _month_dates(set().union(*months.values()))
    held = {
        rid: (name, row)
        for rid, name, row in wh.rows(
            "SELECT r.record_id, l.file_name, r.row_number FROM agency_record r "
            "JOIN loads l USING (load_id) WHERE r.source = ? AND r.scope = ? "
            "AND r.record_id IN (SELECT unnest(?::VARCHAR[])) "
            "AND NOT list_contains(?::DATE[], r.month)",
            [spec.name, spec.scope, ids, replaced],
        )
    }
    if not held:
        return
    for cv in converted:
        kept = []
        for r in cv.records:
            if r.record_id in held:
                name, row = held[r.record_id]
                cv.quarantined.append(
                    Quarantined(
                        r.file_index,
                        r.row_number,
                        spec.id_field.columns[0],
                        r.record_id,
                        f"duplicate {spec.id_field.name} (already loaded for another month)",
                        {**r.raw, "duplicate of": f"{name} row {row}"},
                    )
                )
            else:
                kept.append(r)
        cv.records = kept


def _records_table(spec: Spec, records: list[Record], load_ids: list[int]) -> pa.Table:
    def month(i: int) -> date:
        return date(i // 12, i % 12 + 1, 1)

    return pa.table(
        {
            "load_id": pa.array([load_ids[r.file_index] for r in records], pa.int64()),
            "source": pa.array([spec.name] * len(records), pa.string()),
            "scope": pa.array([spec.scope] * len(records), pa.string()),
            "row_number": pa.array([r.row_number for r in records], pa.int32()),
            "record_id": pa.array([r.record_id for r in records], pa.string()),
            "event_date": pa.array([r.event_date for r in records], pa.date32()),
            "month": pa.array([month(r.first) for r in records], pa.date32()),
            "month_end": pa.array([month(r.last) for r in records], pa.date32()),
            "longitude": pa.array([r.place.longitude for r in records], pa.float64()),
            "latitude": pa.array([r.place.latitude for r in records], pa.float64()),
            "lsoa_code": pa.array([r.place.lsoa_code for r in records], pa.string()),
            "ward_code": pa.array([r.place.ward_code for r in records], pa.string()),
            "lad_code": pa.array([r.place.lad_code for r in records], pa.string()),
            "located_by": pa.array([r.place.located_by for r in records], pa.string()),
            "location_status": pa.array([r.place.status for r in records], pa.string()),
            "location_note": pa.array([r.place.note for r in records], pa.string()),
            "fields": pa.array(
                [json.dumps(r.fields, ensure_ascii=False) for r in records], pa.string()
            ),
            "measures": pa.array(
                [json.dumps(r.measures) if r.measures is not None else None for r in records],
                pa.string(),
            ),
            "illustrative": pa.array([r.illustrative for r in records], pa.bool_()),
        }
    )


def _write(
    wh: Warehouse,
    spec: Spec,
    tables: list[RawTable],
    converted: list[Converted],
    months: dict[int, set[int]],
    report: LoadReport,
    started: datetime,
) -> None:
    load_ids = [next_load_id(wh) for _ in tables]
    replaced: dict[int, int] = {}
    for i, ms in months.items():
        if not ms:
            continue
        dates = _month_dates(ms)
        old = wh.rows(
            "SELECT month, month_end, count(*) FROM agency_record WHERE source = ? AND scope = ? "
            "AND month <= ? AND month_end >= ? GROUP BY ALL",
            [spec.name, spec.scope, dates[-1], dates[0]],
        )
        old = [o for o in old if any(o[0] <= d <= o[1] for d in dates)]
        affected = set(ms)
        for first, last, _ in old:
            a, b = first.year * 12 + first.month - 1, last.year * 12 + last.month - 1
            affected.update(range(a, b + 1))
        replaced[i] = sum(int(n) for *_, n in old)
        for first, last, _ in old:
            wh.execute(
                "DELETE FROM agency_record WHERE source = ? AND scope = ? AND month = ? "
                "AND month_end = ?",
                [spec.name, spec.scope, first, last],
            )
        wh.execute(
            "UPDATE load_coverage SET superseded_by = ? WHERE source = ? AND force = ? "
            "AND superseded_by IS NULL AND list_contains(?::DATE[], month)",
            [load_ids[i], spec.name, spec.scope, _month_dates(affected)],
        )

    records = [r for cv in converted for r in cv.records]
    if records:
        arrow = _records_table(spec, records, load_ids)
        wh.con.register("agency_batch", arrow)
        try:
            wh.execute(
                "INSERT INTO agency_record SELECT load_id, source, scope, row_number, "
                "record_id, event_date, month, month_end, longitude, latitude, lsoa_code, "
                "ward_code, lad_code, located_by, location_status, location_note, "
                "fields::JSON, measures::JSON, illustrative FROM agency_batch"
            )
        finally:
            wh.con.unregister("agency_batch")
    fault_point("agency-after-insert")

    _store_spec(wh, spec)
    quarantine_rows = []
    for i, (table, cv) in enumerate(zip(tables, converted, strict=True)):
        per_month: dict[int, int] = {}
        for r in cv.records:
            for m in range(r.first, r.last + 1):
                per_month[m] = per_month.get(m, 0) + 1
        coverage = [
            (load_ids[i], spec.name, spec.scope, d, per_month.get(m, 0), None)
            for m, d in zip(sorted(months[i]), _month_dates(months[i]), strict=True)
        ]
        if coverage:
            wh.con.executemany("INSERT INTO load_coverage VALUES (?, ?, ?, ?, ?, ?)", coverage)
        quarantine_rows += [
            (
                load_ids[i],
                spec.name,
                table.display,
                q.row_number,
                "quarantined",
                q.field,
                q.value,
                q.reason,
                q.record_json,
            )
            for q in sorted(cv.quarantined, key=lambda q: q.row_number)
        ]
        quarantine_rows += [
            (
                load_ids[i],
                spec.name,
                table.display,
                r.row_number,
                "rejected",
                None,
                None,
                r.reason,
                json.dumps(r.text, ensure_ascii=False),
            )
            for r in table.rejected
        ]
        illustrative = any(r.illustrative for r in cv.records)
        wh.execute(
            "INSERT INTO agency_load VALUES (?, ?, ?, ?, ?, ?)",
            [load_ids[i], spec.name, spec.scope, spec.kind, spec.sha256, illustrative],
        )
        ms = sorted(months[i])
        result = FileResult(
            file=table.display,
            status="replaced" if replaced.get(i) else "loaded",
            source=spec.name,
            sha256=table.sha256,
            load_id=load_ids[i],
            months=[format_month(m) for m in ms],
            rows_read=len(cv.records) + len(cv.quarantined) + len(table.rejected),
            rows_loaded=len(cv.records),
            rows_quarantined=len(cv.quarantined),
            rows_rejected=len(table.rejected),
            rows_replaced=replaced.get(i, 0),
            note="illustrative data" if illustrative else None,
        )
        record_load(
            wh,
            load_id=load_ids[i],
            batch_id=report.batch_id,
            source=spec.name,
            file_name=table.display,
            sha256=table.sha256,
            force=None,
            first_month=format_month(ms[0]) if ms else None,
            last_month=format_month(ms[-1]) if ms else None,
            rows_read=result.rows_read,
            rows_loaded=result.rows_loaded,
            rows_quarantined=result.rows_quarantined,
            rows_rejected=result.rows_rejected,
            rows_replaced=result.rows_replaced,
            started_at=started,
            note=f"{spec.title} ({spec.scope}); spec: {spec.origin}"
            + ("; illustrative data" if illustrative else ""),
        )
        report.files.append(result)
    if quarantine_rows:
        wh.con.executemany(
            "INSERT INTO quarantine VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", quarantine_rows
        )
    refresh_statuses(wh, spec.name)


def _store_spec(wh: Warehouse, spec: Spec) -> None:
    wh.execute(
        "INSERT INTO agency_spec VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        [spec.sha256, spec.name, spec.origin, json.dumps(list(spec.texts)), datetime.now()],
    )
