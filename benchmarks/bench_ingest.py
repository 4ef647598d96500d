"""Ingest the 24 bundled police.uk months: saferplaces against the obvious pandas way.

saferplaces: ``ingest_police_uk`` into a warehouse that already holds the reference data
(checking headers, hashing, typing, quarantine checks, one transaction), then the counts
by district and crime type from the warehouse. pandas: ``read_csv`` of each file,
``concat``, ``merge`` with the (already read) lookup, ``groupby`` district and type.
Both produce the same table; the benchmark checks they agree before timing.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path

import pandas as pd

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

COUNT_SQL = """
SELECT l.lad_code, s.crime_type, count(*) FROM police_street s
JOIN ref_lsoa l ON l.lsoa21_code = s.lsoa_code GROUP BY ALL
"""


def _pandas(lookup: pd.DataFrame) -> dict:
    frames = [pd.read_csv(f) for f in FILES]
    df = pd.concat(frames, ignore_index=True)
    merged = df.merge(lookup, left_on="LSOA code", right_on="lsoa21_code", how="inner")
    g = merged.groupby(["ltla24_code", "Crime type"]).size()
    return {k: int(v) for k, v in g.items()}, len(df)


def _saferplaces(template: Path, workdir: Path) -> tuple[dict, int, float, float]:
    path = workdir / "w.duckdb"
    shutil.copy(template, path)
    with Warehouse.open(path) as wh:
        t0 = time.perf_counter()
        report = ingest_police_uk(wh, FILES)
        t1 = time.perf_counter()
        counts = {(a, b): int(n) for a, b, n in wh.rows(COUNT_SQL)}
        t2 = time.perf_counter()
    path.unlink()
    return counts, report.total("rows_loaded"), t1 - t0, t2 - t0


def run() -> dict:
    lookup = pd.read_csv(SAMPLE / "geography" / "lsoa21_ward24_lad24_ew.csv.gz")
    with tempfile.TemporaryDirectory() as d:
        work = Path(d)
        template = work / "reference.duckdb"
        with Warehouse.open(template) as wh:
            load_reference(wh, SAMPLE)

        ours, rows, _, _ = _saferplaces(template, work)
        theirs, pandas_rows = _pandas(lookup)
        assert ours == theirs and rows == pandas_rows, "saferplaces and pandas disagree"

        ingest_times, total_times, pandas_times = [], [], []
        for _ in range(REPEATS):
            _, _, t_ingest, t_total = _saferplaces(template, work)
            ingest_times.append(t_ingest)
            total_times.append(t_total)
            t0 = time.perf_counter()
            _pandas(lookup)
            pandas_times.append(time.perf_counter() - t0)

        # Answering again: the warehouse keeps the data, pandas starts from the files.
        path = work / "kept.duckdb"
        shutil.copy(template, path)
        with Warehouse.open(path) as wh:
            ingest_police_uk(wh, FILES)
            area = resolve_area(wh, "South Cambridgeshire")
            query_times = []
            for _ in range(REPEATS):
                t0 = time.perf_counter()
                police_indicators(wh, area, parse_period("2025"), parse_period("2024"))
                query_times.append(time.perf_counter() - t0)

    ingest = statistics.median(ingest_times)
    total = statistics.median(total_times)
    base = statistics.median(pandas_times)
    query = statistics.median(query_times)
    result = {
        "rows": rows,
        "files": len(FILES),
        "repeats": REPEATS,
        "saferplaces_ingest_seconds": round(ingest, 4),
        "saferplaces_ingest_and_count_seconds": round(total, 4),
        "pandas_seconds": round(base, 4),
        "saferplaces_rows_per_second": round(rows / total),
        "pandas_rows_per_second": round(rows / base),
        "ratio_vs_pandas": round(base / total, 2),
        "indicator_table_from_warehouse_seconds": round(query, 4),
        "ratio_answer_again_vs_pandas": round(base / query, 1),
    }
    print(
        f"   ingest + count: saferplaces {total:.3f}s ({rows / total:,.0f} rows/s), "
        f"pandas {base:.3f}s ({rows / base:,.0f} rows/s): ratio {base / total:.2f}x\n"
        f"   indicator table from the warehouse: {query * 1000:.1f} ms "
        f"({base / query:,.0f}x faster than recomputing with pandas)"
    )
    return result
