"""police.uk indicators for an area: counts, rates and honest change, one row per type.

:func:`police_indicators` gives one row for each of the fourteen police.uk crime types
and "All crime" (the thirteen types other than anti-social behaviour): the count in the
period and the baseline, the change, the rate per 1,000 (usual residents; households
for burglary), the Poisson z, the exact C-test p-value, the Benjamini–Hochberg q-value
across the rows and the classification at α. A comparison is only made when both
periods are complete for the force: otherwise the row says "not compared".
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from saferplaces.core.periods import Period
from saferplaces.core.settings import alpha as default_alpha
from saferplaces.geography.areas import Area
from saferplaces.indicators import queries
from saferplaces.indicators.stats import (
    bh_qvalues,
    c_test,
    change_pct,
    classify,
    poisson_ci,
    rate_per_1000,
    wheeler_z,
)
from saferplaces.quality.coverage import Coverage, police_coverage
from saferplaces.sources.police_uk.crime_types import (
    ALL_CRIME,
    CRIME_TYPES,
    CRIMES,
    denominator_kind,
)
from saferplaces.warehouse.connection import Warehouse

SOURCE_LABEL = "police.uk street-level crime and anti-social behaviour"


@dataclass
class IndicatorRow:
    """One indicator; field names are the JSON keys."""

    indicator: str
    count: int
    baseline_count: int
    change: int
    change_pct: float | None
    denominator: int
    denominator_kind: str
    rate_per_1000: float | None
    baseline_rate_per_1000: float | None
    z: float | None
    p_value: float | None
    q_value: float | None
    classification: str
    ci_low: float | None = None  # 95% exact interval of the rate per 1,000
    ci_high: float | None = None
    annualised_rate_per_1000: float | None = None


@dataclass
class IndicatorTable:
    area: Area
    period: Period
    baseline: Period
    rows: list[IndicatorRow]
    alpha: float
    coverage: list[Coverage]
    location_unknown: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def row(self, indicator: str) -> IndicatorRow:
        return next(r for r in self.rows if r.indicator == indicator)

    def to_dict(self) -> dict[str, object]:
        return {
            "area": self.area.to_dict(),
            "period": self.period.to_dict(),
            "baseline": self.baseline.to_dict(),
            "source": SOURCE_LABEL,
            "alpha": self.alpha,
            "coverage": [c.to_dict() for c in self.coverage],
            "notes": self.notes,
            "location_unknown": self.location_unknown,
            "rows": [asdict(r) for r in self.rows],
        }


def _exposure_note(period: Period, baseline: Period) -> str | None:
    if period.months == baseline.months:
        return None
    return (
        f"The period has {period.months} months and the baseline {baseline.months}: the "
        "exact test allows for the different exposures; z is only defined for equal "
        "exposures and is left blank."
    )


def build_row(
    indicator: str,
    x1: int,
    x0: int,
    denominator: int,
    period: Period,
    baseline: Period,
    compare: bool,
    alpha: float,
) -> IndicatorRow:
    """One indicator row from its two counts (q-value filled in across the table later)."""
    rate = rate_per_1000(x1, denominator)
    lo, hi = poisson_ci(x1)
    equal = period.months == baseline.months
    p = c_test(x1, x0, period.months, baseline.months) if compare else None
    return IndicatorRow(
        indicator=indicator,
        count=x1,
        baseline_count=x0,
        change=x1 - x0,
        change_pct=change_pct(x1, x0),
        denominator=denominator,
        denominator_kind=denominator_kind(indicator),
        rate_per_1000=rate,
        baseline_rate_per_1000=rate_per_1000(x0, denominator),
        z=wheeler_z(x1, x0) if compare and equal else None,
        p_value=p,
        q_value=None,
        classification=classify(p, x1, x0, alpha),
        ci_low=rate_per_1000(lo, denominator),
        ci_high=rate_per_1000(hi, denominator),
        annualised_rate_per_1000=None if rate is None else rate * 12 / period.months,
    )


def police_indicators(
    wh: Warehouse,
    area: Area,
    period: Period,
    baseline: Period | None = None,
    *,
    alpha: float | None = None,
) -> IndicatorTable:
    """The police.uk indicator table for ``area`` in ``period`` against ``baseline``."""
    baseline = baseline or period.previous()
    a = default_alpha() if alpha is None else alpha
    coverage = [police_coverage(wh, area, period), police_coverage(wh, area, baseline)]
    compare = all(c.complete for c in coverage)
    counts = queries.counts_by_type(wh, area, period, baseline)
    # Records with no usable location count towards the force total (methods.md), so a
    # force area's counts include those its force recorded without one.
    unknown: dict[str, tuple[int, int]] = {}
    if area.level == "force":
        forces = list(coverage[0].forces)
        now = queries.unlocated_by_type(wh, forces, period)
        before = queries.unlocated_by_type(wh, forces, baseline)
        unknown = {t: (now.get(t, 0), before.get(t, 0)) for t in set(now) | set(before)}
        counts = {
            t: (
                counts.get(t, (0, 0))[0] + unknown.get(t, (0, 0))[0],
                counts.get(t, (0, 0))[1] + unknown.get(t, (0, 0))[1],
            )
            for t in set(counts) | set(unknown)
        }
    residents, households = queries.denominators(wh, area)

    rows = []
    for indicator in (*CRIME_TYPES, ALL_CRIME):
        members = CRIMES if indicator == ALL_CRIME else (indicator,)
        x1 = sum(counts.get(t, (0, 0))[0] for t in members)
        x0 = sum(counts.get(t, (0, 0))[1] for t in members)
        den = households if denominator_kind(indicator) == "households" else residents
        rows.append(build_row(indicator, x1, x0, den, period, baseline, compare, a))
    for r, q in zip(rows, bh_qvalues([r.p_value for r in rows]), strict=True):
        r.q_value = q

    notes = [
        "Records are counted where their LSOA (2021) falls in the area, through the ONS "
        "best-fit LSOA to ward (2024) to district (2024) lookup.",
        "Rates per 1,000 use Census 2021 usual residents; burglary uses Census 2021 households.",
    ]
    if (note := _exposure_note(period, baseline)) is not None:
        notes.append(note)
    if period.months != 12:
        notes.append("The period is not twelve months: annualised rates are shown as well.")
    notes += [f"Not compared: {c.describe()}." for c in coverage if not c.complete]
    location_unknown = {t: unknown.get(t, (0, 0))[0] for t in CRIME_TYPES}
    if area.level == "force":
        location_unknown[ALL_CRIME] = sum(location_unknown[t] for t in CRIMES)
        notes.append(
            f"Force totals include {location_unknown[ALL_CRIME]:,} crimes and "
            f"{location_unknown['Anti-social behaviour']:,} ASB incidents the force recorded in "
            "the period with no usable location (no LSOA, or one not in the lookup)."
        )
    else:
        location_unknown = {}
    return IndicatorTable(area, period, baseline, rows, a, coverage, location_unknown, notes)
