"""The Places chapter's analyses: the Gi* hot spot map, concentration, the funnel plot
and the deprivation context."""

from __future__ import annotations

from saferplaces.assessment.context import BuildContext
from saferplaces.assessment.elements.common import caption_of, lower_name
from saferplaces.assessment.elements.places_common import (
    BOUNDARIES,
    FIELDS,
    IOD,
    analysis_failed,
    fields_of,
    option,
    place_inputs,
    places_element_id,
)
from saferplaces.assessment.registry import ElementKind
from saferplaces.assessment.spec import ChapterSpec, ElementSpec
from saferplaces.assessment.tables import make_table
from saferplaces.document.charts import hotspot_map as hotspot_spec
from saferplaces.document.formatting import fmt
from saferplaces.document.model import (
    BarChart,
    Block,
    Column,
    Figure,
    Series,
)
from saferplaces.geography.areas import wards_of
from saferplaces.geography.boundaries import boundaries
from saferplaces.places.options import CONCENTRATION, FUNNEL, HOTSPOTS

# ---------------------------------------------------------------------------- hot spots


def hotspot_map(ctx: BuildContext, chapter: ChapterSpec, element: ElementSpec) -> list[Block]:
    from saferplaces.places.queries import lsoas_of_wards

    flags, ind = place_inputs(ctx, chapter, element)
    if flags is None or ind is None:
        return []
    h, why = ctx.hotspots(ind, option(element, HOTSPOTS, "measure"))
    if h is None:
        return analysis_failed(ctx, chapter, "hot spot map", why)
    wards = wards_of(ctx.wh, ctx.area)
    lsoas = lsoas_of_wards(ctx.wh, [c for c, _ in wards])
    shapes = boundaries(ctx.wh, "lsoa", lsoas)
    if not shapes:
        ctx.leave_out(chapter.title, "hot spot map: no LSOA boundaries are loaded")
        return []
    hot = {r.lsoa_code: r for r in h.hot}
    cold = {r.lsoa_code: r for r in h.cold}
    rows = [
        {
            "lsoa": r.lsoa_name,
            "ward": r.ward_name,
            "count": r.count,
            "z": r.z,
            "q": r.q_value,
            "class": "Hot spot" if code in hot else "Cold spot",
        }
        for code, r in [*hot.items(), *cold.items()]
    ]
    others = len(h.rows) - len(rows)
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
    period = ctx.period.label
    names = ", ".join(f"{r.lsoa_name} ({r.ward_name})" for r in h.hot[:6])
    alt = (
        f"Map of the {len(h.rows)} LSOAs of {ctx.area.name} showing {len(hot)} hot spot(s) and "
        f"{len(cold)} cold spot(s) of {lower_name(ind)} in {period}, with ward boundaries"
        + (f". Hot spots: {names}." if hot else ". No LSOA is a significant hot spot.")
    )
    return [
        Figure(
            id=places_element_id(ctx, chapter, element, "hotspots"),
            caption=caption_of(ctx, element)
            or f"Map: hot and cold spots of {lower_name(ind)} (Getis-Ord Gi*) by LSOA, "
            f"{ctx.area.name}, {period}",
            alt=alt,
            chart=hotspot_spec(
                shapes,
                {c: "hot" if c in hot else "cold" if c in cold else None for c in shapes},
                legend_title=f"{ind.name}, Gi* (q < 0.05)",
                outlines=boundaries(ctx.wh, "ward", [c for c, _ in wards]),
                total=len(h.rows),
            ),
            data=data_table,
            source=f"{ctx.source_text([ind])}; LSOA and ward {BOUNDARIES}",
            notes=h.notes,
        )
    ]


# ------------------------------------------------------------------------ concentration


