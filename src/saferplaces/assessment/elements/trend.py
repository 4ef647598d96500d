"""``trend`` (monthly counts with XmR limits and signals) and ``seasonality``."""

from __future__ import annotations

from saferplaces.assessment.context import BuildContext
from saferplaces.assessment.elements.common import (
    INDICATOR_FIELDS,
    caption_of,
    element_id,
    first_indicator,
    lower_name,
)
from saferplaces.assessment.formatting import missing_phrase, short_period_label
from saferplaces.assessment.registry import ElementKind
from saferplaces.assessment.spec import ChapterSpec, ElementSpec
from saferplaces.assessment.tables import make_table
from saferplaces.core.periods import MONTH_ABBREVIATIONS, MONTH_NAMES
from saferplaces.document.formatting import fmt, month_label
from saferplaces.document.model import BarChart, Block, Column, Figure, LineChart, Series
from saferplaces.indicators.spc import (
    OUTSIDE,
    SEASONAL_INDEX_MONTHS,
    SHIFT,
    Signal,
    control_chart,
    seasonality,
)


def _describe_signal(s: Signal, labels: list[str]) -> str:
    where = "above" if s.direction == "up" else "below"
    if s.kind == OUTSIDE:
        return (
            f"{labels[s.first]} was {where} the {'upper' if s.direction == 'up' else 'lower'} limit"
        )
    if s.kind == SHIFT:
        return (
            f"{len(s.points)} months in a row {where} the centre line "
            f"({labels[s.first]} to {labels[s.last]})"
        )
    verb = "rising" if s.direction == "up" else "falling"
    return f"{len(s.points)} months in a row {verb} ({labels[s.first]} to {labels[s.last]})"


def trend(ctx: BuildContext, chapter: ChapterSpec, element: ElementSpec) -> list[Block]:
    ind = first_indicator(ctx, chapter, element)
    if ind is None:
        return []
    series = ctx.monthly(ind)
    labels = [month_label(m) for m, _ in series]
    values = [n for _, n in series]
    cover = ctx.chart_coverage(ind)
    cp = ctx.chart_period
    area = ctx.area.name
    base_points = ctx.baseline.months if ctx.baseline.first == cp.first else 0
    missing = set(cover.missing)
    notes: list[str] = []
    # The limits come from the baseline months; a gap after them leaves them standing.
    result = control_chart([None if m in missing else n for m, n in series], base_points)
    if missing and result:
        notes.append(
            f"{cover.describe()}. Months with no data are left as gaps, not zeros; signals "
            "are looked for only in the months before the first gap."
        )
    elif missing:
        notes.append(
            f"Control limits are not drawn: {cover.describe()}. Months with no data are left "
            "as gaps, not zeros."
        )
    plotted = [None if m in missing else float(n) for m, n in series]
    flags = result.flagged(len(values)) if result else [set() for _ in values]
    chart = LineChart(
        x_labels=labels,
        series=[Series(ind.name, plotted)],
        y_label=f"{ind.unit.capitalize()} per month",
        centre=result.centre if result else None,
        upper=result.upper if result else None,
        lower=result.count_lower if result else None,
        baseline_points=base_points,
        signal_points={i: ", ".join(sorted(f)) for i, f in enumerate(flags) if f},
        trial_limits=bool(result and result.trial),
    )
    rows = []
    for i, (m, n) in enumerate(series):
        rows.append(
            {
                "month": labels[i],
                "count": None if m in missing else n,
                "centre": result.centre if result else None,
                "lower": result.count_lower if result else None,
                "upper": result.upper if result else None,
                "signal": ", ".join(sorted(flags[i])) if flags[i] else "",
            }
        )
    limit = "trial limit" if result and result.trial else "limit"
    data, _ = make_table(
        id=f"{chapter.id}-{ind.id}-trend-data",
        caption="Data",
        columns=[
            Column("month", "Month", "month", row_header=True),
            Column("count", "Count", "int"),
            Column("centre", "Centre line", "mean"),
            Column("lower", f"Lower {limit}", "mean"),
            Column("upper", f"Upper {limit}", "mean"),
            Column("signal", "Signal"),
        ],
        rows=rows,
        disclosure=ctx.disclosure,
        level=ctx.area.level,
    )
    held = [n for (m, n) in series if m not in missing] or [0]
    alt = (
        f"Line chart of {lower_name(ind)} per month in {area}, {labels[0]} to {labels[-1]}, "
        f"ranging from {min(held):,} to {max(held):,} a month"
        + (
            f" ({missing_phrase(sorted(missing))} from the data and left as a gap)."
            if missing
            else "."
        )
    )
    if result:
        alt += (
            f" The centre line ({fmt(result.centre, 'mean')} a month) is the mean of "
            f"{ctx.baseline.label}; the {result.limits_name} are "
            f"{fmt(result.count_lower, 'mean')} and {fmt(result.upper, 'mean')}"
            + (f" (from only {base_points} baseline months)." if result.trial else ".")
        )
        if result.signals:
            alt += (
                " Signals: " + "; ".join(_describe_signal(s, labels) for s in result.signals) + "."
            )
        else:
            alt += " There are no signals: no month outside the limits, no shift and no trend."
        notes.append(
            f"Centre line: mean of the {base_points} baseline months ({ctx.baseline.label}). "
            "Limits: centre ± 2.66 × mean moving range of the baseline months. Signals: a "
            "month outside the limits; 7 or more months in a row on one side of the centre "
            "line (shift); 6 or more months in a row each rising or each falling (trend)."
        )
        if result.trial:
            notes.append(
                f"Trial limits: the baseline has only {base_points} months, fewer than the 12 "
                "that settle an XmR chart's limits, so the limits are provisional and a signal "
                "against them is a prompt to look again, not a finding."
            )
    caption = caption_of(ctx, element) or (
        f"{ind.name} per month, {area}, {cp.label}"
        + (f", with {result.limits_name} from {short_period_label(ctx.baseline)}" if result else "")
    )
    return [
        Figure(
            id=element_id(ctx, chapter, element, ind),
            caption=caption,
            alt=alt,
            chart=chart,
            data=data,
            source=ctx.source_text([ind]),
            notes=notes,
        )
    ]


