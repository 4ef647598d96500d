"""One indicator's figures for every ward or LSOA of an area, with its denominator picked.

The counting engine gives (code, name, residents, households, count) for every unit,
zeros included; ranking, funnel plots and hot spots all need the count beside the one
denominator the indicator uses (residents, households for burglary, or none). A unit
with a denominator of zero (no residents or households in the Census) has no rate:
:attr:`UnitFigure.rate_per_1000` is ``None`` and the callers leave it out of anything
made of rates, and say so.

>>> UnitFigure("W1", "Ward 1", 4, 0, "residents").rate_per_1000 is None
True
>>> UnitFigure("W2", "Ward 2", 4, 2000, "residents").rate_per_1000
2.0
"""

from __future__ import annotations

from dataclasses import dataclass

from saferplaces.core.periods import Period
from saferplaces.geography.areas import Area
from saferplaces.indicators import engine
from saferplaces.indicators.registry import Indicator
from saferplaces.indicators.stats import rate_per_1000

_DENOMINATOR_COLUMN = {"residents": 2, "households": 3}


@dataclass(frozen=True)
class UnitFigure:
    code: str
    name: str
    count: int | float  # an int for counted events; a float for weighted ones (harm days)
    denominator: int | None  # the indicator's denominator here; None when it has none
    denominator_kind: str | None  # residents | households | None

    @property
    def has_rate(self) -> bool:
        """True when the unit has a non-zero denominator to divide by."""
        return bool(self.denominator)

    @property
    def rate_per_1000(self) -> float | None:
        return rate_per_1000(self.count, self.denominator) if self.denominator else None


def unit_figures(
    wh, indicator: Indicator, area: Area, unit: str, period: Period
) -> list[UnitFigure]:
    """Every ``unit`` (ward or lsoa) of ``area`` on ``indicator`` in ``period``, by name."""
    kind = indicator.denominator or None
    out = []
    for row in engine.unit_counts(wh, indicator, area, unit, [period]):
        den = row[_DENOMINATOR_COLUMN[kind]] if kind else None
        out.append(
            UnitFigure(
                code=row[0],
                name=row[1],
                count=row[4],
                denominator=int(den) if den is not None else None,
                denominator_kind=kind,
            )
        )
    return out


def without_denominator(figures: list[UnitFigure]) -> list[UnitFigure]:
    """Units with no rate because their denominator is zero (none when the indicator has
    no denominator at all)."""
    return [f for f in figures if f.denominator_kind and not f.denominator]
