"""Funnel plots: ward rates against a reference rate (``methods.md``, "Comparing areas").

For ward i with denominator nᵢ and reference rate r (the district's, by default), the
expected count is Eᵢ = r·nᵢ. The control limits are exact Poisson quantiles of Eᵢ:
2.5% and 97.5% (95% limits), 0.1% and 99.9% (99.8% limits), from
``scipy.stats.poisson.ppf``. A ward whose count is above the upper quantile or below
the lower one is outside those limits; outside the 99.8% limits it is "outlying".

Wards differ in more than chance (housing, town centres, a prison), and exact Poisson
limits then call half of them "outlying". So the funnel first tests the wards for
overdispersion (:mod:`saferplaces.places.overdispersion`, Spiegelhalter 2005) and, when
they are overdispersed, uses the additive random-effects limits r ± z·√(r/nᵢ + τ²) on the
rate scale instead (as counts: those limits × nᵢ), and its notes say which limits it used
and why.

>>> poisson_limits(10.0)
{'95': (4.0, 17.0), '99.8': (2.0, 21.0)}
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from scipy import stats

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.periods import Period
from saferplaces.geography.areas import Area, force_of
from saferplaces.indicators.registry import Indicator
from saferplaces.places.completeness import check_period
from saferplaces.places.options import FUNNEL
from saferplaces.places.overdispersion import (
    EXACT,
    RANDOM_EFFECTS,
    Overdispersion,
    limits_note,
    overdispersion,
    random_effects_limits,
)
from saferplaces.places.units import unit_figures, without_denominator
from saferplaces.quality.coverage import Coverage
from saferplaces.warehouse.connection import Warehouse

LEVELS = {"95": (0.025, 0.975), "99.8": (0.001, 0.999)}
ABOVE_998, ABOVE_95 = "above 99.8% limit (outlying)", "above 95% limit"
BELOW_998, BELOW_95 = "below 99.8% limit (outlying)", "below 95% limit"
WITHIN = "within limits"


def poisson_limits(expected: float | np.ndarray) -> dict[str, tuple[Any, Any]]:
    """{"95": (lower, upper), "99.8": (lower, upper)}: exact Poisson quantiles of E."""
    out = {}
    for name, (lo, hi) in LEVELS.items():
        out[name] = (stats.poisson.ppf(lo, expected), stats.poisson.ppf(hi, expected))
    if np.ndim(expected) == 0:
        return {k: (float(a), float(b)) for k, (a, b) in out.items()}
    return out


@dataclass(frozen=True)
class FunnelCurves:
    """The funnel's limits as rates per 1,000 over a grid of denominators, for drawing;
    ``method`` names how the limits were made."""

    denominators: list[float]
    lower_95: list[float]
    upper_95: list[float]
    lower_998: list[float]
    upper_998: list[float]
    method: str = "exact Poisson"


def limit_curves(
    reference_rate_per_1000: float,
    denominators: Sequence[float],
    points: int = 240,
    tau2: float | None = None,
) -> FunnelCurves:
    """The 95% and 99.8% limits around ``reference_rate_per_1000`` from a little below the
    smallest of ``denominators`` to a little above the largest, at ``points`` places:
    exact Poisson, or the random-effects limits with between-area variance ``tau2``."""
    dens = np.asarray(denominators, dtype=float)
    grid = np.linspace(max(1.0, dens.min() * 0.8), dens.max() * 1.1, points)
    r = reference_rate_per_1000 / 1000
    if tau2 is None:
        lim = poisson_limits(r * grid)
    else:
        lim = {lv: random_effects_limits(r, grid, tau2, lv) for lv in LEVELS}
        lim = {lv: (lo * grid, hi * grid) for lv, (lo, hi) in lim.items()}

    def rates(counts) -> list[float]:
        return [float(v) for v in np.asarray(counts) / grid * 1000]

    return FunnelCurves(
        [float(x) for x in grid],
        rates(lim["95"][0]),
        rates(lim["95"][1]),
        rates(lim["99.8"][0]),
        rates(lim["99.8"][1]),
        EXACT if tau2 is None else RANDOM_EFFECTS,
    )


def position(value: float, lims: dict[str, tuple[float, float]]) -> str:
    """Where ``value`` sits against ``lims`` ({"95": (lo, hi), "99.8": (lo, hi)}, on the
    same scale): a value equal to a limit is inside it."""
    if value > lims["99.8"][1]:
        return ABOVE_998
    if value < lims["99.8"][0]:
        return BELOW_998
    if value > lims["95"][1]:
        return ABOVE_95
    if value < lims["95"][0]:
        return BELOW_95
    return WITHIN


def classify(count: float, expected: float) -> str:
    """Where a count sits against the exact Poisson limits for its expected count."""
    return position(count, poisson_limits(expected))


@dataclass
class FunnelRow:
    ward_code: str
    ward_name: str
    count: int
    denominator: int
    rate_per_1000: float | None
    expected: float
    lower_95: float
    upper_95: float
    lower_998: float
    upper_998: float
    position: str


@dataclass
class Funnel:
    area: Area
    period: Period
    indicator: Indicator
    reference: str  # district | force
    reference_name: str
    reference_rate_per_1000: float
    rows: list[FunnelRow]
    notes: list[str] = field(default_factory=list)
    coverage: list[Coverage] = field(default_factory=list)
    not_plotted: list[str] = field(default_factory=list)  # wards with no denominator
    dispersion: Overdispersion | None = None  # None: too few wards to test
    exact_outlying: int = 0  # wards that exact Poisson limits would call outlying

    @property
    def overdispersed(self) -> bool:
        return bool(self.dispersion and self.dispersion.overdispersed)

    @property
    def method(self) -> str:
        """Which limits: exact Poisson, or random effects when the wards are overdispersed."""
        return RANDOM_EFFECTS if self.overdispersed else EXACT

    @property
    def outlying(self) -> list[FunnelRow]:
        return [r for r in self.rows if "99.8" in r.position]

    def curves(self, points: int = 240) -> FunnelCurves:
        """The limits over the wards' denominators, for drawing."""
        return limit_curves(
            self.reference_rate_per_1000,
            [r.denominator for r in self.rows],
            points,
            self.dispersion.tau2 if self.overdispersed and self.dispersion else None,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "area": self.area.to_dict(),
            "period": self.period.to_dict(),
            "indicator": self.indicator.id,
            "denominator_kind": self.indicator.denominator,
            "reference": self.reference,
            "reference_name": self.reference_name,
            "reference_rate_per_1000": self.reference_rate_per_1000,
            "limits": self.method,
            "dispersion": self.dispersion.to_dict() if self.dispersion else None,
            "outlying_with_exact_poisson_limits": self.exact_outlying,
            "rows": [asdict(r) for r in self.rows],
            "not_plotted": self.not_plotted,
            "coverage": [c.to_dict() for c in self.coverage],
            "notes": self.notes,
        }


