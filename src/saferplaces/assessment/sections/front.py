"""``details`` (the document details box) and ``contents``."""

from __future__ import annotations

from saferplaces.assessment.context import BuildContext
from saferplaces.assessment.registry import SectionKind
from saferplaces.assessment.spec import DOCUMENT_FIELDS, ChapterSpec
from saferplaces.core.periods import Period
from saferplaces.document.model import ContentsList, DetailsBox, Section
from saferplaces.quality.coverage import SOURCE_LABELS

EDITION_TEXT = {
    "public": "Public: small numbers of sensitive measures are not shown (see Data notes)",
    "restricted": "RESTRICTED: shows every count, including small numbers; not for publication",
}


def _range(p: Period) -> str:
    return f"{p.label} ({p.months} months)" if p.months != 12 else p.label


def build_details(ctx: BuildContext, chapter: ChapterSpec) -> Section:
    from saferplaces.assessment.values import resolve_plain

    spec = ctx.spec
    title = resolve_plain(ctx, spec.title, spec.file, 0)
    items: list[tuple[str, str]] = [("Title", title)]
    if "description" in spec.document:
        items.append(
            (
                "Description",
                resolve_plain(
                    ctx,
                    spec.document["description"],
                    spec.file,
                    spec.document_lines.get("description", 0),
                ),
            )
        )
    items += [
        ("Date created", ctx.created.strftime("%-d %B %Y")),
        ("Geographic coverage", f"{ctx.area.name} ({ctx.area.level}, {ctx.area.code})"),
        ("Time period", _range(ctx.period)),
        ("Compared with", _range(ctx.baseline)),
        ("Edition", EDITION_TEXT[ctx.disclosure.edition.value]),
    ]
    made_up = sorted(SOURCE_LABELS.get(x, x) for x in ctx.illustrative_sources())
    if made_up:
        items.append(
            (
                "Illustrative data",
                "Not real: made by saferplaces demo-data to show how the chapters read: "
                + ", ".join(made_up)
                + ". Every table and figure built from them is marked.",
            )
        )
    for key, label in DOCUMENT_FIELDS.items():
        if key == "description" or key not in spec.document:
            continue
        items.append(
            (
                label,
                resolve_plain(ctx, spec.document[key], spec.file, spec.document_lines.get(key, 0)),
            )
        )
    return Section(
        chapter.id,
        chapter.title,
        blocks=[DetailsBox(items)],
        kind="details",
        in_contents=bool(chapter.get("in_contents", False)),
    )


def build_contents(ctx: BuildContext, chapter: ChapterSpec) -> Section:
    return Section(
        chapter.id,
        chapter.title,
        blocks=[ContentsList()],
        kind="contents",
        in_contents=bool(chapter.get("in_contents", False)),
    )


# The kinds this module adds (see the assessment plugin).
KINDS = (
    SectionKind("details", build_details, help="The document details box (from `document:`)."),
    SectionKind("contents", build_contents, help="The table of contents (chapters and parts)."),
)
