"""What the evidence pages cost the web app, against the library calls they wrap.

Wards page. Baseline: ``ward_table`` for South Cambridgeshire on a warehouse connection
that is already open (what the CLI's ``table wards`` does). Page: what each web request
does: open the warehouse read-only, resolve the area, ``ward_table``, and draw the SVG
choropleth from the boundaries. The ratio is the price of a stateless web tier (a fresh
read-only connection per request) plus the server-side map.

Indicators page. Baseline: ``full_indicator_table`` on an open connection (what the
CLI's ``indicators`` does). Page: open read-only, resolve the area, the same table, and
the check of which months each source holds for the period and the baseline (so that
nothing is compared over missing months).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from saferplaces.core.periods import parse_period
from saferplaces.geography.areas import resolve_area
from saferplaces.geography.reference import load_reference
from saferplaces.indicators.registry import get_indicator
from saferplaces.indicators.tables import ward_table
from saferplaces.sources.agency.indicators import full_indicator_table
from saferplaces.sources.police_uk import ingest_police_uk
from saferplaces.warehouse import Warehouse
from saferplaces.web.evidence.comparison import completeness
from saferplaces.web.evidence.maps import ward_map

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
STREET = SAMPLE / "police_uk" / "cambridgeshire" / "street"
REPEATS = 15


def _page(path: Path, indicator, period) -> int:
    with Warehouse.open(path, read_only=True) as wh:
        area = resolve_area(wh, "E07000012")
        table = ward_table(wh, area, indicator, period)
        svg, _ = ward_map(
            wh,
            {r.code: r.rate_per_1000 for r in table.rows},
            {r.code: r.name for r in table.rows},
            title="t",
            description="d",
        )
    return len(svg)


def _indicators_page(path: Path, period) -> int:
    with Warehouse.open(path, read_only=True) as wh:
        area = resolve_area(wh, "E07000012")
        table = full_indicator_table(wh, area, period)
        done = completeness(
            wh, area, table.period, table.baseline, [r.indicator_id for r in table.rows]
        )
    return len(done.warnings())


def run() -> dict:
    indicator = get_indicator("burglary")
    period = parse_period("2025")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "warehouse.duckdb"
        with Warehouse.open(path) as wh:
            load_reference(wh, SAMPLE)
            ingest_police_uk(wh, [STREET])
        wh = Warehouse.open(path, read_only=True)
        area = resolve_area(wh, "E07000012")
        base, page = [], []
        _page(path, indicator, period)  # warm the caches both share
        for _ in range(REPEATS):
            t = time.perf_counter()
            rows = ward_table(wh, area, indicator, period).rows
            base.append(time.perf_counter() - t)
            t = time.perf_counter()
            size = _page(path, indicator, period)
            page.append(time.perf_counter() - t)
        ind_base, ind_page = [], []
        _indicators_page(path, period)
        for _ in range(REPEATS):
            t = time.perf_counter()
            full_indicator_table(wh, area, period)
            ind_base.append(time.perf_counter() - t)
            t = time.perf_counter()
            _indicators_page(path, period)
            ind_page.append(time.perf_counter() - t)
        wh.close()
    b, p = statistics.median(base), statistics.median(page)
    ib, ip = statistics.median(ind_base), statistics.median(ind_page)
    return {
        "what": "ward evidence page (open read-only + ward table + SVG map) vs ward_table alone",
        "wards": len(rows),
        "svg_bytes": size,
        "baseline_ward_table_s": round(b, 4),
        "page_s": round(p, 4),
        "ratio_page_to_baseline": round(p / b, 2),
        "indicators_what": "indicators page (open read-only + table + months-held check) vs "
        "full_indicator_table alone",
        "baseline_indicator_table_s": round(ib, 4),
        "indicators_page_s": round(ip, 4),
        "ratio_indicators_page_to_baseline": round(ip / ib, 2),
    }
