"""The planning capability's assessment chapters: ``residents-views`` (what residents
told us) and ``last-year-plan`` (how far last year's plan was implemented).

``residents-views``:

Each consultation the partnership ran in the period (what, how, who was reached, how
many took part) and each question asked, with its base (the respondents who answered)
and each answer's number and share; no percentage on a base under 10 (methods.md,
"Small numbers"). A spec names it as a chapter::

    - id: residents
      kind: residents-views
      title: What residents told us

With no results held for the area and period the chapter is left out, and the data
notes say why and how to load them.
"""

from __future__ import annotations

from pathlib import Path

from saferplaces.assessment.context import BuildContext
from saferplaces.assessment.registry import SectionKind
from saferplaces.assessment.sections.common import slot
from saferplaces.assessment.spec import ChapterSpec
from saferplaces.document.model import (
    Callout,
    Cell,
    Column,
    Narrative,
    Paragraph,
    Run,
    Section,
    Table,
)
from saferplaces.planning.documents import delivered_table, status_table
from saferplaces.planning.records import read_plan_record
from saferplaces.planning.residents import MIN_BASE, residents_views

HOW_TO_LOAD = (
    "no consultation or survey results are held for the area in the period; load them with "
    "saferplaces ingest residents-survey FILE (and the log with consultation-log)"
)


NO_RECORD = (
    "no plan record is named; download last year's plan record from the web app's plan page "
    "(JSON) and name it in this chapter of the spec (record: plan.json)"
)


def _dates(first, last) -> str:
    return (
        f"{first:%B %Y}"
        if (first.year, first.month) == (last.year, last.month)
        else (f"{first:%B %Y} to {last:%B %Y}")
    )


def build_residents(ctx: BuildContext, chapter: ChapterSpec) -> Section | None:
    views = residents_views(ctx.wh, ctx.area, ctx.period)
    if views.empty:
        ctx.leave_out(chapter.title, HOW_TO_LOAD, whole=True)
        return None
    blocks: list = []
    if views.illustrative:
        blocks.append(
            Callout(
                "Illustrative data",
                Narrative([Paragraph([Run("The consultation results here are invented.")])]),
                kind="warning",
            )
        )
    blocks.append(slot(chapter.id, chapter.get("prompt")))
    if views.consultations:
        blocks.append(
            Table(
                f"{chapter.id}-consultations",
                "Consultations in the period: how, when and who took part",
                [
                    Column("what", "Consultation", row_header=True),
                    Column("method", "Method"),
                    Column("when", "When"),
                    Column("reached", "Who was reached"),
                    Column("n", "People who took part", "int"),
                ],
                [
                    [
                        Cell(c.name, c.name),
                        Cell(c.method.capitalize(), c.method),
                        Cell(_dates(c.first, c.last), c.first.isoformat()),
                        Cell(c.reached or "–", c.reached),
                        Cell(f"{c.participants:,}", c.participants),
                    ]
                    for c in views.consultations
                ],
                source="The partnership's consultation log",
                count_columns=("n",),
            )
        )
    for n, q in enumerate(views.questions, start=1):
        notes = [] if q.percent_shown else [f"Base under {MIN_BASE}: numbers only, no percentages."]
        blocks.append(
            Table(
                f"{chapter.id}-q{n}",
                f"{q.question} ({q.consultation}, {_dates(q.first, q.last)}; base {q.base:,})",
                [
                    Column("answer", "Answer", row_header=True),
                    Column("n", "Respondents", "int"),
                    Column("pct", "Share of the base", "share"),
                ],
                [
                    [
                        Cell(a.answer, a.answer),
                        Cell(f"{a.respondents:,}", a.respondents),
                        Cell("–", None)
                        if a.percent is None
                        else Cell(f"{a.percent:.0f}%", round(a.percent, 1)),
                    ]
                    for a in q.answers
                ],
                source=f"{q.consultation}: the partnership's survey results",
                notes=notes,
                count_columns=("n",),
            )
        )
    return Section(chapter.id, chapter.title, blocks=blocks, kind="residents-views")


def _record_path(chapter: ChapterSpec) -> Path:
    path = Path(str(chapter.get("record")))
    if not path.is_absolute() and chapter.file and Path(chapter.file).is_file():
        path = Path(chapter.file).parent / path
    return path


