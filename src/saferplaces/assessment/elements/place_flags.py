"""The Places chapter's place-flag elements: the wards on the list, the map of their
categories, and the history of runs and decisions."""

from __future__ import annotations

from saferplaces.assessment.context import BuildContext
from saferplaces.assessment.elements.common import caption_of
from saferplaces.assessment.elements.places_common import (
    BOUNDARIES,
    FIELDS,
    category_label,
    flag_run_source,
    indicator_names,
    listed_wards,
    place_inputs,
    places_element_id,
)
from saferplaces.assessment.phrasing import DOCUMENT
from saferplaces.assessment.registry import ElementKind
from saferplaces.assessment.spec import ChapterSpec, ElementSpec
from saferplaces.assessment.tables import make_table
from saferplaces.core.messages import phrase_all
from saferplaces.document.charts import category_map
from saferplaces.document.model import (
    Block,
    Column,
    Figure,
)
from saferplaces.document.palette import CATEGORY_ORDER
from saferplaces.geography.areas import wards_of
from saferplaces.geography.boundaries import boundaries

# ------------------------------------------------------------------------------ flags


def place_flags(ctx: BuildContext, chapter: ChapterSpec, element: ElementSpec) -> list[Block]:
    flags, _ = place_inputs(ctx, chapter, element)
    if flags is None:
        return []
    listed = sorted(
        listed_wards(flags),
        key=lambda w: (
            CATEGORY_ORDER.index(w.category) if w.category in CATEGORY_ORDER else 9,
            -w.flag_count,
            w.ward_name,
        ),
    )
    run = flags.run
    rows = [
        {
            "ward": w.ward_name,
            "category": category_label(w.category),
            "proposed": category_label(w.proposed_category),
            "flags": w.flag_count,
            "before": w.previous_flag_count,
            "on": ", ".join(indicator_names(flags, w.flags)) or "–",
        }
        for w in listed
    ]
    counts = {c: sum(1 for w in listed if w.category == c) for c in CATEGORY_ORDER}
    notes = [
        f"Run {run.id} ranks every ward of {ctx.area.name} on {len(run.indicators)} "
        f"indicators ({'rate per 1,000' if run.measure == 'rate' else 'count'}) and flags "
        f"the top {run.top:.0%} on each, ties included; a ward with {run.min_flags} or "
        "more flags is proposed for the list (methods: Place flags).",
        "Category is the one in force: the proposal by rule unless a person decided "
        "otherwise (see the history below). Flags before: at the previous run.",
        *phrase_all(flags.notes, DOCUMENT),
    ]
    if not rows:
        notes.append("No ward is on the list in this run.")
        rows = [
            {
                "ward": "No ward is listed",
                "category": "–",
                "proposed": "–",
                "flags": None,
                "before": None,
                "on": "–",
            }
        ]
    table, _ = make_table(
        id=places_element_id(ctx, chapter, element, "flags"),
        caption=caption_of(ctx, element)
        or f"Place flags: wards on the list, {ctx.area.name}, {ctx.period.label} "
        f"({counts['emerging']} emerging, {counts['sustaining']} sustaining, "
        f"{counts['preventing']} preventing, {counts['off']} off)",
        columns=[
            Column("ward", "Ward", row_header=True),
            Column("category", "Category"),
            Column("proposed", "Proposed by rule"),
            Column("flags", "Flags", "int"),
            Column("before", "Flags before", "int"),
            Column("on", "Flagged on"),
        ],
        rows=rows,
        disclosure=ctx.disclosure,
        source=flag_run_source(ctx, flags),
        notes=notes,
        level="ward",
    )
    return [table]


