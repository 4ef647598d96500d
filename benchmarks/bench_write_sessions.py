"""What a load pays for writing a copy (decision 16), and what readers see while it runs.

A write session copies the warehouse, writes the copy and puts it in place by rename, so
readers never wait and loads never fail for them. Two measurements, each against a
baseline taken in the same run:

1. **The cost of the copy.** Loading one police.uk month into a warehouse that holds 23
   months: in a write session (copy, load, checkpoint, rename) against the same load
   written into the file in place (the way saferplaces wrote before decision 16, which
   failed whenever anyone was reading).
2. **A load while people read.** The same load while reader processes open the warehouse
   read-only and build the indicator table in a loop: the load's time against the load
   alone, the readers' time during the load against before it, and the number of reads
   that failed (before decision 16, review 18 saw 7 of 7 loads fail with 8 readers). Every
   read must see the warehouse whole: the 23 months before the rename, the 24 after.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import duckdb

from saferplaces.core.periods import parse_period
from saferplaces.geography.areas import resolve_area
from saferplaces.geography.reference import load_reference
from saferplaces.indicators.police import police_indicators
from saferplaces.sources.police_uk import ingest_police_uk
from saferplaces.warehouse import Warehouse

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
FILES = sorted((SAMPLE / "police_uk" / "cambridgeshire" / "street").glob("*.csv.gz"))
REPEATS = 5
READERS = 2  # the machine has two cores: more readers measure the scheduler
COUNT = "SELECT count(*) FROM police_street"


def _load_in_place(path: Path) -> float:
    """The baseline: the month written into the file itself, as before decision 16."""
    t0 = time.perf_counter()
    wh = Warehouse(duckdb.connect(str(path)), str(path), False)
    try:
        ingest_police_uk(wh, FILES[-1:])
    finally:
        wh.close()  # DuckDB checkpoints a file it closes
    return time.perf_counter() - t0


def _load_in_session(path: Path) -> float:
    t0 = time.perf_counter()
    with Warehouse.open(path, wait=60) as wh:
        ingest_police_uk(wh, FILES[-1:])
    return time.perf_counter() - t0


def _reader(path: str, stop, results) -> None:
    """Open read-only, count and build the indicator table, close; again until told."""
    from saferplaces import extensions

    extensions.load()
    times, rows_seen, errors = [], set(), 0
    while not stop.is_set():
        t0 = time.perf_counter()
        try:
            with Warehouse.open(path, read_only=True) as wh:
                rows_seen.add(wh.scalar(COUNT))
                area = resolve_area(wh, "South Cambridgeshire")
                police_indicators(wh, area, parse_period("2025"), parse_period("2024"))
        except Exception:  # a failed read is what this counts
            errors += 1
        times.append((t0, time.perf_counter() - t0))
    results.put((times, sorted(rows_seen), errors))


def _with_readers(template: Path, work: Path) -> dict:
    """``REPEATS`` loads of the month, each into the 23 months again, while readers read."""
    path = work / "busy.duckdb"
    shutil.copyfile(template, path)
    ctx = mp.get_context("fork")
    stop, results = ctx.Event(), ctx.Queue()
    readers = [ctx.Process(target=_reader, args=(str(path), stop, results)) for _ in range(READERS)]
    for p in readers:
        p.start()
    time.sleep(3)  # the readers start up and read the 23 months for a while
    loads, spans = [], []
    for _ in range(REPEATS):
        # Back to the 23 months, put in place by rename as a write session does.
        shutil.copyfile(template, work / "next.duckdb")
        os.replace(work / "next.duckdb", path)
        time.sleep(1)
        start = time.perf_counter()
        loads.append(_load_in_session(path))
        spans.append((start, time.perf_counter()))
        time.sleep(1)
    stop.set()
    out = [results.get(timeout=120) for _ in readers]
    for p in readers:
        p.join(timeout=60)
    reads = [(t, d) for times, _, _ in out for t, d in times]

    def overlaps(t: float, d: float) -> bool:
        return any(t < end and t + d > start for start, end in spans)

    return {
        "load": statistics.median(loads),
        "reads_before": [d for t, d in reads if t + d < spans[0][0]],
        "reads_during": [d for t, d in reads if overlaps(t, d)],
        "rows_seen": sorted({n for _, seen, _ in out for n in seen}),
        "errors": sum(e for _, _, e in out),
        "reads": len(reads),
    }


def run() -> dict:
    with tempfile.TemporaryDirectory() as d:
        work = Path(d)
        template = work / "template.duckdb"
        with Warehouse.open(template) as wh:
            load_reference(wh, SAMPLE)
            ingest_police_uk(wh, FILES[:-1])
            rows_before = wh.scalar(COUNT)
        size = template.stat().st_size

        in_place, in_session, copies = [], [], []
        for i in range(REPEATS):
            a, b = work / f"a{i}.duckdb", work / f"b{i}.duckdb"
            shutil.copyfile(template, a)
            shutil.copyfile(template, b)
            # Alternated, so neither way always runs first on a warm cache.
            if i % 2:
                in_session.append(_load_in_session(b))
                in_place.append(_load_in_place(a))
            else:
                in_place.append(_load_in_place(a))
                in_session.append(_load_in_session(b))
            t0 = time.perf_counter()
            shutil.copyfile(template, work / "copy.duckdb")
            copies.append(time.perf_counter() - t0)
            with (
                duckdb.connect(str(a), read_only=True) as ca,
                duckdb.connect(str(b), read_only=True) as cb,
            ):
                n_a, n_b = ca.execute(COUNT).fetchone()[0], cb.execute(COUNT).fetchone()[0]
            assert n_a == n_b > rows_before, "the two ways of writing disagree"
            a.unlink()
            b.unlink()
        rows_after = n_b

        seen = _with_readers(template, work)

    assert seen["errors"] == 0, f"{seen['errors']} reads failed during a load"
    assert set(seen["rows_seen"]) <= {rows_before, rows_after}, (
        f"a reader saw a warehouse half-written: {seen['rows_seen']}"
    )
    place, sess, copy = (statistics.median(x) for x in (in_place, in_session, copies))
    before = statistics.median(seen["reads_before"])
    during = statistics.median(seen["reads_during"])
    result = {
        "warehouse_mb": round(size / 2**20, 1),
        "rows_loaded": rows_after - rows_before,
        "repeats": REPEATS,
        "load_in_place_seconds": round(place, 4),
        "load_in_write_session_seconds": round(sess, 4),
        "ratio_write_session_vs_in_place": round(sess / place, 2),
        "copy_seconds": round(copy, 4),
        "copy_mb_per_second": round(size / 2**20 / copy),
        "readers": READERS,
        "load_with_readers_seconds": round(seen["load"], 4),
        "ratio_load_with_readers_vs_alone": round(seen["load"] / sess, 2),
        "reads": seen["reads"],
        "reads_during_loads": len(seen["reads_during"]),
        "reads_failed": seen["errors"],
        "read_seconds_before_load": round(before, 4),
        "read_seconds_during_load": round(during, 4),
        "ratio_read_during_vs_before_load": round(during / before, 2),
        "rows_readers_saw": seen["rows_seen"],
    }
    print(
        f"   one month into a {size / 2**20:.1f} MB warehouse: write session {sess:.3f}s, "
        f"in place {place:.3f}s: ratio {sess / place:.2f}x (the copy alone {copy:.3f}s)\n"
        f"   with {READERS} readers: a load {seen['load']:.3f}s ({seen['load'] / sess:.2f}x "
        f"alone); {seen['reads']} reads, {seen['errors']} failed; a read "
        f"{during / before:.2f}x as long during the load; readers saw {seen['rows_seen']} rows"
    )
    return result
