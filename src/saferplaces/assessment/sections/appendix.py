"""``appendix-wards`` (every ward, for each indicator) and ``appendix-methods``."""

from __future__ import annotations

from saferplaces.assessment.context import BuildContext
from saferplaces.assessment.elements.wards import ward_table_for
from saferplaces.assessment.model import Section
from saferplaces.assessment.registry import SectionKind, register_section
from saferplaces.assessment.sections.common import slot
from saferplaces.assessment.spec import ChapterSpec
from saferplaces.indicators.registry import POLICE_INDICATORS


def build_appendix_wards(ctx: BuildContext, chapter: ChapterSpec) -> Section | None:
    # All crime first, then each type in the registry's order.
    default = [POLICE_INDICATORS[-1], *POLICE_INDICATORS[:-1]]
    ids = [str(i) for i in chapter.get("indicators") or default]
    inds = ctx.available(ids, chapter.title)
    inds = [i for i in inds if i.resolution == "lsoa"]
    if not inds:
        ctx.leave_out(chapter.title, "no indicator with ward-level data is held", whole=True)
        return None
    tables = []
    for ind in inds:
        t, _ = ward_table_for(ctx, ind, ctx.claim_id(f"{chapter.id}-{ind.id}"))
        tables.append(t)
    return Section(
        chapter.id,
        chapter.title,
        blocks=[slot(chapter.id), *tables],
        kind="appendix",
        appendix=True,
    )


def build_appendix_methods(ctx: BuildContext, chapter: ChapterSpec) -> Section:
    return Section(
        chapter.id, chapter.title, blocks=[slot(chapter.id)], kind="appendix", appendix=True
    )


register_section(
    SectionKind(
        "appendix-wards",
        build_appendix_wards,
        {"indicators": list},
        help="Appendix: the full ward table of each indicator (default: every police.uk type).",
    )
)
register_section(
    SectionKind(
        "appendix-methods",
        build_appendix_methods,
        help="Appendix: the methods, from appendix-methods.md (built-in text by default).",
    )
)
