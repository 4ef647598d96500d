"""Assessment elements one at a time, on a small build context (tests/helpers/assessment.py):
each table or figure against figures worked out from the raw files, without building the
whole assessment (test_builder.py checks the same figures in the whole document)."""

from collections import Counter

import pytest

from saferplaces.document.model import Figure, Table
from tests.helpers import raw
from tests.helpers.assessment import build_element, element_context
from tests.helpers.tables import column, values

SOUTH_CAMBS = "E07000012"
Y2025 = raw.months("2025-01", "2025-12")
MONTHS = sorted(raw.months("2024-01", "2025-12"))


def _all_crime(c: Counter) -> int:
    return sum(n for t, n in c.items() if t != "Anti-social behaviour")


@pytest.fixture
def ctx(loaded):
    return element_context(loaded, "South Cambridgeshire", "2025", "2024")


def test_trend_is_the_monthly_counts_with_limits_from_the_baseline_year(ctx):
    [fig] = build_element(ctx, "trend", indicator="all-crime", id="overall-trend")
    assert isinstance(fig, Figure) and fig.id == "overall-trend"
    expected = [_all_crime(raw.counts("ltla24_code", SOUTH_CAMBS, {m})) for m in MONTHS]
    assert fig.chart.series[0].values == expected
    centre = sum(expected[:12]) / 12
    moving_ranges = [abs(expected[i] - expected[i - 1]) for i in range(1, 12)]
    assert fig.chart.centre == pytest.approx(centre)
    assert fig.chart.upper == pytest.approx(centre + 2.66 * sum(moving_ranges) / 11)
    assert fig.chart.lower == pytest.approx(max(centre - 2.66 * sum(moving_ranges) / 11, 0))
    assert fig.chart.baseline_points == 12 and len(fig.data.rows) == 24


def test_seasonality_index_is_on_the_series_over_its_centred_moving_average(ctx):
    [fig] = build_element(ctx, "seasonality", indicator="anti-social-behaviour")
    monthly = {
        m: raw.counts("ltla24_code", SOUTH_CAMBS, {m})["Anti-social behaviour"] for m in MONTHS
    }
    # Method change (methods.md): the index is on the detrended series. Over 24 months
    # the centred 12-month average (ends weighted 1/24, the 11 between 1/12) is defined
    # for July 2024 to June 2025, one ratio for each calendar month.
    expected = raw.detrended_index([monthly[m] for m in MONTHS])
    means, index = values(fig.data, "mean"), values(fig.data, "index")
    for mm, name in ((2, "February"), (8, "August"), (11, "November")):
        mean = (monthly[f"2024-{mm:02d}"] + monthly[f"2025-{mm:02d}"]) / 2
        assert means[name] == pytest.approx(mean)
        assert index[name] == pytest.approx(expected[mm])
    assert "centred 12-month moving average" in fig.notes[0]


def test_ward_table_counts_are_the_raw_ward_counts(ctx):
    [table] = [
        b
        for b in build_element(ctx, "ward-table", indicator="burglary", id="b-wards")
        if isinstance(b, Table)
    ]
    got = values(table, "count")
    wards = {
        r["ward24_name"]: r["ward24_code"]
        for r in raw.lookup().values()
        if r["ltla24_code"] == SOUTH_CAMBS
    }
    assert len(wards) == 26
    for name, code in wards.items():
        assert got[name] == raw.counts("ward24_code", code, Y2025)["Burglary"], name
    district = raw.counts("ltla24_code", SOUTH_CAMBS, Y2025)["Burglary"]
    assert got["South Cambridgeshire (all wards)"] == district
    # Each rate's exact 95% interval (Garwood), worked out by bisection on the Poisson cdf.
    ci = column(table, "ci")
    for name in ("Cambourne", "Whittlesford", "South Cambridgeshire (all wards)"):
        code = wards.get(name, SOUTH_CAMBS)
        n = got[name]
        households = raw.denominator("ward24_code" if name in wards else "ltla24_code", code)[1]
        lo, hi = raw.poisson_interval(n)
        assert ci[name] == f"{lo / households * 1000:.2f} to {hi / households * 1000:.2f}"
    assert any(note.startswith("95% CI: the exact (Garwood)") for note in table.notes)


def test_an_indicator_without_data_builds_nothing_and_says_why(ctx):
    assert build_element(ctx, "trend", indicator="deliberate-fires", title="Fire") == []
    assert "Fire" in dict(ctx.left_out)


def test_limits_from_six_baseline_months_are_labelled_trial_limits(loaded):
    short = element_context(loaded, "South Cambridgeshire", "2025-07..2025-12", "2025-01..2025-06")
    [fig] = build_element(short, "trend", indicator="all-crime", id="short-trend")
    expected = [
        _all_crime(raw.counts("ltla24_code", SOUTH_CAMBS, {m}))
        for m in sorted(raw.months("2025-01", "2025-12"))
    ]
    centre = sum(expected[:6]) / 6
    mr = sum(abs(expected[i] - expected[i - 1]) for i in range(1, 6)) / 5
    assert fig.chart.baseline_points == 6 and fig.chart.trial_limits
    assert fig.chart.upper == pytest.approx(centre + 2.66 * mr)
    assert "trial limits" in fig.caption and "trial limits" in fig.alt
    assert "from only 6 baseline months" in fig.alt
    assert any(n.startswith("Trial limits: the baseline has only 6 months") for n in fig.notes)
    headers = [c.header for c in fig.data.columns]
    assert "Lower trial limit" in headers and "Upper trial limit" in headers


def test_limits_from_a_baseline_year_are_control_limits_not_trial(ctx):
    [fig] = build_element(ctx, "trend", indicator="all-crime", id="overall-trend")
    assert not fig.chart.trial_limits
    assert "control limits" in fig.alt and "trial" not in fig.alt + fig.caption


def test_district_rates_show_each_rates_exact_interval(ctx):
    [fig] = build_element(ctx, "district-rates", indicator="burglary", id="b-districts")
    ci, counts = column(fig.data, "ci"), values(fig.data, "count")
    names = {r["ltla24_code"]: r["ltla24_name"] for r in raw.lookup().values()}
    for code in (SOUTH_CAMBS, "E07000008"):  # South Cambridgeshire, Cambridge
        n = raw.counts("ltla24_code", code, Y2025)["Burglary"]
        households = raw.denominator("ltla24_code", code)[1]
        assert counts[names[code]] == n
        lo, hi = raw.poisson_interval(n)
        assert ci[names[code]] == f"{lo / households * 1000:.2f} to {hi / households * 1000:.2f}"
        # The same interval is drawn as the bar's whisker.
        bar = fig.chart.categories.index(names[code])
        drawn = fig.chart.series[0].intervals[bar]
        assert drawn == pytest.approx((lo / households * 1000, hi / households * 1000), rel=1e-6)
    assert any(note.startswith("95% CI: the exact (Garwood)") for note in fig.notes)
    assert "Whiskers mark each rate's 95% confidence interval." in fig.alt
