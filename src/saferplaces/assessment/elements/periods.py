"""``monthly-average`` and ``years-table``: indicators over time in the shapes real
assessments use.

* ``monthly-average``: each indicator's count and average per month in the baseline and
  the period (deliberate fires by type, "20.5 a month in 2024 against 29.3 in 2025"),
  averaged over the months held, with the change tested by the exact conditional test
  when every month is held.
* ``years-table``: the count and rate per 1,000 of each indicator in each of the last
  years (twelve months ending with the period's last month, stepping back a year), the
  table of domestic abuse incidents and crimes per 1,000 residents by year.

Counts come from the counting engine (:func:`saferplaces.indicators.engine.area_counts`
and the context's monthly series); nothing here writes SQL.
"""

from __future__ import annotations

from saferplaces.assessment.context import BuildContext
from saferplaces.assessment.elements.common import (
    INDICATOR_FIELDS,
    caption_of,
    element_id,
    indicators_for,
    per_text,
)
from saferplaces.assessment.formatting import CLASSIFICATION_SHORT, short_period_label
from saferplaces.assessment.registry import ElementKind
from saferplaces.assessment.spec import ChapterSpec, ElementSpec
from saferplaces.assessment.tables import make_table
from saferplaces.core.periods import Period
from saferplaces.document.model import Block, Column
from saferplaces.indicators import engine
from saferplaces.indicators.change import compare_averages
from saferplaces.indicators.stats import rate_per_1000
from saferplaces.quality.coverage import coverage


def monthly_average(ctx: BuildContext, chapter: ChapterSpec, element: ElementSpec) -> list[Block]:
    inds = indicators_for(ctx, chapter, element)
    if not inds:
        return []
    P, B = short_period_label(ctx.period), short_period_label(ctx.baseline)
    rows = []
    notes: list[str] = []
    for ind in inds:
        series = dict(ctx.monthly(ind))
        missing = set(ctx.chart_coverage(ind).missing)
        held = {
            key: [m for m in p.month_list() if m not in missing]
            for key, p in (("b", ctx.baseline), ("p", ctx.period))
        }
        complete = len(held["b"]) == ctx.baseline.months and len(held["p"]) == ctx.period.months
        a = compare_averages(
            sum(series.get(m, 0) for m in held["p"]),
            len(held["p"]),
            sum(series.get(m, 0) for m in held["b"]),
            len(held["b"]),
            complete=complete,
            alpha=ctx.alpha,
        )
        out = {
            "indicator": ind.name,
            "b_count": a.baseline_count,
            "b_months": a.baseline_months,
            "b_mean": a.baseline_mean,
            "p_count": a.count,
            "p_months": a.months,
            "p_mean": a.mean,
            "change_pct": a.change_pct,
            "p": a.p_value,
            "classification": CLASSIFICATION_SHORT[a.classification],
        }
        if not complete:
            gone = sorted(m for m in missing if m in set(ctx.chart_period.month_list()))
            notes.append(
                f"{ind.name}: {len(gone)} month(s) not held ({', '.join(gone)}); averages are "
                "over the months held, and the change is not compared."
            )
        rows.append(out)
    notes.insert(
        0,
        "Average per month = the count over the months held, divided by the number of those "
        "months. Change % is of the averages, not shown when the baseline count is under 10; "
        f"p: exact conditional test of the two counts; significant when p < {ctx.alpha:g}.",
    )
    sensitive = any(i.sensitive for i in inds)
    table, _ = make_table(
        id=element_id(ctx, chapter, element, None),
        caption=caption_of(ctx, element)
        or f"{chapter.title}: count and average per month, {ctx.area.name}, "
        f"{ctx.period.label} against {ctx.baseline.label}",
        columns=[
            Column("indicator", "Indicator", row_header=True),
            Column("b_count", B, "int"),
            Column("b_mean", f"Per month ({B})", "mean"),
            Column("p_count", P, "int"),
            Column("p_mean", f"Per month ({P})", "mean"),
            Column("change_pct", "Change %", "pct"),
            Column("p", "p", "p"),
            Column("classification", "Change is"),
        ],
        rows=rows,
        disclosure=ctx.disclosure,
        source=ctx.source_text(inds),
        notes=notes,
        sensitive=sensitive,
        level=ctx.area.level,
        counts=["b_count", "p_count"],
        derived={
            "b_mean": ["b_count"],
            "p_mean": ["p_count"],
            "change_pct": ["b_count", "p_count"],
        },
    )
    return [table]


