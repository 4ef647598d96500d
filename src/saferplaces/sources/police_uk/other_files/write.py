"""Loading police.uk outcomes and stop and search files, in the street loader's
transaction (:func:`saferplaces.sources.police_uk.loader.ingest_police_uk`).

A file is read and typed before anything is written (:func:`read_file`), then written
with the street files (:func:`write_files`). As with street files, a file holds one
force-month and replaces what earlier loads held for it (police.uk republishes months);
its month is the one its name gives (``2024-01-cambridgeshire-outcomes.csv``), or its
rows' commonest month, and a row dated another month is quarantined, so a file never
replaces a month it does not really hold. A stop and search file names no force in its
rows: the force is the one its file name names (``ref_force.slug``). Every row read is
loaded, quarantined with the reason, or rejected and counted.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial

import pyarrow as pa

from saferplaces.core.errors import InputFileError, SaferplacesError
from saferplaces.geography.boundaries import PointLocator, boundaries
from saferplaces.sources.police_uk.files import (
    OUTCOME_COLUMNS,
    OUTCOMES,
    STOP_SEARCH_COLUMNS,
    PreparedFile,
)
from saferplaces.sources.police_uk.other_files import queries as q
from saferplaces.sources.police_uk.records import Rejected, read_records
from saferplaces.sources.police_uk.typed_rows import (
    Problem,
    Typed,
    outcome_row,
    stop_search_row,
    type_rows,
)
from saferplaces.warehouse.connection import Warehouse
from saferplaces.warehouse.loads import (
    FileResult,
    LoadReport,
    next_load_id,
    record_load,
    refresh_statuses,
)

_NAME = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<force>[a-z0-9-]+?)-(?:outcomes|stop-and-search)"
    r"\.csv(?:\.gz)?$",
    re.IGNORECASE,
)


@dataclass
class ReadFile:
    """A file read and typed, ready to write."""

    prepared: PreparedFile
    source: str
    typed: Typed
    rejected: list[Rejected]
    force_months: list[tuple[str, date, int]]


def _named(f: PreparedFile) -> re.Match | None:
    return _NAME.search(re.split(r"[/\\:]", f.display)[-1])


def read_file(wh: Warehouse, f: PreparedFile, locator: PointLocator | None = None) -> ReadFile:
    """Read and type every row of the outcomes or stop and search file ``f``."""
    named = _named(f)
    name_month = date(int(named["year"]), int(named["month"]), 1) if named else None
    if f.kind == OUTCOMES:
        read = read_records(f.text_path, OUTCOME_COLUMNS)
        typed = type_rows(read, OUTCOME_COLUMNS, outcome_row)
        force_of = "reported_by"
        month = name_month or _commonest([r["month"] for r in typed.rows])
        _keep_month(typed, month, "Month")
        source = q.OUTCOMES_SOURCE
    else:
        force = q.force_by_slug(wh, named["force"]) if named else None
        if force is None:
            raise InputFileError(
                f.display,
                "is a stop and search file whose name names no police force saferplaces "
                "knows; keep police.uk's name for it (2024-01-FORCE-stop-and-search.csv)",
            )
        read = read_records(f.text_path, STOP_SEARCH_COLUMNS)
        one_row = partial(stop_search_row, file_month=name_month)
        typed = type_rows(read, STOP_SEARCH_COLUMNS, one_row)
        for r in typed.rows:
            r["force"] = force
        _locate(typed, locator)
        force_of = "force"
        source = q.STOP_SEARCH_SOURCE
    counts = Counter((r[force_of], r["month"]) for r in typed.rows)
    return ReadFile(f, source, typed, read.rejected, [(k[0], k[1], n) for k, n in counts.items()])


def _commonest(months: list[date]) -> date | None:
    return Counter(months).most_common(1)[0][0] if months else None


def _keep_month(typed: Typed, month: date | None, column: str) -> None:
    """Quarantine the rows dated another month than the file's."""
    kept = []
    for r in typed.rows:
        if month is None or r["month"] == month:
            kept.append(r)
            continue
        p = Problem(
            column,
            f"dated {r['month']:%Y-%m}, outside the file's month {month:%Y-%m} (a file "
            "replaces only its own month)",
        )
        record = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in r.items()}
        typed.quarantined.append(
            (r["row_number"], p.column, f"{r['month']:%Y-%m}", p.reason, json.dumps(record))
        )
    typed.rows = kept


