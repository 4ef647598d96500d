"""The Places chapter's summary, drafted as sentences; its other elements are in
``place_flags`` (the list, the map, the history) and ``places_analysis`` (hot spots,
concentration, funnel plot, deprivation).

The numbers are typed results of :mod:`saferplaces.places` (the flags run the chapter's
settings ask for, read from the warehouse; hot spots, concentration, the funnel plot and
the deprivation context), each computed once per build through the build context; these
elements turn them into numbered tables and figures drawn with the shared chart
conventions, each figure with its caption, alt text, source line and data table. When no
flags run with the chapter's settings is held, the chapter is left out with that reason
(building an assessment never makes a run).
"""

from __future__ import annotations

from saferplaces.assessment.context import BuildContext
from saferplaces.assessment.elements.common import lower_name
from saferplaces.assessment.elements.places_common import (
    FIELDS,
    listed_wards,
    place_inputs,
)
from saferplaces.assessment.registry import ElementKind
from saferplaces.assessment.spec import ChapterSpec, ElementSpec
from saferplaces.document.model import (
    Block,
    ListBlock,
    Narrative,
    Run,
)
from saferplaces.document.palette import CATEGORY_ORDER
from saferplaces.geography.areas import wards_of

# ------------------------------------------------------------------------------ summary


def places_summary(ctx: BuildContext, chapter: ChapterSpec, element: ElementSpec) -> list[Block]:
    """The chapter's facts in sentences, drafted from the same numbers as its tables."""
    flags, ind = place_inputs(ctx, chapter, element)
    if flags is None or ind is None:
        return []
    listed = listed_wards(flags)
    counts = {c: sum(1 for w in listed if w.category == c) for c in CATEGORY_ORDER}
    on_list = [w for w in listed if w.category in ("emerging", "sustaining", "preventing")]
    top = sorted(on_list, key=lambda w: (-w.flag_count, w.ward_name))[:3]
    items = [
        [
            Run("Place flags", bold=True),
            Run(
                f": {len(on_list)} of {len(wards_of(ctx.wh, ctx.area))} wards are on the list "
                f"in {ctx.period.label} ({counts['emerging']} emerging, "
                f"{counts['sustaining']} sustaining, {counts['preventing']} preventing)"
                + (
                    "; most flags: " + ", ".join(f"{w.ward_name} ({w.flag_count})" for w in top)
                    if top
                    else ""
                )
                + (f"; {counts['off']} came off the list." if counts["off"] else ".")
            ),
        ]
    ]
    h, _ = ctx.hotspots(ind)
    if h is not None:
        hot = ", ".join(f"{r.lsoa_name} ({r.ward_name})" for r in h.hot[:5])
        items.append(
            [
                Run("Hot spots", bold=True),
                Run(
                    f": {len(h.hot)} of {len(h.rows)} LSOAs "
                    + ("is a hot spot" if len(h.hot) == 1 else "are hot spots")
                    + f" of {lower_name(ind)} and {len(h.cold)} "
                    + ("is a cold spot" if len(h.cold) == 1 else "are cold spots")
                    + " (Gi*, q < 0.05)"
                    + (f": {hot}." if hot else ".")
                ),
            ]
        )
    c, _ = ctx.concentration(ind)
    if c is not None and c.stats.gini is not None:
        items.append(
            [
                Run("Concentration", bold=True),
                Run(
                    f": the busiest 10% of places hold {c.stats.top_shares['10']:.1f}% of "
                    f"{lower_name(ind)}, and half of it happens at "
                    f"{c.stats.places_for_share['50']:.1f}% of places "
                    f"(Gini {c.stats.gini:.2f})."
                ),
            ]
        )
    f, _ = ctx.funnel(ind)
    if f is not None:
        above = [r.ward_name for r in f.outlying if r.position.startswith("above")]
        items.append(
            [
                Run("Wards against the district rate", bold=True),
                Run(
                    f": {len(above)} of {len(f.rows)} wards are above the 99.8% limit of the "
                    f"funnel plot"
                    + (
                        f" ({', '.join(above[:6])}{' and others' if len(above) > 6 else ''})."
                        if above
                        else "."
                    )
                ),
            ]
        )
    d = ctx.deprivation()
    if d.lsoas:
        worst = d.most_deprived[0] if d.most_deprived else None
        items.append(
            [
                Run("Deprivation", bold=True),
                Run(
                    f": {d.most_deprived_30pc} of {d.lsoas} LSOAs are among the 30% most "
                    "deprived in England"
                    + (
                        f"; the most deprived is {worst.lsoa_name} ({worst.ward_name}), "
                        f"national decile {worst.national_decile}."
                        if worst
                        else "."
                    )
                ),
            ]
        )
    return [Narrative([ListBlock(items)], origin="drafted")]


# The kinds this module adds (see the assessment plugin).
KINDS = tuple(
    ElementKind(name, fn, FIELDS, help_text)
    for name, fn, help_text in (
        ("places-summary", places_summary, "The Places chapter's facts, drafted as sentences."),
    )
)
