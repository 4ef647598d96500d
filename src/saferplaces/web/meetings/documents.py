"""The agenda pack and the minutes as documents (:class:`saferplaces.document.model.
Document`), rendered by the shared renderer as accessible HTML, tagged PDF, Word and a
workbook.

Each is built from one context (:func:`agenda_context`, :func:`minutes_context`), which
also says which restricted records the reader is shown (for the audit log). A reader
who may not see restricted items gets the public edition: restricted items are listed
as "Restricted item" with nothing else. A member edition with restricted items in it is
marked RESTRICTED on every page and marks every restricted item.
"""

from __future__ import annotations

from django.utils import timezone

from saferplaces.document.formatting import long_date, short_date, time_of_day, weekday_date
from saferplaces.document.model import (
    Callout,
    Column,
    Document,
    ListBlock,
    Narrative,
    Paragraph,
    Run,
    Section,
)
from saferplaces.document.tables import table
from saferplaces.web.meetings.models import Meeting
from saferplaces.web.meetings.visibility import (
    Reader,
    item_views,
    points_for_review,
    sections,
    shown_records,
)

RESTRICTED = "RESTRICTED"
ILLUSTRATIVE = "Illustrative data for demonstration: not a real meeting."
UNAGREED = (
    "The minutes of this meeting have not been agreed yet. They are published once the "
    "next meeting agrees them."
)


def _holds_restricted(reader: Reader, items) -> bool:
    """Whether the reader's edition shows restricted items (and so is marked)."""
    return reader.restricted and any(i.item.restricted for i in items)


def _edition(reader: Reader, items) -> str:
    if _holds_restricted(reader, items):
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
        "marked": _holds_restricted(reader, items),
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
        "marked": _holds_restricted(reader, items),
        "present": [a for a in attendance if a.status == "present"],
        "guests": [a for a in attendance if a.status == "in_attendance"],
        "apologies": [a for a in attendance if a.status == "apologies"],
        "declarations": declarations,
        "points": [p for i in items if not i.hidden for p in i.action_points],
        "agreement": meeting.agreement(),
        "amendments": list(
            meeting.amendments.live()
            .filter(item__isnull=True)
            .select_related("agreed_at", "created_by")
        ),
        "shown": shown_records(items, declarations),
    }


# --------------------------------------------------------------------------- the words


def questions_deadline(meeting: Meeting) -> str:
    d = timezone.localtime(meeting.public_questions_deadline)
    return f"questions must be received by {time_of_day(d)} on {weekday_date(d)}"


def agreement_line(minute) -> str:
    """Where, when and by whom a meeting's minutes were agreed: printed once, at the top."""
    by = minute.agreed_by
    who = (by.get_full_name() or by.get_username()) if by else ""
    line = f"Agreed at the meeting of {long_date(minute.agreed_at.date)}"
    if who:
        line += f"; agreement recorded by {who}"
    return line + (f": {minute.agreement_note}" if minute.agreement_note else ".")


def _when(meeting: Meeting) -> str:
    when = weekday_date(meeting.date)
    if meeting.start_time:
        when += f", {time_of_day(meeting.start_time)}"
        if meeting.end_time:
            when += f" to {time_of_day(meeting.end_time)}"
    return when


def _lines(text: str) -> list[Run]:
    """Text typed with line breaks as runs, each line ending in a break but the last."""
    lines = text.split("\n")
    return [Run(line, break_after=k < len(lines) - 1) for k, line in enumerate(lines)]


def _paragraphs(*texts: str) -> Narrative:
    return Narrative([Paragraph(_lines(t)) for t in texts if t], origin="meeting")


def _labelled(label: str, text: str) -> Paragraph:
    return Paragraph([Run(f"{label}: ", bold=True), *_lines(text)])


def _document(context: dict, title: str, kind: str, sections: list[Section]) -> Document:
    p = context["partnership"]
    restricted = context["marked"]
    front = []
    if p.illustrative:
        front.append(Callout("Illustrative", _paragraphs(ILLUSTRATIVE), kind="warning"))
    if front:
        sections[0].blocks[:0] = front
    meeting = context["meeting"]
    doc = Document(
        title=title,
        subtitle=long_date(meeting.date),
        area=p.name,
        sections=sections,
        marking=RESTRICTED if restricted else None,
        edition="restricted" if restricted else "public",
        edition_label=context["edition"],
        kind=f"community safety partnership; {kind}",
        author=p.name,
        chapters_on_new_page=False,
        created=timezone.localdate().isoformat(),
        meta={"period": long_date(meeting.date)},
    )
    doc.number()
    return doc


