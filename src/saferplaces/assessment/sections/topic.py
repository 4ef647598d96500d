"""``topic``: a chapter on one or more indicators, in three parts.

*Issues* holds the facts drafted from the data, the analyst's commentary and the
chapter's computed elements (tables and figures, from ``issues:``); *Interventions* and
*Recommendations* are the analyst's narrative. ``parts: []`` puts everything straight
under the chapter (the overall crime review). A chapter none of whose indicators hold
data is left out, with a note in the data notes.
"""

from __future__ import annotations

from saferplaces.assessment.context import BuildContext
from saferplaces.assessment.model import Block, Section
from saferplaces.assessment.registry import SectionKind, element_kinds, register_section
from saferplaces.assessment.sections.common import drafted_facts, slot
from saferplaces.assessment.spec import ChapterSpec, SpecError

PARTS = {
    "issues": "Issues",
    "interventions": "Interventions",
    "recommendations": "Recommendations",
}
PROMPTS = {
    "interventions": "To be written by the analyst: what the partnership and its members "
    "are doing about {topic}, and what is planned. Write {sid}.md in the narrative folder.",
    "recommendations": "To be written by the analyst: what the partnership should do about "
    "{topic} next year. Write {sid}.md in the narrative folder.",
}


def _parts(chapter: ChapterSpec) -> list[str]:
    parts = chapter.get("parts")
    if parts is None:
        return list(PARTS)
    for p in parts:
        if p not in PARTS:
            raise SpecError(
                f"{chapter.file}, line {chapter.line}, field 'parts': {p!r} is not a part; "
                f"use {', '.join(PARTS)}"
            )
    return list(parts)


def part_ids(chapter: ChapterSpec) -> list[str]:
    return [f"{chapter.id}.{p}" for p in _parts(chapter)]


def build_topic(ctx: BuildContext, chapter: ChapterSpec) -> Section | None:
    ids = [str(i) for i in chapter.get("indicators") or []]
    inds = ctx.available(ids, chapter.title)
    if ids and not inds:
        ctx.leave_out(chapter.title, "left out: none of its data is held")
        return None
    kinds = element_kinds()
    elements: list[Block] = []
    for e in chapter.elements:
        elements += kinds[e.kind].build(ctx, chapter, e)
    facts = drafted_facts(ctx, inds) if chapter.get("summary", True) else None
    parts = _parts(chapter)
    topic = chapter.get("topic") or chapter.title.lower()
    section = Section(
        chapter.id,
        chapter.title,
        kind="topic",
        in_contents=bool(chapter.get("in_contents", True)),
    )
    if "issues" not in parts:
        section.blocks = [*([facts] if facts else []), slot(chapter.id), *elements]
    else:
        section.blocks = [slot(chapter.id)]
        section.children.append(
            Section(
                f"{chapter.id}.issues",
                PARTS["issues"],
                blocks=[*([facts] if facts else []), slot(f"{chapter.id}.issues"), *elements],
                kind="issues",
            )
        )
    for part in parts:
        if part == "issues":
            continue
        sid = f"{chapter.id}.{part}"
        section.children.append(
            Section(
                sid,
                PARTS[part],
                blocks=[slot(sid, PROMPTS[part].format(topic=topic, sid=sid))],
                kind=part,
            )
        )
    return section


register_section(
    SectionKind(
        "topic",
        build_topic,
        {
            "indicators": list,
            "issues": list,
            "parts": list,
            "summary": bool,
            "topic": str,
        },
        help="A topic chapter: Issues (facts, narrative, tables and figures), Interventions, "
        "Recommendations.",
        part_ids=part_ids,
    )
)
