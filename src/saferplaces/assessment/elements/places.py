"""The Places chapter's elements: place flags and their history, the hot spot map,
concentration, the funnel plot and the deprivation context.

The numbers come once per build from :func:`saferplaces.places.chapter.places_chapter`
(through ``ctx.places``); these elements turn them into numbered tables and figures
drawn with the shared chart conventions, each figure with its caption, alt text, source
line and data table. When the places data cannot be made (no flags run held and a
read-only warehouse, say) every element is left out with that one reason.
"""

from __future__ import annotations

from typing import Any

from saferplaces.assessment.context import BuildContext
from saferplaces.assessment.elements.common import caption_of, lower_name
from saferplaces.assessment.formatting import fmt
from saferplaces.assessment.model import (
    BarChart,
    Block,
    Column,
    Figure,
    ListBlock,
    MapChart,
    Narrative,
    Run,
    Series,
    XYChart,
    XYLine,
    XYPoints,
)
from saferplaces.assessment.registry import ElementKind, register_element
from saferplaces.assessment.spec import ChapterSpec, ElementSpec
from saferplaces.assessment.tables import make_table
from saferplaces.geography.areas import wards_of
from saferplaces.geography.boundaries import boundaries
from saferplaces.render.palette import BLUE, GREEN, ORANGE, PALE_GREY, SKY, VERMILLION

FIELDS: dict[str, type | tuple[type, ...]] = {"indicator": str, "id": str, "caption": str}
CATEGORY_ORDER = ("emerging", "sustaining", "preventing", "off")
CATEGORY_COLOURS = {
    "emerging": VERMILLION,
    "sustaining": ORANGE,
    "preventing": GREEN,
    "off": SKY,
    None: PALE_GREY,
}
BOUNDARIES = (
    "boundaries: Office for National Statistics, contains OS data © Crown copyright and "
    "database right 2025"
)
IOD = "English Indices of Deprivation 2025 (Ministry of Housing, Communities and Local Government)"


def _data(
    ctx: BuildContext, chapter: ChapterSpec, element: ElementSpec
) -> tuple[dict[str, Any] | None, Any]:
    indicator = str(element.options.get("indicator") or "all-crime")
    ind = ctx.indicator(indicator)
    if ind is None:
        ctx.leave_out(chapter.title, f"indicator {indicator!r} is not registered")
        return None, None
    if not ctx.has_data(ind):
        ctx.source_absent(chapter.title, ind.source)
        return None, None
    data, why = ctx.places(ind.id, chapter.get("flags") or None)
    if data is None:
        ctx.leave_out(chapter.title, f"the place-based analysis could not be made: {why}")
        return None, None
    ctx.used_indicators.setdefault(ind.id, ind)
    ctx.use_source(ind.source)
    return data, ind


_BOARD = (
    # The flags library speaks to an analyst at the command line; a board reads these.
    (r" ?Name them with --indicators and --allow-incomplete to rank on the months held\.", ""),
    (r" ?Give --against RUN to propose against one of them\.", ""),
    (r" Ranked with --allow-incomplete\.", " Ranked on the months held."),
    (r", as given with --against\.", ", as the analyst chose."),
    (
        r"For a short list of the places that stand out, raise --min-flags or rank fewer "
        r"--indicators\.",
        "So many wards on the list suggests the rule is too loose for this district: the "
        "analyst can ask for more flags per ward or rank on fewer indicators (the spec's "
        "Places chapter, flags: min_flags and indicators) so that the list names the "
        "places that stand out.",
    ),
    (r"Left out of the default indicators: ", "Not ranked this time: "),
    (r"--top and --min-flags", "share of wards flagged and minimum number of flags"),
    (r"--min-flags", "minimum number of flags"),
    (r"--top", "share of wards flagged"),
)


def board_note(text: str) -> str:
    """A flags-run note in words for a board (no command-line options).

    >>> board_note("Same indicators, measure, --top and --min-flags.")
    'Same indicators, measure, share of wards flagged and minimum number of flags.'
    """
    import re

    for pattern, words in _BOARD:
        text = re.sub(pattern, words, text)
    return text


def _id(ctx: BuildContext, chapter: ChapterSpec, element: ElementSpec, what: str) -> str:
    if element.options.get("id"):
        return ctx.claim_id(str(element.options["id"]))
    return ctx.claim_id(f"{chapter.id}-{what}")


