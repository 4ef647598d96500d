"""Loading police.uk street files into the warehouse.

One command is one transaction: every file is checked and read first, then all of them
are written at once, so a failure (or a kill) anywhere leaves the warehouse as it was.

* A file whose content is already loaded (same SHA-256, still in force) is a no-op.
* A file for a force and month already loaded replaces that force-month: police.uk
  republishes months, and a republished month must never be counted twice.
* A row with an unparseable month, an unknown crime type, no force, or coordinates that
  are not numbers is quarantined with the reason; a record that is not a row of the
  file's columns is rejected and kept as text. A row with no LSOA loads as
  "location unknown". Every row read is loaded, quarantined or rejected.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.faults import fault_point
from saferplaces.geography.reference import ensure_reference
from saferplaces.sources.police_uk.crime_types import CRIME_TYPES
from saferplaces.sources.police_uk.files import (
    STREET_COLUMNS,
    Candidate,
    PreparedFile,
    discover,
    prepare,
)
from saferplaces.sources.police_uk.stage import STAGE_FIELDS, Rejected, read_exact, read_files
from saferplaces.warehouse.connection import Warehouse
from saferplaces.warehouse.loads import (
    FileResult,
    LoadReport,
    current_load_with_hash,
    new_batch_id,
    next_load_id,
    record_load,
    refresh_statuses,
)

SOURCE = "police-uk-street"

Progress = Callable[[str, int, int], None]  # (what, done, total)

_TYPE_NAMES = ", ".join(f"'{t}'" for t in CRIME_TYPES)
_TYPE_KEYS = ", ".join(f"'{t.lower()}'" for t in CRIME_TYPES)
_TYPE_CASE = " ".join(f"WHEN '{t.lower()}' THEN '{t}'" for t in CRIME_TYPES)

# Every row typed once, with the first column (in file order) that fails its check.
_TYPED_SQL = f"""
SELECT file_index, row_number, crime_id, month, reported_by, falls_within,
       longitude, latitude, location, lsoa_code, lsoa_name,
       CASE WHEN crime_type IN ({_TYPE_NAMES}) THEN crime_type
            ELSE CASE lower(trim(crime_type)) {_TYPE_CASE} END END AS crime_type,
       last_outcome, context,
       CASE
         WHEN month IS NULL THEN 'Month'
         WHEN reported_by IS NULL THEN 'Reported by'
         WHEN longitude IS NULL AND longitude_text IS NOT NULL THEN 'Longitude'
         WHEN latitude IS NULL AND latitude_text IS NOT NULL THEN 'Latitude'
         WHEN coalesce(lower(trim(crime_type)), '') NOT IN ({_TYPE_KEYS}) THEN 'Crime type'
       END AS bad_field