def funnel(
    wh: Warehouse,
    area: Area,
    period: Period,
    indicator: Indicator,
    *,
    reference: str = "district",
) -> Funnel:
    """Every ward of a district against the district (or force) rate.

    The reference rate is made of located records only (records in an LSOA of the
    reference area with a denominator), the only records a ward can hold: a force's
    records with no usable location would inflate it. A ward with no denominator has no
    rate and no expected count: it is left off the plot, and its records are left out of
    the district rate.
    """
    if area.level not in ("district", "csp"):
        raise SaferplacesError(
            f"{area.describe} is not a district: a funnel plot compares the wards of a "
            "district or CSP"
        )
    if indicator.weighted:
        raise SaferplacesError(
            f"{indicator.name} is a weighted measure, not a count: Poisson limits do not apply"
        )
    if not indicator.denominator:
        raise SaferplacesError(f"{indicator.name} has no denominator, so it has no rates")
    FUNNEL["reference"].check(reference)
    kind = indicator.denominator
    covs, notes = check_period(wh, area, period, [indicator], what="a funnel plot")
    units = unit_figures(wh, indicator, area, "ward", period)
    no_rate = without_denominator(units)
    wards = [u for u in units if u.has_rate]
    if reference == "district":
        ref_name = area.name
        ref_units = wards
    else:
        ref_area = force_of(wh, area)
        if ref_area is None:
            raise SaferplacesError(f"{area.name} is not inside one police force area")
        ref_name = ref_area.name
        ref_units = [u for u in unit_figures(wh, indicator, ref_area, "lsoa", period) if u.has_rate]
    ref_count = sum(int(u.count) for u in ref_units)
    ref_den = sum(int(u.denominator or 0) for u in ref_units)
    if not ref_den:
        raise SaferplacesError(f"{ref_name} has no {kind} denominator")
    r = ref_count / ref_den
    disp = (
        overdispersion([int(u.count) for u in wards], [int(u.denominator or 0) for u in wards], r)
        if len(wards) > 1 and r > 0
        else None
    )
    over = bool(disp and disp.overdispersed)
    rows = []
    exact_outside = 0
    for u in wards:
        n, den = int(u.count), int(u.denominator or 0)
        e = r * den
        exact = poisson_limits(e)
        exact_outside += "99.8" in position(n, exact)
        if over and disp:
            # Random-effects limits are on the rate scale; as counts, times the ward's size.
            lim = {
                lv: tuple(x * den for x in random_effects_limits(r, den, disp.tau2, lv))
                for lv in LEVELS
            }
        else:
            lim = exact
        rows.append(
            FunnelRow(
                ward_code=u.code,
                ward_name=u.name,
                count=n,
                denominator=den,
                rate_per_1000=u.rate_per_1000,
                expected=e,
                lower_95=lim["95"][0],
                upper_95=lim["95"][1],
                lower_998=lim["99.8"][0],
                upper_998=lim["99.8"][1],
                position=position(n, lim),
            )
        )
    rows.sort(key=lambda x: (-(x.rate_per_1000 or 0.0), x.ward_name))
    per = "residents" if kind == "residents" else "households"
    notes += [
        f"Reference rate: {ref_name}, {r * 1000:.2f} per 1,000 {per} ({ref_count:,} located "
        f"records in {period.label}). Expected count = reference rate × the ward's {per}.",
        limits_note(disp, "wards", "ward")
        if disp
        else "Limits are exact Poisson quantiles of the expected count: 2.5% and 97.5% "
        "(95%), 0.1% and 99.9% (99.8%). Outside the 99.8% limits: outlying.",
        *(
            [
                f"With exact Poisson limits, which allow for chance alone, {exact_outside} of "
                f"{len(rows)} wards would be outside the 99.8% limits."
            ]
            if over
            else []
        ),
        "Denominators: Census 2021, summed over each ward's best-fit LSOAs (2021).",
    ]
    if no_rate:
        notes.append(
            f"Not plotted, having no {per} (Census 2021) and so no rate: "
            + ", ".join(f"{u.name} ({int(u.count):,} records)" for u in no_rate)
            + "; their records are left out of the reference rate."
        )
    return Funnel(
        area,
        period,
        indicator,
        reference,
        ref_name,
        r * 1000,
        rows,
        notes,
        covs,
        [u.code for u in no_rate],
        disp,
        exact_outside,
    )
