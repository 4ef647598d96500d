"""Searches per 1,000 residents by ethnic group and the disproportionality ratio, checked
against SciPy's exact binomial interval and hand-worked values."""

from __future__ import annotations

import pytest
from scipy import stats

from saferplaces.indicators.disproportionality import group_rate, rate_ratio


def test_rate_per_1000_with_its_exact_interval():
    g = group_rate("Black", 73, 6_544)
    assert g.rate_per_1000 == pytest.approx(1000 * 73 / 6_544)
    # Garwood: chi2(0.025; 146)/2 and chi2(0.975; 148)/2 over the residents.
    assert g.ci_low == pytest.approx(1000 * stats.chi2.ppf(0.025, 146) / 2 / 6_544)
    assert g.ci_high == pytest.approx(1000 * stats.chi2.ppf(0.975, 148) / 2 / 6_544)
    assert group_rate("None", 3, 0).rate_per_1000 is None


@pytest.mark.parametrize("x, n, xr, nr", [(40, 10_000, 100, 100_000), (5, 2_000, 900, 400_000),
                                          (0, 1_000, 50, 20_000)])  # fmt: skip
def test_rate_ratio_and_its_exact_conditional_interval(x, n, xr, nr):
    r = rate_ratio(x, n, xr, nr)
    assert r.ratio == pytest.approx((x / n) / (xr / nr))
    ci = stats.binomtest(x, x + xr).proportion_ci(confidence_level=0.95, method="exact")
    assert r.ci_low == pytest.approx(ci.low / (1 - ci.low) * nr / n)
    assert r.ci_high == pytest.approx(ci.high / (1 - ci.high) * nr / n)
    assert r.ci_low <= r.ratio <= r.ci_high


def test_undefined_ratios_are_none():
    assert rate_ratio(5, 100, 0, 1_000).ratio is None
    assert rate_ratio(5, 0, 3, 1_000).ratio is None
