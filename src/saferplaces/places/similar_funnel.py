"""A funnel plot across a district and its similar areas (``methods.md``, "Similar areas").

Each district (the area and every similar area whose data is held) is a point: its rate
per 1,000 against its denominator. The centre line is the similar areas' average (their
records over their residents). The limits are exact Poisson quantiles of the expected
count (:func:`saferplaces.places.funnel.poisson_limits`) unless the districts are
overdispersed (:mod:`saferplaces.places.overdispersion`), when they are the additive
random-effects limits, and the plot and the table say so. A district outside the 99.8%
limits is "outlying".
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from saferplaces.core.periods import Period
from saferplaces.geography.areas import Area
from saferplaces.indicators.benchmarks import Benchmark
from saferplaces.places.funnel import classify, poisson_limits, position
from saferplaces.places.overdispersion import (
    EXACT,
    RANDOM_EFFECTS,
    Overdispersion,
    limits_note,
    overdispersion,
    random_effects_limits,
)

PER = {"residents": "residents", "households": "households", "residents_10_17": "aged 10 to 17"}


@dataclass(frozen=True)
class FunnelPoint:
    """One district; the limits are rates per 1,000 for a district of its size."""

    district_code: str
    district_name: str
    count: int
    denominator: int
    rate_per_1000: float
    expected: float
    lower_95: float
    upper_95: float
    lower_998: float
    upper_998: float
    position: str
    this_area: bool = False


@dataclass
class SimilarFunnel:
    area: Area
    period: Period
    indicator_id: str
    indicator: str
    denominator_kind: str
    reference_rate_per_1000: float
    points: list[FunnelPoint]
    dispersion: Overdispersion
    notes: list[str] = field(default_factory=list)

    @property
    def method(self) -> str:
        return RANDOM_EFFECTS if self.dispersion.overdispersed else EXACT

    @property
    def this_area(self) -> FunnelPoint:
        return next(p for p in self.points if p.this_area)

    def limits(self, denominators: np.ndarray, level: str) -> tuple[np.ndarray, np.ndarray]:
        """The limits (rates per 1,000) at ``level`` for districts of ``denominators``."""
        r = self.reference_rate_per_1000 / 1000
        if self.dispersion.overdispersed:
            lo, hi = random_effects_limits(r, denominators, self.dispersion.tau2, level)
            return np.asarray(lo) * 1000, np.asarray(hi) * 1000
        lo, hi = poisson_limits(r * denominators)[level]
        return np.asarray(lo) / denominators * 1000, np.asarray(hi) / denominators * 1000

    def alt_text(self) -> str:
        me = self.this_area
        per = PER.get(self.denominator_kind, self.denominator_kind)
        outlying = [p.district_name for p in self.points if "99.8" in p.position]
        return (
            f"Funnel plot of {self.indicator.lower()} rates for {self.area.name} and "
            f"{len(self.points) - 1} similar areas against the similar areas' average of "
            f"{self.reference_rate_per_1000:.2f} per 1,000 {per}. {me.district_name}: "
            f"{me.rate_per_1000:.2f} per 1,000, {me.position}."
            + (f" Outside the 99.8% limits: {', '.join(outlying)}." if outlying else "")
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "area": self.area.to_dict(),
            "period": self.period.to_dict(),
            "indicator": self.indicator_id,
            "denominator_kind": self.denominator_kind,
            "reference": "similar areas' average",
            "reference_rate_per_1000": self.reference_rate_per_1000,
            "limits": self.method,
            "dispersion": self.dispersion.to_dict(),
            "rows": [asdict(p) for p in self.points],
            "notes": self.notes,
        }


def similar_funnel(
    benchmark: Benchmark, area: Area, period: Period, *, weighted: bool = False
) -> SimilarFunnel | None:
    """The funnel across the area and its similar areas held for one indicator's
    :class:`~saferplaces.indicators.benchmarks.Benchmark`; None when no similar area's
    data is held (nothing to compare with), the area has no rate, or the indicator is a
    weighted sum (harm), for which Poisson limits do not apply."""
    b = benchmark
    if weighted or not b.similar_rate_per_1000 or b.rate_per_1000 is None:
        return None
    districts = [d for d in b.districts if d.denominator]
    r = b.similar_rate_per_1000 / 1000
    counts = [int(d.count) for d in districts]
    dens = [int(d.denominator) for d in districts]
    disp = overdispersion(counts, dens, r)
    points = []
    for d, x, n in zip(districts, counts, dens, strict=True):
        e = r * n
        if disp.overdispersed:
            lims = {lv: random_effects_limits(r, n, disp.tau2, lv) for lv in ("95", "99.8")}
            lims = {lv: (lo * 1000, hi * 1000) for lv, (lo, hi) in lims.items()}
            where = position(x / n * 1000, lims)
        else:
            counted = poisson_limits(e)
            lims = {lv: (lo / n * 1000, hi / n * 1000) for lv, (lo, hi) in counted.items()}
            where = classify(x, e)
        points.append(
            FunnelPoint(
                d.district_code,
                d.district_name,
                x,
                n,
                x / n * 1000,
                e,
                lims["95"][0],
                lims["95"][1],
                lims["99.8"][0],
                lims["99.8"][1],
                where,
                d.this_area,
            )
        )
    per = PER.get(b.denominator_kind, b.denominator_kind)
    notes = [
        f"Centre line: the similar areas' average, {b.similar_rate_per_1000:.2f} per 1,000 "
        f"{per} ({b.similar_held} similar areas held). Expected count = that rate × the "
        f"district's {per}.",
    ]
    notes.append(limits_note(disp, "districts", "district"))
    return SimilarFunnel(
        area,
        period,
        b.indicator_id,
        b.indicator,
        b.denominator_kind,
        b.similar_rate_per_1000,
        points,
        disp,
        notes,
    )
