"""Review documents built as a ``Document`` and rendered by the shared renderer (PDF and
Word): the ASB case review annual publication (public) and the DARDR board summary
(restricted, marked on every page). Nothing here writes HTML, PDF or Word itself."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from django.http import HttpResponse

from saferplaces.assessment.produce import render_document
from saferplaces.document.model import (
    Callout,
    Cell,
    Column,
    DetailsBox,
    Document,
    Narrative,
    Paragraph,
    Run,
    Section,
    Table,
)
from saferplaces.reviews.dardr import REC_CLOSED, BoardSummary, deadlines
from saferplaces.reviews.years import year_label

FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
ILLUSTRATIVE = "This partnership is a demonstration: its review records are made up."


def render_bytes(doc: Document, fmt: str) -> bytes:
    """``doc`` rendered to ``fmt`` (pdf or docx) by the shared renderer."""
    with tempfile.TemporaryDirectory(prefix="saferplaces-doc-") as tmp:
        render_document(doc, Path(tmp), (fmt,), basename="document")
        return (Path(tmp) / f"document.{fmt}").read_bytes()


def document_response(doc: Document, fmt: str, filename: str) -> HttpResponse:
    resp = HttpResponse(render_bytes(doc, fmt), content_type=FORMATS[fmt])
    resp["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return resp


def para(*texts: str) -> Narrative:
    return Narrative([Paragraph([Run(t)]) for t in texts if t])


def _int(n: int) -> Cell:
    return Cell(f"{n:,}", n)


def _text(s: str) -> Cell:
    return Cell(s, s)


def _d(d: date | None) -> Cell:
    return Cell(f"{d:%-d %B %Y}", d.isoformat()) if d else Cell("–", None)


def illustrative(partnership) -> list[Callout]:
    return [Callout("Illustrative data", para(ILLUSTRATIVE))] if partnership.illustrative else []


def asb_publication_document(partnership, publication, threshold_text: str) -> Document:
    """The year's four statutory counts as published, with how to apply."""
    p = publication
    counts = Table(
        "asb-counts",
        f"ASB case reviews, applications received {year_label(p.year)}",
        [Column("measure", "Measure", row_header=True), Column("count", "Number", "int")],
        [
            [_text("Applications for an ASB case review"), _int(p.applications)],
            [_text("Applications that did not meet the threshold"), _int(p.threshold_not_met)],
            [_text("ASB case reviews carried out"), _int(p.reviews_carried_out)],
            [
                _text("ASB case reviews that led to recommendations"),
                _int(p.reviews_with_recommendations),
            ],
        ],
        source=f"{partnership.name}, ASB case review register as it stood on {p.as_of:%-d %B %Y}",
        notes=[
            "Counted by the financial year in which the application was received; a review "
            "is counted as carried out once its meeting has been held.",
        ],
    )
    about = para(
        "The ASB case review (also called the Community Trigger) lets a victim of persistent "
        "anti-social behaviour, or someone on their behalf, ask the partner agencies to review "
        "how they have responded, when the behaviour meets the local threshold (Anti-social "
        "Behaviour, Crime and Policing Act 2014, s104). The agencies must publish each year "
        "how many applications they received, how many did not meet the threshold, how many "
        "reviews they carried out and how many led to recommendations.",
        f"The threshold here: {threshold_text}",
        p.statement,
    )
    doc = Document(
        title=f"ASB case reviews: {p.year}",
        area=partnership.name,
        subtitle=f"Published counts for applications received {year_label(p.year)}",
        edition="public",
        details=[
            ("Partnership", partnership.name),
            ("Year", f"{p.year} ({year_label(p.year)})"),
            ("Published", f"{p.created_on:%-d %B %Y}"),
        ],
        created=p.created_on.date().isoformat(),
        sections=[
            Section("details", "Document details", [], kind="details", in_contents=False),
            Section(
                "counts",
                f"ASB case reviews: the counts for {p.year}",
                [*illustrative(partnership), counts],
                children=[Section("about", "About ASB case reviews", [about])],
            ),
        ],
    )
    doc.sections[0].blocks = [DetailsBox(doc.details)]
    doc.number()
    return doc


