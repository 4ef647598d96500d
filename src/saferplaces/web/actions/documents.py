"""The printable action plan as a document (:class:`saferplaces.document.model.Document`),
the board's table for a plan year: each priority's actions with who is responsible, the
timescale, the RAG status with its latest reason, and the progress to date. Rendered by
the shared renderer as an HTML page to print, a tagged PDF, Word and a workbook."""

from __future__ import annotations

from django.utils import timezone

from saferplaces.document.formatting import long_date, money
from saferplaces.document.model import Callout, Column, Document, Narrative, Paragraph, Run, Section
from saferplaces.document.tables import table
from saferplaces.web.actions.models import RAG_KEY

RAG_LABELS = {value: label for value, label, _ in RAG_KEY}
COLUMNS = [
    Column("number", "No.", row_header=True, bold=True),
    Column("text", "Action"),
    Column("responsible", "Responsible agency / officer and timescales"),
    Column("rag", "RAG status"),
    Column("progress", "Progress to date"),
]


def _action_row(a) -> dict:
    text = a.text
    if a.funding_line:
        text += f"\nFunding: {a.funding_line}" + (
            f", {money(a.funding_amount)}" if a.funding_amount else ""
        )
    for place in a.places.all():
        if not place.is_archived:
            text += f"\nPlace: {place.ward_name}"
    responsible = a.responsible_display or "–"
    if a.timescale:
        responsible += f"\n{a.timescale}"
    rag = RAG_LABELS.get(a.rag, "Not yet rated")
    if a.rag_reason:
        rag += f"\n{a.rag_reason}"
    progress = "\n".join(f"{e.quarter_label}: {e.text}" for e in a.live_progress) or "–"
    return {
        # A restricted action (shown only to readers who may see it) says so beside it.
        "number": f"{a.number}\nRestricted" if getattr(a, "restricted", False) else a.number,
        "text": text,
        "responsible": responsible,
        "rag": rag,
        "progress": progress,
    }


def plan_document(partnership, year: str, rows) -> Document:
    """The action plan of ``year``: ``rows`` are (priority, its actions) in plan order,
    each action carrying ``rag_reason`` and ``live_progress`` (as the plan page has them),
    restricted actions only if the reader may see them. A plan holding one is marked
    RESTRICTED on every page, sheet and file."""
    today = timezone.localdate()
    intro: list = [Narrative([Paragraph([Run(f"Printed {long_date(today)}.")])], origin="plan")]
    if partnership.illustrative:
        intro.insert(
            0,
            Callout(
                "Illustrative",
                Narrative([Paragraph([Run("Illustrative data for demonstration.")])]),
                kind="warning",
            ),
        )
    key = table(
        "rag-key",
        "RAG status key",
        [Column("status", "RAG status", row_header=True), Column("meaning", "Meaning")],
        [{"status": label, "meaning": meaning} for _, label, meaning in RAG_KEY]
        + [{"status": "Not yet rated", "meaning": "No status recorded yet"}],
    )
    sections = [Section("about", "About this plan", [*intro, key])]
    for priority, actions in rows:
        sections.append(
            Section(
                f"priority-{priority.number}",
                f"Priority {priority.number}: {priority.title}",
                [
                    table(
                        f"priority-{priority.number}",
                        f"Priority {priority.number}: actions {year}",
                        COLUMNS,
                        [_action_row(a) for a in actions]
                        or [{"number": "", "text": "No actions yet."}],
                    )
                ],
            )
        )
    restricted = any(getattr(a, "restricted", False) for _, actions in rows for a in actions)
    doc = Document(
        title=f"{partnership.name}: priorities and action plan {year}",
        marking="RESTRICTED" if restricted else None,
        area=partnership.name,
        sections=sections,
        kind="community safety partnership; action plan",
        author=partnership.name,
        edition_label="Member edition (contains restricted items)"
        if restricted
        else "Member edition",
        chapters_on_new_page=False,
        landscape=True,
        created=today.isoformat(),
        meta={"period": year},
    )
    doc.number()
    return doc
