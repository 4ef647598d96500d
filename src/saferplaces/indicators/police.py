"""Indicator tables for an area: counts, rates and honest change, one row per indicator.

:func:`indicator_table` gives, for each indicator, the count in the period and the
baseline, the change, the rate per 1,000 (usual residents; households for burglary), the
Poisson z, the exact C-test p-value, the Benjamini–Hochberg q-value across the rows and
the classification at α. A comparison is only made when both periods are complete for
the indicator's source: otherwise the row says "not compared".

:func:`police_indicators` is the table of the fourteen police.uk crime types and "All
crime" (the thirteen types other than anti-social behaviour).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace

from saferplaces.core.periods import Period
from saferplaces.core.settings import alpha as default_alpha
from saferplaces.geography.areas import Area, force_names
from saferplaces.indicators import engine
from saferplaces.indicators.change import assign_q_values, compare_counts, rate_interval
from saferplaces.indicators.registry import Indicator, get_indicator, headline_indicators
from saferplaces.indicators.stats import classify, proportion_test, rate_per_1000, wilson_ci
from saferplaces.quality.coverage import Coverage, coverage
from saferplaces.warehouse.connection import Warehouse

SOURCE_LABEL = "police.uk street-level crime and anti-social behaviour"
MIN_BASE = 10  # percentages on a base under 10 are not shown (methods.md)


@dataclass
class IndicatorRow:
    """One indicator; field names are the JSON keys."""

    indicator: str
    count: int
    baseline_count: int
    change: int
    change_pct: float | None
    denominator: int | None
    denominator_kind: str | None
    rate_per_1000: float | None
    baseline_rate_per_1000: float | None
    z: float | None
    p_value: float | None
    q_value: float | None
    classification: str
    ci_low: float | None = None  # 95% exact interval of the rate per 1,000
    ci_high: float | None = None
    annualised_rate_per_1000: float | None = None
    indicator_id: str = ""
    sensitive: bool = False
    # A proportion (completions of people in treatment): count and baseline_count are
    # its numerators, base and baseline_base its bases; percent with its Wilson 95%
    # interval, and the change in percentage points. Empty for a count.
    kind: str = "count"  # count | proportion
    base: int | None = None
    baseline_base: int | None = None
    percent: float | None = None
    baseline_percent: float | None = None
    percent_ci_low: float | None = None
    percent_ci_high: float | None = None
    change_points: float | None = None


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
        """The row for an indicator named by id, name or alias."""
        wanted = get_indicator(indicator).id
        return next(r for r in self.rows if r.indicator_id == wanted)

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


def table_of(rows: Sequence[IndicatorRow]) -> list[IndicatorRow]:
    """``rows`` as a table of their own: copies whose q-values are Benjamini–Hochberg
    across these rows only (``methods.md``: q across the rows of the table shown), so a
    table's q-values do not change with whatever else was counted beside it."""
    out = [replace(r) for r in rows]
    assign_q_values(out)
    return out


def build_row(
    indicator: Indicator,
    x1: int,
    x0: int,
    denominators: dict[str, int],
    period: Period,
    baseline: Period,
    compare: bool,
    alpha: float,
) -> IndicatorRow:
    """One indicator row from its two counts (the q-value is filled in across the table)."""
    den = denominators.get(indicator.denominator) if indicator.denominator else None
    # Weighted sums (harm days) are not Poisson counts: no exact interval or test.
    rate = rate_interval(x1, den, exact=not indicator.weighted)
    c = compare_counts(
        x1,
        x0,
        t1=period.months,
        t0=baseline.months,
        compare=compare and not indicator.weighted,
        alpha=alpha,
    )
    return IndicatorRow(
        indicator=indicator.name,
        count=x1,
        baseline_count=x0,
        change=c.change,
        change_pct=c.change_pct,
        denominator=den,
        denominator_kind=indicator.denominator,
        rate_per_1000=rate.rate_per_1000,
        baseline_rate_per_1000=rate_per_1000(x0, den) if den else None,
        z=c.z,
        p_value=c.p_value,
        q_value=None,
        classification=c.classification,
        ci_low=rate.ci_low,
        ci_high=rate.ci_high,
        annualised_rate_per_1000=None
        if rate.rate_per_1000 is None
        else rate.rate_per_1000 * 12 / period.months,
        indicator_id=indicator.id,
        sensitive=indicator.sensitive,
    )


def build_proportion_row(
    indicator: Indicator,
    k1: int,
    k0: int,
    n1: int | None,
    n0: int | None,
    compare: bool,
    alpha: float,
) -> IndicatorRow:
    """One proportion row: k of n in the period against the baseline (``methods.md``:
    percentages on a base under 10 are not shown, nor compared)."""
    shown1 = n1 is not None and n1 >= MIN_BASE
    shown0 = n0 is not None and n0 >= MIN_BASE
    p1 = 100.0 * k1 / n1 if shown1 else None
    p0 = 100.0 * k0 / n0 if shown0 else None
    lo, hi = wilson_ci(k1, n1) if shown1 else (None, None)
    compare = compare and shown1 and shown0
    p = proportion_test(k1, n1, k0, n0) if compare else None  # type: ignore[arg-type]
    return IndicatorRow(
        indicator=indicator.name,
        count=k1,
        baseline_count=k0,
        change=k1 - k0,
        change_pct=None,
        denominator=None,
        denominator_kind=None,
        rate_per_1000=None,
        baseline_rate_per_1000=None,
        z=None,
        p_value=p,
        q_value=None,
        classification=classify(p, p1 or 0, p0 or 0, alpha),
        indicator_id=indicator.id,
        sensitive=indicator.sensitive,
        kind="proportion",
        base=n1,
        baseline_base=n0,
        percent=p1,
        baseline_percent=p0,
        percent_ci_low=None if lo is None else 100.0 * lo,
        percent_ci_high=None if hi is None else 100.0 * hi,
        change_points=None if p1 is None or p0 is None else p1 - p0,
    )