def concentration(ctx: BuildContext, chapter: ChapterSpec, element: ElementSpec) -> list[Block]:
    flags, ind = place_inputs(ctx, chapter, element)
    if flags is None or ind is None:
        return []
    result, why = ctx.concentration(ind, option(element, CONCENTRATION, "by"))
    if result is None:
        return analysis_failed(ctx, chapter, "concentration", why)
    c = result.stats
    where = "police.uk snap points" if result.by == "location" else "LSOAs"
    shares = [
        {
            "what": f"Busiest {k}% of places ({c.top_places[k]:,} places)",
            "share": c.top_shares[k],
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
    period = ctx.period.label
    alt = (
        f"Bar chart of the share of {c.incidents:,} {lower_name(ind)} incidents in "
        f"{ctx.area.name} held by the busiest places, of {c.places:,} {where}: "
        + "; ".join(f"busiest {k}%: {c.top_shares[k]:.1f}%" for k in ("1", "3", "5", "10"))
        + f". Half of all incidents are at {c.places_for_share['50']:.1f}% of places."
    )
    fig = Figure(
        id=places_element_id(ctx, chapter, element, "concentration"),
        caption=caption_of(ctx, element)
        or f"Concentration: share of {lower_name(ind)} at the busiest places, "
        f"{ctx.area.name}, {period}",
        alt=alt,
        chart=BarChart(
            categories=[f"Busiest {k}%" for k in ("1", "3", "5", "10")],
            series=[
                Series(
                    "Share of incidents",
                    [c.top_shares[k] for k in ("1", "3", "5", "10")],
                    value_labels=[f"{c.top_shares[k]:.1f}%" for k in ("1", "3", "5", "10")],
                )
            ],
            value_label="Share of incidents (%)",
            category_label=f"Share of {where}",
            horizontal=True,
        ),
        data=data_table,
        source=ctx.source_text([ind]),
        notes=result.notes,
    )
    stats_rows = [
        {
            "what": f"Places ({where} with at least one incident)"
            if result.by == "location"
            else f"Places (every LSOA of {ctx.area.name})",
            "value": f"{c.places:,}",
        },
        {"what": "Incidents", "value": fmt(c.incidents, "int")},
        *[
            {
                "what": f"Share of incidents in the busiest {k}% of places",
                "value": f"{c.top_shares[k]:.1f}%",
            }
            for k in ("1", "3", "5", "10")
        ],
        *[
            {
                "what": f"Share of places holding {k}% of incidents",
                "value": f"{c.places_for_share[k]:.1f}%",
            }
            for k in ("25", "50")
        ],
        {"what": "Gini coefficient", "value": f"{c.gini:.3f}"},
        {
            "what": "Generalised Gini (Bernasco & Steenbeek 2017)",
            "value": f"{c.generalised_gini:.3f}",
        },
    ]
    stats, _ = make_table(
        id=places_element_id(ctx, chapter, element, "concentration-table"),
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
    busiest = [{"place": p.name, "count": p.count} for p in result.places[:10]]
    out: list[Block] = [fig, stats]
    if busiest:
        table, _ = make_table(
            id=places_element_id(ctx, chapter, element, "busiest-places"),
            caption=f"The ten busiest places for {lower_name(ind)}, {ctx.area.name}, {period}",
            columns=[
                Column(
                    "place",
                    "Place (police.uk snap point)" if result.by == "location" else "LSOA (2021)",
                    row_header=True,
                ),
                Column("count", "Incidents", "int"),
            ],
            rows=busiest,
            disclosure=ctx.disclosure,
            source=ctx.source_text([ind]),
            notes=[
                "police.uk places are anonymous map points, each standing for a street, a "
                "stretch of street or a venue; several points can share a name."
            ]
            if result.by == "location"
            else [],
            sensitive=ind.sensitive,
            level="point" if result.by == "location" else "lsoa",
            counts=["count"],
        )
        out.append(table)
    return out


# ------------------------------------------------------------------------------- funnel


def funnel(ctx: BuildContext, chapter: ChapterSpec, element: ElementSpec) -> list[Block]:
    from saferplaces.places.figures import funnel_limits_sentence, funnel_spec

    flags, ind = place_inputs(ctx, chapter, element)
    if flags is None or ind is None:
        return []
    f, why = ctx.funnel(ind, option(element, FUNNEL, "reference"))
    if f is None:
        return analysis_failed(ctx, chapter, "funnel plot", why)
    rows = [r for r in f.rows if r.denominator]
    if not rows:
        ctx.leave_out(chapter.title, "funnel plot: no ward has a denominator")
        return []
    ref = f.reference_rate_per_1000
    per = "residents" if ind.denominator == "residents" else "households"
    outlying = [r for r in rows if "99.8" in r.position]
    # The limits the funnel used (exact Poisson, or random effects when the wards are
    # overdispersed), drawn and named by the one funnel chart spec.
    chart = funnel_spec(f, per)
    adjusted = " (random effects)" if f.overdispersed else ""
    table_rows = [
        {
            "ward": r.ward_name,
            "count": r.count,
            "denominator": r.denominator,
            "rate": r.rate_per_1000,
            "expected": r.expected,
            "l95": f"{r.lower_95:,.0f} to {r.upper_95:,.0f}",
            "l998": f"{r.lower_998:,.0f} to {r.upper_998:,.0f}",
            "position": r.position,
        }
        for r in sorted(rows, key=lambda r: -(r.rate_per_1000 or 0))
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
            Column("l95", f"95% limits{adjusted}"),
            Column("l998", f"99.8% limits{adjusted}"),
            Column("position", "Position"),
        ],
        rows=table_rows,
        disclosure=ctx.disclosure,
        sensitive=ind.sensitive,
        level="ward",
        counts=["count"],
        derived={"rate": ["count"], "position": ["count"]},
    )
    above = [r.ward_name for r in outlying if r.position.startswith("above")]
    below = [r.ward_name for r in outlying if r.position.startswith("below")]
    alt = (
        f"Funnel plot of {lower_name(ind)} rates per 1,000 {per} for the {len(rows)} wards of "
        f"{ctx.area.name} against their {per}, with the {f.reference_name} rate of "
        f"{ref:.1f} and its 95% and 99.8% limits. "
        + (f"Above the 99.8% limits: {', '.join(above)}. " if above else "")
        + (f"Below the 99.8% limits: {', '.join(below)}. " if below else "")
        + ("Every ward is within the 99.8% limits." if not outlying else "")
        + funnel_limits_sentence(f)
    ).strip()
    return [
        Figure(
            id=places_element_id(ctx, chapter, element, "funnel"),
            caption=caption_of(ctx, element)
            or f"Funnel plot: {lower_name(ind)} rate by ward against the {f.reference_name} rate, "
            f"{ctx.period.label}"
            + ("; limits allow for overdispersion" if f.overdispersed else ""),
            alt=alt,
            chart=chart,
            data=data_table,
            source=f"{ctx.source_text([ind])}; Census 2021 (ONS)",
            notes=f.notes,
        )
    ]


# --------------------------------------------------------------------------- deprivation


def deprivation(ctx: BuildContext, chapter: ChapterSpec, element: ElementSpec) -> list[Block]:
    flags, _ = place_inputs(ctx, chapter, element)
    if flags is None:
        return []
    d = ctx.deprivation()
    if not d.lsoas:
        ctx.leave_out(chapter.title, "deprivation: no Indices of Deprivation data is loaded")
        return []
    deciles = [d.national_deciles.get(k, 0) for k in range(1, 11)]
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
        f"Bar chart of the {d.lsoas} LSOAs of {ctx.area.name} by national Index of Multiple "
        "Deprivation decile (1 = the most deprived tenth of England): "
        + "; ".join(f"decile {k}: {n}" for k, n in zip(range(1, 11), deciles, strict=True))
        + f". {d.most_deprived_30pc} are among the 30% most deprived in England."
    )
    fig = Figure(
        id=places_element_id(ctx, chapter, element, "deprivation"),
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
        id=places_element_id(ctx, chapter, element, "most-deprived"),
        caption=f"The most deprived LSOAs of {ctx.area.name} (IMD 2025)",
        columns=[
            Column("lsoa", "LSOA (2021)", row_header=True),
            Column("ward", "Ward"),
            Column("national", "National decile", "int"),
            Column("local", "Decile in the force area", "int"),
        ],
        rows=[
            {
                "lsoa": r.lsoa_name,
                "ward": r.ward_name,
                "national": r.national_decile,
                "local": r.local_decile,
            }
            for r in d.most_deprived
        ],
        disclosure=ctx.disclosure,
        source=IOD,
        notes=[
            "Decile 1 is the most deprived tenth: nationally, of England's LSOAs; locally, of "
            "the LSOAs of the police force area."
        ],
    )
    return [fig, worst]


# The kinds this module adds (see the assessment plugin).
KINDS = tuple(
    ElementKind(name, fn, fields, help_text)
    for name, fn, fields, help_text in (
        (
            "hotspot-map",
            hotspot_map,
            fields_of(HOTSPOTS),
            "Gi* hot and cold spots by LSOA, mapped, with their table.",
        ),
        (
            "concentration",
            concentration,
            fields_of(CONCENTRATION),
            "Share of incidents at the busiest places; Gini.",
        ),
        (
            "funnel",
            funnel,
            fields_of(FUNNEL),
            "Funnel plot of ward rates against a reference rate.",
        ),
        (
            "deprivation",
            deprivation,
            FIELDS,
            "LSOAs by national IMD decile, and the most deprived.",
        ),
    )
)
