"""The typed results documents lay out: changes, averages per month, rate intervals, a
table's q-values, control limits over gaps and funnel limit curves. Expected values come
from SciPy called directly or are worked by hand, never from saferplaces."""

from __future__ import annotations

import pytest
from scipy import stats

from saferplaces.indicators.change import (
    compare_averages,
    compare_counts,
    rate_interval,
)
from saferplaces.indicators.police import IndicatorRow, table_of
from saferplaces.indicators.spc import control_chart
from saferplaces.places.funnel import limit_curves


def test_compare_counts_against_scipy():
    c = compare_counts(45, 30, alpha=0.05)
    assert (c.change, c.change_pct) == (15, 50.0)
    assert c.p_value == pytest.approx(stats.binomtest(45, 75, 0.5).pvalue, rel=1e-9)
    assert c.z == pytest.approx(2**0.5 * (45**0.5 - 30**0.5))
    assert c.classification == "no significant change"  # p ≈ 0.106
    # Six months against twelve: p₀ = 6/18, and z is not defined.
    u = compare_counts(40, 50, t1=6, t0=12)
    assert u.p_value == pytest.approx(stats.binomtest(40, 90, 1 / 3).pvalue, rel=1e-9)
    assert u.z is None and u.classification == "significant increase"
    n = compare_counts(9, 3, compare=False)
    assert (n.p_value, n.z, n.change_pct, n.classification) == (None, None, None, "not compared")


def test_rate_interval_is_garwood_over_the_denominator():
    r = rate_interval(12, 2400)
    assert r.rate_per_1000 == pytest.approx(5.0)
    assert r.ci_low == pytest.approx(stats.chi2.ppf(0.025, 24) / 2 / 2400 * 1000, rel=1e-9)
    assert r.ci_high == pytest.approx(stats.chi2.ppf(0.975, 26) / 2 / 2400 * 1000, rel=1e-9)
    zero = rate_interval(0, 1000)
    assert zero.ci_low == 0.0 and zero.ci_high == pytest.approx(3.689, abs=1e-3)  # Garwood
    assert rate_interval(12.5, 2400, exact=False).ci_low is None  # a weighted sum
    assert rate_interval(12, None).rate_per_1000 is None


def test_compare_averages_over_the_months_held():
    # 11 months held against 12: the test allows for it, but it is not "complete".
    a = compare_averages(110, 11, 96, 12, complete=False)
    assert (a.mean, a.baseline_mean) == (10.0, 8.0)
    assert a.change_pct == pytest.approx(25.0)  # of the averages, not of the counts
    assert a.p_value is None and a.classification == "not compared"
    b = compare_averages(120, 12, 96, 12, complete=True)
    assert b.p_value == pytest.approx(stats.binomtest(120, 216, 0.5).pvalue, rel=1e-9)
    assert b.classification == "no significant change"
    small = compare_averages(30, 12, 9, 12, complete=True)
    assert small.change_pct is None  # a baseline count under 10
    assert compare_averages(5, 0, 9, 12, complete=False).mean is None


def _row(name: str, p: float | None) -> IndicatorRow:
    return IndicatorRow(name, 1, 1, 0, None, None, None, None, None, None, p, 0.5, "x")


def test_a_table_of_rows_has_q_values_across_those_rows_only():
    rows = [_row("a", 0.01), _row("b", 0.04), _row("c", None), _row("d", 0.03)]
    mine = table_of(rows)
    want = stats.false_discovery_control([0.01, 0.04, 0.03], method="bh")
    assert [r.q_value for r in mine] == pytest.approx([want[0], want[1], None, want[2]])
    assert [r.q_value for r in rows] == [0.5] * 4  # the rows given are left as they were


def test_control_limits_from_the_baseline_months_stand_over_a_later_gap():
    # Baseline 10, 14, 12, 16: centre 13, moving ranges 4, 2, 4 (mean 10/3).
    series = [10, 14, 12, 16, 13, None, 40]
    r = control_chart(series, baseline=4)
    assert r.centre == 13.0
    assert r.upper == pytest.approx(13 + 2.66 * 10 / 3)
    assert r.count_lower == pytest.approx(max(0.0, 13 - 2.66 * 10 / 3))
    # The month after the gap (40) is not looked at for signals.
    assert r.values == [10, 14, 12, 16, 13] and r.signals == []
    assert len(r.flagged(len(series))) == len(series)
    assert control_chart([10, None, 12, 16], baseline=4) is None  # a baseline month missing
    assert control_chart([10, 12], baseline=1) is None


def test_funnel_limit_curves_are_poisson_quantiles_as_rates():
    c = limit_curves(5.0, [1000, 4000], points=5)
    assert c.denominators[0] == pytest.approx(800) and c.denominators[-1] == pytest.approx(4400)
    for n, lo95, hi95, lo998, hi998 in zip(
        c.denominators, c.lower_95, c.upper_95, c.lower_998, c.upper_998, strict=True
    ):
        e = 5.0 / 1000 * n
        assert lo95 == pytest.approx(stats.poisson.ppf(0.025, e) / n * 1000)
        assert hi95 == pytest.approx(stats.poisson.ppf(0.975, e) / n * 1000)
        assert lo998 == pytest.approx(stats.poisson.ppf(0.001, e) / n * 1000)
        assert hi998 == pytest.approx(stats.poisson.ppf(0.999, e) / n * 1000)
