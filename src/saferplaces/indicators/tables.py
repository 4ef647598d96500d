"""Tables of one indicator across the wards of a district or the districts of a force.

Each row is a typed result in the vocabulary of :mod:`saferplaces.indicators.change`:
its count and baseline count, the change, the rate per 1,000 with its exact 95%
interval (``ci_low``, ``ci_high``), the exact conditional test (``p_value``), the
Benjamini–Hochberg ``q_value`` across the table's wards (or districts) and the
``classification`` at α. Rows are only compared when every month of both periods is
held for the indicator's source; a weighted sum (harm) gets no interval or test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.periods import Period
from saferplaces.core.settings import alpha as default_alpha
from saferplaces.geography.areas import Area, force_names
from saferplaces.indicators import engine
from saferplaces.indicators.change import assign_q_values, compare_counts, rate_interval
from saferplaces.indicators.registry import Indicator
from saferplaces.indicators.stats import NOT_COMPARED, rate_per_1000
from saferplaces.quality.coverage import Coverage, coverage
from saferplaces.warehouse.connection import Warehouse

# Sources whose records carry no police force (agency extracts) say here how many of an
# indicator's events in each period had no usable location, and how many lay outside the
# force area: f(wh, indicator, force, periods) -> (unknown per period, outside per period).
UnplacedFn = Callable[[Warehouse, Indicator, Area, list[Period]], tuple[list[int], list[int]]]
UNPLACED: dict[str, UnplacedFn] = {}


def register_unplaced(source: str, fn: UnplacedFn) -> None:
    """Say how ``source``'s records with no usable location or outside the force area are
    counted for a districts table (``saferplaces_unplaced_counts``)."""
    UNPLACED[source] = fn


@dataclass
class UnitRow:
    """One ward or district; ``level`` marks the extra rows of a districts table.

    ``q_value`` is Benjamini–Hochberg across the table's wards (or districts): the extra
    rows of a districts table (location unknown, the force total) are tested but are not
    among the places compared, and the row outside the force area, shown for
    information, is not tested."""

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
    ci_low: float | None = None  # exact 95% interval of the rate per 1,000
    ci_high: float | None = None
    z: float | None = None
    p_value: float | None = None
    q_value: float | None = None
    classification: str = NOT_COMPARED


@dataclass
class UnitTable:
    area: Area
    indicator: Indicator
    unit: str  # ward | district
    period: Period
    baseline: Period
    rows: list[UnitRow]
    coverage: list[Coverage]
    notes: list[str] = field(default_factory=list)
    alpha: float = 0.05

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
            "indicator": self.indicator.name,
            "indicator_id": self.indicator.id,
            "denominator_kind": self.indicator.denominator,
            "period": self.period.to_dict(),
            "baseline": self.baseline.to_dict(),
            "alpha": self.alpha,
            "coverage": [c.to_dict() for c in self.coverage],
            "notes": self.notes,
            "rows": rows,
        }


def _row(
    code,
    name,
    residents,
    households,
    n,
    n0,
    indicator: Indicator,
    level,
    other=None,
    *,
    period: Period,
    baseline: Period,
    compare: bool,
    alpha: float,
) -> UnitRow:
    """``other`` is the row's denominator when it is neither residents nor households
    (residents aged 10 to 17, held by district). ``compare=False`` keeps the counts but
    makes no test (months missing; a row shown for information)."""
    dens = {"residents": residents, "households": households}
    den = dens.get(indicator.denominator, other) if indicator.denominator else None
    den = None if den is None else int(den)
    # Weighted sums (harm days) are not Poisson counts: no exact interval or test.
    rate = rate_interval(n, den, exact=not indicator.weighted)
    c = compare_counts(
        int(n),
        int(n0),
        t1=period.months,
        t0=baseline.months,
        compare=compare and not indicator.weighted,
        alpha=alpha,
    )
    return UnitRow(
        code=code,
        name=name,
        count=int(n),
        baseline_count=int(n0),
        change=c.change,
        change_pct=c.change_pct,
        denominator=den,
        rate_per_1000=rate.rate_per_1000 if den else None,
        baseline_rate_per_1000=rate_per_1000(n0, den) if den else None,
        level=level,
        ci_low=rate.ci_low,
        ci_high=rate.ci_high,
        z=c.z,
        p_value=c.p_value,
        classification=c.classification,
    )


def _coverage(wh, indicator: Indicator, area: Area, period: Period, baseline: Period):
    return [coverage(wh, indicator.source, area, p) for p in (period, baseline)]


def _comparison(
    wh: Warehouse,
    indicator: Indicator,
    area: Area,
    period: Period,
    baseline: Period,
    alpha: float | None,
) -> tuple[list[Coverage], dict]:
    """The coverage of both periods, and how every row is compared: only when every month
    of both is held (``alpha``: default the ``alpha`` setting)."""
    covers = _coverage(wh, indicator, area, period, baseline)
    return covers, {
        "period": period,
        "baseline": baseline,
        "compare": all(c.complete for c in covers),
        "alpha": default_alpha() if alpha is None else alpha,
    }


def ward_table(
    wh: Warehouse,
    area: Area,
    indicator: Indicator,
    period: Period,
    baseline: Period | None = None,
    *,
    alpha: float | None = None,
) -> UnitTable:
    """Every ward of a district (or CSP), zeros included, each compared with its baseline
    (``alpha``: the significance level, default the ``alpha`` setting)."""
    if area.level not in ("district", "csp"):
        raise SaferplacesError(
            f"{area.describe} is not a district: a ward table needs a district or CSP "
            "(for a force, use `saferplaces table districts`)"
        )
    baseline = baseline or period.previous()
    covers, test = _comparison(wh, indicator, area, period, baseline, alpha)
    a = test["alpha"]
    rows = [
        _row(*r, indicator=indicator, level="ward", **test)
        for r in engine.unit_counts(wh, indicator, area, "ward", [period, baseline])
    ]
    assign_q_values(rows)
    notes = [
        "Wards are May 2024 electoral wards; records are assigned by their LSOA (2021) "
        "through the ONS best-fit lookup, so a ward's figures are those of its best-fit LSOAs."
    ]
    notes += [f"Incomplete: {c.describe()}." for c in covers if not c.complete]
    return UnitTable(area, indicator, "ward", period, baseline, rows, covers, notes, a)


def district_table(
    wh: Warehouse,
    area: Area,
    indicator: Indicator,
    period: Period,
    baseline: Period | None = None,
    *,
    alpha: float | None = None,
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
    covers, test = _comparison(wh, indicator, area, period, baseline, alpha)
    a = test["alpha"]
    units = engine.unit_counts(wh, indicator, area, "lad", [period, baseline])
    by_district = engine.district_denominators(wh, area, indicator.denominator or "")
    rows = [
        _row(*r, indicator=indicator, level="district", other=by_district.get(r[0]), **test)
        for r in units
    ]
    if indicator.source in UNPLACED:
        (unknown, unknown0), (outside, outside0) = UNPLACED[indicator.source](
            wh, indicator, area, [period, baseline]
        )
    else:
        forces = force_names(wh, area)
        unknown, unknown0 = engine.unlocated_counts(wh, indicator, forces, [period, baseline])
        outside, outside0 = _outside(wh, indicator, area, forces, [period, baseline])
    residence = indicator.placed_by == "residence"
    unknown_name = "Residence unknown" if residence else "Location unknown"
    outside_name = (
        "Living outside the force area" if residence else "Recorded outside the force area"
    )
    rows.append(
        _row("", unknown_name, None, None, unknown, unknown0, indicator, "location unknown", **test)
    )
    residents = sum(int(u[2]) for u in units)
    households = sum(int(u[3]) for u in units)
    total = sum(r.count for r in rows)
    total0 = sum(r.baseline_count for r in rows)
    rows.append(
        _row(
            area.code,
            f"{area.name} (force total)",
            residents,
            households,
            total,
            total0,
            indicator,
            "force total",
            sum(by_district.values()) or None,
            **test,
        )
    )
    rows.append(
        _row(
            "",
            outside_name,
            None,
            None,
            outside,
            outside0,
            indicator,
            "outside force area",
            # Shown for information, not added to the force total: not tested.
            **(test | {"compare": False}),
        )
    )
    assign_q_values(rows, [r for r in rows if r.level == "district"])
    if residence:
        notes = [
            f"{indicator.name}: counted by the district the person lives in (the district of "
            "residence the service records), never by where anything happened. Districts "
            "are April 2024 local authority districts.",
            "Residence unknown: records whose district of residence is not known. They count "
            "towards the force total but not to any district.",
            "Living outside the force area: people whose district of residence lies outside "
            "the force area; shown for information, not added to the force total.",
        ]
    else:
        notes = [
            "Districts are April 2024 local authority districts; records are assigned by their "
            "LSOA (2021) through the ONS best-fit lookup.",
            "Location unknown: records with no LSOA, or an LSOA not in the lookup. They count "
            "towards the force total but not to any district.",
            "Recorded outside the force area: the force's records whose LSOA lies in another "
            "force's area; shown for information, not added to the force total.",
        ]
    notes += [f"Incomplete: {c.describe()}." for c in covers if not c.complete]
    return UnitTable(area, indicator, "district", period, baseline, rows, covers, notes, a)


def _outside(
    wh: Warehouse, indicator: Indicator, force: Area, forces: list[str], periods: list[Period]
) -> list[int]:
    """The ``forces``' events located in another force's area, per period."""
    return engine.outside_force_counts(wh, indicator, force, forces, periods)