def _cat(c: str | None) -> str:
    return c.capitalize() if c else "Not listed"


def _flag_run_source(ctx: BuildContext, data: dict[str, Any]) -> str:
    run = data["flags"]["run"]
    sources = []
    for ident in run["indicators"]:
        ind = ctx.indicator(ident)
        if ind is not None:
            sources.append(ind.source)
    sources = list(dict.fromkeys(sources))
    for source in sources:  # the chapter says so when any of them is illustrative
        ctx.use_source(source)
    return f"saferplaces place flags, run {run['id']}; " + ctx.sources_text(sources)


# ------------------------------------------------------------------------------ flags


def place_flags(ctx: BuildContext, chapter: ChapterSpec, element: ElementSpec) -> list[Block]:
    data, _ = _data(ctx, chapter, element)
    if data is None:
        return []
    flags = data["flags"]
    listed = sorted(
        flags["listed"],
        key=lambda w: (
            CATEGORY_ORDER.index(w["category"]) if w["category"] in CATEGORY_ORDER else 9,
            -w["flag_count"],
            w["ward_name"],
        ),
    )
    run = flags["run"]
    rows = [
        {
            "ward": w["ward_name"],
            "category": _cat(w["category"]),
            "proposed": _cat(w["proposed_category"]),
            "flags": w["flag_count"],
            "before": w["previous_flag_count"],
            "on": ", ".join(w["flags"]) or "–",
        }
        for w in listed
    ]
    counts = {c: sum(1 for w in listed if w["category"] == c) for c in CATEGORY_ORDER}
    notes = [
        f"Run {run['id']} ranks every ward of {ctx.area.name} on {len(run['indicators'])} "
        f"indicators ({'rate per 1,000' if run['measure'] == 'rate' else 'count'}) and flags "
        f"the top {run['top']:.0%} on each, ties included; a ward with {run['min_flags']} or "
        "more flags is proposed for the list (methods: Place flags).",
        "Category is the one in force: the proposal by rule unless a person decided "
        "otherwise (see the history below). Flags before: at the previous run.",
        *(board_note(n) for n in data.get("notes", [])),
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
        id=_id(ctx, chapter, element, "flags"),
        caption=caption_of(ctx, element)
        or f"Place flags: wards on the list, {ctx.area.name}, {data['period']['label']} "
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
        source=_flag_run_source(ctx, data),
        notes=notes,
        level="ward",
    )
    return [table]


