"""Writing one command's agency files into the warehouse (inside its transaction).

In order: what each file replaces is deleted (:mod:`~saferplaces.sources.agency.plan`
decided it), the records are inserted, then each file's months held, rows not loaded,
load record, warnings (:mod:`~saferplaces.sources.agency.unmapped`) and result; earlier
loads whose months now hold nothing of theirs are marked superseded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import pyarrow as pa

from saferplaces.core.faults import fault_point
from saferplaces.core.periods import format_month
from saferplaces.sources.agency import queries as q
from saferplaces.sources.agency.plan import FilePlan
from saferplaces.sources.agency.readers import RawTable
from saferplaces.sources.agency.records import Converted, Record
from saferplaces.sources.agency.spec import Spec
from saferplaces.sources.agency.unmapped import unmapped_values
from saferplaces.warehouse.connection import Warehouse
from saferplaces.warehouse.loads import (
    FileResult,
    LoadReport,
    next_load_id,
    record_load,
    refresh_statuses,
)

ILLUSTRATIVE_NOTE = "illustrative data"
# json.dumps(x, ensure_ascii=False), with one encoder for every record rather than one
# made per call (json.dumps only reuses its own for the default options).
_to_json = json.JSONEncoder(ensure_ascii=False).encode


@dataclass
class FileLoad:
    """One file of a command, read and planned, ready to write."""

    table: RawTable
    converted: Converted
    plan: FilePlan
    load_id: int = 0
    replaced: int = 0


def write_files(
    wh: Warehouse, spec: Spec, files: list[FileLoad], report: LoadReport, started: datetime
) -> None:
    """Write every file of one command; call inside a transaction."""
    for f in files:
        f.load_id = next_load_id(wh)
    _delete_replaced(wh, spec, files)
    records = [r for f in files for r in f.converted.records]
    if records:
        q.insert_records(wh, _arrow(spec, records, [f.load_id for f in files]))
    fault_point("agency-after-insert")
    q.store_spec(wh, spec.sha256, spec.name, spec.origin, list(spec.texts))
    new_loads = [f.load_id for f in files]
    quarantine: list[tuple] = []
    for f in files:
        q.insert_coverage(wh, f.load_id, spec.name, spec.scope, _per_month(f))
        q.supersede_emptied(wh, spec.name, spec.scope, f.plan.months, f.load_id, new_loads)
        quarantine += _not_loaded(spec, f)
        report.files.append(_record(wh, spec, f, report.batch_id, started))
    q.insert_quarantine(wh, quarantine)
    refresh_statuses(wh, spec.name)


def _delete_replaced(wh: Warehouse, spec: Spec, files: list[FileLoad]) -> None:
    for f in files:
        if spec.kind == "incidents":
            f.replaced = q.delete_months(wh, spec.name, spec.scope, f.plan.months)
            f.replaced += q.delete_ids_in_month(wh, spec.name, spec.scope, f.plan.update_ids)
        else:
            q.delete_rows(wh, f.plan.cells)
            f.replaced = len(f.plan.cells)


def _per_month(f: FileLoad) -> dict[int, int]:
    """Records in each month the file holds (late records' months are not held by it)."""
    out = dict.fromkeys(f.plan.months, 0)
    for r in f.converted.records:
        for m in range(r.first, r.last + 1):
            if m in out:
                out[m] += 1
    return out


def _not_loaded(spec: Spec, f: FileLoad) -> list[tuple]:
    rows = [
        (
            f.load_id,
            spec.name,
            f.table.display,
            x.row_number,
            "quarantined",
            x.field,
            x.value,
            x.reason,
            x.record_json,
        )
        for x in sorted(f.converted.quarantined, key=lambda x: x.row_number)
    ]
    rows += [
        (
            f.load_id,
            spec.name,
            f.table.display,
            r.row_number,
            "rejected",
            None,
            None,
            r.reason,
            json.dumps(r.text, ensure_ascii=False),
        )
        for r in f.table.rejected
    ]
    return rows


def _record(wh: Warehouse, spec: Spec, f: FileLoad, batch: str, started: datetime) -> FileResult:
    cv, table = f.converted, f.table
    illustrative = any(r.illustrative for r in cv.records)
    q.insert_agency_load(wh, f.load_id, spec.name, spec.scope, spec.kind, spec.sha256, illustrative)
    months = sorted(f.plan.months)
    notes = ([ILLUSTRATIVE_NOTE] if illustrative else []) + f.plan.notes()
    unmapped = unmapped_values(spec, cv.records)
    q.insert_warnings(
        wh, [(f.load_id, spec.name, u.field, u.value, u.rows, u.message) for u in unmapped]
    )
    # Never "loaded" when no row of the file is held.
    status = ("replaced" if f.replaced else "loaded") if cv.records else "nothing loaded"
    result = FileResult(
        file=table.display,
        status=status,
        source=spec.name,
        sha256=table.sha256,
        load_id=f.load_id,
        months=[format_month(m) for m in months],
        rows_read=len(cv.records) + len(cv.quarantined) + len(table.rejected),
        rows_loaded=len(cv.records),
        rows_quarantined=len(cv.quarantined),
        rows_rejected=len(table.rejected),
        rows_replaced=f.replaced,
        note="; ".join(notes) or None,
        warnings=[u.message for u in unmapped],
    )
    record_load(
        wh,
        load_id=f.load_id,
        batch_id=batch,
        source=spec.name,
        file_name=table.display,
        sha256=table.sha256,
        force=None,
        first_month=format_month(months[0]) if months else None,
        last_month=format_month(months[-1]) if months else None,
        rows_read=result.rows_read,
        rows_loaded=result.rows_loaded,
        rows_quarantined=result.rows_quarantined,
        rows_rejected=result.rows_rejected,
        rows_replaced=result.rows_replaced,
        started_at=started,
        note=f"{spec.title} ({spec.scope}); spec: {spec.origin}"
        + (f"; {ILLUSTRATIVE_NOTE}" if illustrative else ""),
    )
    return result


def _arrow(spec: Spec, records: list[Record], load_ids: list[int]) -> pa.Table:
    """The records as an Arrow table with agency_record's columns."""
    # The few months a file holds, each made once.
    month = {m: q.month_date(m) for m in {r.first for r in records} | {r.last for r in records}}
    return pa.table(
        {
            "load_id": pa.array([load_ids[r.file_index] for r in records], pa.int64()),
            "source": pa.array([spec.name] * len(records), pa.string()),
            "scope": pa.array([spec.scope] * len(records), pa.string()),
            "row_number": pa.array([r.row_number for r in records], pa.int32()),
            "record_id": pa.array([r.record_id for r in records], pa.string()),
            "event_date": pa.array([r.event_date for r in records], pa.date32()),
            "month": pa.array([month[r.first] for r in records], pa.date32()),
            "month_end": pa.array([month[r.last] for r in records], pa.date32()),
            "longitude": pa.array([r.place.longitude for r in records], pa.float64()),
            "latitude": pa.array([r.place.latitude for r in records], pa.float64()),
            "lsoa_code": pa.array([r.place.lsoa_code for r in records], pa.string()),
            "ward_code": pa.array([r.place.ward_code for r in records], pa.string()),
            "lad_code": pa.array([r.place.lad_code for r in records], pa.string()),
            "located_by": pa.array([r.place.located_by for r in records], pa.string()),
            "location_status": pa.array([r.place.status for r in records], pa.string()),
            "location_note": pa.array([r.place.note for r in records], pa.string()),
            "fields": pa.array([_to_json(r.fields) for r in records], pa.string()),
            "measures": pa.array(
                [json.dumps(r.measures) if r.measures is not None else None for r in records],
                pa.string(),
            ),
            "illustrative": pa.array([r.illustrative for r in records], pa.bool_()),
        }
    )
