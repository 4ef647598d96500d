"""Ward and district tables: p, q and intervals, checked against SciPy run directly on
counts taken from the raw bundled files (never through saferplaces' own statistics)."""

from __future__ import annotations

import pytest
from scipy import stats

from saferplaces.core.periods import parse_period
from saferplaces.geography.areas import resolve_area
from saferplaces.indicators.registry import get_indicator
from saferplaces.indicators.tables import district_table, ward_table
from tests.helpers import raw

SOUTH_CAMBS = "E07000012"
Y2025, Y2024 = raw.months("2025-01", "2025-12"), raw.months("2024-01", "2024-12")


def _expected(x1: int, x0: int, denominator: int | None) -> dict:
    """What methods.md defines, computed with scipy.stats itself."""
    p = stats.binomtest(x1, x1 + x0, 0.5).pvalue if x1 + x0 else 1.0
    out = {"p_value": p}
    if denominator:
        lo = stats.chi2.ppf(0.025, 2 * x1) / 2 if x1 else 0.0
        hi = stats.chi2.ppf(0.975, 2 * x1 + 2) / 2
        out |= {"ci_low": lo / denominator * 1000, "ci_high": hi / denominator * 1000}
    return out


def _verdict(p: float, x1: int, x0: int) -> str:
    if p >= 0.05:
        return "no significant change"
    return "significant increase" if x1 > x0 else "significant decrease"


def test_ward_table_p_q_and_intervals(loaded):
    area = resolve_area(loaded, "South Cambridgeshire")
    t = ward_table(
        loaded,
        area,
        get_indicator("burglary"),
        parse_period("2025"),
        parse_period("2024"),
        alpha=0.05,
    )
    wards = {r["ward24_code"] for r in raw.lookup().values() if r["ltla24_code"] == SOUTH_CAMBS}
    assert {r.code for r in t.rows} == wards
    ps = []
    for r in t.rows:
        x1 = raw.counts("ward24_code", r.code, Y2025)["Burglary"]
        x0 = raw.counts("ward24_code", r.code, Y2024)["Burglary"]
        households = raw.denominator("ward24_code", r.code)[1]
        want = _expected(x1, x0, households)
        assert (r.count, r.baseline_count, r.denominator) == (x1, x0, households)
        assert r.p_value == pytest.approx(want["p_value"], rel=1e-9)
        assert r.ci_low == pytest.approx(want["ci_low"], rel=1e-9, abs=1e-12)
        assert r.ci_high == pytest.approx(want["ci_high"], rel=1e-9)
        assert r.ci_low <= r.rate_per_1000 <= r.ci_high
        assert r.classification == _verdict(want["p_value"], x1, x0)
        ps.append(want["p_value"])
    # Benjamini–Hochberg across the district's wards, as SciPy computes it.
    qs = stats.false_discovery_control(ps, method="bh")
    assert [r.q_value for r in t.rows] == pytest.approx(list(qs), rel=1e-9)
    doc = t.to_dict()
    assert {"ci_low", "ci_high", "p_value", "q_value", "classification"} <= set(doc["rows"][0])
    assert doc["alpha"] == 0.05