def _mark(item) -> str:
    return f" ({RESTRICTED})" if item.restricted else ""


# -------------------------------------------------------------------------- agenda pack

AGENDA_COLUMNS = [
    Column("number", "No.", row_header=True),
    Column("item", "Item"),
    Column("lead", "Lead officer(s)"),
    Column("minutes", "Time (mins)", "int"),
]


def _agenda_row(iv) -> dict:
    if iv.hidden:
        return {"number": iv.item.number, "item": "Restricted item", "lead": "", "minutes": ""}
    text = iv.item.title + _mark(iv.item)
    if iv.item.description:
        text += "\n" + iv.item.description
    for paper in iv.papers:
        text += f"\nPaper: {paper.title}" + (f" (pages {paper.pages})" if paper.pages else "")
    return {
        "number": iv.item.number,
        "item": text,
        "lead": iv.item.lead_display,
        "minutes": iv.item.minutes_allotted,
    }


def agenda_document(context: dict) -> Document:
    """The agenda pack as the reader of ``context`` may read it."""
    meeting = context["meeting"]
    details = [_labelled("Date and time", _when(meeting)), _labelled("Where", meeting.where)]
    if meeting.public_questions_deadline:
        details.append(_labelled("Public questions", questions_deadline(meeting)))
    blocks: list = [Narrative(details, origin="meeting")]
    if meeting.notes:
        blocks.append(_paragraphs(meeting.notes))
    agenda = Section(
        "agenda",
        "Agenda",
        children=[
            Section(
                f"agenda-{k}",
                label,
                [
                    table(
                        f"agenda-{k}",
                        f"Agenda: {label.lower()}",
                        AGENDA_COLUMNS,
                        [_agenda_row(iv) for iv in ivs],
                    )
                ],
            )
            for k, (label, ivs) in enumerate(context["sections"], start=1)
        ],
    )
    out = [Section("meeting", "The meeting", blocks), agenda]
    review = list(context["review"])
    if review:
        out.append(
            Section(
                "review",
                "Action points for review",
                [
                    table(
                        "review",
                        "Action points from earlier meetings, for review",
                        [
                            Column("reference", "Body and number", row_header=True),
                            Column("text", "Action point"),
                            Column("owner", "Owner"),
                            Column("due", "Due"),
                            Column("status", "Status"),
                        ],
                        [
                            {
                                "reference": p.reference,
                                "text": p.text,
                                "owner": p.owner_display,
                                "due": short_date(p.due) if p.due else "",
                                "status": p.get_status_display(),
                            }
                            for p in review
                        ],
                    )
                ],
            )
        )
    questions = list(context["questions"])
    if questions:
        out.append(
            Section(
                "questions",
                "Public questions received",
                [
                    Narrative(
                        [
                            Paragraph(
                                [
                                    Run(f"From {q.asked_by}", bold=True),
                                    Run(f", received {long_date(q.received_on)}: "),
                                    *_lines(q.question),
                                ]
                            )
                            for q in questions
                        ],
                        origin="meeting",
                    )
                ],
            )
        )
    return _document(context, f"Agenda: {meeting.title}", "agenda pack", out)


# ------------------------------------------------------------------------------ minutes


def _people(section_id: str, title: str, people) -> Section:
    return Section(
        section_id,
        title,
        [
            table(
                section_id,
                title,
                [Column("name", "Name", row_header=True), Column("organisation", "Organisation")],
                [
                    {
                        "name": a.display_name
                        + (f" (for {a.substitute_for})" if a.substitute_for else ""),
                        "organisation": a.display_organisation,
                    }
                    for a in people
                ],
            )
        ],
    )


def _person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def amendment_paragraphs(a) -> list[Paragraph]:
    """An amendment as the minutes print it, beside what it amends: what, when agreed,
    who recorded it, why, the original and the amended text."""
    head = f"Amendment to the {a.target_label.lower()}, agreed at the meeting of "
    head += long_date(a.agreed_on)
    if a.created_by:
        head += f" (recorded by {_person(a.created_by)})"
    paras = [
        Paragraph([Run(head + ". ", bold=True), Run("Why: "), *_lines(a.reason)]),
    ]
    if a.original:
        label = "The draft read: " if a.at_agreement else "As agreed: "
        paras.append(Paragraph([Run(label, italic=True), *_lines(a.original)]))
    paras.append(Paragraph([Run("As amended: ", italic=True), *_lines(a.amended)]))
    return paras


