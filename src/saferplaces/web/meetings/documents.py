"""The agenda pack and the minutes as PDF (WeasyPrint) and Word (python-docx).

Both formats are built from one context (:func:`agenda_context`, :func:`minutes_context`)
so they say the same thing. A reader who may not see restricted items gets the public
edition: restricted items are listed as "Restricted item" with nothing else. The member
edition marks every restricted item and says on its front page that it is restricted.
"""

from __future__ import annotations

import io

from django.template.loader import render_to_string

from saferplaces.web.core.permissions import can
from saferplaces.web.meetings.models import Meeting
from saferplaces.web.meetings.visibility import item_views, points_for_review, sections


def agenda_context(meeting: Meeting, user) -> dict:
    restricted_ok = can(user, meeting.partnership, "view_restricted")
    items = item_views(meeting, user, drafts=False)
    return {
        "meeting": meeting,
        "partnership": meeting.partnership,
        "sections": sections(items),
        "items": items,
        "edition": "Member edition (contains restricted items)"
        if restricted_ok and any(i.item.restricted for i in items)
        else "Public edition",
        "restricted_ok": restricted_ok,
        "questions": meeting.questions.live(),
        "review": points_for_review(meeting).exclude(item__restricted=True)
        if not restricted_ok
        else points_for_review(meeting),
        "previous": meeting.previous(),
    }


def minutes_context(meeting: Meeting, user) -> dict:
    member = can(user, meeting.partnership, "view")
    restricted_ok = can(user, meeting.partnership, "view_restricted")
    items = item_views(meeting, user, drafts=member)
    draft = any(i.minute is not None and i.minute.status == "draft" for i in items)
    attendance = list(meeting.attendance.live().select_related("member__organisation"))
    return {
        "meeting": meeting,
        "partnership": meeting.partnership,
        "items": items,
        "draft": draft,
        "edition": "Member edition (contains restricted items)"
        if restricted_ok and any(i.item.restricted for i in items)
        else "Public edition",
        "present": [a for a in attendance if a.status == "present"],
        "guests": [a for a in attendance if a.status == "in_attendance"],
        "apologies": [a for a in attendance if a.status == "apologies"],
        "declarations": meeting.declarations.live().select_related("member", "item"),
        "points": [p for i in items if not i.hidden for p in i.action_points],
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
            ["Month / number", "Action point", "Owner", "Due", "Status"],
            [
                [
                    p.number,
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
