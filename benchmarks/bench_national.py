"""Ingest a national archive: ``saferplaces ingest police-uk`` against DuckDB's raw scan.

The archive is the synthetic one of ``national_archive.py`` (the 24 bundled months
replayed in each of the 43 police force areas of England and Wales), written to a
temporary folder and removed afterwards. Each measured run is a child process started
the same way (``python``, its imports, the work), timed from here, its peak memory read
from its own resource usage (``os.wait4``: the child's ``getrusage``, ``ru_maxrss``):

* baseline: DuckDB's ``read_csv`` counting the rows of every file, nothing else;
* saferplaces: ``saferplaces ingest police-uk ARCHIVE`` into a warehouse holding only
  the reference data (every check, quarantine and one transaction), as a user runs it;
* the same command again on the loaded warehouse (every file already loaded).

Medians of ``REPEATS`` runs, alternating the two. Set ``SAFERPLACES_BENCH_FORCES`` to
replay fewer forces (a quick look; the results then say how many).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from saferplaces.geography.reference import load_reference
from saferplaces.warehouse import Warehouse

sys.path.insert(0, str(Path(__file__).resolve().parent))
from national_archive import SAMPLE, SEED, generate

REPEATS = int(os.environ.get("SAFERPLACES_BENCH_REPEATS", "3"))
FORCES = (
    int(os.environ["SAFERPLACES_BENCH_FORCES"])
    if os.environ.get("SAFERPLACES_BENCH_FORCES")
    else None
)

RAW_SCAN = """
import duckdb, sys
con = duckdb.connect()
con.execute("SET enable_progress_bar = false")
print(con.execute("SELECT count(*) FROM read_csv(?, header = true)", [sys.argv[1]]).fetchone()[0])
"""


def _child(args: list[str]) -> tuple[float, float, str]:
    """(seconds, peak MiB, stdout) of one child process, which must succeed."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        child = subprocess.Popen(args, stdout=out, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - t0
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            err.seek(0)
            raise RuntimeError(
                f"{' '.join(args[:4])} ... failed ({child.returncode}): {err.read().decode()}"
            )
        out.seek(0)
        return seconds, usage.ru_maxrss / 1024, out.read().decode()


def _ingest(archive: Path, warehouse: Path) -> tuple[float, float]:
    seconds, mib, _ = _child(
        [sys.executable, "-m", "saferplaces", "ingest", "police-uk", str(archive),
         "--warehouse", str(warehouse)]
    )  # fmt: skip
    return seconds, mib


def run() -> dict:
    with tempfile.TemporaryDirectory(prefix="saferplaces-national-") as d:
        work = Path(d)
        t0 = time.perf_counter()
        archive = generate(work / "archive", seed=SEED, limit=FORCES)
        generated = time.perf_counter() - t0
        template = work / "reference.duckdb"
        with Warehouse.open(template) as wh:
            load_reference(wh, SAMPLE)

        pattern = str(archive.folder / "*" / "*.csv.gz")
        raw, ours, raw_mib, our_mib = [], [], [], []
        warehouse = work / "w.duckdb"
        for _ in range(REPEATS):
            seconds, mib, printed = _child([sys.executable, "-c", RAW_SCAN, pattern])
            assert int(printed) == archive.rows, "the raw scan did not count every row"
            raw.append(seconds)
            raw_mib.append(mib)
            warehouse.unlink(missing_ok=True)
            shutil.copyfile(template, warehouse)
            seconds, mib = _ingest(archive.folder, warehouse)
            ours.append(seconds)
            our_mib.append(mib)
        con = duckdb.connect(str(warehouse), read_only=True)
        try:
            loaded = con.execute("SELECT count(*) FROM police_street").fetchone()[0]
        finally:
            con.close()
        assert loaded == archive.rows, "saferplaces did not load every row"
        again, again_mib = _ingest(archive.folder, warehouse)

    raw_s, ours_s = statistics.median(raw), statistics.median(ours)
    return {
        "what": "saferplaces ingest police-uk of a synthetic national archive vs DuckDB "
        "read_csv count of the same files; each a child process timed from start to exit",
        "seed": SEED,
        "forces": len(archive.forces),
        "files": archive.files,
        "rows": archive.rows,
        "archive_mb": round(archive.bytes / 2**20, 1),
        "generate_seconds": round(generated, 1),
        "repeats": REPEATS,
        "raw_scan_seconds_median": round(raw_s, 2),
        "ingest_seconds_median": round(ours_s, 2),
        "ratio_ingest_to_raw_scan": round(ours_s / raw_s, 2),
        "raw_scan_peak_mib": round(max(raw_mib)),
        "ingest_peak_mib": round(max(our_mib)),
        "ratio_ingest_to_raw_scan_peak_memory": round(max(our_mib) / max(raw_mib), 1),
        "ingest_again_seconds": round(again, 2),
        "ingest_again_peak_mib": round(again_mib),
        "ratio_ingest_again_to_first": round(again / ours_s, 2),
        "ingest_rows_per_second": round(archive.rows / ours_s),
        "raw_scan_rows_per_second": round(archive.rows / raw_s),
    }
