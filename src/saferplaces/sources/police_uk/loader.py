"""Loading police.uk street, outcomes and stop and search files into the warehouse.

One command is one transaction: every file is checked and read first, then all of them
are written at once, so a failure (or a kill) anywhere leaves the warehouse as it was.

* A file whose content is already loaded (same SHA-256, still in force) is a no-op.
* A file for a force and month already loaded replaces that force-month: police.uk
  republishes months, and a republished month must never be counted twice. It replaces
  only the force-months it really holds: a handful of rows dated another month is a
  stray month, quarantined (decision 15).
* A row with an unparseable month, a month in the future, an unknown crime type, no
  force, or coordinates that are not numbers or not in Great Britain is quarantined with
  the reason; a record that is not a row of the file's columns (a stray quote's doing,
  among others) is rejected and kept as text. A row with no LSOA loads as "location
  unknown". Every row read is loaded, quarantined or rejected.

Outcomes and stop and search files found among them load in the same transaction
(:mod:`~saferplaces.sources.police_uk.other_files.write`), by the same rules.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from pathlib import Path

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.faults import fault_point
from saferplaces.core.staging import staging_folder
from saferplaces.geography.reference import ensure_reference
from saferplaces.sources.police_uk import queries as q
from saferplaces.sources.police_uk.files import (
    STREET,
    Candidate,
    PreparedFile,
    discover,
    prepare,
)
from saferplaces.sources.police_uk.other_files import write as other_files
from saferplaces.sources.police_uk.queries import SOURCE, TYPED_SQL
from saferplaces.sources.police_uk.stage import Rejected, read_exact, read_files
from saferplaces.sources.thin_months import few_beside_held, thin_months
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

__all__ = ["SOURCE", "ingest_police_uk"]

Progress = Callable[[str, int, int], None]  # (what, done, total)


def ingest_police_uk(
    wh: Warehouse,
    paths: list[str | Path],
    *,
    on_progress: Progress | None = None,
) -> LoadReport:
    """Load the police.uk files named by ``paths`` (files, folders, zips) in one
    transaction: street, outcomes and stop and search files."""
    ensure_reference(wh)
    candidates, skipped = discover(paths)
    report = LoadReport(new_batch_id(), skipped=skipped)
    started = datetime.now()
    progress = on_progress or (lambda what, done, total: None)

    with staging_folder() as tmp:
        prepared = _prepare_all(wh, candidates, tmp, report, progress)
        if not prepared:
            return report
        street = [f for f in prepared if f.kind == STREET]
        others = [f for f in prepared if f.kind != STREET]
        progress("reading", 0, 1)
        rejected = read_files(wh, street, TYPED_SQL) if street else {}
        locator = other_files.lsoa_locator(wh) if others else None
        read_others = [other_files.read_file(wh, f, locator) for f in others]
        progress("reading", 1, 1)
        progress("writing", 0, 1)
        with wh.transaction():
            if street:
                _write(wh, street, rejected, report, started)
            other_files.write_files(wh, read_others, report, started)
            fault_point("police-uk-before-commit")
        progress("writing", 1, 1)
        q.drop_staging(wh)
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
        source = SOURCE if f.kind == STREET else other_files.source_of(f)
        earlier = current_load_with_hash(wh, source, f.sha256)
        if earlier or f.sha256 in seen:
            where = earlier["file_name"] if earlier else seen[f.sha256]
            report.files.append(
                FileResult(
                    f.display, "already loaded", source, f.sha256, note=f"same content as {where}"
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
    # A bad row is reported by its row number, which only the exact reader knows; and a
    # cell holding a line break means a stray quote the fast reader took as a cell.
    for i in q.files_to_read_exactly(wh):
        rejected[i] = read_exact(wh, i, prepared[i], TYPED_SQL)
    strays = _stray_months(wh)
    q.mark_strays(wh, [s[:3] for s in strays])
    for i in q.files_to_read_exactly(wh):  # stray rows the fast reader read
        rejected[i] = read_exact(wh, i, prepared[i], TYPED_SQL)
        q.mark_strays(wh, [s[:3] for s in strays if s[0] == i])  # read again: mark again
    # Force-months each file holds; two files in one batch may not claim the same one.
    q.make_file_months(wh)
    clash = q.first_clash(wh)
    if clash:
        force, month, files = clash
        names = " and ".join(prepared[i].display for i in files[:2])
        raise SaferplacesError(
            f"{names} both hold {force} {month}; load one of them (a later file for the same "
            "force and month replaces the earlier one, so load them in separate commands)"
        )

    ids = [next_load_id(wh) for _ in prepared]
    q.set_batch(wh, ids, [f.display for f in prepared])
    replaced = q.replaced_counts(wh)
    q.replace_force_months(wh)
    q.insert_rows(wh)
    fault_point("police-uk-after-insert")
    q.insert_coverage(wh)
    q.quarantine_bad_rows(wh)
    q.quarantine_rejected(
        wh,
        [
            (ids[i], prepared[i].display, r.row_number, r.reason, json.dumps(r.text))
            for i, rs in rejected.items()
            for r in rs
        ],
    )

    loaded_rows = q.loaded_counts(wh)
    bad_counts = q.bad_counts(wh)
    summaries = q.file_summaries(wh)
    for i, f in enumerate(prepared):
        loaded, quarantined = loaded_rows.get(i, 0), int(bad_counts.get(i, 0))
        n_rejected = len(rejected.get(i, []))
        first, last, force, months = summaries.get(i, (None, None, None, []))
        stray_note = _join_notes(
            _stray_note([s[1:] for s in strays if s[0] == i], months),
            _shrunk_note(loaded, replaced.get(i, 0), months),
        )
        result = FileResult(
            file=f.display,
            status="replaced" if replaced.get(i) else "loaded",
            source=SOURCE,
            sha256=f.sha256,
            load_id=ids[i],
            force=force,
            months=months,
            rows_read=loaded + quarantined + n_rejected,
            rows_loaded=loaded,
            rows_quarantined=quarantined,
            rows_rejected=n_rejected,
            rows_replaced=replaced.get(i, 0),
            note=stray_note,
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
            note=stray_note,
        )
        report.files.append(result)
    refresh_statuses(wh, SOURCE)


def _stray_months(wh: Warehouse) -> list[tuple[int, str, date, int]]:
    """(file index, force, month, rows) of every stray month of the batch: a handful of
    rows for a month in a file whose other months hold far more (decision 15). They
    are quarantined, so a file replaces only the force-months it really holds."""
    counts: dict[tuple[int, str], dict[date, int]] = {}
    held: dict[tuple[int, str], dict[date, int]] = {}
    for i, force, month, n, n_held in q.month_counts(wh):
        counts.setdefault((i, force), {})[month] = n
        held.setdefault((i, force), {})[month] = n_held
    return [
        (i, force, month, months[month])
        for (i, force), months in counts.items()
        for month in sorted(thin_months(months, held[(i, force)]))
    ]


def _shrunk_note(loaded: int, replaced: int, months: list[str]) -> str | None:
    """A warning when a file replaces far more rows than it brings. A file of one month
    holds that month however small it is (decision 15), so a file cut short or filtered
    in a spreadsheet would silently replace a whole month: the load says so, and the
    replaced rows can be loaded again from the whole file."""
    if not replaced or not few_beside_held(loaded, replaced):
        return None
    held = _months_shown(months)
    return (
        f"replaced {replaced:,} rows of {held} with {loaded:,}, under a fifth of what was "
        "held: if this file was cut short or filtered, load the whole file again"
    )


def _months_shown(months: list[str]) -> str:
    return ", ".join(months) if len(months) <= 3 else f"{months[0]} to {months[-1]}"


def _join_notes(*notes: str | None) -> str | None:
    return "; ".join(n for n in notes if n) or None


def _stray_note(strays: list[tuple[str, date, int]], months: list[str]) -> str | None:
    """What the load's summary says about a file's stray months, if it had any."""
    if not strays:
        return None
    n = sum(rows for _, _, rows in strays)
    shown = ", ".join(sorted({m.strftime("%Y-%m") for _, m, _ in strays}))
    held = _months_shown(months)
    return (
        f"{n:,} row{'s' if n != 1 else ''} dated {shown} quarantined as a stray month (the "
        f"file holds {held}); they replace nothing: check their Month, or load that month's "
        "own file"
    )
