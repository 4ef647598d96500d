"""The agenda pack and the minutes as PDF (WeasyPrint) and Word (python-docx).

Both formats are built from one context (:func:`agenda_context`, :func:`minutes_context`)
so they say the same thing. A reader who may not see restricted items gets the public
edition: restricted items are listed as "Restricted item" with nothing else. The member
edition marks every restricted item and says on its front page that it is restricted.
"""

from __future__ import annotations

import io

from django.template.loader import render_to_string

from saferplaces.web.meetings.models import Meeting
from saferplaces.web.meetings.visibility import (
    Reader,
    item_views,
    points_for_review,
    sections,
    shown_records,
)


def _edition(reader: Reader, items) -> str:
    if reader.restricted and any(i.item.restricted for i in items):
        return "Member edition (contains restricted items)"
    return "Member edition" if reader.member else "Public edition"


def agenda_context(meeting: Meeting, user) -> dict:
    reader = Reader.of(user, meeting.partnership)
    items = item_views(meeting, reader, minutes=False)
    review = list(points_for_review(meeting, reader))
    return {
        "meeting": meeting,
        "partnership": meeting.partnership,
        "sections": sections(items),
        "items": items,
        "edition": _edition(reader, items),
        "restricted_ok": reader.restricted,
        "questions": meeting.questions.live(),
        "review": review,
        "previous": meeting.previous(),
        "shown": shown_records(items, review),
    }


def minutes_context(meeting: Meeting, user) -> dict:
    reader = Reader.of(user, meeting.partnership)
    items = item_views(meeting, reader)
    attendance = list(meeting.attendance.live().select_related("member__organisation"))
    declarations = reader.declarations(meeting)
    shown = [iv for iv in items if not iv.hidden and (iv.minute or iv.decisions)]
    return {
        "meeting": meeting,
        "partnership": meeting.partnership,
        "items": items,
        "draft": any(iv.is_draft for iv in items),
        # The public sees nothing until the minutes are agreed: say so, do not print
        # an empty record as if the meeting decided nothing.
        "unagreed": not reader.member and not shown,
        "edition": _edition(reader, items),
        "present": [a for a in attendance if a.status == "present"],
        "guests": [a for a in attendance if a.status == "in_attendance"],
        "apologies": [a for a in attendance if a.status == "apologies"],
        "declarations": declarations,
        "points": [p for i in items if not i.hidden for p in i.action_points],
        "shown": shown_records(items, declarations),
    }


def pdf(template: str, context: dict) -> bytes:
    """Render a document template to PDF."""
    from weasyprint import HTML

    html = render_to_string(template, context)
    return HTML(string=html).write_pdf()


def _docx_base(title: str, context: dict):
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    doc.core_properties.title = title
    doc.core_properties.author = context["partnership"].name
    doc.add_heading(context["partnership"].name, level=0)
    doc.add_heading(title, level=1)
    if context["partnership"].illustrative:
        doc.add_paragraph("Illustrative data for demonstration: not a real meeting.")
    doc.add_paragraph(context["edition"])
    return doc


def _table(doc, head: list[str], rows: list[list[str]]):
    table = doc.add_table(rows=1, cols=len(head))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, head, strict=True):
        cell.text = text
        for r in cell.paragraphs[0].runs:
            r.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    return table


UNAGREED = (
    "The minutes of this meeting have not been agreed yet. They are published once the "
    "next meeting agrees them."
)


def questions_deadline(meeting: Meeting) -> str:
    from django.utils import timezone

    d = timezone.localtime(meeting.public_questions_deadline)
    return f"questions must be received by {d:%H:%M} on {d:%A} {d.day} {d:%B %Y}"


def agreement_line(minute) -> str:
    """Where, when and by whom minutes were agreed: printed under them."""
    by = minute.agreed_by
    who = (by.get_full_name() or by.get_username()) if by else ""
    line = f"Agreed at the meeting of {minute.agreed_at.date:%-d %B %Y}"
    if who:
        line += f"; agreement recorded by {who}"
    return line + (f": {minute.agreement_note}" if minute.agreement_note else ".")


def _when(meeting: Meeting) -> str:
    when = f"{meeting.date:%A %-d %B %Y}"
    if meeting.start_time:
        when += f", {meeting.start_time:%H:%M}"
        if meeting.end_time:
            when += f" to {meeting.end_time:%H:%M}"
    return when


