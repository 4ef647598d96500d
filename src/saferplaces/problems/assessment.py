"""Assessment: did the place change after the response, and more than the rest of its
district did?

* Matched periods: the months since the response began, against the same months a year
  earlier (so a season is compared with itself); when the response has run a year or
  more, the equal period immediately before.
* The place's change: the exact conditional test (``indicators/stats.py``, ``c_test``)
  with the periods' lengths as exposures; so is the rest of the district's.
* Against the rest of the district: the odds ratio (Welsh and Farrington's relative
  effect size), OR = (place before × rest after) / (place after × rest before), above 1
  when the place fell more (or rose less) than the rest, with its 95% interval from
  the log odds ratio's variance (1/a + 1/b + 1/c + 1/d); and Fisher's exact test of
  whether the place's share of the district's count changed (``proportion_test``).

Periods with any month missing from the source are refused: a change is never computed
over months not held.

>>> relative_effect(40, 20, 400, 400)[0]
2.0
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.periods import Period
from saferplaces.geography.areas import Area
from saferplaces.indicators import engine
from saferplaces.indicators.registry import Indicator
from saferplaces.indicators.stats import c_test, change_pct, classify, proportion_test
from saferplaces.places.completeness import check_period
from saferplaces.warehouse.connection import Warehouse

ALPHA = 0.05
Z95 = 1.959963984540054


def matched_periods(first_month: int, last_month: int) -> tuple[Period, Period]:
    """(before, after) for a response from month index ``first_month`` to ``last_month``."""
    if last_month < first_month:
        raise SaferplacesError(
            "the response has not run for a whole month the data holds yet: assess it later"
        )
    after = Period(first_month, last_month)
    if after.months < 12:
        return Period(first_month - 12, last_month - 12), after
    return after.previous(), after


def relative_effect(
    place_before: float, place_after: float, rest_before: float, rest_after: float
) -> tuple[float | None, float | None, float | None]:
    """(odds ratio, lower, upper): None when a count is zero (the ratio is undefined)."""
    a, b, c, d = place_before, place_after, rest_before, rest_after
    if min(a, b, c, d) <= 0:
        return None, None, None
    ratio = (a * d) / (b * c)
    se = math.sqrt(1 / a + 1 / b + 1 / c + 1 / d)
    return ratio, ratio * math.exp(-Z95 * se), ratio * math.exp(Z95 * se)


@dataclass
class Assessment:
    indicator: str
    indicator_name: str
    before: Period
    after: Period
    place_before: int
    place_after: int
    rest_before: int
    rest_after: int
    place_change_pct: float | None
    place_p: float
    place_classification: str
    rest_change_pct: float | None
    rest_p: float
    rest_classification: str
    odds_ratio: float | None
    or_low: float | None
    or_high: float | None
    relative_p: float
    relative: str
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = {k: v for k, v in self.__dict__.items() if k not in ("before", "after")}
        d["before"] = self.before.to_dict()
        d["after"] = self.after.to_dict()
        return d

    def sentence(self) -> str:
        change = (
            f"{self.place_change_pct:+.0f}%"
            if self.place_change_pct is not None
            else "(numbers too small for a percentage)"
        )
        return (
            f"{self.indicator_name}: {self.place_before} in {self.before.label}, "
            f"{self.place_after} in {self.after.label} ({self.place_after - self.place_before:+d}, "
            f"{change}): {self.place_classification} (p = {self.place_p:.3g}); "
            f"{self.relative}."
        )


def assess(
    wh: Warehouse,
    place: Area,
    district: Area,
    indicator: Indicator,
    before: Period,
    after: Period,
    *,
    alpha: float = ALPHA,
) -> Assessment:
    if indicator.weighted or indicator.is_proportion:
        raise SaferplacesError(
            f"{indicator.name} is not a count of incidents: assess a crime type or count"
        )
    if before.last >= after.first:
        raise SaferplacesError("the before period must end before the after period starts")
    for p in (before, after):
        check_period(wh, district, p, [indicator], allow_incomplete=False, what="the assessment")
    place_n = engine.area_counts(wh, indicator, place, [before, after])
    district_n = engine.area_counts(wh, indicator, district, [before, after])
    x0, x1 = int(place_n[0]), int(place_n[1])
    r0, r1 = int(district_n[0]) - x0, int(district_n[1]) - x1
    p_place = c_test(x1, x0, after.months, before.months)
    p_rest = c_test(r1, r0, after.months, before.months)
    ratio, lo, hi = relative_effect(x0, x1, r0, r1)
    p_rel = proportion_test(x1, x1 + r1, x0, x0 + r0) if (x0 + x1) and (r0 + r1) else 1.0
    if p_rel < alpha:
        relative = (
            "fell more (or rose less) than the rest of the district, a significant difference"
            if x1 * (r0 + x0) < x0 * (r1 + x1)
            else "rose more (or fell less) than the rest of the district, a significant difference"
        )
    else:
        relative = "no significant difference from the rest of the district"
    notes = []
    if before.months != after.months:
        notes.append(
            f"The periods differ in length ({before.months} and {after.months} months): the "
            "tests allow for it."
        )
    return Assessment(
        indicator.id,
        indicator.name,
        before,
        after,
        x0,
        x1,
        r0,
        r1,
        change_pct(x1, x0),
        p_place,
        classify(p_place, x1, x0, alpha),
        change_pct(r1, r0),
        p_rest,
        classify(p_rest, r1, r0, alpha),
        ratio,
        lo,
        hi,
        p_rel,
        relative,
        notes,
    )
