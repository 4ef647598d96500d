"""Searches per 1,000 residents by ethnic group, and the disproportionality ratio.

For each group g with x_g searches and n_g residents (Census 2021), the rate per 1,000
is 1,000·x_g/n_g with its exact (Garwood) 95% interval. The disproportionality ratio of g
against a reference group r (White, as the Home Office publishes it) is the rate ratio
RR = (x_g/n_g)/(x_r/n_r). Its exact 95% interval is the conditional one: given
x_g + x_r, x_g is binomial with p = RR·n_g/(RR·n_g + n_r), so the Clopper–Pearson
interval of p, (p_lo, p_hi), gives RR_lo = p_lo/(1 − p_lo)·n_r/n_g and likewise RR_hi
(Breslow and Day, *Statistical Methods in Cancer Research* II, 1987, §2.2).

Residents are not the population at risk of being searched (who is out in public
places, where and when searches happen, people searched who live elsewhere): the rates
and ratios compare searches with residents, and every table says so.

>>> r = rate_ratio(40, 10_000, 100, 100_000)
>>> round(r.ratio, 2), round(r.ci_low, 2), round(r.ci_high, 2)
(4.0, 2.7, 5.83)
"""

from __future__ import annotations

from dataclasses import dataclass

from saferplaces.indicators.stats import poisson_ci, rate_per_1000

RESIDENTS_CAVEAT = (
    "Rates are per 1,000 residents of each group (Census 2021). Residents are not the "
    "population at risk of being searched: people searched may live elsewhere, and who is "
    "out in public places, where and when, differs between groups; a ratio above 1 says "
    "searches are more frequent relative to residents, not why."
)


@dataclass(frozen=True)
class GroupRate:
    group: str
    count: int
    denominator: int
    rate_per_1000: float | None
    ci_low: float | None
    ci_high: float | None


@dataclass(frozen=True)
class RateRatio:
    """A group's rate over the reference group's, with its exact 95% interval."""

    ratio: float | None
    ci_low: float | None
    ci_high: float | None


def group_rate(group: str, count: int, residents: int) -> GroupRate:
    if not residents:
        return GroupRate(group, count, residents, None, None, None)
    lo, hi = poisson_ci(count)
    return GroupRate(
        group,
        count,
        residents,
        rate_per_1000(count, residents),
        1000 * lo / residents,
        1000 * hi / residents,
    )


def _clopper_pearson(k: int, n: int, level: float = 0.95) -> tuple[float, float]:
    from scipy import special

    a = 1 - level
    lo = 0.0 if k == 0 else float(special.betaincinv(k, n - k + 1, a / 2))
    hi = 1.0 if k == n else float(special.betaincinv(k + 1, n - k, 1 - a / 2))
    return lo, hi


def rate_ratio(x: int, n: int, x_ref: int, n_ref: int, level: float = 0.95) -> RateRatio:
    """(x/n)/(x_ref/n_ref) with its exact conditional interval; None where it is not
    defined (no residents, or no searches of the reference group)."""
    if not n or not n_ref or x_ref == 0:
        return RateRatio(None, None, None)
    ratio = (x / n) / (x_ref / n_ref)
    p_lo, p_hi = _clopper_pearson(x, x + x_ref, level)
    scale = n_ref / n

    def rr(p: float) -> float:
        return float("inf") if p >= 1 else p / (1 - p) * scale

    return RateRatio(ratio, rr(p_lo), rr(p_hi))
