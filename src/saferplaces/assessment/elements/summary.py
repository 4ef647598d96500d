"""``summary-table`` and ``change-bars``: the chapter's indicators, this period against
the baseline."""

from __future__ import annotations

from saferplaces.assessment.context import BuildContext
from saferplaces.assessment.elements.common import (
    ALL_CRIME_ID,
    INDICATOR_FIELDS,
    caption_of,
    element_id,
    indicators_for,
)
from saferplaces.assessment.formatting import (
    CLASSIFICATION_SHORT,
    missing_phrase,
    short_period_label,
)
from saferplaces.assessment.registry import ElementKind
from saferplaces.assessment.spec import ChapterSpec, ElementSpec
from saferplaces.assessment.tables import make_table
from saferplaces.document.model import BarChart, Block, Column, Figure, Series
from saferplaces.indicators.stats import NOT_COMPARED


def summary_table(ctx: BuildContext, chapter: ChapterSpec, element: ElementSpec) -> list[Block]:
    inds = indicators_for(ctx, chapter, element)
    if not inds:
        return []
    P, B = short_period_label(ctx.period), short_period_label(ctx.baseline)
    significance = bool(element.options.get("significance", False))
    # methods.md: the q-value is Benjamini–Hochberg across the table's own rows, so a
    # table's q-values do not change with what else the assessment holds.
    rows, totals = [], []
    for ind, r in zip(inds, ctx.rows(inds), strict=True):
        if ind.id == ALL_CRIME_ID and len(inds) > 1:
            totals.append(len(rows))
        compared = r.classification != NOT_COMPARED
        rows.append(
            {
                "indicator": ind.name,
                "count": r.count,
                "baseline_count": r.baseline_count,
                # Months missing: the counts stand, but no change is given.
                "change": r.change if compared else None,
                "change_pct": r.change_pct if compared else None,
                "rate": r.rate_per_1000,
                "annualised": r.annualised_rate_per_1000,
                "p": r.p_value,
                "q": r.q_value,
                "classification": CLASSIFICATION_SHORT.get(r.classification, r.classification),
                # A proportion (completions of people in treatment): its percentage.
                "percent": r.percent,
                "baseline_percent": r.baseline_percent,
                "points": None
                if r.change_points is None or not compared
                else f"{r.change_points:+.1f} points",
            }
        )
        if r.kind == "proportion":
            rows[-1].update(rate=None, annualised=None, change_pct=None)
    columns = [
        Column("indicator", "Indicator", row_header=True),
        Column("count", P, "int"),
        Column("baseline_count", B, "int"),
        Column("change", "Change", "signed"),
        Column("change_pct", "Change %", "pct"),
        Column("rate", f"Rate per 1,000 ({P})", "rate"),
    ]
    proportions = [i for i in inds if ctx.row(i).kind == "proportion"]
    if proportions:
        columns += [
            Column("percent", f"Per cent ({P})", "share"),
            Column("baseline_percent", f"Per cent ({B})", "share"),
            Column("points", "Change in percentage points"),
        ]
    if ctx.period.months != 12:
        # methods.md: a period that is not twelve months also shows an annualised rate.
        columns.append(Column("annualised", "Annualised rate per 1,000", "rate"))
    if significance:
        columns += [Column("p", "p", "p"), Column("q", "q", "p")]
    columns.append(Column("classification", "Change is"))
    notes = []
    kinds = {i.denominator for i in inds}
    if "households" in kinds:
        notes.append(
            "Rates per 1,000 usual residents (Census 2021); burglary per 1,000 households."
        )
    elif "residents" in kinds:
        notes.append("Rates per 1,000 usual residents (Census 2021).")
    notes.append(
        "Change % is not shown when the baseline count is under 10 (numbers too small). "
        f"A change is significant when the exact conditional test gives p < {ctx.alpha:g}."
    )
    if significance:
        notes.append(
            f"q: Benjamini–Hochberg q-value across the {sum(r['q'] is not None for r in rows)} "
            "indicators of this table that are compared (p adjusted for testing several "
            "at once)."
        )
    for ind in proportions:
        r = ctx.row(ind)
        notes.append(
            f"{ind.name}: the count is the numerator ({r.count:,} of {r.base or 0:,} in {P}); "
            "the percentage is tested with Fisher's exact test, and is not shown on a base "
            "under 10."
        )
    for ind in inds:  # only this table's own indicators
        if ctx.row(ind).classification == NOT_COMPARED:
            notes.append(
                f"{ind.name}: not compared with {B}, because "
                f"{missing_phrase(ctx.missing(ind))} from the data; no change is given, and "
                f"its count and rate for {P} cover the months held."
            )
    caption = caption_of(ctx, element) or (
        f"{chapter.title}: counts, rates and change, {ctx.area.name}, {ctx.period.label} "
        f"against {ctx.baseline.label}"
    )
    table, _ = make_table(
        id=element_id(ctx, chapter, element, None),
        caption=caption,
        columns=columns,
        rows=rows,
        disclosure=ctx.disclosure,
        source=ctx.source_text(inds),
        notes=notes,
        sensitive=any(i.sensitive for i in inds),
        level=ctx.area.level,
        totals=totals,
        counts=["count", "baseline_count"],
        derived={
            "change": ["count", "baseline_count"],
            "change_pct": ["count", "baseline_count"],
            "rate": ["count"],
            "annualised": ["count"],
            "percent": ["count"],
            "baseline_percent": ["baseline_count"],
            "points": ["count", "baseline_count"],
        },
    )
    return [table]


