"""``ward-table`` and ``ward-map``: one indicator across the wards of the district."""

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
from saferplaces.assessment.formatting import short_period_label
from saferplaces.assessment.registry import ElementKind
from saferplaces.assessment.spec import ChapterSpec, ElementSpec
from saferplaces.assessment.tables import make_table
from saferplaces.disclosure import Protected
from saferplaces.document.charts import choropleth
from saferplaces.document.formatting import fmt
from saferplaces.document.model import Block, Column, Figure, Table
from saferplaces.geography.boundaries import boundaries
from saferplaces.indicators.registry import Indicator

WARD_NOTE = (
    "Wards are May 2024 electoral wards; records are placed by their LSOA (2021) through "
    "the ONS best-fit lookup."
)


def ward_rows(ctx: BuildContext, ind: Indicator) -> tuple[list[dict], list[int]]:
    """Ward rows, most first, then the district total row; and the total rows' indices."""
    wards = sorted(ctx.wards(ind).rows, key=lambda r: (-r.count, r.name))
    rows = [
        {
            "code": w.code,
            "name": w.name,
            "count": w.count,
            "baseline_count": w.baseline_count,
            "change": w.change,
            "change_pct": w.change_pct,
            "rate": w.rate_per_1000,
            "ci": rate_ci_text(w.ci_low, w.ci_high),
        }
        for w in wards
    ]
    total = ctx.row(ind)
    rows.append(
        {
            "code": ctx.area.code,
            "name": f"{ctx.area.name} (all wards)",
            "count": sum(w.count for w in wards),
            "baseline_count": sum(w.baseline_count for w in wards),
            "change": sum(w.change for w in wards),
            "change_pct": total.change_pct,
            "rate": total.rate_per_1000,
            "ci": rate_ci_text(total.ci_low, total.ci_high),
        }
    )
    return rows, [len(rows) - 1]


ALPHABETICAL_NOTE = (
    "Wards are listed A to Z, not by count, so that the place of a count not shown does "
    "not reveal it."
)


def ward_table_for(
    ctx: BuildContext, ind: Indicator, table_id: str, caption: str | None = None
) -> tuple[Table, Protected]:
    """The ward table, most first; in a public edition that hides any count, A to Z."""
    table, protected, _ = protected_ward_table(ctx, ind, table_id, caption)
    return table, protected


def protected_ward_table(
    ctx: BuildContext, ind: Indicator, table_id: str, caption: str | None = None
) -> tuple[Table, Protected, list[dict]]:
    """The ward table, what it hides, and its rows in the order shown (the ward map
    hides exactly what the table hides, so the two together reveal nothing more)."""
    P, B = short_period_label(ctx.period), short_period_label(ctx.baseline)
    rows, totals = ward_rows(ctx, ind)
    per = per_text(ind)
    columns = [
        Column("name", "Ward", row_header=True),
        Column("count", P, "int"),
        Column("baseline_count", B, "int"),
        Column("change", "Change", "signed"),
        Column("change_pct", "Change %", "pct"),
    ]
    notes = [WARD_NOTE, "Change % is not shown when the baseline count is under 10."]
    if per:
        columns.append(Column("rate", f"Rate {per} ({P})", "rate"))
        if not ind.weighted:
            columns.append(Column("ci", "95% CI"))
            notes.append(CI_NOTE)
    notes += ctx.wards(ind).notes[1:]

    def build(rows: list[dict], notes: list[str]) -> tuple[Table, Protected]:
        return make_table(
            id=table_id,
            caption=caption
            or f"{ind.name} by ward, {ctx.area.name}, {ctx.period.label} against "
            f"{ctx.baseline.label}",
            columns=columns,
            rows=rows,
            disclosure=ctx.disclosure,
            source=ctx.source_text([ind]),
            notes=notes,
            sensitive=ind.sensitive,
            level="ward",
            totals=totals,
            counts=["count", "baseline_count"],
            derived={
                "change": ["count", "baseline_count"],
                "change_pct": ["count", "baseline_count"],
                "rate": ["count"],
                "ci": ["count"],
            },
        )

    table, protected = build(rows, notes)
    if protected.any:
        # Listed most first, a hidden count's place between two shown ones would give it
        # away; A to Z says nothing about any count.
        body = sorted(rows[: totals[0]], key=lambda r: r["name"])
        rows = [*body, *rows[totals[0] :]]
        notes = [notes[0], ALPHABETICAL_NOTE, *notes[1:]]
        table, protected = build(rows, notes)
    return table, protected, rows