def test_district_table_p_q_and_intervals(loaded):
    force = resolve_area(loaded, "Cambridgeshire")
    t = district_table(
        loaded,
        force,
        get_indicator("anti-social-behaviour"),
        parse_period("2025"),
        parse_period("2024"),
    )
    districts = [r for r in t.rows if r.level == "district"]
    ps = []
    for r in districts:
        x1 = raw.counts("ltla24_code", r.code, Y2025)["Anti-social behaviour"]
        x0 = raw.counts("ltla24_code", r.code, Y2024)["Anti-social behaviour"]
        residents = raw.denominator("ltla24_code", r.code)[0]
        want = _expected(x1, x0, residents)
        assert (r.count, r.baseline_count, r.denominator) == (x1, x0, residents)
        assert r.p_value == pytest.approx(want["p_value"], rel=1e-9)
        assert r.ci_low == pytest.approx(want["ci_low"], rel=1e-9)
        assert r.ci_high == pytest.approx(want["ci_high"], rel=1e-9)
        assert r.classification == _verdict(want["p_value"], x1, x0)
        ps.append(want["p_value"])
    # q across the districts only: the extra rows are not places being compared.
    qs = stats.false_discovery_control(ps, method="bh")
    assert [r.q_value for r in districts] == pytest.approx(list(qs), rel=1e-9)

    # Records with no usable location: tested as a row of their own, with no rate.
    located = set(raw.lookup())

    def unknown(period: set[str]) -> int:
        return sum(
            1
            for r in raw.street_rows()
            if r["Crime type"] == "Anti-social behaviour"
            and r["Month"] in period
            and r["LSOA code"] not in located
        )

    row = next(r for r in t.rows if r.level == "location unknown")
    x1, x0 = unknown(Y2025), unknown(Y2024)
    assert (row.count, row.baseline_count) == (x1, x0)
    assert row.p_value == pytest.approx(_expected(x1, x0, None)["p_value"], rel=1e-9)
    assert row.q_value is None and row.ci_low is None and row.rate_per_1000 is None
    total = next(r for r in t.rows if r.level == "force total")
    assert total.count == sum(r.count for r in districts) + x1
    want = _expected(total.count, total.baseline_count, total.denominator)
    assert total.p_value == pytest.approx(want["p_value"], rel=1e-9)
    assert total.ci_high == pytest.approx(want["ci_high"], rel=1e-9)
    assert total.q_value is None
    outside = next(r for r in t.rows if r.level == "outside force area")
    assert outside.p_value is None and outside.classification == "not compared"


def test_missing_months_and_weighted_sums_are_not_tested(loaded):
    area = resolve_area(loaded, "South Cambridgeshire")
    # 2023 is not held: the counts stand, but nothing is compared.
    t = ward_table(
        loaded, area, get_indicator("burglary"), parse_period("2025"), parse_period("2023")
    )
    assert all(r.baseline_count == 0 for r in t.rows)
    assert all(r.p_value is None and r.q_value is None for r in t.rows)
    assert {r.classification for r in t.rows} == {"not compared"}
    assert all(r.ci_high is not None for r in t.rows)  # the interval needs no baseline
    # Harm is a weighted sum of days, not a Poisson count: no interval, no test.
    h = ward_table(loaded, area, get_indicator("harm"), parse_period("2025"), parse_period("2024"))
    assert all(r.ci_low is None and r.p_value is None for r in h.rows)
    assert all(r.rate_per_1000 is not None for r in h.rows if r.denominator)


def test_cli_tables_gain_the_test_and_keep_their_keys(cli, loaded_path):
    import csv
    import io
    import json

    args = ["--indicator", "burglary", "--period", "2025", "--warehouse", loaded_path]
    r = cli("table", "wards", "--area", "South Cambridgeshire", *args, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(r.out)))
    assert list(rows[0]) == [
        "ward_code",
        "ward_name",
        "count",
        "baseline_count",
        "change",
        "rate_per_1000",
        "ci_low",
        "ci_high",
        "p_value",
        "q_value",
        "classification",
    ]
    bar_hill = next(x for x in rows if x["ward_name"] == "Bar Hill")
    code = bar_hill["ward_code"]
    x1 = raw.counts("ward24_code", code, Y2025)["Burglary"]
    x0 = raw.counts("ward24_code", code, Y2024)["Burglary"]
    # CSV rounds p to four significant figures.
    assert float(bar_hill["p_value"]) == pytest.approx(
        stats.binomtest(x1, x1 + x0, 0.5).pvalue, rel=1e-3
    )
    doc = json.loads(
        cli("table", "districts", "--area", "Cambridgeshire", *args, "--format", "json").out
    )
    row = doc["rows"][0]
    assert {"district_code", "level", "count", "rate_per_1000", "ci_low", "p_value"} <= set(row)
    table = cli("table", "districts", "--area", "Cambridgeshire", *args).out
    assert "for information" in table and "Benjamini–Hochberg across the districts" in table
