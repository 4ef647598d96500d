"""``for-the-analyst``: one page listing what only a person can add, chapter by chapter.

Chapter builders record each section only the analyst can write (partner context,
interventions, recommendations: :class:`saferplaces.assessment.context.Ask`). When the
spec has this page, a section the analyst has not written is not printed as an empty
"to be written" box: it is listed here once, with the file that adds it and a link to
where its text goes. Written sections leave the list; with all written the page goes.
Without this page in the spec, unwritten sections stay draft placeholders.
"""

from __future__ import annotations

from saferplaces.assessment.context import Ask, BuildContext
from saferplaces.assessment.registry import SectionKind
from saferplaces.assessment.sections.common import PENDING
from saferplaces.assessment.spec import ChapterSpec
from saferplaces.document.model import (
    Document,
    ListBlock,
    Narrative,
    Paragraph,
    Run,
    Section,
    anchor,
)

KIND = "for-the-analyst"


def build_for_the_analyst(ctx: BuildContext, chapter: ChapterSpec) -> Section:
    # Filled by settle_asks once every chapter is built (it lists their sections).
    return Section(chapter.id, chapter.title, kind=KIND)


def _prune(sections: list[Section]) -> list[Section]:
    for s in sections:
        s.children = _prune(s.children)
    return [s for s in sections if not s.empty]


def _unwritten(ctx: BuildContext, doc: Document) -> list[Ask]:
    return [
        a
        for a in ctx.asks.values()
        if doc.find(a.chapter_id) is not None and ctx.narrative.get(a.section_id) is None
    ]


def settle_asks(doc: Document, ctx: BuildContext) -> None:
    """List the unwritten sections on the "For the analyst" page and drop their draft
    placeholders (and the parts left empty); then drop sections with nothing in them.
    Without the page, only the empty sections are dropped."""
    page = next((s for s in doc.sections if s.kind == KIND), None)
    if page is not None:
        after = doc.sections[doc.sections.index(page) + 1 :]  # the page goes before these
        doc.sections.remove(page)
        asks = _unwritten(ctx, doc)
        unwritten = {a.section_id for a in asks}
        for section, _ in doc.walk():
            section.blocks = [
                b
                for b in section.blocks
                if not (
                    isinstance(b, Narrative)
                    and b.origin.startswith(PENDING)
                    and b.origin[len(PENDING) :] in unwritten
                )
            ]
        doc.sections = _prune(doc.sections)  # parts left empty go (the page too, for now)
        if asks:
            page.blocks = [_listing(doc, asks)]  # links to the sections that remain
            at = next((doc.sections.index(s) for s in after if s in doc.sections), None)
            doc.sections.insert(len(doc.sections) if at is None else at, page)
    doc.sections = _prune(doc.sections)


def _link(doc: Document, section_id: str, chapter_id: str) -> str | None:
    """Where the text goes: its own section when printed (Issues), else its chapter;
    None for a chapter that is not printed until written (Recommendations)."""
    for sid in (section_id, chapter_id):
        if doc.find(sid) is not None:
            return "#" + anchor(sid)
    return None


def _listing(doc: Document, asks: list[Ask]) -> Narrative:
    kinds: dict[str, str] = {}
    for a in asks:
        if not a.inline:
            kinds.setdefault(a.label, a.what)
    intro = [
        Paragraph(
            [
                Run(
                    "Only a person can add what is listed here: the data cannot say it. Write "
                    "each as a Markdown file of that name in the assessment's narrative "
                    "folder, and build the assessment again with that folder. Its text "
                    "appears where the link points, and it leaves this list. "
                    "Drafted text elsewhere (marked as a draft) can be replaced the same way, "
                    "by the id of its section."
                ),
            ]
        )
    ]
    if kinds:
        intro.append(Paragraph([Run("What each is:")]))
        intro.append(
            ListBlock(
                [[Run(label.capitalize(), bold=True), Run(f": {w}.")] for label, w in kinds.items()]
            )
        )
    items: list[list[Run]] = []
    by_chapter: dict[str, list[Ask]] = {}
    for a in asks:
        by_chapter.setdefault(a.chapter_id, []).append(a)
    for chapter_id, chapter_asks in by_chapter.items():
        first = chapter_asks[0]
        where = _link(doc, chapter_id, chapter_id)
        runs = [Run(first.chapter_title, bold=True, href=where), Run(": ")]
        for i, a in enumerate(chapter_asks):
            if i:
                runs.append(Run("; "))
            runs.append(Run(f"{a.what} (" if a.inline else f"{a.label} ("))
            runs.append(
                Run(f"{a.section_id}.md", code=True, href=_link(doc, a.section_id, chapter_id))
            )
            runs.append(Run(")"))
        runs.append(Run("."))
        items.append(runs)
    what = [Paragraph([Run("Chapter by chapter, with the file that adds each:")])]
    return Narrative([*intro, *what, ListBlock(items)], origin="drafted")


# The kinds this module adds (see the assessment plugin).
KINDS = (
    SectionKind(
        KIND,
        build_for_the_analyst,
        help="For the analyst: what only a person can add (partner context, interventions, "
        "recommendations), chapter by chapter, with the file that adds each and a link to "
        "where it goes; replaces the empty draft boxes.",
        late=True,
    ),
)
