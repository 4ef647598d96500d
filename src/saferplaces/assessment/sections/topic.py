"""``topic``: a chapter on one or more indicators, in three parts.

*Issues* holds the facts drafted from the data, the analyst's commentary and the
chapter's computed elements (tables and figures, from ``issues:``); *Interventions* and
*Recommendations* are the analyst's narrative. ``parts: []`` puts everything straight
under the chapter (the overall crime review). A chapter none of whose indicators (or
``sources``) hold data is left out, with one note in the data notes saying why; so is a
chapter whose elements could make no table or figure and that has no indicator to draft
facts from. A chapter showing illustrative data says so at its top.
"""

from __future__ import annotations

from saferplaces.assessment.context import ILLUSTRATIVE, Ask, BuildContext
from saferplaces.assessment.registry import SectionKind, element_kinds
from saferplaces.assessment.sections.common import drafted_facts, slot
from saferplaces.assessment.spec import ChapterSpec, SpecError
from saferplaces.document.model import Block, Callout, Narrative, Paragraph, Run, Section
from saferplaces.places.options import FLAGS
from saferplaces.quality.coverage import SOURCE_LABELS

PARTS = {
    "issues": "Issues",
    "interventions": "Interventions",
    "recommendations": "Recommendations",
}
# What only a person can add to a topic chapter, said once on "For the analyst" (the
# part that holds it: partner context goes in Issues, beside the drafted facts).
ASKS = {
    "issues": (
        "partner context",
        "what partners know that the data cannot show: local events and operations, "
        "changes in reporting or recording, what residents and members are saying",
    ),
    "interventions": (
        "interventions",
        "what the partnership and its members are doing about the topic, and what is planned",
    ),
    "recommendations": (
        "recommendations",
        "what the partnership should do about the topic next year",
    ),
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


def _illustrative_callout(ctx: BuildContext, sources: list[str]) -> Callout | None:
    """A warning at the top of a chapter that shows illustrative (made-up) data."""
    made_up = [s for s in dict.fromkeys(sources) if s in ctx.illustrative_sources()]
    if not made_up:
        return None
    names = [SOURCE_LABELS.get(s, s) for s in made_up]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return Callout(
        "Illustrative data: not real",
        Narrative(
            [
                Paragraph(
                    [
                        Run(
                            f"The {listed} figures in this chapter are illustrative "
                            f"({ILLUSTRATIVE}): they were made by "
                        ),
                        Run("saferplaces demo-data", code=True),
                        Run(
                            " to show how the chapter reads, and describe no real incident "
                            "or person. Do not use them as evidence."
                        ),
                    ]
                )
            ],
            origin="drafted",
        ),
        kind="warning",
    )


def build_topic(ctx: BuildContext, chapter: ChapterSpec) -> Section | None:
    ids = [str(i) for i in chapter.get("indicators") or []]
    sources = [str(s) for s in chapter.get("sources") or []]
    inds = ctx.available(ids, chapter.title)
    held = [s for s in sources if ctx.source_held(s)]
    for s in sources:
        if s not in held:
            ctx.source_absent(chapter.title, s)
    if (ids or sources) and not inds and not held:
        ctx.leave_out(chapter.title, whole=True)
        return None
    kinds = element_kinds()
    ctx.chapter_sources = {}
    elements: list[Block] = []
    for e in chapter.elements:
        elements += kinds[e.kind].build(ctx, chapter, e)
    if chapter.elements and not elements and not inds:
        # Nothing computed, and no indicator to draft facts from: only placeholders
        # would be left, so the chapter is left out (the elements said why).
        ctx.leave_out(chapter.title, whole=True)
        return None
    facts = drafted_facts(ctx, inds) if chapter.get("summary", True) else None
    shown_sources = [i.source for i in inds] + list(ctx.chapter_sources)
    warning = _illustrative_callout(ctx, shown_sources)
    parts = _parts(chapter)
    topic = chapter.get("topic") or chapter.title.lower()
    section = Section(
        chapter.id,
        chapter.title,
        kind="topic",
        in_contents=bool(chapter.get("in_contents", True)),
    )
    top = [warning] if warning else []
    for part in ("issues", "interventions", "recommendations"):
        # Partner context goes under the chapter itself when it has no Issues part.
        sid = f"{chapter.id}.{part}" if part in parts else chapter.id if part == "issues" else ""
        if sid:
            ctx.ask(Ask(chapter.id, chapter.title, sid, *ASKS[part]))
    if "issues" not in parts:
        section.blocks = [*top, *([facts] if facts else []), slot(chapter.id), *elements]
    else:
        section.blocks = [*top, slot(chapter.id)]
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


# The kinds this module adds (see the assessment plugin).
KINDS = (
    SectionKind(
        "topic",
        build_topic,
        {
            "indicators": list,
            "sources": list,
            "issues": list,
            "parts": list,
            "summary": bool,
            "topic": str,
            # Places chapter: the settings of the flags run it shows (read, never made).
            "flags": FLAGS,
        },
        help="A topic chapter: Issues (facts, narrative, tables and figures), Interventions, "
        "Recommendations.",
        part_ids=part_ids,
    ),
)