def _locate(typed: Typed, locator: PointLocator | None) -> None:
    """Each search's LSOA (2021), where its point lies in a loaded LSOA boundary."""
    with_point = [r for r in typed.rows if r["longitude"] is not None]
    codes = (
        locator.locate([r["longitude"] for r in with_point], [r["latitude"] for r in with_point])
        if locator and with_point
        else [None] * len(with_point)
    )
    for r in typed.rows:
        r["lsoa_code"] = None
    for r, code in zip(with_point, codes, strict=True):
        r["lsoa_code"] = code


def lsoa_locator(wh: Warehouse) -> PointLocator | None:
    """A locator over the LSOA boundaries held (None when none are)."""
    polygons = boundaries(wh, "lsoa")
    return PointLocator(polygons) if polygons else None


def write_files(
    wh: Warehouse, files: list[ReadFile], report: LoadReport, started: datetime
) -> None:
    """Write ``files`` (inside the caller's transaction), replacing the force-months
    they hold; two files of one batch may not hold the same force-month."""
    claimed: dict[tuple[str, str, date], str] = {}
    for rf in files:
        for force, month, _ in rf.force_months:
            other = claimed.setdefault((rf.source, force, month), rf.prepared.display)
            if other != rf.prepared.display:
                raise SaferplacesError(
                    f"{other} and {rf.prepared.display} both hold {force} {month:%Y-%m}; load "
                    "one of them (a later file for the same force and month replaces the "
                    "earlier one, so load them in separate commands)"
                )
    for rf in files:
        _write(wh, rf, report, started)
    for source in dict.fromkeys(rf.source for rf in files):
        refresh_statuses(wh, source)


def _write(wh: Warehouse, rf: ReadFile, report: LoadReport, started: datetime) -> None:
    f, typed = rf.prepared, rf.typed
    load_id = next_load_id(wh)
    replaced = q.replace_force_months(wh, rf.source, load_id, [fm[:2] for fm in rf.force_months])
    if typed.rows:
        q.insert_rows(wh, rf.source, load_id, pa.Table.from_pylist(typed.rows))
    q.insert_coverage(wh, rf.source, load_id, rf.force_months)
    q.insert_quarantine(
        wh,
        rf.source,
        [(load_id, f.display, *row[:1], "quarantined", *row[1:]) for row in typed.quarantined]
        + [
            (load_id, f.display, r.row_number, "rejected", None, None, r.reason, json.dumps(r.text))
            for r in rf.rejected
        ],
    )
    months = sorted({m for _, m, _ in rf.force_months})
    forces = sorted({fc for fc, _, _ in rf.force_months})
    loaded, quarantined, rejected = len(typed.rows), len(typed.quarantined), len(rf.rejected)
    result = FileResult(
        file=f.display,
        status="replaced" if replaced else "loaded",
        source=rf.source,
        sha256=f.sha256,
        load_id=load_id,
        force=forces[0] if len(forces) == 1 else None,
        months=[f"{m:%Y-%m}" for m in months],
        rows_read=loaded + quarantined + rejected,
        rows_loaded=loaded,
        rows_quarantined=quarantined,
        rows_rejected=rejected,
        rows_replaced=replaced,
    )
    record_load(
        wh,
        load_id=load_id,
        batch_id=report.batch_id,
        source=rf.source,
        file_name=f.display,
        sha256=f.sha256,
        force=result.force,
        first_month=result.months[0] if months else None,
        last_month=result.months[-1] if months else None,
        rows_read=result.rows_read,
        rows_loaded=loaded,
        rows_quarantined=quarantined,
        rows_rejected=rejected,
        rows_replaced=replaced,
        started_at=started,
        note=None,
    )
    report.files.append(result)


def source_of(f: PreparedFile) -> str:
    """The load source of an outcomes or stop and search file."""
    return q.OUTCOMES_SOURCE if f.kind == OUTCOMES else q.STOP_SEARCH_SOURCE