def seasonality_element(
    ctx: BuildContext, chapter: ChapterSpec, element: ElementSpec
) -> list[Block]:
    ind = first_indicator(ctx, chapter, element)
    if ind is None:
        return []
    series = ctx.monthly(ind)
    cover = ctx.chart_coverage(ind)
    held = [(m, n) for m, n in series if m not in set(cover.missing)]
    if len(held) < 12:
        ctx.leave_out(chapter.title, "seasonality: fewer than twelve months of data are held")
        return []
    profile = seasonality(held)
    years = sorted({m[:4] for m, _ in held})
    rows = [
        {"month": MONTH_NAMES[s.month - 1], "years": s.years, "mean": s.mean, "index": s.index}
        for s in profile
    ]
    data, _ = make_table(
        id=f"{chapter.id}-{ind.id}-seasonality-data",
        caption="Data",
        columns=[
            Column("month", "Month", "month", row_header=True),
            Column("years", "Years", "int"),
            Column("mean", "Mean per month", "mean"),
            Column("index", "Seasonal index", "index"),
        ],
        rows=rows,
        disclosure=ctx.disclosure,
        level=ctx.area.level,
    )
    have = [s for s in profile if s.index is not None]
    span = f"{years[0]} to {years[-1]}" if len(years) > 1 else years[0]
    alt = (
        f"Bar chart of the mean number of {lower_name(ind)} in each calendar month in "
        f"{ctx.area.name}, {span}."
    )
    if have:
        high = max(have, key=lambda s: s.index or 0.0)
        low = min(have, key=lambda s: s.index or 0.0)
        alt += (
            f" Allowing for the trend, highest in {MONTH_NAMES[high.month - 1]} (seasonal "
            f"index {high.index:.2f}), lowest in {MONTH_NAMES[low.month - 1]} "
            f"({low.index:.2f})."
        )
    else:
        alt += f" No seasonal index: fewer than {SEASONAL_INDEX_MONTHS} months are held."
    note = (
        f"Mean of each calendar month over {len(years)} year(s) of data. Seasonal index: "
        "each month divided by its centred 12-month moving average (so a steady rise or "
        "fall is not read as a season), averaged by calendar month, over the average of "
        "every such ratio (1.00 = an average month)."
        if have
        else f"Mean of each calendar month over {len(years)} year(s) of data. No seasonal "
        f"index: it needs at least {SEASONAL_INDEX_MONTHS} months held, to separate a "
        "season from a trend."
    )
    return [
        Figure(
            id=element_id(ctx, chapter, element, ind),
            caption=caption_of(ctx, element)
            or f"{ind.name}: average per calendar month, {ctx.area.name}, {span}",
            alt=alt,
            chart=BarChart(
                categories=list(MONTH_ABBREVIATIONS),
                series=[Series("Mean per month", [s.mean for s in profile])],
                value_label=f"Mean {ind.unit} per month",
                category_label="Month",
                horizontal=False,
            ),
            data=data,
            source=ctx.source_text([ind]),
            notes=[note],
        )
    ]


# The kinds this module adds (see the assessment plugin).
KINDS = (
    ElementKind(
        "trend",
        trend,
        INDICATOR_FIELDS,
        "Monthly counts with XmR centre line, limits and signals.",
    ),
    ElementKind(
        "seasonality",
        seasonality_element,
        INDICATOR_FIELDS,
        "Average count in each calendar month and the seasonal index.",
    ),
)
