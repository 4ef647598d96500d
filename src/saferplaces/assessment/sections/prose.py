"""``narrative``: a section of the analyst's prose (introduction, recommendations ...)."""

from __future__ import annotations

import re

from saferplaces.assessment.context import Ask, BuildContext
from saferplaces.assessment.registry import SectionKind
from saferplaces.assessment.sections.common import slot
from saferplaces.assessment.spec import ChapterSpec
from saferplaces.document.model import Section


def build_narrative(ctx: BuildContext, chapter: ChapterSpec) -> Section:
    prompt = chapter.get("prompt") or (
        f"To be written by the analyst: {chapter.title.lower()}. Write {chapter.id}.md in the "
        "narrative folder."
    )
    # Only a person can write it: listed on "For the analyst" when the spec has that
    # page (the prompt, less its framing, says what it is), else a draft placeholder.
    what = re.sub(r"^To be written by the analyst:\s*", "", prompt.strip())
    what = re.sub(r"\s*Write \S+\.md in the narrative folder\.$", "", what).rstrip(".")
    ctx.ask(Ask(chapter.id, chapter.title, chapter.id, chapter.title.lower(), what, inline=True))
    return Section(
        chapter.id,
        chapter.title,
        blocks=[slot(chapter.id, prompt)],
        kind="narrative",
        in_contents=bool(chapter.get("in_contents", True)),
        appendix=bool(chapter.get("appendix", False)),
    )


# The kinds this module adds (see the assessment plugin).
KINDS = (
    SectionKind(
        "narrative",
        build_narrative,
        {"prompt": str, "appendix": bool},
        help="Prose from <id>.md (or the built-in text); `prompt` is the draft placeholder.",
    ),
)