def _item_section(iv) -> Section:
    sid = f"item-{iv.item.number}".replace(".", "-")
    if iv.hidden:
        return Section(sid, f"{iv.item.number}. Restricted item")
    paras: list = []
    if iv.minute:
        paras += [Paragraph(_lines(t.strip())) for t in iv.minute.text.split("\n\n") if t.strip()]
        # The agreement is printed once, at the top; a draft is marked on each item.
        if iv.minute.status != "agreed":
            paras.append(Paragraph([Run("DRAFT:", bold=True), Run(" not yet agreed.")]))
    elif iv.is_draft:
        paras.append(Paragraph([Run("DRAFT:", bold=True), Run(" not yet agreed.")]))
    paras += [Paragraph([Run("Decision: ", bold=True), *_lines(d.text)]) for d in iv.decisions]
    paras += [
        Paragraph(
            [
                Run(f"Action point {a.number}: ", bold=True),
                *_lines(a.text),
                Run(f" Owner: {a.owner_display}."),
            ]
        )
        for a in iv.action_points
    ]
    for a in iv.amendments:
        paras += amendment_paragraphs(a)
    blocks = [Narrative(paras, origin="meeting")] if paras else []
    return Section(sid, f"{iv.item.number}. {iv.item.title}{_mark(iv.item)}", blocks)


def minutes_document(context: dict) -> Document:
    """The minutes as the reader of ``context`` may read them."""
    meeting = context["meeting"]
    intro: list = [_paragraphs(f"Held {_when(meeting)}, {meeting.where}.")]
    if context["draft"]:
        intro.append(
            Callout(
                "Not yet agreed (DRAFT)",
                _paragraphs("These minutes are a draft until the next meeting agrees them."),
                kind="draft",
            )
        )
    if context["unagreed"]:
        intro.append(Narrative([Paragraph([Run(UNAGREED, bold=True)])], origin="meeting"))
    if context["agreement"] is not None:
        intro.append(
            Narrative(
                [Paragraph([Run(agreement_line(context["agreement"]), italic=True)])],
                origin="meeting",
            )
        )
    out = [Section("meeting", "The meeting", intro)]
    for sid, title, people in (
        ("present", "Present", context["present"]),
        ("guests", "In attendance", context["guests"]),
    ):
        if people:
            out.append(_people(sid, title, people))
    if context["apologies"]:
        out.append(
            Section(
                "apologies",
                "Apologies",
                [
                    _paragraphs(
                        "; ".join(
                            a.display_name
                            + (f" ({a.display_organisation})" if a.display_organisation else "")
                            for a in context["apologies"]
                        )
                    )
                ],
            )
        )
    if context["amendments"]:
        out.append(
            Section(
                "amendments",
                "Amendments",
                [
                    Narrative(
                        [p for a in context["amendments"] for p in amendment_paragraphs(a)],
                        origin="meeting",
                    )
                ],
            )
        )
    declarations = list(context["declarations"])
    out.append(
        Section(
            "declarations",
            "Declarations of interest",
            [
                Narrative(
                    [
                        ListBlock(
                            [
                                [
                                    Run(
                                        (d.member.name if d.member else d.name)
                                        + (f" (item {d.item.number})" if d.item else "")
                                        + f": {d.interest}"
                                    )
                                ]
                                for d in declarations
                            ]
                        )
                    ]
                    if declarations
                    else [Paragraph([Run("None.")])],
                    origin="meeting",
                )
            ],
        )
    )
    out.append(Section("items", "Items", children=[_item_section(iv) for iv in context["items"]]))
    points = context["points"]
    if points:
        out.append(
            Section(
                "action-points",
                "Action points",
                [
                    table(
                        "action-points",
                        "Action points of this meeting",
                        [
                            Column("number", "Month / number", row_header=True),
                            Column("text", "Action point"),
                            Column("owner", "Owner"),
                            Column("due", "Due"),
                            Column("status", "Status"),
                        ],
                        [
                            {
                                "number": a.number,
                                "text": a.text,
                                "owner": a.owner_display,
                                "due": short_date(a.due) if a.due else "",
                                "status": a.get_status_display()
                                + (f": {a.closing_note}" if a.closing_note else ""),
                            }
                            for a in points
                        ],
                    )
                ],
            )
        )
    title = ("Minutes (draft): " if context["draft"] else "Minutes: ") + meeting.title
    return _document(context, title, "minutes", out)
