"""Statistics for counts and changes, as ``methods.md`` defines them.

Thin wrappers over SciPy's special functions, each with one obvious entry point. They
compute what ``scipy.stats`` computes (``chi2.ppf``, ``binomtest``, ``fisher_exact``,
``false_discovery_control``), from ``scipy.special``, which imports in a fraction of the
time: ``saferplaces indicators`` spent most of its time importing ``scipy.stats``.

* :func:`poisson_ci`: exact (Garwood) 95% interval for a count;
* :func:`two_count_z`: z = √2·(√x₁ − √x₀) for two observed counts with equal exposure;
* :func:`c_test`: the exact conditional test of two Poisson counts;
* :func:`bh_qvalues`: Benjamini–Hochberg q-values across a table's rows;
* :func:`classify`: "significant increase" / "significant decrease" / "no significant change";
* :func:`wilson_ci`: the Wilson score 95% interval for a proportion k of n;
* :func:`proportion_test`: Fisher's exact test of two proportions (period against baseline).

>>> round(c_test(30, 15), 4)
0.0357
>>> round(two_count_z(16, 9), 4)
1.4142
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

INCREASE = "significant increase"
DECREASE = "significant decrease"
NO_CHANGE = "no significant change"
NOT_COMPARED = "not compared"


# Probabilities within this factor of the observed one count as ties (SciPy's tolerance
# in binomtest and fisher_exact).
_TIES = 1 + 1e-7


def _special():
    # Imported on first use, so commands that never test a change start quickly.
    from scipy import special

    return special


def _two_sided(logpmf: np.ndarray, observed: int) -> float:
    """The exact two-sided p-value: the total probability of every outcome no likelier
    than the one observed (``logpmf`` over the whole support, indexed by outcome)."""
    pmf = np.exp(logpmf - logpmf.max()) * math.exp(logpmf.max())
    return float(min(1.0, pmf[pmf <= pmf[observed] * _TIES].sum()))


def poisson_ci(k: int, level: float = 0.95) -> tuple[float, float]:
    """Exact Poisson interval for a count ``k``: χ²(α/2; 2k)/2 to χ²(1−α/2; 2k+2)/2."""
    special = _special()
    a = 1 - level
    # chi2.ppf(q, 2k) / 2 is the inverse regularised incomplete gamma function at k.
    lower = 0.0 if k == 0 else float(special.gammaincinv(k, a / 2))
    upper = float(special.gammaincinv(k + 1, 1 - a / 2))
    return lower, upper


def two_count_z(x1: int, x0: int) -> float:
    """Variance-stabilised z for two observed Poisson counts with equal exposures:
    √2·(√x₁ − √x₀).

    Each √x has variance about 1/4, so √x₁ − √x₀ has variance 1/2 when *both* counts are
    random. Wheeler's 2(√x₁ − √x₀) is for one count against a known expected value; used
    on two counts it overstates change (|z| ≥ 1.96 about 17% of the time under none).
    """
    return math.sqrt(2.0) * (math.sqrt(x1) - math.sqrt(x0))


def c_test(x1: int, x0: int, t1: float = 1.0, t0: float = 1.0) -> float:
    """Two-sided p-value of the exact conditional test (the C-test).

    Given n = x₁ + x₀, x₁ ~ Binomial(n, t₁/(t₁ + t₀)) when the rates are equal. With no
    events at all there is no evidence of a change, so p = 1.
    """
    n = x1 + x0
    if n == 0:
        return 1.0
    p = t1 / (t1 + t0)
    i = np.arange(n + 1)
    gammaln = _special().gammaln
    logpmf = gammaln(n + 1) - gammaln(i + 1) - gammaln(n - i + 1)
    logpmf = logpmf + i * math.log(p) + (n - i) * math.log1p(-p)
    return _two_sided(logpmf, x1)


def bh_qvalues(pvalues: Sequence[float | None]) -> list[float | None]:
    """Benjamini–Hochberg adjusted p-values; ``None`` entries stay ``None``."""
    present = [(i, p) for i, p in enumerate(pvalues) if p is not None]
    out: list[float | None] = [None] * len(pvalues)
    if not present:
        return out
    ps = np.array([p for _, p in present], dtype=float)
    order = np.argsort(ps)
    m = len(ps)
    scaled = ps[order] * m / np.arange(1, m + 1)
    # q of the i-th smallest is the least scaled p at or above it, capped at 1.
    q_sorted = np.minimum(np.minimum.accumulate(scaled[::-1])[::-1], 1.0)
    adjusted = np.empty(m)
    adjusted[order] = q_sorted
    for (i, _), q in zip(present, adjusted, strict=True):
        out[i] = float(q)
    return out


def classify(p_value: float | None, x1: int, x0: int, alpha: float = 0.05) -> str:
    """Name the change: a significant increase or decrease when p < α, else none."""
    if p_value is None:
        return NOT_COMPARED
    if p_value < alpha:
        return INCREASE if x1 > x0 else DECREASE
    return NO_CHANGE


def wilson_ci(k: float, n: float, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval (no continuity correction) for the proportion k/n, as
    fractions: (p + z²/2n ± z√(p(1−p)/n + z²/4n²)) / (1 + z²/n)."""
    if n <= 0:
        raise ValueError("a proportion needs a base above zero")
    z = float(_special().ndtri(1 - (1 - level) / 2)) if level != 0.95 else 1.959963984540054
    p = k / n
    d = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / d
    half = z / d * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def proportion_test(k1: int, n1: int, k0: int, n0: int) -> float:
    """Two-sided p-value of Fisher's exact test that k1/n1 and k0/n0 are the same
    proportion (``scipy.stats.fisher_exact`` on the 2×2 table)."""
    k, n = k1 + k0, n1 + n0
    lo, hi = max(0, k - n0), min(k, n1)
    x = np.arange(lo, hi + 1)
    gammaln = _special().gammaln

    def logcomb(a, b):
        return gammaln(a + 1) - gammaln(b + 1) - gammaln(a - b + 1)

    # Hypergeometric: k1 of the k successes fall in the period's n1, given the margins.
    logpmf = logcomb(n1, x) + logcomb(n0, k - x) - logcomb(n, k)
    return _two_sided(logpmf, k1 - lo)


def rate_per_1000(count: float, denominator: float) -> float | None:
    return None if not denominator else count / denominator * 1000.0


def change_pct(x1: int, x0: int, minimum_base: int = 10) -> float | None:
    """100·(x₁ − x₀)/x₀, or None when the baseline is under ``minimum_base``."""
    if x0 < minimum_base:
        return None
    return 100.0 * (x1 - x0) / x0