def change_bars(ctx: BuildContext, chapter: ChapterSpec, element: ElementSpec) -> list[Block]:
    inds = [i for i in indicators_for(ctx, chapter, element) if i.id != ALL_CRIME_ID]
    if not inds:
        return []
    P, B = short_period_label(ctx.period), short_period_label(ctx.baseline)
    rows = [ctx.row(i) for i in inds]
    # Largest first, so the eye reads the chart in order of volume.
    order = sorted(range(len(inds)), key=lambda k: -rows[k].count)
    inds = [inds[k] for k in order]
    rows = [rows[k] for k in order]
    data, _ = make_table(
        id=f"{chapter.id}-change-bars-data",
        caption="Data",
        columns=[
            Column("indicator", "Indicator", row_header=True),
            Column("baseline_count", B, "int"),
            Column("count", P, "int"),
            Column("change", "Change", "signed"),
            Column("change_pct", "Change %", "pct"),
        ],
        rows=[
            {
                "indicator": i.name,
                "count": r.count,
                "baseline_count": r.baseline_count,
                "change": r.change,
                "change_pct": r.change_pct,
            }
            for i, r in zip(inds, rows, strict=True)
        ],
        disclosure=ctx.disclosure,
        level=ctx.area.level,
    )
    rising = [i.name for i, r in zip(inds, rows, strict=True) if r.change > 0]
    falling = [i.name for i, r in zip(inds, rows, strict=True) if r.change < 0]
    alt = (
        f"Bar chart comparing {B} and {P} counts for {len(inds)} types in {ctx.area.name}. "
        f"The largest is {inds[0].name} ({rows[0].count:,} in {P}). "
        + (f"Higher in {P}: {', '.join(rising)}. " if rising else "")
        + (f"Lower in {P}: {', '.join(falling)}." if falling else "")
    ).strip()
    fig = Figure(
        id=element_id(ctx, chapter, element, None),
        caption=caption_of(ctx, element)
        or f"{chapter.title} by type, {ctx.area.name}, {B} and {P}",
        alt=alt,
        chart=BarChart(
            categories=[i.name for i in inds],
            series=[
                Series(B, [float(r.baseline_count) for r in rows], style="muted"),
                Series(P, [float(r.count) for r in rows]),
            ],
            value_label="Count",
            horizontal=True,
        ),
        data=data,
        source=ctx.source_text(inds),
    )
    return [fig]


# The kinds this module adds (see the assessment plugin).
KINDS = (
    ElementKind(
        "summary-table",
        summary_table,
        {**INDICATOR_FIELDS, "significance": bool},
        "Counts, rates and change for the chapter's indicators.",
    ),
    ElementKind(
        "change-bars",
        change_bars,
        INDICATOR_FIELDS,
        "Bar chart of each indicator's count in the baseline and the period.",
    ),
)