def place_flags_map(ctx: BuildContext, chapter: ChapterSpec, element: ElementSpec) -> list[Block]:
    flags, _ = place_inputs(ctx, chapter, element)
    if flags is None:
        return []
    wards = wards_of(ctx.wh, ctx.area)
    shapes = boundaries(ctx.wh, "ward", [c for c, _ in wards])
    if not shapes:
        ctx.leave_out(chapter.title, "place flags map: no ward boundaries are loaded")
        return []
    by_code = {w.ward_code: w for w in listed_wards(flags)}
    categories: dict[str, str | None] = {}
    rows = []
    for code, name in sorted(wards, key=lambda w: w[1]):
        w = by_code.get(code)
        categories[code] = w.category if w else None
        rows.append(
            {
                "ward": name,
                "category": category_label(categories[code]),
                "flags": w.flag_count if w else None,
            }
        )
    chart = category_map(
        shapes,
        dict(wards),
        categories,
        legend_title="Place-flag category (number: flags)",
        labels={
            code: str(by_code[code].flag_count)
            for code in shapes
            if code in by_code and by_code[code].flag_count
        },
        label_of=category_label,
    )
    present = [c for c in (*CATEGORY_ORDER, None) if c in categories.values()]
    data_table, _ = make_table(
        id=f"{chapter.id}-flags-map-data",
        caption="Data",
        columns=[
            Column("ward", "Ward", row_header=True),
            Column("category", "Category"),
            Column("flags", "Flags", "int"),
        ],
        rows=rows,
        disclosure=ctx.disclosure,
        level="ward",
    )
    counts = {c: sum(1 for r in rows if r["category"] == category_label(c)) for c in present}
    listed = [r for r in rows if r["category"] not in ("Not listed", "Off")]
    alt = (
        f"Map of the {len(rows)} wards of {ctx.area.name} coloured by place-flag category for "
        f"{ctx.period.label}: "
        + "; ".join(f"{counts[c]} {category_label(c).lower()}" for c in present)
        + ". "
        + (
            "Listed: "
            + ", ".join(
                f"{r['ward']} ({r['category'].lower()}, {r['flags']} flags)" for r in listed
            )
            + "."
            if listed
            else "No ward is on the list."
        )
        + " The table with the map gives every ward."
    )
    return [
        Figure(
            id=places_element_id(ctx, chapter, element, "flags-map"),
            caption=caption_of(ctx, element)
            or f"Map: place-flag categories by ward, {ctx.area.name}, {ctx.period.label}",
            alt=alt,
            chart=chart,
            data=data_table,
            source=f"{flag_run_source(ctx, flags)}; ward {BOUNDARIES}",
            notes=["Numbers on the map: the ward's flags in this run."],
        )
    ]


def place_flags_history(
    ctx: BuildContext, chapter: ChapterSpec, element: ElementSpec
) -> list[Block]:
    flags, _ = place_inputs(ctx, chapter, element)
    if flags is None:
        return []
    history = flags.history.runs
    rows = []
    for r in history:
        cats = r.get("categories") or {}
        rows.append(
            {
                "run": r["run_id"],
                "period": f"{r['period_start']} to {r['period_end']}",
                "made": r["created_at"].strftime("%-d %b %Y")
                if hasattr(r["created_at"], "strftime")
                else str(r["created_at"])[:10],
                "indicators": len(r["indicators"]),
                **{c: len(cats.get(c, [])) for c in CATEGORY_ORDER},
            }
        )
    runs, _ = make_table(
        id=places_element_id(ctx, chapter, element, "flags-history"),
        caption=caption_of(ctx, element)
        or f"Place flags: every run for {ctx.area.name}, with the wards in each category",
        columns=[
            Column("run", "Run", row_header=True),
            Column("period", "Period"),
            Column("made", "Made on"),
            Column("indicators", "Indicators", "int"),
            *[Column(c, c.capitalize(), "int") for c in CATEGORY_ORDER],
        ],
        rows=rows,
        disclosure=ctx.disclosure,
        source=flag_run_source(ctx, flags),
        notes=[
            "Every run is kept with its inputs and thresholds, so it can be repeated; "
            "`saferplaces flags history` lists the wards of each."
        ],
        level="district",
    )
    out: list[Block] = [runs]
    decisions = flags.history.decisions
    if decisions:
        restricted = not ctx.disclosure.public
        drows = [
            {
                "ward": d["ward_name"],
                "category": category_label(d["category"])
                if d["category"] != "clear"
                else "Cleared",
                "reason": d["reason"],
                "when": d["decided_at"].strftime("%-d %b %Y")
                if hasattr(d["decided_at"], "strftime")
                else str(d["decided_at"])[:10],
                "who": d.get("decided_by") or "",
            }
            for d in decisions
        ]
        columns = [
            Column("ward", "Ward", row_header=True),
            Column("category", "Decided category"),
            Column("reason", "Reason"),
            Column("when", "Decided on"),
        ]
        if restricted:
            columns.append(Column("who", "Decided by"))
        table, _ = make_table(
            id=places_element_id(ctx, chapter, element, "flags-decisions"),
            caption=f"Place flags: decisions on categories, {ctx.area.name}",
            columns=columns,
            rows=drows,
            disclosure=ctx.disclosure,
            source="saferplaces place flags decisions (`saferplaces flags set`)",
            notes=[
                "A decision stands in every later run until another replaces it; proposals by "
                "rule never overwrite it."
                + ("" if restricted else " Who decided is shown in the restricted edition.")
            ],
            level="district",
        )
        out.append(table)
    return out


# The kinds this module adds (see the assessment plugin).
KINDS = tuple(
    ElementKind(name, fn, FIELDS, help_text)
    for name, fn, help_text in (
        (
            "place-flags",
            place_flags,
            "Place flags: the wards on the list, their categories and flags.",
        ),
        ("place-flags-map", place_flags_map, "Map of the wards by place-flag category."),
        ("place-flags-history", place_flags_history, "Every flags run, and the decisions made."),
    )
)
