"""``appendix-wards`` (every ward, for each indicator) and ``appendix-methods``."""

from __future__ import annotations

from saferplaces.assessment.context import BuildContext
from saferplaces.assessment.elements.wards import ward_table_for
from saferplaces.assessment.registry import SectionKind
from saferplaces.assessment.sections.common import slot
from saferplaces.assessment.spec import ChapterSpec
from saferplaces.document.model import Section
from saferplaces.indicators.registry import headline_indicators


def build_appendix_wards(ctx: BuildContext, chapter: ChapterSpec) -> Section | None:
    # Totals (all crime) first, then each headline type in the registry's order.
    headline = headline_indicators()
    default = [i.id for i in headline if i.total] + [i.id for i in headline if not i.total]
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
        # Every ward of every type is looked up, not read: in the spreadsheet only,
        # unless the spec asks for it in print.
        spreadsheet_only=not chapter.get("print", False),
    )


def build_appendix_methods(ctx: BuildContext, chapter: ChapterSpec) -> Section:
    return Section(
        chapter.id, chapter.title, blocks=[slot(chapter.id)], kind="appendix", appendix=True
    )


# The kinds this module adds (see the assessment plugin).
KINDS = (
    SectionKind(
        "appendix-wards",
        build_appendix_wards,
        {"indicators": list, "print": bool},
        help="Appendix: the full ward table of each indicator (default: every police.uk type); "
        "in the spreadsheet only unless `print: true`.",
    ),
    SectionKind(
        "appendix-methods",
        build_appendix_methods,
        help="Appendix: the methods, from appendix-methods.md (built-in text by default).",
    ),
)