def place_flags_map(ctx: BuildContext, chapter: ChapterSpec, element: ElementSpec) -> list[Block]:
    data, _ = _data(ctx, chapter, element)
    if data is None:
        return []
    wards = wards_of(ctx.wh, ctx.area)
    shapes = boundaries(ctx.wh, "ward", [c for c, _ in wards])
    if not shapes:
        ctx.leave_out(chapter.title, "place flags map: no ward boundaries are loaded")
        return []
    by_code = {w["ward_code"]: w for w in data["flags"]["listed"]}
    order: list[str | None] = [*CATEGORY_ORDER, None]
    present = [
        c for c in order if any((by_code.get(code) or {}).get("category") == c for code, _ in wards)
    ]
    if None not in present and any(code not in by_code for code, _ in wards):
        present.append(None)
    classes = {}
    rows = []
    for code, name in sorted(wards, key=lambda w: w[1]):
        w = by_code.get(code)
        category = w["category"] if w else None
        classes[code] = present.index(category) if category in present else present.index(None)
        rows.append(
            {
                "ward": name,
                "category": _cat(category),
                "flags": w["flag_count"] if w else None,
            }
        )
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
    counts = {c: sum(1 for r in rows if r["category"] == _cat(c)) for c in present}
    listed = [r for r in rows if r["category"] not in ("Not listed", "Off")]
    alt = (
        f"Map of the {len(rows)} wards of {ctx.area.name} coloured by place-flag category for "
        f"{data['period']['label']}: "
        + "; ".join(f"{counts[c]} {_cat(c).lower()}" for c in present)
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
    chart = MapChart(
        shapes=shapes,
        names={c: n for c, n in wards},
        classes={c: classes.get(c) for c in shapes},
        class_labels=[f"{_cat(c)} ({counts[c]})" for c in present],
        legend_title="Place-flag category (number: flags)",
        labels={
            code: str(by_code[code]["flag_count"])
            for code in shapes
            if code in by_code and by_code[code]["flag_count"]
        },
        colours=[CATEGORY_COLOURS[c] for c in present],
    )
    return [
        Figure(
            id=_id(ctx, chapter, element, "flags-map"),
            caption=caption_of(ctx, element)
            or f"Map: place-flag categories by ward, {ctx.area.name}, {data['period']['label']}",
            alt=alt,
            chart=chart,
            data=data_table,
            source=f"{_flag_run_source(ctx, data)}; ward {BOUNDARIES}",
            notes=["Numbers on the map: the ward's flags in this run."],
        )
    ]


def place_flags_history(
    ctx: BuildContext, chapter: ChapterSpec, element: ElementSpec
) -> list[Block]:
    data, _ = _data(ctx, chapter, element)
    if data is None:
        return []
    history = data["flags"]["history"]
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
        id=_id(ctx, chapter, element, "flags-history"),
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
        source=_flag_run_source(ctx, data),
        notes=[
            "Every run is kept with its inputs and thresholds, so it can be repeated; "
            "`saferplaces flags history` lists the wards of each."
        ],
        level="district",
    )
    out: list[Block] = [runs]
    decisions = data["flags"]["decisions"]
    if decisions:
        restricted = not ctx.disclosure.public
        drows = [
            {
                "ward": d["ward_name"],
                "category": _cat(d["category"]) if d["category"] != "clear" else "Cleared",
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
            id=_id(ctx, chapter, element, "flags-decisions"),
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


# ---------------------------------------------------------------------------- hot spots


def hotspot_map(ctx: BuildContext, chapter: ChapterSpec, element: ElementSpec) -> list[Block]:
    from saferplaces.places.queries import lsoas_of_wards

    data, ind = _data(ctx, chapter, element)
    if data is None:
        return []
    wards = wards_of(ctx.wh, ctx.area)
    lsoas = lsoas_of_wards(ctx.wh, [c for c, _ in wards])
    shapes = boundaries(ctx.wh, "lsoa", lsoas)
    if not shapes:
        ctx.leave_out(chapter.title, "hot spot map: no LSOA boundaries are loaded")
        return []
    h = data["hotspots"]
    hot = {r["lsoa_code"]: r for r in h["hot"]}
    cold = {r["lsoa_code"]: r for r in h["cold"]}
    classes = {c: (0 if c in hot else 1 if c in cold else 2) for c in shapes}
    rows = [
        {
            "lsoa": r["lsoa_name"],
            "ward": r["ward_name"],
            "count": r["count"],
            "z": r["z"],
            "q": r["q_value"],
            "class": "Hot spot" if code in hot else "Cold spot",
        }
        for code, r in [*hot.items(), *cold.items()]
    ]
    others = h["lsoas"] - len(rows)
    rows.append(
        {
            "lsoa": f"The other {others} LSOAs",
            "ward": "–",
            "count": None,
            "z": None,
            "q": None,
            "class": "Not significant",
        }
    )
    data_table, _ = make_table(
        id=f"{chapter.id}-hotspots-data",
        caption="Data",
        columns=[
            Column("lsoa", "LSOA (2021)", row_header=True),
            Column("ward", "Ward"),
            Column("count", "Count", "int"),
            Column("z", "Gi* z", "index"),
            Column("q", "q", "p"),
            Column("class", "Classification"),
        ],
        rows=rows,
        disclosure=ctx.disclosure,
        sensitive=ind.sensitive,
        level="lsoa",
        counts=["count"],
        derived={"z": ["count"]},
    )
    period = data["period"]["label"]
    names = ", ".join(f"{r['lsoa_name']} ({r['ward_name']})" for r in h["hot"][:6])
    alt = (
        f"Map of the {h['lsoas']} LSOAs of {ctx.area.name} showing {len(hot)} hot spot(s) and "
        f"{len(cold)} cold spot(s) of {lower_name(ind)} in {period}, with ward boundaries"
        + (f". Hot spots: {names}." if hot else ". No LSOA is a significant hot spot.")
    )
    labels = [
        f"Hot spot ({len(hot)})",
        f"Cold spot ({len(cold)})",
        f"Not significant ({h['lsoas'] - len(hot) - len(cold)})",
    ]
    return [
        Figure(
            id=_id(ctx, chapter, element, "hotspots"),
            caption=caption_of(ctx, element)
            or f"Map: hot and cold spots of {lower_name(ind)} (Getis-Ord Gi*) by LSOA, "
            f"{ctx.area.name}, {period}",
            alt=alt,
            chart=MapChart(
                shapes=shapes,
                names={},
                classes=classes,
                class_labels=labels,
                legend_title=f"{ind.name}, Gi* (q < 0.05)",
                colours=[VERMILLION, BLUE, PALE_GREY],
                outlines=boundaries(ctx.wh, "ward", [c for c, _ in wards]),
                outline_label="Ward boundary",
            ),
            data=data_table,
            source=f"{ctx.source_text([ind])}; LSOA and ward {BOUNDARIES}",
            notes=h["notes"],
        )
    ]


# ------------------------------------------------------------------------ concentration


def concentration(ctx: BuildContext, chapter: ChapterSpec, element: ElementSpec) -> list[Block]:
    data, ind = _data(ctx, chapter, element)
    if data is None:
        return []
    c = data["concentration"]
    where = "police.uk snap points" if c["by"] == "location" else "LSOAs"
    shares = [
        {
            "what": f"Busiest {k}% of places ({c['top_places'][k]:,} places)",
            "share": c["top_shares"][k],
        }
        for k in ("1", "3", "5", "10")
    ]
    data_table, _ = make_table(
        id=f"{chapter.id}-concentration-data",
        caption="Data",
        columns=[
            Column("what", "Places", row_header=True),
            Column("share", "Share of incidents", "share"),
        ],
        rows=shares,
        disclosure=ctx.disclosure,
    )
    period = data["period"]["label"]
    alt = (
        f"Bar chart of the share of {c['incidents']:,} {lower_name(ind)} incidents in "
        f"{ctx.area.name} held by the busiest places, of {c['places']:,} {where}: "
        + "; ".join(f"busiest {k}%: {c['top_shares'][k]:.1f}%" for k in ("1", "3", "5", "10"))
        + f". Half of all incidents are at {c['places_for_share']['50']:.1f}% of places."
    )
    fig = Figure(
        id=_id(ctx, chapter, element, "concentration"),
        caption=caption_of(ctx, element)
        or f"Concentration: share of {lower_name(ind)} at the busiest places, "
        f"{ctx.area.name}, {period}",
        alt=alt,
        chart=BarChart(
            categories=[f"Busiest {k}%" for k in ("1", "3", "5", "10")],
            series=[
                Series(
                    "Share of incidents",
                    [c["top_shares"][k] for k in ("1", "3", "5", "10")],
                    value_labels=[f"{c['top_shares'][k]:.1f}%" for k in ("1", "3", "5", "10")],
                )
            ],
            value_label="Share of incidents (%)",
            category_label=f"Share of {where}",
            horizontal=True,
        ),
        data=data_table,
        source=ctx.source_text([ind]),
        notes=c.get("notes", []),
    )
    stats_rows = [
        {"what": f"Places ({where} with at least one incident)", "value": f"{c['places']:,}"},
        {"what": "Incidents", "value": fmt(c["incidents"], "int")},
        *[
            {
                "what": f"Share of incidents in the busiest {k}% of places",
                "value": f"{c['top_shares'][k]:.1f}%",
            }
            for k in ("1", "3", "5", "10")
        ],
        *[
            {
                "what": f"Share of places holding {k}% of incidents",
                "value": f"{c['places_for_share'][k]:.1f}%",
            }
            for k in ("25", "50")
        ],
        {"what": "Gini coefficient", "value": f"{c['gini']:.3f}"},
        {
            "what": "Generalised Gini (Bernasco & Steenbeek 2017)",
            "value": f"{c['generalised_gini']:.3f}",
        },
    ]
    stats, _ = make_table(
        id=_id(ctx, chapter, element, "concentration-table"),
        caption=f"Concentration of {lower_name(ind)} across {where}, {ctx.area.name}, {period}",
        columns=[Column("what", "Measure", row_header=True), Column("value", "Value")],
        rows=stats_rows,
        disclosure=ctx.disclosure,
        source=ctx.source_text([ind]),
        notes=[
            "Gini: 0 when every place has the same count, near 1 when a few places hold "
            "almost all; the generalised Gini corrects it when there are fewer incidents "
            "than places (methods: Concentration)."
        ],
    )
    busiest = [{"place": b["name"], "count": b["count"]} for b in c.get("busiest", [])[:10]]
    out: list[Block] = [fig, stats]
    if busiest:
        table, _ = make_table(
            id=_id(ctx, chapter, element, "busiest-places"),
            caption=f"The ten busiest places for {lower_name(ind)}, {ctx.area.name}, {period}",
            columns=[
                Column("place", "Place (police.uk snap point)", row_header=True),
                Column("count", "Incidents", "int"),
            ],
            rows=busiest,
            disclosure=ctx.disclosure,
            source=ctx.source_text([ind]),
            notes=[
                "police.uk places are anonymous map points, each standing for a street, a "
                "stretch of street or a venue; several points can share a name."
            ],
            sensitive=ind.sensitive,
            level="point",
            counts=["count"],
        )
        out.append(table)
    return out


# ------------------------------------------------------------------------------- funnel


def funnel(ctx: BuildContext, chapter: ChapterSpec, element: ElementSpec) -> list[Block]:
    import numpy as np

    from saferplaces.places.funnel import poisson_limits

    data, ind = _data(ctx, chapter, element)
    if data is None:
        return []
    f = data["funnel"]
    rows = [r for r in f["rows"] if r["denominator"]]
    if not rows:
        ctx.leave_out(chapter.title, "funnel plot: no ward has a denominator")
        return []
    ref = f["reference_rate_per_1000"]
    per = "residents" if ind.denominator == "residents" else "households"
    dens = np.array([r["denominator"] for r in rows], dtype=float)
    grid = np.linspace(max(1.0, dens.min() * 0.8), dens.max() * 1.1, 240)
    lim = poisson_limits(ref / 1000 * grid)
    xs = [float(x) for x in grid]

    def curve(values) -> list[float]:
        return [float(v) for v in np.asarray(values) / grid * 1000]

    outlying = [r for r in rows if "99.8" in r["position"]]
    inside = [r for r in rows if "99.8" not in r["position"]]
    # Name at most six wards on the chart, the furthest from expected, so labels do not
    # pile up; the table with the figure names every ward.
    furthest = sorted(outlying, key=lambda r: -abs(r["count"] - r["expected"]) / r["expected"])
    named = {r["ward_code"] for r in furthest[:6]}
    chart = XYChart(
        x_label=f"Census 2021 {per} of the ward",
        y_label=f"{ind.name} per 1,000 {per}",
        lines=[
            XYLine(f"{ctx.area.name} rate", [xs[0], xs[-1]], [ref, ref], role="reference"),
            XYLine("95% limits", xs, curve(lim["95"][1]), "dashed", "limit", step=True),
            XYLine("", xs, curve(lim["95"][0]), "dashed", "limit", step=True, legend=False),
            XYLine("99.8% limits", xs, curve(lim["99.8"][1]), "dotted", "limit-outer", True),
            XYLine("", xs, curve(lim["99.8"][0]), "dotted", "limit-outer", True, False),
        ],
        points=[
            XYPoints(
                "Ward",
                [r["denominator"] for r in inside],
                [r["rate_per_1000"] or 0.0 for r in inside],
            ),
            XYPoints(
                "Ward outside the 99.8% limits",
                [r["denominator"] for r in outlying],
                [r["rate_per_1000"] or 0.0 for r in outlying],
                role="highlight",
                labels=[r["ward_name"] if r["ward_code"] in named else "" for r in outlying],
            ),
        ],
    )
    table_rows = [
        {
            "ward": r["ward_name"],
            "count": r["count"],
            "denominator": r["denominator"],
            "rate": r["rate_per_1000"],
            "expected": r["expected"],
            "l95": f"{r['lower_95']:,.0f} to {r['upper_95']:,.0f}",
            "l998": f"{r['lower_998']:,.0f} to {r['upper_998']:,.0f}",
            "position": r["position"],
        }
        for r in sorted(rows, key=lambda r: -(r["rate_per_1000"] or 0))
    ]
    data_table, _ = make_table(
        id=f"{chapter.id}-funnel-data",
        caption="Data",
        columns=[
            Column("ward", "Ward", row_header=True),
            Column("count", "Count", "int"),
            Column("denominator", per.capitalize(), "int"),
            Column("rate", "Rate per 1,000", "rate"),
            Column("expected", "Expected", "mean"),
            Column("l95", "95% limits"),
            Column("l998", "99.8% limits"),
            Column("position", "Position"),
        ],
        rows=table_rows,
        disclosure=ctx.disclosure,
        sensitive=ind.sensitive,
        level="ward",
        counts=["count"],
        derived={"rate": ["count"], "position": ["count"]},
    )
    above = [r["ward_name"] for r in outlying if r["position"].startswith("above")]
    below = [r["ward_name"] for r in outlying if r["position"].startswith("below")]
    alt = (
        f"Funnel plot of {lower_name(ind)} rates per 1,000 {per} for the {len(rows)} wards of "
        f"{ctx.area.name} against their {per}, with the {ctx.area.name} rate of "
        f"{ref:.1f} and its 95% and 99.8% limits. "
        + (f"Above the 99.8% limits: {', '.join(above)}. " if above else "")
        + (f"Below the 99.8% limits: {', '.join(below)}. " if below else "")
        + ("Every ward is within the 99.8% limits." if not outlying else "")
    ).strip()
    return [
        Figure(
            id=_id(ctx, chapter, element, "funnel"),
            caption=caption_of(ctx, element)
            or f"Funnel plot: {lower_name(ind)} rate by ward against the {ctx.area.name} rate, "
            f"{data['period']['label']}",
            alt=alt,
            chart=chart,
            data=data_table,
            source=f"{ctx.source_text([ind])}; Census 2021 (ONS)",
            notes=f["notes"],
        )
    ]


# --------------------------------------------------------------------------- deprivation


def deprivation(ctx: BuildContext, chapter: ChapterSpec, element: ElementSpec) -> list[Block]:
    data, _ = _data(ctx, chapter, element)
    if data is None:
        return []
    d = data["deprivation"]
    if not d["lsoas"]:
        ctx.leave_out(chapter.title, "deprivation: no Indices of Deprivation data is loaded")
        return []
    deciles = [d["national_deciles"].get(str(k), 0) for k in range(1, 11)]
    data_table, _ = make_table(
        id=f"{chapter.id}-deprivation-data",
        caption="Data",
        columns=[
            Column("decile", "National IMD decile", row_header=True),
            Column("lsoas", "LSOAs", "int"),
        ],
        rows=[
            {
                "decile": str(k) + {1: " (most deprived)", 10: " (least deprived)"}.get(k, ""),
                "lsoas": n,
            }
            for k, n in zip(range(1, 11), deciles, strict=True)
        ],
        disclosure=ctx.disclosure,
    )
    alt = (
        f"Bar chart of the {d['lsoas']} LSOAs of {ctx.area.name} by national Index of Multiple "
        "Deprivation decile (1 = the most deprived tenth of England): "
        + "; ".join(f"decile {k}: {n}" for k, n in zip(range(1, 11), deciles, strict=True))
        + f". {d['most_deprived_30pc']} are among the 30% most deprived in England."
    )
    fig = Figure(
        id=_id(ctx, chapter, element, "deprivation"),
        caption=caption_of(ctx, element)
        or f"Deprivation: LSOAs of {ctx.area.name} by national IMD 2025 decile",
        alt=alt,
        chart=BarChart(
            categories=[str(k) for k in range(1, 11)],
            series=[
                Series("LSOAs", [float(n) for n in deciles], value_labels=[str(n) for n in deciles])
            ],
            value_label="Number of LSOAs",
            category_label="National IMD decile (1 = most deprived)",
            horizontal=False,
        ),
        data=data_table,
        source=IOD,
        notes=["Deciles of England's LSOAs (2021) ranked on the Index of Multiple Deprivation."],
    )
    worst, _ = make_table(
        id=_id(ctx, chapter, element, "most-deprived"),
        caption=f"The most deprived LSOAs of {ctx.area.name} (IMD 2025)",
        columns=[
            Column("lsoa", "LSOA (2021)", row_header=True),
            Column("ward", "Ward"),
            Column("national", "National decile", "int"),
            Column("local", "Decile in the force area", "int"),
        ],
        rows=[
            {
                "lsoa": r["lsoa_name"],
                "ward": r["ward_name"],
                "national": r["national_decile"],
                "local": r["local_decile"],
            }
            for r in d["most_deprived"]
        ],
        disclosure=ctx.disclosure,
        source=IOD,
        notes=[
            "Decile 1 is the most deprived tenth: nationally, of England's LSOAs; locally, of "
            "the LSOAs of the police force area."
        ],
    )
    return [fig, worst]


# ------------------------------------------------------------------------------ summary


def places_summary(ctx: BuildContext, chapter: ChapterSpec, element: ElementSpec) -> list[Block]:
    """The chapter's facts in sentences, drafted from the same numbers as its tables."""
    data, ind = _data(ctx, chapter, element)
    if data is None:
        return []
    listed = data["flags"]["listed"]
    counts = {c: sum(1 for w in listed if w["category"] == c) for c in CATEGORY_ORDER}
    on_list = [w for w in listed if w["category"] in ("emerging", "sustaining", "preventing")]
    top = sorted(on_list, key=lambda w: (-w["flag_count"], w["ward_name"]))[:3]
    items = [
        [
            Run("Place flags", bold=True),
            Run(
                f": {len(on_list)} of {len(wards_of(ctx.wh, ctx.area))} wards are on the list "
                f"in {data['period']['label']} ({counts['emerging']} emerging, "
                f"{counts['sustaining']} sustaining, {counts['preventing']} preventing)"
                + (
                    "; most flags: "
                    + ", ".join(f"{w['ward_name']} ({w['flag_count']})" for w in top)
                    if top
                    else ""
                )
                + (f"; {counts['off']} came off the list." if counts["off"] else ".")
            ),
        ]
    ]
    h = data["hotspots"]
    hot = ", ".join(f"{r['lsoa_name']} ({r['ward_name']})" for r in h["hot"][:5])
    items.append(
        [
            Run("Hot spots", bold=True),
            Run(
                f": {len(h['hot'])} of {h['lsoas']} LSOAs "
                + ("is a hot spot" if len(h["hot"]) == 1 else "are hot spots")
                + f" of {lower_name(ind)} and {len(h['cold'])} "
                + ("is a cold spot" if len(h["cold"]) == 1 else "are cold spots")
                + " (Gi*, q < 0.05)"
                + (f": {hot}." if hot else ".")
            ),
        ]
    )
    c = data["concentration"]
    items.append(
        [
            Run("Concentration", bold=True),
            Run(
                f": the busiest 10% of places hold {c['top_shares']['10']:.1f}% of "
                f"{lower_name(ind)}, and half of it happens at "
                f"{c['places_for_share']['50']:.1f}% of places (Gini {c['gini']:.2f})."
            ),
        ]
    )
    f = data["funnel"]
    above = [r["ward_name"] for r in f["outlying"] if r["position"].startswith("above")]
    items.append(
        [
            Run("Wards against the district rate", bold=True),
            Run(
                f": {len(above)} of {len(f['rows'])} wards are above the 99.8% limit of the "
                f"funnel plot"
                + (
                    f" ({', '.join(above[:6])}{' and others' if len(above) > 6 else ''})."
                    if above
                    else "."
                )
            ),
        ]
    )
    d = data["deprivation"]
    if d["lsoas"]:
        worst = d["most_deprived"][0] if d["most_deprived"] else None
        items.append(
            [
                Run("Deprivation", bold=True),
                Run(
                    f": {d['most_deprived_30pc']} of {d['lsoas']} LSOAs are among the 30% most "
                    "deprived in England"
                    + (
                        f"; the most deprived is {worst['lsoa_name']} ({worst['ward_name']}), "
                        f"national decile {worst['national_decile']}."
                        if worst
                        else "."
                    )
                ),
            ]
        )
    return [Narrative([ListBlock(items)], origin="drafted")]


for name, fn, help_text in (
    ("places-summary", places_summary, "The Places chapter's facts, drafted as sentences."),
    ("place-flags", place_flags, "Place flags: the wards on the list, their categories and flags."),
    ("place-flags-map", place_flags_map, "Map of the wards by place-flag category."),
    ("place-flags-history", place_flags_history, "Every flags run, and the decisions made."),
    ("hotspot-map", hotspot_map, "Gi* hot and cold spots by LSOA, mapped, with their table."),
    ("concentration", concentration, "Share of incidents at the busiest places; Gini."),
    ("funnel", funnel, "Funnel plot of ward rates against the district rate."),
    ("deprivation", deprivation, "LSOAs by national IMD decile, and the most deprived."),
):
    register_element(ElementKind(name, fn, FIELDS, help_text))