FROM (
    SELECT file_index, row_number,
           nullif(crime_id, '') AS crime_id,
           try_cast(trim(month) || '-01' AS DATE) AS month,
           nullif(trim(reported_by), '') AS reported_by,
           nullif(falls_within, '') AS falls_within,
           try_cast(nullif(trim(longitude), '') AS DOUBLE) AS longitude,
           nullif(trim(longitude), '') AS longitude_text,
           try_cast(nullif(trim(latitude), '') AS DOUBLE) AS latitude,
           nullif(trim(latitude), '') AS latitude_text,
           nullif(location, '') AS location,
           nullif(trim(lsoa_code), '') AS lsoa_code,
           nullif(lsoa_name, '') AS lsoa_name,
           crime_type,
           nullif(last_outcome, '') AS last_outcome,
           nullif(context, '') AS context
    FROM raw
)
"""
_STORED = (
    "crime_id, month, reported_by, falls_within, longitude, latitude, location, "
    "lsoa_code, lsoa_name, crime_type, last_outcome, context"
)

_REASONS = {
    "Month": "unparseable month (expected YYYY-MM)",
    "Reported by": "no force named (Reported by is blank)",
    "Longitude": "longitude is not a number",
    "Latitude": "latitude is not a number",
    "Crime type": "unknown crime type (not one of the 14 police.uk types)",
}
_FIELD_COLUMN = {
    "Month": "s.month",
    "Reported by": "s.reported_by",
    "Longitude": "s.longitude",
    "Latitude": "s.latitude",
    "Crime type": "s.crime_type",
}


def ingest_police_uk(
    wh: Warehouse,
    paths: list[str | Path],
    *,
    on_progress: Progress | None = None,
) -> LoadReport:
    """Load the street files named by ``paths`` (files, folders, zips) in one transaction."""
    ensure_reference(wh)
    candidates, skipped = discover(paths)
    report = LoadReport(new_batch_id(), skipped=skipped)
    started = datetime.now()
    progress = on_progress or (lambda what, done, total: None)

    with tempfile.TemporaryDirectory(prefix="saferplaces-") as tmp:
        prepared = _prepare_all(wh, candidates, Path(tmp), report, progress)
        if not prepared:
            return report
        progress("reading", 0, 1)
        rejected = read_files(wh, prepared, _TYPED_SQL)
        progress("reading", 1, 1)
        progress("writing", 0, 1)
        with wh.transaction():
            _write(wh, prepared, rejected, report, started)
            fault_point("police-uk-before-commit")
        progress("writing", 1, 1)
        for table in ("checked", "stage", "stage_paths"):
            wh.execute(f"DROP TABLE IF EXISTS {table}")
    return report


def _prepare_all(
    wh: Warehouse,
    candidates: list[Candidate],
    tmp: Path,
    report: LoadReport,
    progress: Progress,
) -> list[PreparedFile]:
    """Check every file before anything is written; drop those already loaded."""
    prepared: list[PreparedFile] = []
    seen: dict[str, str] = {}
    # Decompression and hashing release the GIL, so two threads use both cores.
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        futures = [pool.submit(prepare, c, tmp, i) for i, c in enumerate(candidates)]
    for i, fut in enumerate(futures):
        progress("checking", i, len(candidates))
        f = fut.result()
        earlier = current_load_with_hash(wh, SOURCE, f.sha256)
        if earlier or f.sha256 in seen:
            where = earlier["file_name"] if earlier else seen[f.sha256]
            report.files.append(
                FileResult(
                    f.display, "already loaded", SOURCE, f.sha256, note=f"same content as {where}"
                )
            )
            continue
        seen[f.sha256] = f.display
        prepared.append(f)
    progress("checking", len(candidates), len(candidates))
    return prepared


def _write(
    wh: Warehouse,
    prepared: list[PreparedFile],
    rejected: dict[int, list[Rejected]],
    report: LoadReport,
    started: datetime,
) -> None:
    # A bad row is reported by its row number, which only the exact reader knows.
    unnumbered = [
        r[0]
        for r in wh.rows(
            "SELECT DISTINCT file_index FROM checked "
            "WHERE bad_field IS NOT NULL AND row_number IS NULL ORDER BY 1"
        )
    ]
    for i in unnumbered:
        rejected[i] = read_exact(wh, i, prepared[i], _TYPED_SQL)
    # Force-months each file holds; two files in one batch may not claim the same one.
    wh.execute(
        "CREATE OR REPLACE TEMP TABLE file_months AS SELECT file_index, reported_by, month, "
        "count(*) AS rows FROM checked WHERE bad_field IS NULL GROUP BY ALL"
    )
    clash = wh.rows(
        "SELECT reported_by, strftime(month, '%Y-%m'), list(file_index ORDER BY file_index) "
        "FROM file_months GROUP BY ALL HAVING count(*) > 1 ORDER BY 2 LIMIT 1"
    )
    if clash:
        force, month, files = clash[0]
        names = " and ".join(prepared[i].display for i in files[:2])
        raise SaferplacesError(
            f"{names} both hold {force} {month}; load one of them (a later file for the same "
            "force and month replaces the earlier one, so load them in separate commands)"
        )

    ids = [next_load_id(wh) for _ in prepared]
    wh.execute("CREATE OR REPLACE TEMP TABLE batch_files (file_index INTEGER, load_id BIGINT)")
    wh.con.executemany("INSERT INTO batch_files VALUES (?, ?)", list(enumerate(ids)))

    replaced = dict(
        wh.rows(
            "SELECT fm.file_index, count(*) FROM police_street p JOIN file_months fm "
            "ON p.reported_by = fm.reported_by AND p.month = fm.month GROUP BY fm.file_index"
        )
    )
    wh.execute(
        "DELETE FROM police_street USING file_months fm "
        "WHERE police_street.reported_by = fm.reported_by AND police_street.month = fm.month"
    )
    wh.execute(
        "UPDATE load_coverage SET superseded_by = b.load_id "
        "FROM file_months fm JOIN batch_files b USING (file_index) "
        "WHERE load_coverage.source = ? AND load_coverage.superseded_by IS NULL "
        "AND load_coverage.force = fm.reported_by AND load_coverage.month = fm.month",
        [SOURCE],
    )
    wh.execute(
        f"INSERT INTO police_street SELECT b.load_id, {_STORED} FROM checked c "
        "JOIN batch_files b USING (file_index) WHERE c.bad_field IS NULL"
    )
    fault_point("police-uk-after-insert")
    wh.execute(
        "INSERT INTO load_coverage SELECT b.load_id, ?, fm.reported_by, fm.month, fm.rows, NULL "
        "FROM file_months fm JOIN batch_files b USING (file_index)",
        [SOURCE],
    )
    _quarantine(wh, prepared, rejected, ids)

    loaded_rows = dict(wh.rows("SELECT file_index, sum(rows) FROM file_months GROUP BY 1"))
    bad_counts = dict(
        wh.rows("SELECT file_index, count(*) FROM checked WHERE bad_field IS NOT NULL GROUP BY 1")
    )
    months = {
        r[0]: (r[1], r[2], r[3])
        for r in wh.rows(
            "SELECT file_index, strftime(min(month), '%Y-%m'), strftime(max(month), '%Y-%m'), "
            "CASE WHEN count(DISTINCT reported_by) = 1 THEN any_value(reported_by) END "
            "FROM file_months GROUP BY file_index"
        )
    }
    month_lists = {
        r[0]: r[1]
        for r in wh.rows(
            "SELECT file_index, list_sort(list(DISTINCT strftime(month, '%Y-%m'))) "
            "FROM file_months GROUP BY file_index"
        )
    }
    for i, f in enumerate(prepared):
        loaded, quarantined = int(loaded_rows.get(i, 0)), int(bad_counts.get(i, 0))
        n_rejected = len(rejected.get(i, []))
        first, last, force = months.get(i, (None, None, None))
        result = FileResult(
            file=f.display,
            status="replaced" if replaced.get(i) else "loaded",
            source=SOURCE,
            sha256=f.sha256,
            load_id=ids[i],
            force=force,
            months=list(month_lists.get(i, [])),
            rows_read=loaded + quarantined + n_rejected,
            rows_loaded=loaded,
            rows_quarantined=quarantined,
            rows_rejected=n_rejected,
            rows_replaced=replaced.get(i, 0),
        )
        record_load(
            wh,
            load_id=ids[i],
            batch_id=report.batch_id,
            source=SOURCE,
            file_name=f.display,
            sha256=f.sha256,
            force=force,
            first_month=first,
            last_month=last,
            rows_read=result.rows_read,
            rows_loaded=loaded,
            rows_quarantined=quarantined,
            rows_rejected=n_rejected,
            rows_replaced=result.rows_replaced,
            started_at=started,
        )
        report.files.append(result)
    refresh_statuses(wh, SOURCE)


def _quarantine(
    wh: Warehouse,
    prepared: list[PreparedFile],
    rejected: dict[int, list[Rejected]],
    ids: list[int],
) -> None:
    record = (
        "json_object("
        + ", ".join(f"'{c}', s.{col}" for c, col in zip(STREET_COLUMNS, STAGE_FIELDS, strict=True))
        + ")"
    )
    cases = " ".join(f"WHEN '{f}' THEN '{r}'" for f, r in _REASONS.items())
    values = " ".join(f"WHEN '{f}' THEN {col}" for f, col in _FIELD_COLUMN.items())
    wh.execute("CREATE OR REPLACE TEMP TABLE batch_names (file_index INTEGER, file_name VARCHAR)")
    wh.con.executemany(
        "INSERT INTO batch_names VALUES (?, ?)", [(i, f.display) for i, f in enumerate(prepared)]
    )
    wh.execute(
        f"""
        INSERT INTO quarantine
        SELECT b.load_id, ?, n.file_name, s.row_number, 'quarantined', q.bad_field,
               CASE q.bad_field {values} END, CASE q.bad_field {cases} END, {record}
        FROM checked q
        JOIN stage s ON s.file_index = q.file_index AND s.row_number = q.row_number
        JOIN batch_files b ON b.file_index = q.file_index
        JOIN batch_names n ON n.file_index = q.file_index
        WHERE q.bad_field IS NOT NULL
        """,
        [SOURCE],
    )
    rows = [
        (
            ids[i],
            SOURCE,
            prepared[i].display,
            r.row_number,
            "rejected",
            None,
            None,
            r.reason,
            json.dumps(r.text),
        )
        for i, rs in rejected.items()
        for r in rs
    ]
    if rows:
        wh.con.executemany("INSERT INTO quarantine VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
