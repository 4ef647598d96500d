"""Overdispersion in a funnel plot (Spiegelhalter 2005), and the limits it calls for.

Areas as different as districts vary more than Poisson chance allows, and exact Poisson
limits would then call half of them "outlying". ``methods.md`` ("Comparing areas"):

* zᵢ = (xᵢ − Eᵢ)/√Eᵢ with Eᵢ = r·nᵢ; φ = Σzᵢ²/n after winsorising the z at their 10th
  and 90th percentiles (numpy's linear percentiles);
* overdispersed when nφ exceeds the 95th percentile of χ²(n − 1);
* then the additive random-effects limits on the rate scale: τ² = max(0, (nφ − (n − 1)) /
  (Σwᵢ − Σwᵢ²/Σwᵢ)) with wᵢ = 1/sᵢ², sᵢ² = r/nᵢ, and limits r ± z·√(sᵢ² + τ²) (z = 1.96
  for 95%, 3.09 for 99.8%).

Reference: D. J. Spiegelhalter, "Handling over-dispersion of performance indicators",
*Quality and Safety in Health Care* 14 (2005) 347–351.

>>> o = overdispersion([10, 20, 40], [1000, 1000, 1000], 0.02)
>>> (round(o.phi, 3), o.overdispersed)
(5.333, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

Z = {"95": float(stats.norm.ppf(0.975)), "99.8": float(stats.norm.ppf(0.999))}
EXACT = "exact Poisson"
RANDOM_EFFECTS = "random effects (overdispersed)"


@dataclass(frozen=True)
class Overdispersion:
    n: int  # areas
    phi: float  # the winsorised dispersion factor
    threshold: float  # the 95th percentile of chi-squared (n - 1), over n
    overdispersed: bool
    tau2: float  # between-area variance of the rate (per person, squared); 0 if not

    def to_dict(self) -> dict[str, float | int | bool]:
        return {
            "n": self.n,
            "phi": self.phi,
            "threshold": self.threshold,
            "overdispersed": self.overdispersed,
            "tau2": self.tau2,
        }


def winsorised(z: Sequence[float], lower: float = 10, upper: float = 90) -> np.ndarray:
    """``z`` with values below its ``lower`` percentile raised to it, and above its
    ``upper`` percentile lowered to it."""
    arr = np.asarray(z, dtype=float)
    lo, hi = np.percentile(arr, [lower, upper])
    return np.clip(arr, lo, hi)


def overdispersion(
    counts: Sequence[float], denominators: Sequence[float], rate: float
) -> Overdispersion:
    """The dispersion of ``counts`` over ``denominators`` around the per-person ``rate``."""
    x = np.asarray(counts, dtype=float)
    den = np.asarray(denominators, dtype=float)
    n = len(x)
    expected = rate * den
    z = (x - expected) / np.sqrt(expected)
    phi = float(np.sum(winsorised(z) ** 2) / n) if n else 0.0
    threshold = float(stats.chi2.ppf(0.95, n - 1) / n) if n > 1 else float("inf")
    over = n > 1 and phi > threshold
    tau2 = 0.0
    if over:
        w = den / rate  # 1 / s², s² = r / n
        tau2 = max(0.0, (n * phi - (n - 1)) / (w.sum() - (w**2).sum() / w.sum()))
    return Overdispersion(n, phi, threshold, bool(over), float(tau2))


def random_effects_limits(
    rate: float, denominator: float | np.ndarray, tau2: float, level: str
) -> tuple[np.ndarray | float, np.ndarray | float]:
    """(lower, upper) limits of the per-person rate at ``level`` ("95" or "99.8") for an
    area of ``denominator``, allowing the between-area variance ``tau2``; the lower limit
    is never below zero."""
    s = np.sqrt(rate / np.asarray(denominator, dtype=float) + tau2)
    lo, hi = rate - Z[level] * s, rate + Z[level] * s
    lo = np.maximum(lo, 0.0)
    if np.ndim(lo) == 0:
        return float(lo), float(hi)
    return lo, hi


def limits_note(d: Overdispersion, areas: str, area: str) -> str:
    """The note a funnel's chart and table carry on its limits: which were used and why,
    for ``areas`` (plural, e.g. "wards") of which each is an ``area``."""
    if d.overdispersed:
        return (
            f"The {areas} vary more than chance allows (overdispersion φ = {d.phi:.1f}, "
            f"above {d.threshold:.2f}): the limits allow for the variation between {areas} "
            f"(additive random effects, Spiegelhalter 2005), so only a {area} unusual even "
            f"among {areas} is outside them."
        )
    return (
        f"The {areas} vary no more than chance allows (overdispersion φ = {d.phi:.2f}, not "
        f"above {d.threshold:.2f}), so the limits are exact Poisson quantiles of the "
        "expected count: 2.5% and 97.5% (95%), 0.1% and 99.9% (99.8%). Outside the 99.8% "
        "limits: outlying."
    )
