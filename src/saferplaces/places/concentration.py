"""Crime concentration: how few places hold how much (``methods.md``, "Concentration").

Places are ranked by count, highest first. Reported:

* the share of incidents in the top 1, 3, 5 and 10% of places (the top k% of n places
  is the ceil(k·n/100) places with the highest counts);
* the share of places that together hold 25% and 50% of incidents (the fewest places,
  taken from the top, whose counts reach that share);
* the share of places with none, where the full list of places is known (LSOAs);
* the Gini coefficient G from the Lorenz curve, and the generalised Gini
  G′ = max(n/c, 1)·(G − 1) + 1 (Bernasco & Steenbeek 2017), which compares with the
  most even spread possible when there are fewer incidents than places.

With no incidents there is nothing to spread: the shares, G and G′ are ``None``.

>>> s = concentration_stats([5, 2, 1, 0, 0, 0, 0, 0, 0, 0])
>>> round(s.gini, 4), round(s.generalised_gini, 4)
(0.8, 0.75)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.messages import Hint
from saferplaces.core.periods import Period
from saferplaces.geography.areas import Area
from saferplaces.indicators import engine
from saferplaces.indicators.registry import Indicator, slug
from saferplaces.places import queries
from saferplaces.places.completeness import check_period
from saferplaces.places.options import CONCENTRATION
from saferplaces.quality.coverage import Coverage
from saferplaces.sources.police_uk.crime_types import ALL_CRIME, CRIME_TYPES, CRIMES

TOP_PERCENTS = (1, 3, 5, 10)
SHARE_PERCENTS = (25, 50)
BY = tuple(v for v, _ in CONCENTRATION["by"].choices)


def gini(counts: list[float] | np.ndarray) -> float | None:
    """G = 1 − 2 × (area under the Lorenz curve), places ordered from fewest to most.

    Equal to Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² x̄). 0 for an even spread; (n − 1)/n when one
    place holds everything. ``None`` when there is nothing to spread.
    """
    x = np.sort(np.asarray(counts, dtype=float))
    n, total = len(x), float(x.sum())
    if n == 0 or total == 0:
        return None
    i = np.arange(1, n + 1)
    return float((2.0 * (i * x).sum()) / (n * total) - (n + 1) / n)


def generalised_gini(g: float | None, places: int, incidents: float) -> float | None:
    """G′ = max(n/c, 1)·(G − 1) + 1 for n places and c incidents (Bernasco & Steenbeek);
    ``None`` with no incidents (c = 0 leaves n/c undefined)."""
    if g is None or incidents <= 0:
        return None
    return max(places / incidents, 1.0) * (g - 1.0) + 1.0


@dataclass
class ConcentrationStats:
    places: int
    incidents: int | float
    top_shares: dict[str, float | None]  # "1": percent of incidents in the top 1% of places
    top_places: dict[str, int]  # "1": how many places make the top 1%, ...
    places_for_share: dict[str, float | None]  # "25": percent of places holding 25%
    places_with_none: int
    gini: float | None  # None with no incidents
    generalised_gini: float | None


def concentration_stats(counts: list[float] | np.ndarray) -> ConcentrationStats:
    """The concentration figures for one list of place counts (zeros included)."""
    x = np.sort(np.asarray(counts, dtype=float))[::-1]
    n = len(x)
    c = float(x.sum())
    cum = np.cumsum(x)
    top_shares: dict[str, float | None] = {}
    top_places = {}
    for k in TOP_PERCENTS:
        m = math.ceil(round(k * n / 100, 9)) if n else 0
        top_places[str(k)] = m
        top_shares[str(k)] = 100.0 * float(cum[m - 1]) / c if c and m else None
    for_share: dict[str, float | None] = {}
    for s in SHARE_PERCENTS:
        if not c:
            for_share[str(s)] = None
            continue
        # The fewest places from the top whose counts reach s%: the first cumulative count
        # at or above it ("left"), rounded so a share hit exactly on paper counts as hit.
        need = round(s / 100 * c, 9)
        m = int(np.searchsorted(np.round(cum, 9), need, side="left")) + 1
        for_share[str(s)] = 100.0 * m / n
    g = gini(x)
    return ConcentrationStats(
        places=n,
        incidents=int(c) if c.is_integer() else c,
        top_shares=top_shares,
        top_places=top_places,
        places_for_share=for_share,
        places_with_none=int((x == 0).sum()),
        gini=g,
        generalised_gini=generalised_gini(g, n, c),
    )


@dataclass
class Place:
    code: str  # LSOA code, or "longitude,latitude" of the snap point
    name: str
    count: int
    ward: str = ""  # the ward the place is in

    @property
    def label(self) -> str:
        """The name with its ward, so two "On or near Supermarket" points can be told apart."""
        return f"{self.name or self.code} ({self.ward})" if self.ward else self.name or self.code


@dataclass
class Concentration:
    area: Area
    period: Period
    indicator: Indicator
    by: str
    stats: ConcentrationStats
    places: list[Place]  # every place, most first
    unplaced: int = 0  # records in the area with no coordinates (location only)
    notes: list[str] = field(default_factory=list)
    coverage: list[Coverage] = field(default_factory=list)

    def to_dict(self, top: int = 20) -> dict[str, Any]:
        """The JSON contract; shares are percentages."""
        s = self.stats
        return {
            "area": self.area.to_dict(),
            "period": self.period.to_dict(),
            "indicator": self.indicator.id,
            "by": self.by,
            "places": s.places,
            "incidents": s.incidents,
            "top_shares": s.top_shares,
            "top_places": s.top_places,
            "places_for_share": s.places_for_share,
            "share_of_places_with_none": (
                100.0 * s.places_with_none / s.places if self.by == "lsoa" and s.places else None
            ),
            "gini": s.gini,
            "generalised_gini": s.generalised_gini,
            "busiest": [
                {"place": p.code, "name": p.name, "ward": p.ward, "count": p.count}
                for p in self.places[:top]
            ],
            "unplaced": self.unplaced,
            "coverage": [c.to_dict() for c in self.coverage],
            "notes": self.notes,
        }


def _crime_types(indicator: Indicator) -> list[str]:
    """The police.uk crime types an indicator counts, for the snapped-location analysis."""
    if indicator.id == slug(ALL_CRIME):
        return list(CRIMES)
    for t in CRIME_TYPES:
        if slug(t) == indicator.id:
            return [t]
    raise SaferplacesError(
        f"{indicator.name} has no police.uk snapped locations",
        Hint(": ", CONCENTRATION["by"].param("lsoa", "use"), " for it"),
        code="places.no-snapped-locations",
    )


def concentration(
    wh, area: Area, period: Period, indicator: Indicator, by: str = "location"
) -> Concentration:
    """How concentrated ``indicator`` is across the places of ``area`` in ``period``.

    ``by="location"``: police.uk snap points with at least one record (the micro-beat
    view: the full list of snap points is not published, so shares of places are "of
    places with at least one incident"). ``by="lsoa"``: every LSOA of the area, zeros
    included, through the counting engine.
    """
    CONCENTRATION["by"].check(by)
    if indicator.weighted:
        raise SaferplacesError(
            f"{indicator.name} is a weighted measure, not a count of incidents: "
            "concentration counts incidents; choose a crime type or all-crime"
        )
    covs, notes = check_period(wh, area, period, [indicator], what="concentration")
    unplaced = 0
    if by == "lsoa":
        rows = engine.unit_counts(wh, indicator, area, "lsoa", [period])
        wards = queries.ward_names_of_lsoas(wh, [r[0] for r in rows])
        places = [Place(code, name, int(n), wards.get(code, "")) for code, name, _r, _h, n in rows]
        notes.append(
            f"Places are the {len(places)} LSOAs (2021) of the area, those with none included."
        )
    else:
        found, unplaced = queries.location_counts(wh, area, period, _crime_types(indicator))
        places = [Place(f"{lon:.6f},{lat:.6f}", loc, n, ward) for lon, lat, loc, ward, n in found]
        notes.append(
            "Places are police.uk snap points (anonymised map points, each standing for a "
            "street, a stretch of street or a venue) with at least one incident: shares of "
            "places are of places with at least one incident."
        )
        if unplaced:
            notes.append(f"{unplaced:,} records in the area have no map point and are left out.")
    places.sort(key=lambda p: (-p.count, p.name, p.code))
    stats = concentration_stats([p.count for p in places])
    if not stats.incidents:
        notes.append(
            "No incidents in the area in the period: there is nothing to concentrate, so "
            "the shares and the Gini coefficients are not given."
        )
    elif stats.incidents < stats.places:
        notes.append(
            "There are fewer incidents than places, so the generalised Gini is the one to "
            "compare: it measures against the most even spread the counts allow."
        )
    return Concentration(area, period, indicator, by, stats, places, unplaced, notes, covs)