def ward_table(ctx: BuildContext, chapter: ChapterSpec, element: ElementSpec) -> list[Block]:
    ind = first_indicator(ctx, chapter, element)
    if ind is None:
        return []
    table, _ = ward_table_for(
        ctx, ind, element_id(ctx, chapter, element, ind), caption_of(ctx, element)
    )
    return [table]


def ward_map(ctx: BuildContext, chapter: ChapterSpec, element: ElementSpec) -> list[Block]:
    ind = first_indicator(ctx, chapter, element)
    if ind is None:
        return []
    # The same rows, order and hidden counts as the ward table: hiding a different set
    # here would let the two be read together.
    _, table_protected, rows = protected_ward_table(ctx, ind, "ward-map-check")
    wards = [r for r in rows if r["code"] != ctx.area.code]
    shapes = boundaries(ctx.wh, "ward", [r["code"] for r in wards])
    if not shapes:
        ctx.leave_out(chapter.title, "ward map: no ward boundaries are loaded for the area")
        return []
    missing = [r["name"] for r in wards if r["code"] not in shapes]
    if missing:
        ctx.note(f"Ward boundaries missing, so not mapped: {', '.join(missing)}.")
    P = short_period_label(ctx.period)
    per = per_text(ind)
    measure_key = "rate" if per else "count"
    measure = f"{ind.name}, {'rate ' + per if per else 'count'} ({P})"
    data, protected = make_table(
        id=f"{chapter.id}-{ind.id}-map-data",
        caption="Data",
        columns=[
            Column("name", "Ward", row_header=True),
            Column("count", f"Count ({P})", "int"),
            *([Column("rate", f"Rate {per}", "rate")] if per else []),
            Column("band", "Map shading"),
        ],
        rows=[{**r, "band": ""} for r in wards],
        disclosure=ctx.disclosure,
        sensitive=ind.sensitive,
        level="ward",
        counts=["count"],
        derived={"rate": ["count"], "band": ["count"]},
        given=Protected(table_protected.hidden[: len(wards)], table_protected.small[: len(wards)]),
    )
    visible = [(i, r) for i, r in enumerate(wards) if not protected.is_hidden(i, "count")]
    kind = "rate" if per else "int"
    # The map hides exactly what its table hides; the bands are quantiles of the rest.
    chart = choropleth(
        shapes,
        {r["code"]: r["name"] for r in wards},
        {
            r["code"]: None if protected.is_hidden(i, "count") else float(r[measure_key])
            for i, r in enumerate(wards)
        },
        legend_title=measure,
        kind=kind,
    )
    classes = chart.classes
    band_col = data.column_index("band")
    for i, r in enumerate(wards):
        k = classes[r["code"]]
        if k is not None:
            data.rows[i][band_col].text = data.rows[i][band_col].value = chart.class_labels[k]
    if any(c is None for c in classes.values()):
        labels_hidden = (
            " Wards shown hatched have counts that are not published (fewer than 5, or "
            "hidden to protect one)."
        )
    else:
        labels_hidden = ""
    top = sorted(visible, key=lambda x: -float(x[1][measure_key]))[:3]
    shown = ", ".join(f"{r['name']} ({fmt(r[measure_key], kind)})" for _, r in top)
    bands = len(chart.class_labels)
    alt = (
        f"Map of the {len(wards)} wards of {ctx.area.name} shaded in {bands} bands by "
        f"{lower_name(ind)} {('rate ' + per) if per else 'count'} in {ctx.period.label}, "
        f"darker for higher values. Highest: {shown}. The table with the map gives every "
        f"ward's value.{labels_hidden}"
    )
    # Only the wards with a boundary are drawn; no names printed on the map: neighbouring
    # labels collide; the alt text names the highest wards and the table gives every ward.
    chart.classes = {c: classes.get(c) for c in shapes}
    return [
        Figure(
            id=element_id(ctx, chapter, element, ind),
            caption=caption_of(ctx, element)
            or f"Map: {lower_name(ind)} by ward, {ctx.area.name}, {ctx.period.label}",
            alt=alt,
            chart=chart,
            data=data,
            source=ctx.source_text([ind])
            + "; ward boundaries: Office for National Statistics, contains OS data © Crown "
            "copyright and database right 2025",
            notes=[WARD_NOTE, "Bands hold about equal numbers of wards (quantiles)."],
        )
    ]


# The kinds this module adds (see the assessment plugin).
KINDS = (
    ElementKind(
        "ward-table",
        ward_table,
        INDICATOR_FIELDS,
        "Every ward: count, baseline, change and rate, most first, with the district total.",
    ),
    ElementKind(
        "ward-map",
        ward_map,
        INDICATOR_FIELDS,
        "Ward choropleth of the rate (or count), with its data table.",
    ),
)
