"""Ranking the wards of a district on indicators, and the top-share flag rule.

Every figure comes from the counting engine (:func:`engine.unit_counts`, zeros
included), so any registered indicator can be ranked: police.uk crime types, ASB,
harm, and agency indicators (deliberate fires, ambulance assault call-outs) once loaded.

The flag rule (``methods.md``, "Place flags"): with n wards ranked from the highest
value, a ward is flagged when its value is at least the value at rank ceil(top × n),
so every ward tied at that value is flagged; a value of zero is never flagged. A ward with
no denominator (no residents or households in the Census) has no rate, so it is not
ranked on rates at all: n counts the wards ranked.

>>> flag_rule([9.0, 5.0, 5.0, 1.0, 0.0], top=0.2)
Ranked(threshold=9.0, ranks=[1, 2, 2, 4, 5], flagged=[True, False, False, False, False])
>>> flag_rule([9.0, 5.0, 5.0, 1.0, 0.0], top=0.4).flagged
[True, True, True, False, False]
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from saferplaces.core.messages import Hint, Note
from saferplaces.core.periods import Period
from saferplaces.geography.areas import Area
from saferplaces.indicators import engine
from saferplaces.indicators.registry import (
    Indicator,
    all_indicators,
    get_indicator,
    headline_indicators,
)
from saferplaces.places.completeness import coverages
from saferplaces.places.options import FLAGS
from saferplaces.places.units import unit_figures
from saferplaces.warehouse.connection import Warehouse

MEASURES = tuple(v for v, _ in FLAGS["measure"].choices)

# Values are compared to this many decimal places, so values that are equal on paper tie
# even when floating point makes them differ in the last bit (a harm score summed in
# another order: 0.1 + 0.2 is 0.30000000000000004, not 0.3).
_PLACES = 9


@dataclass(frozen=True)
class Ranked:
    threshold: float  # the value at rank ceil(top x n)
    ranks: list[int]  # 1 = highest; ties share the best rank (1, 2, 2, 4)
    flagged: list[bool]


def flag_rank(top: float, n: int) -> int:
    """The rank whose value is the threshold: ceil(top × n), at least 1.

    The product is rounded first: 0.28 × 25 is 7.000000000000001 in floating point, and
    its ceiling would be 8, not 7.

    >>> flag_rank(0.28, 25), flag_rank(0.2, 26), flag_rank(0.2, 3)
    (7, 6, 1)
    """
    FLAGS["top"].check(top)
    return max(1, math.ceil(round(top * n, _PLACES)))


def flag_rule(values: list[float], top: float) -> Ranked:
    """Rank ``values`` (highest first) and flag those at or above rank ceil(top × n)."""
    k = flag_rank(top, len(values))
    if not values:
        return Ranked(0.0, [], [])
    keyed = [round(float(v), _PLACES) for v in values]
    ordered = sorted(keyed, reverse=True)
    threshold = ordered[k - 1]
    first_at = {}
    for i, v in enumerate(ordered, start=1):
        first_at.setdefault(v, i)
    return Ranked(
        threshold=threshold,
        ranks=[first_at[v] for v in keyed],
        flagged=[v >= threshold and v > 0 for v in keyed],
    )


@dataclass(frozen=True)
class WardValue:
    """One ward's figure on one indicator: the count, the denominator and the value ranked
    (``None``: not ranked, because a rate was asked for and the ward has no denominator)."""

    ward_code: str
    ward_name: str
    count: int | float
    denominator: int | None
    value: float | None


def default_indicators(wh: Warehouse) -> list[Indicator]:
    """The indicators a flags run ranks unless told otherwise.

    Every headline indicator (police.uk's crime types and ASB), then every other
    registered indicator that holds data and has ward figures. Totals built from those
    (all crime, harm) are left out: they would flag a ward twice for one problem. Name
    them in ``indicators`` to rank on them.
    """
    headline = [i for i in headline_indicators() if not i.total]
    others = [
        i
        for i in all_indicators()
        if not i.headline
        and not i.weighted
        and i.resolution != "district"
        and engine.has_data(wh, i)
    ]
    return headline + others


def held_defaults(wh: Warehouse, area: Area, period: Period) -> tuple[list[Indicator], list[str]]:
    """The default indicators whose sources hold every month of ``period``, and a note for
    each agency source left out because it does not (e.g. a month not yet received).

    A quarterly run should not be blocked by one late extract, nor compare a source over
    missing months: its indicators sit this run out, and the run says so. police.uk is
    never left out: a run without it is refused by the period check instead.
    """
    indicators = default_indicators(wh)
    covers = {c.source: c for c in coverages(wh, area, period, indicators)}
    gaps = [c for src, c in covers.items() if not c.complete and src != "police-uk"]
    notes = []
    for c in gaps:
        names = ", ".join(i.name for i in indicators if i.source == c.source)
        notes.append(
            Note(
                f"Left out of the default indicators: {names} ({c.describe()}).",
                Hint(
                    " Name them with ",
                    FLAGS["indicators"].param(),
                    " and ",
                    FLAGS["allow_incomplete"].param(),
                    " to rank on the months held.",
                ),
                code="flags.default-left-out",
                data={"indicators": names, "coverage": c.describe()},
            )
        )
    kept = [i for i in indicators if i.source not in {c.source for c in gaps}]
    return kept, notes


def parse_indicators(text: str | None, wh: Warehouse) -> list[Indicator] | None:
    """``a,b,c`` (ids, names or aliases) to indicators; None (the defaults for the run's
    period, see :func:`held_defaults`) when ``text`` is empty."""
    if not text or not text.strip():
        return None
    out: list[Indicator] = []
    for part in text.split(","):
        if part.strip():
            ind = get_indicator(part.strip())
            if ind not in out:
                out.append(ind)
    for ind in out:
        engine.check_resolution(ind, "ward")
    return out


def ward_values(
    wh: Warehouse, area: Area, period: Period, indicator: Indicator, measure: str = "rate"
) -> list[WardValue]:
    """Every ward of ``area`` (zeros included) on ``indicator``, by ward name.

    The value is the rate per 1,000 of the indicator's denominator (residents, or
    households for burglary), or the count when ``measure`` is "count" or the indicator
    has no denominator. A ward whose denominator is zero has no rate: its value is
    ``None`` when rates are ranked (never its count, which is not comparable with rates).
    """
    FLAGS["measure"].check(measure)
    out = []
    for u in unit_figures(wh, indicator, area, "ward", period):
        value = u.rate_per_1000 if measure == "rate" and u.denominator_kind else float(u.count)
        out.append(WardValue(u.code, u.name, u.count, u.denominator, value))
    return out
