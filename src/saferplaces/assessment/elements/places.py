"""The Places chapter's summary, drafted as sentences; its other elements are in
``place_flags`` (the list, the map, the history) and ``places_analysis`` (hot spots,
concentration, funnel plot, deprivation).

The numbers come once per build from :func:`saferplaces.places.chapter.places_chapter`
(through ``ctx.places``); these elements turn them into numbered tables and figures
drawn with the shared chart conventions, each figure with its caption, alt text, source
line and data table. When the places data cannot be made (no flags run held and a
read-only warehouse, say) every element is left out with that one reason.
"""

from __future__ import annotations

from saferplaces.assessment.context import BuildContext
from saferplaces.assessment.elements.common import lower_name
from saferplaces.assessment.elements.places_common import (
    CATEGORY_ORDER,
    FIELDS,
    places_data,
)
from saferplaces.assessment.model import (
    Block,
    ListBlock,
    Narrative,
    Run,
)
from saferplaces.assessment.registry import ElementKind, register_element
from saferplaces.assessment.spec import ChapterSpec, ElementSpec
from saferplaces.geography.areas import wards_of

# ------------------------------------------------------------------------------ summary


def places_summary(ctx: BuildContext, chapter: ChapterSpec, element: ElementSpec) -> list[Block]:
    """The chapter's facts in sentences, drafted from the same numbers as its tables."""
    data, ind = places_data(ctx, chapter, element)
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
):
    register_element(ElementKind(name, fn, FIELDS, help_text))