def _windows(ctx: BuildContext, years: int) -> list[Period]:
    """Periods as long as the assessment's, stepping back from it, oldest first."""
    out = [ctx.period]
    while len(out) < years:
        out.append(out[-1].previous())
    return list(reversed(out))


def years_table(ctx: BuildContext, chapter: ChapterSpec, element: ElementSpec) -> list[Block]:
    inds = indicators_for(ctx, chapter, element)
    if not inds:
        return []
    wanted = int(element.options.get("years") or 5)
    windows = _windows(ctx, max(1, wanted))
    counts = {ind.id: engine.area_counts(ctx.wh, ind, ctx.area, windows) for ind in inds}
    dens = ctx.denominators()
    cover = {}
    for ind in inds:
        for w in windows:
            key = (ind.source, w)
            if key not in cover:
                cover[key] = coverage(ctx.wh, ind.source, ctx.area, w)
    # Only years some indicator holds a month of; a year with months missing is marked.
    shown = [w for w in windows if any(len(cover[(i.source, w)].missing) < w.months for i in inds)]
    if not shown:
        return []
    rows, notes = [], []
    columns = [Column("year", "Year", row_header=True)]
    for ind in inds:
        columns.append(Column(f"{ind.id}-n", f"{ind.name}", "int"))
        if per_text(ind):
            columns.append(Column(f"{ind.id}-r", f"{ind.name} {per_text(ind)}", "rate"))
    for w in shown:
        gaps = {i.source: cover[(i.source, w)] for i in inds if not cover[(i.source, w)].complete}
        label = f"{short_period_label(w)}" + (" *" if gaps else "")
        row: dict[str, object] = {"year": label}
        for ind in inds:
            n = counts[ind.id][windows.index(w)]
            row[f"{ind.id}-n"] = n
            den = dens.get(ind.denominator or "", 0)
            row[f"{ind.id}-r"] = rate_per_1000(n, den)
        rows.append(row)
        for c in gaps.values():
            notes.append(f"* {c.describe()}: the count is of the months held.")
    notes.insert(
        0,
        "Years are twelve-month periods ending with the assessment period's last month. "
        "Rates per 1,000 use Census 2021 usual residents (households for burglary), the same "
        "denominator every year.",
    )
    table, _ = make_table(
        id=element_id(ctx, chapter, element, None),
        caption=caption_of(ctx, element)
        or f"{', '.join(i.name for i in inds)}: count and rate per 1,000 by year, "
        f"{ctx.area.name}, {shown[0].label} to {shown[-1].label}",
        columns=columns,
        rows=rows,
        disclosure=ctx.disclosure,
        source=ctx.source_text(inds),
        notes=list(dict.fromkeys(notes)),
        sensitive=any(i.sensitive for i in inds),
        level=ctx.area.level,
        counts=[f"{i.id}-n" for i in inds],
        derived={f"{i.id}-r": [f"{i.id}-n"] for i in inds},
    )
    return [table]


# The kinds this module adds (see the assessment plugin).
KINDS = (
    ElementKind(
        "monthly-average",
        monthly_average,
        INDICATOR_FIELDS,
        "Each indicator's count and average per month in the baseline and the period, with "
        "the exact test.",
    ),
    ElementKind(
        "years-table",
        years_table,
        {**INDICATOR_FIELDS, "years": int},
        "Count and rate per 1,000 of each indicator in each of the last years (default 5).",
    ),
)