def _proportion_row(
    wh: Warehouse,
    ind: Indicator,
    area: Area,
    period: Period,
    baseline: Period,
    compare: bool,
    alpha: float,
) -> tuple[IndicatorRow, list[str]]:
    k1, k0 = engine.area_counts(wh, ind, area, [period, baseline])
    n1, n0 = engine.base_counts(wh, ind, area, [period, baseline])
    notes = []
    if not ind.base_additive:
        # People counted per reporting period cannot be added across periods.
        spans = engine.base_reporting_periods(wh, ind, area, [period, baseline])
        for i, (p, many) in enumerate(zip((period, baseline), spans, strict=True)):
            if many > 1:
                notes.append(
                    f"{ind.name}: {ind.base_name or 'the base'} is counted per reporting period "
                    f"and {p.label} holds {many}, so no percentage is shown for it."
                )
                n1, n0 = (None, n0) if i == 0 else (n1, None)
    return build_proportion_row(ind, k1, k0, n1, n0, compare, alpha), notes


def indicator_table(
    wh: Warehouse,
    area: Area,
    period: Period,
    baseline: Period | None = None,
    indicators: list[Indicator] | None = None,
    *,
    alpha: float | None = None,
) -> IndicatorTable:
    """The indicator table for ``area`` in ``period`` against ``baseline``."""
    baseline = baseline or period.previous()
    indicators = indicators or headline_indicators()
    a = default_alpha() if alpha is None else alpha
    dens = engine.denominators(wh, area)

    covers: dict[str, list[Coverage]] = {}
    for source in dict.fromkeys(i.source for i in indicators):
        covers[source] = [coverage(wh, source, area, period), coverage(wh, source, area, baseline)]

    rows = []
    extra_notes: list[str] = []
    counts = engine.area_counts_many(
        wh, [i for i in indicators if not i.is_proportion], area, [period, baseline]
    )
    for ind in indicators:
        compare = all(c.complete for c in covers[ind.source])
        if ind.is_proportion:
            row, more = _proportion_row(wh, ind, area, period, baseline, compare, a)
            rows.append(row)
            extra_notes += more
            continue
        x1, x0 = counts[ind.id]
        rows.append(build_row(ind, x1, x0, dens, period, baseline, compare, a))
    assign_q_values(rows)

    notes = [
        "Records are counted where their LSOA (2021) falls in the area, through the ONS "
        "best-fit LSOA to ward (2024) to district (2024) lookup.",
        "Rates per 1,000 use Census 2021 usual residents; burglary uses Census 2021 households.",
    ]
    if period.months != baseline.months:
        notes.append(
            f"The period has {period.months} months and the baseline {baseline.months}: the "
            "exact test allows for the different exposures; z is only defined for equal "
            "exposures and is left blank."
        )
    if period.months != 12:
        notes.append("The period is not twelve months: annualised rates are shown as well.")
    for cs in covers.values():
        notes += [f"Not compared: {c.describe()}." for c in cs if not c.complete]
    if any(ind.is_proportion for ind in indicators):
        notes.append(
            "Proportions (e.g. successful completions of people in treatment) are shown in "
            "percent with a Wilson 95% interval; a change is in percentage points and is "
            "tested with Fisher's exact test; not shown on a base under 10."
        )
    notes += extra_notes

    location_unknown: dict[str, int] = {}
    if area.level == "force":
        forces = force_names(wh, area)
        police = [i for i in indicators if i.source == "police-uk"]
        location_unknown = {
            i.name: engine.unlocated_counts(wh, i, forces, [period])[0] for i in police
        }
        if police:
            crimes = location_unknown.get("All crime", 0)
            asb = location_unknown.get("Anti-social behaviour", 0)
            notes.append(
                f"Force totals include {crimes:,} crimes and {asb:,} ASB incidents the force "
                "recorded in the period with no usable location (no LSOA, or one not in the "
                "lookup)."
            )
    return IndicatorTable(
        area,
        period,
        baseline,
        rows,
        a,
        [c for cs in covers.values() for c in cs],
        location_unknown,
        notes,
    )


def police_indicators(
    wh: Warehouse,
    area: Area,
    period: Period,
    baseline: Period | None = None,
    *,
    alpha: float | None = None,
) -> IndicatorTable:
    """The fourteen police.uk crime types and all crime for ``area``."""
    return indicator_table(wh, area, period, baseline, None, alpha=alpha)
