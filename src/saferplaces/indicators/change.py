"""Is a change real? One count against its baseline, as a typed result.

Every table that compares a period with its baseline (the indicator table, the ward and
district tables, averages per month) gets its change, interval, test and classification
here, so each is computed once and named the same way everywhere:

* ``count``, ``baseline_count``, ``change``, ``change_pct`` (blank on a baseline under
  10), ``denominator`` and ``rate_per_1000``;
* ``ci_low``, ``ci_high``: the exact (Garwood) 95% interval of the rate per 1,000;
* ``z`` (for equal exposures only), ``p_value`` (the exact conditional test),
  ``q_value`` (Benjamini–Hochberg across a table's rows: :func:`assign_q_values`) and
  ``classification`` at α.

A method added later (another test, another interval) fills the same fields, so the
documents that lay them out need no change.

>>> c = compare_counts(30, 15, alpha=0.05)
>>> (c.change, round(c.p_value, 4), c.classification)
(15, 0.0357, 'significant increase')
>>> compare_counts(30, 15, compare=False).classification
'not compared'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from saferplaces.indicators.stats import (
    bh_qvalues,
    c_test,
    change_pct,
    classify,
    poisson_ci,
    rate_per_1000,
    two_count_z,
)


@dataclass(frozen=True)
class Change:
    """A count in the period against the baseline: the change, the test and its verdict."""

    count: float
    baseline_count: float
    change: float
    change_pct: float | None
    z: float | None
    p_value: float | None
    classification: str


@dataclass(frozen=True)
class Interval:
    """A count over a denominator: the rate per 1,000 and its exact 95% interval."""

    count: float
    denominator: int | None
    rate_per_1000: float | None
    ci_low: float | None
    ci_high: float | None


def compare_counts(
    x1: int,
    x0: int,
    *,
    t1: float = 1.0,
    t0: float = 1.0,
    compare: bool = True,
    alpha: float = 0.05,
) -> Change:
    """Compare count ``x1`` (exposure ``t1``, e.g. months held) with ``x0`` (``t0``).

    ``compare=False`` (months missing, a weighted sum, a row shown for information)
    keeps the counts and the change but makes no test: the classification is "not
    compared". z is the two-count z, √2·(√x₁ − √x₀), defined only for equal
    exposures."""
    p = c_test(x1, x0, t1, t0) if compare else None
    return Change(
        count=x1,
        baseline_count=x0,
        change=x1 - x0,
        change_pct=change_pct(x1, x0),
        z=two_count_z(x1, x0) if compare and t1 == t0 else None,
        p_value=p,
        # The direction is that of the rates: 40 in six months against 50 in twelve is
        # a rise, though 40 < 50.
        classification=classify(p, x1 * t0, x0 * t1, alpha),
    )


@dataclass(frozen=True)
class AverageChange:
    """Counts over the months held of each period, as averages per month, and the test of
    the change allowing for the months held (the exposures)."""

    count: int
    months: int
    mean: float | None
    baseline_count: int
    baseline_months: int
    baseline_mean: float | None
    change_pct: float | None  # of the averages; blank on a baseline count under 10
    p_value: float | None
    classification: str


def compare_averages(
    x1: int, m1: int, x0: int, m0: int, *, complete: bool, alpha: float = 0.05
) -> AverageChange:
    """``x1`` over ``m1`` months held against ``x0`` over ``m0``; tested only when
    ``complete`` (every month of both periods held).

    >>> a = compare_averages(60, 12, 30, 12, complete=True)
    >>> (a.mean, a.baseline_mean, a.change_pct, a.classification)
    (5.0, 2.5, 100.0, 'significant increase')
    """
    mean = x1 / m1 if m1 else None
    base = x0 / m0 if m0 else None
    pct = None
    if base and mean is not None and x0 >= 10:
        pct = 100 * (mean - base) / base
    c = compare_counts(x1, x0, t1=m1, t0=m0, compare=bool(complete and m0 and m1), alpha=alpha)
    return AverageChange(x1, m1, mean, x0, m0, base, pct, c.p_value, c.classification)


def rate_interval(count: float, denominator: int | None, *, exact: bool = True) -> Interval:
    """The rate per 1,000 of ``count`` over ``denominator`` with its exact 95% interval
    (``exact=False`` for a weighted sum, which is not a Poisson count: no interval)."""
    if not denominator:
        return Interval(count, denominator, None, None, None)
    lo, hi = poisson_ci(int(count)) if exact else (None, None)
    return Interval(
        count,
        denominator,
        rate_per_1000(count, denominator),
        None if lo is None else rate_per_1000(lo, denominator),
        None if hi is None else rate_per_1000(hi, denominator),
    )


def assign_q_values(rows: Sequence[Any], among: Sequence[Any] | None = None) -> None:
    """Set each row's ``q_value``: Benjamini–Hochberg over the ``p_value`` of ``among``
    (default: every row); rows outside ``among``, or with no p-value, get none."""
    family = list(rows if among is None else among)
    qs = bh_qvalues([r.p_value for r in family])
    chosen = {id(r): q for r, q in zip(family, qs, strict=True)}
    for r in rows:
        r.q_value = chosen.get(id(r))
