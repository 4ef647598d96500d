"""Statistics checked against hand calculations and published values."""

import math

import pytest

from saferplaces.indicators.stats import (
    DECREASE,
    INCREASE,
    NO_CHANGE,
    NOT_COMPARED,
    bh_qvalues,
    c_test,
    change_pct,
    classify,
    poisson_ci,
    two_count_z,
)
from tests.helpers.raw import binomial_two_sided_p


@pytest.mark.parametrize(
    "k, lower, upper",
    # Exact Poisson 95% limits as tabulated (e.g. Garwood 1936; PHE Technical Guide).
    [
        (0, 0.0, 3.689),
        (1, 0.0253, 5.572),
        (5, 1.623, 11.668),
        (10, 4.795, 18.390),
        (100, 81.364, 121.627),
    ],
)
def test_poisson_ci_matches_published_table(k, lower, upper):
    lo, hi = poisson_ci(k)
    assert lo == pytest.approx(lower, abs=1e-3)
    assert hi == pytest.approx(upper, abs=1e-3)


def test_two_count_z_by_hand():
    # √2·(√x₁ − √x₀): 18 = 9·2 and 8 = 4·2, so √2·(3√2 − 2√2) = 2 exactly; likewise 50, 32.
    assert two_count_z(18, 8) == pytest.approx(2.0)
    assert two_count_z(50, 32) == pytest.approx(2.0)
    assert two_count_z(8, 18) == pytest.approx(-2.0)
    assert two_count_z(2, 0) == pytest.approx(2.0)
    assert two_count_z(16, 9) == pytest.approx(1.4142135623730951)  # √2·(4 − 3)
    assert two_count_z(0, 0) == 0.0


def test_two_count_z_holds_its_size_when_nothing_changes():
    # Two independent Poisson(100) counts: the chance that |z| ≥ 1.96 should be about 5%.
    # Wheeler's 2(√x₁ − √x₀) (one count against a known mean) gives about 17% here, which
    # is why methods.md divides it by √2. Exact sums of the Poisson pmf, standard library.
    lam = 100
    pmf = [math.exp(-lam + k * math.log(lam) - math.lgamma(k + 1)) for k in range(260)]
    ours = wheeler = 0.0
    for x1, p1 in enumerate(pmf):
        for x0, p0 in enumerate(pmf):
            d = math.sqrt(x1) - math.sqrt(x0)
            ours += p1 * p0 * (abs(math.sqrt(2) * d) >= 1.96)
            wheeler += p1 * p0 * (abs(2 * d) >= 1.96)
    assert 0.04 < ours < 0.06
    assert 0.15 < wheeler < 0.19


@pytest.mark.parametrize("x1, x0", [(30, 15), (7, 2), (562, 588), (3207, 3038), (0, 5)])
def test_c_test_equals_exact_binomial_by_hand(x1, x0):
    assert c_test(x1, x0) == pytest.approx(binomial_two_sided_p(x1, x1 + x0, 0.5), rel=1e-9)


def test_c_test_unequal_exposures():
    # Six months against twelve: under no change x1 ~ Binomial(n, 6/18).
    assert c_test(20, 30, 6, 12) == pytest.approx(binomial_two_sided_p(20, 50, 1 / 3), rel=1e-9)


def test_c_test_with_no_events_is_one():
    assert c_test(0, 0) == 1.0


def test_bh_qvalues_by_hand():
    p = [0.01, 0.04, 0.03, 0.20, None]
    # Sorted: 0.01, 0.03, 0.04, 0.20 with m = 4: p*m/rank = 0.04, 0.06, 0.0533, 0.20;
    # then the running minimum from the top: 0.04, 0.0533, 0.0533, 0.20.
    q = bh_qvalues(p)
    assert q[0] == pytest.approx(0.04)
    assert q[2] == pytest.approx(0.16 / 3)
    assert q[1] == pytest.approx(0.16 / 3)
    assert q[3] == pytest.approx(0.20)
    assert q[4] is None


def test_classification():
    assert classify(0.01, 30, 15) == INCREASE
    assert classify(0.01, 15, 30) == DECREASE
    assert classify(0.05, 30, 15) == NO_CHANGE  # p must be below alpha
    assert classify(0.04, 30, 15, alpha=0.01) == NO_CHANGE
    assert classify(None, 30, 15) == NOT_COMPARED


def test_change_pct_needs_a_base_of_ten():
    assert change_pct(15, 9) is None
    assert change_pct(15, 10) == 50.0
    assert math.isclose(change_pct(7541, 7213), 100 * 328 / 7213)


@pytest.mark.parametrize(
    "k, n, lower, upper",
    # Wilson score interval without continuity correction: Newcombe (1998), Statistics in
    # Medicine 17:857-872, Table I, method 3.
    [
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_interval_matches_newcombe(k, n, lower, upper):
    from saferplaces.indicators.stats import wilson_ci

    lo, hi = wilson_ci(k, n)
    assert (round(lo, 4), round(hi, 4)) == (lower, upper)


def _fisher_by_hand(a: int, n1: int, c: int, n0: int) -> float:
    """Two-sided Fisher exact p: every table with the same margins no likelier than the
    one seen (hypergeometric probabilities from binomial coefficients)."""
    k, n = a + c, n1 + n0

    def prob(x: int) -> float:
        return math.comb(n1, x) * math.comb(n0, k - x) / math.comb(n, k)

    seen = prob(a)
    lo, hi = max(0, k - n0), min(k, n1)
    return min(1.0, sum(prob(x) for x in range(lo, hi + 1) if prob(x) <= seen * (1 + 1e-7)))


@pytest.mark.parametrize(
    "k1, n1, k0, n0", [(150, 200, 120, 200), (16, 180, 20, 170), (3, 12, 0, 10)]
)
def test_proportion_test_is_fisher_exact_by_hand(k1, n1, k0, n0):
    from saferplaces.indicators.stats import proportion_test

    assert proportion_test(k1, n1, k0, n0) == pytest.approx(
        _fisher_by_hand(k1, n1, k0, n0), rel=1e-9
    )