def build_last_year(ctx: BuildContext, chapter: ChapterSpec) -> Section | None:
    """How far last year's plan was implemented, from its plan record (the JSON the web
    app's plan page downloads): each action's status at the year end, its status changes,
    its latest progress and money spent; restricted actions only in a restricted edition."""
    if not chapter.get("record"):
        ctx.leave_out(chapter.title, NO_RECORD, whole=True)
        return None
    record = read_plan_record(_record_path(chapter))
    public = ctx.disclosure.public
    actions = record.actions(public=public)
    as_at = min(record.as_of, record.year_end)
    blocks: list = [
        slot(chapter.id, chapter.get("prompt")),
        Narrative(
            [
                Paragraph(
                    [
                        Run(
                            f"The partnership plan {record.plan_year} had "
                            f"{len(record.priorities)} priorities and {len(actions)} actions"
                            + ("" if record.year_over else " (the year is not over)")
                            + "."
                        )
                    ]
                )
            ],
            origin="drafted",
        ),
    ]
    if actions:
        blocks.append(status_table(f"{chapter.id}-status", actions, as_at))
    children = []
    for p in record.priorities:
        acts = [a for a in p.actions if not (public and a.restricted)]
        if acts:
            children.append(
                Section(
                    f"{chapter.id}-priority-{p.number}",
                    f"Priority {p.number}: {p.title}",
                    [delivered_table(f"{chapter.id}-p{p.number}", p.number, acts, history=True)],
                )
            )
    return Section(chapter.id, chapter.title, blocks=blocks, children=children, kind="last-year")


def build_checklist(ctx: BuildContext, chapter: ChapterSpec) -> Section:
    """The statutory checklist chapter; its table is added by :func:`finish_checklist`
    once every other chapter is built and the narrative is filled."""
    intro = Narrative(
        [
            Paragraph(
                [
                    Run(
                        "What the Crime and Disorder Act 1998 s6 and the Crime and Disorder "
                        "(Formulation and Implementation of Strategy) Regulations 2007 ask a "
                        "strategic assessment to cover, and whether this document covers each: "
                        "worked out from the chapters built and the data held."
                    )
                ]
            )
        ],
        origin="drafted",
    )
    return Section(chapter.id, chapter.title, blocks=[intro], kind="statutory-checklist")


def finish_checklist(doc, ctx: BuildContext, chapter: ChapterSpec, section: Section) -> None:
    """Each statutory element (:func:`assessment_checklist`) present, partly there or
    missing, with where it is or how to add it."""
    from saferplaces.planning.checklist import assessment_checklist, summary
    from saferplaces.planning.queries import county_of

    county = county_of(ctx.wh, ctx.area)
    items = assessment_checklist(
        doc, ctx.spec, held=ctx.source_held, two_tier=bool(county), county=county
    )
    section.blocks.append(
        Table(
            f"{chapter.id}-elements",
            f"The statutory elements of a strategic assessment in this document ({summary(items)})",
            [
                Column("element", "Element", row_header=True),
                Column("status", "Status"),
                Column("where", "Where it is, or how to add it"),
            ],
            [
                [
                    Cell(i.requirement, i.key),
                    Cell(i.status.capitalize(), i.status),
                    Cell(i.where, i.where),
                ]
                for i in items
            ],
            source="Crime and Disorder Act 1998 s6; the Crime and Disorder (Formulation and "
            "Implementation of Strategy) Regulations 2007",
        )
    )


# The kinds this module adds (see the planning plugin).
KINDS = (
    SectionKind(
        "last-year-plan",
        build_last_year,
        {"record": str, "prompt": str},
        help="How far last year's plan was implemented, from its plan record (`record`: the "
        "JSON the plan page downloads): each action's year-end status, status changes, "
        "progress and money spent.",
    ),
    SectionKind(
        "statutory-checklist",
        build_checklist,
        {},
        help="Which statutory elements of a strategic assessment the document covers (crime "
        "and disorder with ASB, substance misuse, reoffending, serious violence, patterns and "
        "trends, priorities recommended, residents' views, last year's plan ...), each "
        "present, partly or missing, with where it is or how to add it.",
        finish=finish_checklist,
    ),
    SectionKind(
        "residents-views",
        build_residents,
        {"prompt": str},
        help="What residents told us: the consultation log and each question's answers with "
        "its base (sources residents-survey and consultation-log).",
    ),
)
