"""Tables of one indicator across the wards of a district or the districts of a force."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.periods import Period
from saferplaces.geography.areas import Area
from saferplaces.indicators import queries
from saferplaces.indicators.stats import change_pct, rate_per_1000
from saferplaces.quality.coverage import Coverage, police_coverage
from saferplaces.sources.police_uk.crime_types import ALL_CRIME, CRIMES, denominator_kind
from saferplaces.warehouse.connection import Warehouse


@dataclass
class UnitRow:
    """One ward or district; ``level`` marks the extra rows of a districts table."""

    code: str
    name: str
    count: int
    baseline_count: int
    change: int
    change_pct: float | None
    denominator: int | None
    rate_per_1000: float | None
    baseline_rate_per_1000: float | None
    level: str = "ward"


@dataclass
class UnitTable:
    area: Area
    indicator: str
    unit: str  # ward | district
    period: Period
    baseline: Period
    rows: list[UnitRow]
    coverage: list[Coverage]
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        key = "ward" if self.unit == "ward" else "district"
        rows = []
        for r in self.rows:
            d = asdict(r)
            d[f"{key}_code"] = d.pop("code")
            d[f"{key}_name"] = d.pop("name")
            if self.unit == "ward":
                d.pop("level")
            rows.append(d)
        return {
            "area": self.area.to_dict(),
            "indicator": self.indicator,
            "denominator_kind": denominator_kind(self.indicator),
            "period": self.period.to_dict(),
            "baseline": self.baseline.to_dict(),
            "coverage": [c.to_dict() for c in self.coverage],
            "notes": self.notes,
            "rows": rows,
        }


def _types(indicator: str) -> list[str]:
    return list(CRIMES) if indicator == ALL_CRIME else [indicator]


def _row(code, name, n, n0, residents, households, indicator, level) -> UnitRow:
    den = households if denominator_kind(indicator) == "households" else residents
    den = None if den is None else int(den)
    return UnitRow(
        code=code,
        name=name,
        count=int(n),
        baseline_count=int(n0),
        change=int(n) - int(n0),
        change_pct=change_pct(int(n), int(n0)),
        denominator=den,
        rate_per_1000=rate_per_1000(n, den) if den else None,
        baseline_rate_per_1000=rate_per_1000(n0, den) if den else None,
        level=level,
    )


def ward_table(
    wh: Warehouse, area: Area, indicator: str, period: Period, baseline: Period | None = None
) -> UnitTable:
    """Every ward of a district (or CSP), zeros included."""
    if area.level not in ("district", "csp"):
        raise SaferplacesError(
            f"{area.describe} is not a district: a ward table needs a district or CSP "
            "(for a force, use `saferplaces table districts`)"
        )
    baseline = baseline or period.previous()
    rows = [
        _row(*r, indicator=indicator, level="ward")
        for r in queries.counts_by_unit(wh, area, "ward", _types(indicator), period, baseline)
    ]
    coverage = [police_coverage(wh, area, period), police_coverage(wh, area, baseline)]
    notes = [
        "Wards are May 2024 electoral wards; records are assigned by their LSOA (2021) "
        "through the ONS best-fit lookup, so a ward's figures are those of its best-fit LSOAs."
    ]
    notes += [f"Incomplete: {c.describe()}." for c in coverage if not c.complete]
    return UnitTable(area, indicator, "ward", period, baseline, rows, coverage, notes)


def district_table(
    wh: Warehouse, area: Area, indicator: str, period: Period, baseline: Period | None = None
) -> UnitTable:
    """Every district of a force, then the records with no usable location and the force
    total (districts plus location unknown); records the force placed outside its own
    area are shown for information and not added in."""
    if area.level != "force":
        raise SaferplacesError(
            f"{area.describe} is not a police force area: a districts table needs a force "
            "(for a district's wards, use `saferplaces table wards`)"
        )
    baseline = baseline or period.previous()
    types = _types(indicator)
    units = queries.counts_by_unit(wh, area, "lad", types, period, baseline)
    rows = [_row(*r, indicator=indicator, level="district") for r in units]
    coverage = [police_coverage(wh, area, period), police_coverage(wh, area, baseline)]
    forces = list(coverage[0].forces)
    unknown, outside = queries.force_rows_outside(wh, forces, area, types, period)
    unknown0, outside0 = queries.force_rows_outside(wh, forces, area, types, baseline)
    rows.append(
        _row("", "Location unknown", unknown, unknown0, None, None, indicator, "location unknown")
    )
    residents = sum(int(u[4]) for u in units)
    households = sum(int(u[5]) for u in units)
    total = sum(r.count for r in rows)
    total0 = sum(r.baseline_count for r in rows)
    rows.append(
        _row(
            area.code,
            f"{area.name} (force total)",
            total,
            total0,
            residents,
            households,
            indicator,
            "force total",
        )
    )
    rows.append(
        _row(
            "",
            "Recorded outside the force area",
            outside,
            outside0,
            None,
            None,
            indicator,
            "outside force area",
        )
    )
    notes = [
        "Districts are April 2024 local authority districts; records are assigned by their "
        "LSOA (2021) through the ONS best-fit lookup.",
        "Location unknown: records with no LSOA, or an LSOA not in the lookup. They count "
        "towards the force total but not to any district.",
        "Recorded outside the force area: the force's records whose LSOA lies in another "
        "force's area; shown for information, not added to the force total.",
    ]
    notes += [f"Incomplete: {c.describe()}." for c in coverage if not c.complete]
    return UnitTable(area, indicator, "district", period, baseline, rows, coverage, notes)
