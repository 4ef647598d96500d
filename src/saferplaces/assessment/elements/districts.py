"""``district-rates`` and ``district-change``: the area among the districts of its force."""

from __future__ import annotations

from saferplaces.assessment.context import BuildContext
from saferplaces.assessment.elements.common import (
    CI_NOTE,
    INDICATOR_FIELDS,
    caption_of,
    element_id,
    first_indicator,
    lower_name,
    per_text,
    rate_ci_text,
)
from saferplaces.assessment.formatting import CLASSIFICATION_SHORT, short_period_label
from saferplaces.assessment.registry import ElementKind
from saferplaces.assessment.spec import ChapterSpec, ElementSpec
from saferplaces.assessment.tables import make_table
from saferplaces.document.formatting import fmt
from saferplaces.document.model import BarChart, Block, Column, Figure, Series

DISTRICT_NOTE = (
    "Districts are April 2024 local authority districts; records are placed by their LSOA "
    "(2021) through the ONS best-fit lookup."
)


def _districts(ctx: BuildContext, chapter: ChapterSpec, element: ElementSpec):
    ind = first_indicator(ctx, chapter, element)
    if ind is None:
        return None, None
    table = ctx.districts(ind)
    if table is None:
        ctx.leave_out(
            chapter.title,
            f"{element.kind}: {ctx.area.name} is not within one police force area",
        )
        return None, None
    return ind, table


def district_rates(ctx: BuildContext, chapter: ChapterSpec, element: ElementSpec) -> list[Block]:
    ind, table = _districts(ctx, chapter, element)
    if ind is None:
        return []
    per = per_text(ind)
    if not per:
        ctx.leave_out(chapter.title, f"district rates: {ind.name} has no denominator")
        return []
    P = short_period_label(ctx.period)
    districts = sorted(
        (r for r in table.rows if r.level == "district"), key=lambda r: -(r.rate_per_1000 or 0)
    )
    force_total = next(r for r in table.rows if r.level == "force total")
    data, _ = make_table(
        id=f"{chapter.id}-{ind.id}-district-rates-data",
        caption="Data",
        columns=[
            Column("name", "District", row_header=True),
            Column("count", f"Count ({P})", "int"),
            Column(
                "denominator",
                "Residents" if ind.denominator == "residents" else "Households",
                "int",
            ),
            Column("rate", f"Rate {per}", "rate"),
            *([] if ind.weighted else [Column("ci", "95% CI")]),
        ],
        rows=[
            {
                "name": r.name,
                "count": r.count,
                "denominator": r.denominator,
                "rate": r.rate_per_1000,
                "ci": rate_ci_text(r.ci_low, r.ci_high),
            }
            for r in [*districts, force_total]
        ],
        disclosure=ctx.disclosure,
        level="district",
        totals=[len(districts)],
    )
    mine = next((r for r in districts if r.code == ctx.area.code), None)
    rank = districts.index(mine) + 1 if mine else None
    alt = (
        f"Bar chart of {lower_name(ind)} {per} in {P} for the {len(districts)} districts of "
        f"{ctx.force.name}, highest first: "
        + "; ".join(f"{r.name} {fmt(r.rate_per_1000, 'rate')}" for r in districts)
        + f". The force area rate is {fmt(force_total.rate_per_1000, 'rate')}"
        + (f"; {ctx.area.name} ranks {rank} of {len(districts)}." if rank else ".")
        + ("" if ind.weighted else " Whiskers mark each rate's 95% confidence interval.")
    )
    return [
        Figure(
            id=element_id(ctx, chapter, element, ind),
            caption=caption_of(ctx, element)
            or f"{ind.name} {per} by district, {ctx.force.name} police force area, "
            f"{ctx.period.label}",
            alt=alt,
            chart=BarChart(
                categories=[r.name for r in districts],
                series=[
                    Series(
                        P,
                        [r.rate_per_1000 for r in districts],
                        value_labels=[fmt(r.rate_per_1000, "rate") for r in districts],
                        intervals=None
                        if ind.weighted
                        else [
                            None if r.ci_low is None or r.ci_high is None else (r.ci_low, r.ci_high)
                            for r in districts
                        ],
                    )
                ],
                value_label=f"{ind.name} {per}",
                horizontal=True,
                highlight=mine.name if mine else None,
                reference=(force_total.rate_per_1000, f"{ctx.force.name} force area"),
            ),
            data=data,
            source=ctx.source_text([ind]),
            notes=[
                DISTRICT_NOTE,
                "The force area rate includes records with no usable location, which belong "
                "to no district.",
                *([] if ind.weighted else [CI_NOTE]),
            ],
        )
    ]


def district_change(ctx: BuildContext, chapter: ChapterSpec, element: ElementSpec) -> list[Block]:
    ind, table = _districts(ctx, chapter, element)
    if ind is None:
        return []
    P, B = short_period_label(ctx.period), short_period_label(ctx.baseline)
    compare = all(c.complete for c in table.coverage)
    rows, totals = [], []
    shows_outside = False
    for r in table.rows:
        if r.level not in ("district", "location unknown", "force total", "outside force area"):
            continue
        info = r.level == "outside force area"
        if info and not (r.count or r.baseline_count):
            continue
        shows_outside = shows_outside or info
        if r.level == "force total":
            totals.append(len(rows))
        rows.append(
            {
                "name": r.name,
                "count": r.count,
                "baseline_count": r.baseline_count,
                # Months missing: the counts stand, but no change is given.
                "change": r.change if compare else None,
                "change_pct": r.change_pct if compare else None,
                "p": r.p_value,
                "classification": "for information"
                if info
                else CLASSIFICATION_SHORT[r.classification],
            }
        )
    notes = [
        DISTRICT_NOTE,
        "Location unknown: the force's records with no usable location; they count towards "
        "the force total only.",
        *[
            n
            for n in table.notes
            if shows_outside and n.startswith(("Recorded outside", "Living outside"))
        ],
        "Change % is not shown when the baseline count is under 10. p: exact conditional "
        f"test of the two counts; a change is significant when p < {ctx.alpha:g}.",
    ]
    notes += [f"Not compared: {c.describe()}." for c in table.coverage if not c.complete]
    t, _ = make_table(
        id=element_id(ctx, chapter, element, ind),
        caption=caption_of(ctx, element)
        or f"{ind.name}: change by district, {ctx.force.name} police force area, "
        f"{ctx.period.label} against {ctx.baseline.label}",
        columns=[
            Column("name", "District", row_header=True),
            Column("count", P, "int"),
            Column("baseline_count", B, "int"),
            Column("change", "Change", "signed"),
            Column("change_pct", "Change %", "pct"),
            Column("p", "p", "p"),
            Column("classification", "Change is"),
        ],
        rows=rows,
        disclosure=ctx.disclosure,
        source=ctx.source_text([ind]),
        notes=notes,
        level="district",
        totals=totals,
    )
    return [t]


# The kinds this module adds (see the assessment plugin).
KINDS = (
    ElementKind(
        "district-rates",
        district_rates,
        INDICATOR_FIELDS,
        "Bar chart of the rate per 1,000 in every district of the force, area highlighted.",
    ),
    ElementKind(
        "district-change",
        district_change,
        INDICATOR_FIELDS,
        "Table of the change in every district of the force, with the exact test.",
    ),
)
