"""Analysis: the place's count and rate beside its district, how concentrated the
incidents are within it and where, and its monthly trend with XmR signals.

Months a source does not hold are gaps, never zeros (``methods.md``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.periods import Period
from saferplaces.geography.areas import Area
from saferplaces.indicators import engine
from saferplaces.indicators.registry import Indicator
from saferplaces.indicators.spc import xmr
from saferplaces.indicators.stats import rate_per_1000
from saferplaces.places.completeness import check_period
from saferplaces.warehouse.connection import Warehouse

if TYPE_CHECKING:  # imported when an analysis runs (SciPy is heavy at start-up)
    from saferplaces.places.concentration import Place

TREND_MONTHS = 24
BUSIEST = 10


@dataclass
class Analysis:
    indicator: str
    indicator_name: str
    period: Period
    count: float
    denominator: int | None
    rate_per_1000: float | None
    district_count: float
    district_rate_per_1000: float | None
    share_of_district: float | None  # percent of the district's count
    concentration_by: str  # location | lsoa
    places: int
    top_10_share: float | None  # percent of incidents in the busiest 10% of places
    places_for_half: float | None  # percent of places holding half the incidents
    generalised_gini: float | None
    busiest: list[tuple[str, int]]
    trend_months: list[str]
    trend: list[float | None]  # None: a month the source does not hold
    centre: float | None = None
    upper: float | None = None
    lower: float | None = None
    trial_limits: bool = False  # limits from fewer than 12 baseline months
    signals: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def busiest(places: list[Place], n: int = BUSIEST) -> list[tuple[str, int]]:
    """The busiest places by name, most first. police.uk map points that share a name (two
    snap points on one street) count as one place here: the plan asks which streets and
    venues, not which anonymised points.

    >>> from saferplaces.places.concentration import Place
    >>> busiest([Place("1,2", "On or near A", 2, "W"), Place("3,4", "On or near B", 3, "W"),
    ...          Place("5,6", "On or near A", 2, "W")])
    [('On or near A (W)', 4), ('On or near B (W)', 3)]
    """
    totals: dict[str, int] = {}
    for p in places:
        totals[p.label] = totals.get(p.label, 0) + p.count
    return sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


def _denominator(wh: Warehouse, area: Area, indicator: Indicator) -> int | None:
    if not indicator.denominator:
        return None
    return engine.denominators(wh, area).get(indicator.denominator) or None


def analyse(
    wh: Warehouse, place: Area, district: Area, indicator: Indicator, period: Period
) -> Analysis:
    from saferplaces.places.concentration import concentration

    _, notes = check_period(wh, district, period, [indicator], what="the analysis")
    count = engine.area_counts(wh, indicator, place, [period])[0]
    district_count = engine.area_counts(wh, indicator, district, [period])[0]
    den = _denominator(wh, place, indicator)
    district_den = _denominator(wh, district, indicator)
    try:  # police.uk map points where the source has them, else the place's LSOAs
        conc = concentration(wh, place, period, indicator, by="location")
    except SaferplacesError:
        conc = concentration(wh, place, period, indicator, by="lsoa")
    by = conc.by
    s = conc.stats
    trend_period = Period(period.last - TREND_MONTHS + 1, period.last)
    covs, trend_notes = check_period(wh, place, trend_period, [indicator], what="the trend")
    missing = {m for c in covs for m in c.missing}
    monthly = engine.monthly_counts(wh, indicator, place, trend_period)
    trend = [None if m in missing else float(n) for m, n in monthly]
    a = Analysis(
        indicator.id,
        indicator.name,
        period,
        count,
        den,
        rate_per_1000(count, den) if den else None,
        district_count,
        rate_per_1000(district_count, district_den) if district_den else None,
        100.0 * count / district_count if district_count else None,
        by,
        s.places,
        s.top_shares.get("10"),
        s.places_for_share.get("50"),
        s.generalised_gini,
        busiest(conc.places),
        [m for m, _ in monthly],
        trend,
        notes=[*notes, *conc.notes, *trend_notes],
    )
    held = [v for v in trend if v is not None]
    if len(held) >= 4 and None not in trend:
        chart = xmr(trend, baseline=min(12, len(trend)))
        a.centre, a.upper, a.lower = chart.centre, chart.upper, max(0.0, chart.lower)
        a.trial_limits = chart.trial
        months = a.trend_months
        for sig in chart.signals:
            what = {"outside": "a point outside the limits", "shift": "a shift", "trend": "a trend"}
            a.signals.append(
                f"{what.get(sig.kind, sig.kind)} ({'up' if sig.direction == 'up' else 'down'}), "
                f"{months[sig.first]} to {months[sig.last]}"
                if sig.first != sig.last
                else f"{what.get(sig.kind, sig.kind)} ({sig.direction}) in {months[sig.first]}"
            )
    elif None in trend:
        a.notes.append("The trend has months not held, so no control limits are drawn.")
    return a