def dardr_board_document(
    partnership, summary: BoardSummary, reviews, recs, today: date
) -> Document:
    """The board's summary: reviews by stage, overdue steps, recommendations by status and
    agency, and every overdue recommendation. References only; marked restricted."""
    stage_rows = [[_text(s.label), _int(n)] for s, n in summary.by_stage if n]
    stages = Table(
        "dardr-stages",
        "Reviews by stage",
        [Column("stage", "Stage", row_header=True), Column("n", "Reviews", "int")],
        stage_rows or [[_text("No reviews recorded"), _int(0)]],
    )
    late_rows = []
    for r in reviews:
        for d in deadlines(r.facts()):
            if d.status(today) == "overdue":
                late_rows.append(
                    [_text(r.reference), _text(d.step), _d(d.due), _int(d.days_late(today))]
                )
    late = Table(
        "dardr-overdue-steps",
        "Stages overdue against the statutory guidance's timescales",
        [
            Column("ref", "Review", row_header=True),
            Column("step", "Step"),
            Column("due", "Due"),
            Column("late", "Days overdue", "int"),
        ],
        late_rows or [[_text("None"), _text(""), Cell("", None), Cell("", None)]],
    )
    status = Table(
        "dardr-rec-status",
        "Recommendations by status",
        [Column("status", "Status", row_header=True), Column("n", "Recommendations", "int")],
        [[_text(label), _int(n)] for _, label, n in summary.by_status]
        + [[_text("All recommendations"), _int(summary.recommendations)]],
        notes=[
            f"Of these, {summary.recommendations_overdue} past the due date and not closed "
            "(listed below)."
        ],
        total_rows=frozenset({len(summary.by_status)}),
    )
    agencies = Table(
        "dardr-rec-agency",
        "Recommendations by agency",
        [
            Column("agency", "Agency", row_header=True),
            Column("total", "Recommendations", "int"),
            Column("done", "Complete", "int"),
            Column("late", "Overdue", "int"),
        ],
        [[_text(a), _int(t), _int(c), _int(o)] for a, t, c, o in summary.by_agency]
        or [[_text("None"), _int(0), _int(0), _int(0)]],
    )
    overdue_rows = [
        [
            _text(r.dardr.reference),
            _text(r.number),
            _text(r.agency_name or "–"),
            _d(r.due),
            _text(r.get_status_display()),
        ]
        for r in recs
        if r.status not in REC_CLOSED and r.due and r.due < today
    ]
    overdue = Table(
        "dardr-rec-overdue",
        "Overdue recommendations",
        [
            Column("ref", "Review", row_header=True),
            Column("no", "No."),
            Column("agency", "Agency"),
            Column("due", "Due"),
            Column("status", "Status"),
        ],
        overdue_rows or [[_text("None"), _text(""), _text(""), Cell("", None), _text("")]],
    )
    doc = Document(
        title="Domestic Abuse Related Death Reviews: board summary",
        area=partnership.name,
        subtitle=f"As at {today:%-d %B %Y}",
        edition="restricted",
        marking="RESTRICTED",
        details=[
            ("Partnership", partnership.name),
            ("As at", f"{today:%-d %B %Y}"),
            ("Reviews", str(sum(n for _, n in summary.by_stage))),
            ("Recommendations", str(summary.recommendations)),
        ],
        created=today.isoformat(),
        sections=[
            Section("details", "Document details", [], kind="details", in_contents=False),
            Section(
                "reviews",
                "Reviews",
                [
                    *illustrative(partnership),
                    para(
                        "Reviews are named by reference only. Timescales are the statutory "
                        "guidance's: the decision within one month of the notification, the "
                        "Home Office told within the same month, and the report within six "
                        "months of the decision to hold the review."
                    ),
                    stages,
                    late,
                ],
            ),
            Section(
                "recommendations",
                "Recommendations",
                [
                    para(
                        f"{summary.recommendations} recommendation"
                        f"{'' if summary.recommendations == 1 else 's'}: "
                        f"{summary.national} national, {summary.recommendations_overdue} overdue."
                    ),
                    status,
                    agencies,
                    overdue,
                ],
            ),
        ],
    )
    doc.sections[0].blocks = [DetailsBox(doc.details)]
    doc.number()
    return doc