def agenda_docx(context: dict) -> bytes:
    meeting = context["meeting"]
    doc = _docx_base(f"Agenda: {meeting.title}", context)
    doc.add_paragraph(f"Date and time: {_when(meeting)}")
    doc.add_paragraph(f"Where: {meeting.where}")
    if meeting.public_questions_deadline:
        doc.add_paragraph(f"Public questions: {questions_deadline(meeting)}")
    if meeting.notes:
        doc.add_paragraph(meeting.notes)
    for label, ivs in context["sections"]:
        doc.add_heading(label, level=2)
        rows = []
        for iv in ivs:
            if iv.hidden:
                rows.append([iv.item.number, "Restricted item", "", ""])
                continue
            title = iv.item.title + (" (RESTRICTED)" if iv.item.restricted else "")
            if iv.item.description:
                title += "\n" + iv.item.description
            if iv.papers:
                title += "\nPapers: " + "; ".join(
                    p.title + (f" (pages {p.pages})" if p.pages else "") for p in iv.papers
                )
            rows.append(
                [iv.item.number, title, iv.item.lead_display, str(iv.item.minutes_allotted or "")]
            )
        _table(doc, ["No.", "Item", "Lead officer(s)", "Time (mins)"], rows)
    review = list(context["review"])
    if review:
        doc.add_heading("Action points for review", level=2)
        _table(
            doc,
            ["Body and number", "Action point", "Owner", "Due", "Status"],
            [
                [
                    p.reference,
                    p.text,
                    p.owner_display,
                    f"{p.due:%-d %b %Y}" if p.due else "",
                    p.get_status_display(),
                ]
                for p in review
            ],
        )
    questions = list(context["questions"])
    if questions:
        doc.add_heading("Public questions received", level=2)
        for q in questions:
            doc.add_paragraph(
                f"From {q.asked_by}, received {q.received_on:%-d %B %Y}: {q.question}"
            )
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def minutes_docx(context: dict) -> bytes:
    meeting = context["meeting"]
    title = f"Minutes: {meeting.title}" + (" (DRAFT)" if context["draft"] else "")
    doc = _docx_base(title, context)
    doc.add_paragraph(f"Held {_when(meeting)}, {meeting.where}")
    if context["unagreed"]:
        doc.add_paragraph(UNAGREED)
    for heading, people in (
        ("Present", context["present"]),
        ("In attendance", context["guests"]),
        ("Apologies", context["apologies"]),
    ):
        if people:
            doc.add_heading(heading, level=2)
            _table(
                doc,
                ["Name", "Organisation"],
                [[a.display_name, a.display_organisation] for a in people],
            )
    decl = list(context["declarations"])
    doc.add_heading("Declarations of interest", level=2)
    if decl:
        for d in decl:
            who = d.member.name if d.member else d.name
            on = f" (item {d.item.number})" if d.item else ""
            doc.add_paragraph(f"{who}{on}: {d.interest}")
    else:
        doc.add_paragraph("None.")
    for iv in context["items"]:
        if iv.hidden:
            doc.add_heading(f"{iv.item.number}. Restricted item", level=2)
            continue
        mark = " (RESTRICTED)" if iv.item.restricted else ""
        doc.add_heading(f"{iv.item.number}. {iv.item.title}{mark}", level=2)
        if iv.minute:
            for para in iv.minute.text.split("\n\n"):
                doc.add_paragraph(para.strip())
            if iv.minute.status == "agreed":
                doc.add_paragraph(agreement_line(iv.minute))
            else:
                doc.add_paragraph("DRAFT: not yet agreed.")
        for d in iv.decisions:
            p = doc.add_paragraph()
            p.add_run("Decision: ").bold = True
            p.add_run(d.text)
        for a in iv.action_points:
            p = doc.add_paragraph()
            p.add_run(f"Action point {a.number}: ").bold = True
            p.add_run(f"{a.text} Owner: {a.owner_display}.")
    points = context["points"]
    if points:
        doc.add_heading("Action points", level=2)
        _table(
            doc,
            ["Month / number", "Action point", "Owner", "Due", "Status"],
            [
                [
                    a.number,
                    a.text,
                    a.owner_display,
                    f"{a.due:%-d %b %Y}" if a.due else "",
                    a.get_status_display() + (f": {a.closing_note}" if a.closing_note else ""),
                ]
                for a in points
            ],
        )
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
