"""The districts of a county (or force) side by side: each district's indicator table for
the same period and baseline, and the area's own.

Every cell is a row of :func:`saferplaces.indicators.police.indicator_table` for its
district, so each district's change is tested as on its own evidence pages (exact test,
q-values across that district's rows, "not compared" where months are missing): a county
page and the community safety agreement never recompute a test.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.periods import Period
from saferplaces.geography.areas import Area, districts_of, force_of
from saferplaces.indicators.police import IndicatorRow, IndicatorTable, indicator_table
from saferplaces.indicators.registry import Indicator, headline_indicators
from saferplaces.warehouse.connection import Warehouse


@dataclass
class SideBySide:
    area: Area  # the county (or force)
    districts: list[Area]
    period: Period
    baseline: Period
    indicators: list[Indicator]
    tables: dict[str, IndicatorTable]  # area or district code -> its table
    notes: list[str] = field(default_factory=list)

    def cell(self, indicator_id: str, code: str) -> IndicatorRow:
        return next(r for r in self.tables[code].rows if r.indicator_id == indicator_id)

    @property
    def columns(self) -> list[Area]:
        """The districts, then the area itself."""
        return [*self.districts, self.area]

    def to_dict(self) -> dict[str, object]:
        return {
            "area": self.area.to_dict(),
            "period": self.period.to_dict(),
            "baseline": self.baseline.to_dict(),
            "districts": [d.to_dict() for d in self.districts],
            "rows": [
                {
                    "indicator_id": ind.id,
                    "indicator": ind.name,
                    "areas": {
                        a.code: {
                            "count": self.cell(ind.id, a.code).count,
                            "baseline_count": self.cell(ind.id, a.code).baseline_count,
                            "rate_per_1000": self.cell(ind.id, a.code).rate_per_1000,
                            "p_value": self.cell(ind.id, a.code).p_value,
                            "q_value": self.cell(ind.id, a.code).q_value,
                            "classification": self.cell(ind.id, a.code).classification,
                        }
                        for a in self.columns
                    },
                }
                for ind in self.indicators
            ],
            "notes": self.notes,
        }


def side_by_side(
    wh: Warehouse,
    area: Area,
    period: Period,
    baseline: Period | None = None,
    indicators: list[Indicator] | None = None,
) -> SideBySide:
    """Each district of the county or force ``area`` beside the others and the area."""
    if area.level not in ("county", "force"):
        raise SaferplacesError(
            f"{area.describe} is not a county or police force area: districts side by side "
            "need an area holding several districts"
        )
    baseline = baseline or period.previous()
    indicators = indicators or headline_indicators()
    force = force_of(wh, area)
    districts = [
        Area(code, name, "district", force.name if force else None)
        for code, name in districts_of(wh, area)
    ]
    tables = {
        a.code: indicator_table(wh, a, period, baseline, indicators) for a in [*districts, area]
    }
    notes = [
        "Each district's change is tested on its own figures: the exact conditional test, "
        "with q-values across that district's indicators.",
        f"{area.name}: every record located in its districts"
        + (
            ", and the force's records with no usable location."
            if area.level == "force"
            else " (records with no usable location belong to no district or county)."
        ),
    ]
    for t in tables.values():
        notes += [n for n in t.notes if n.startswith("Not compared") and n not in notes]
    return SideBySide(area, districts, period, baseline, indicators, tables, notes)
