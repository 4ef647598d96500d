"""Meetings, their agenda items, minutes, papers and action points."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.core.files.base import ContentFile

from saferplaces.web.meetings.models import ActionPoint, AgendaItem, Meeting, Minute, Paper
from saferplaces.web.partnerships.models import Member, Partnership


def meeting(p: Partnership, days: int = 30, *, by=None, **fields) -> Meeting:
    """A board meeting ``days`` from today (negative: in the past, and held)."""
    values = {
        "title": "Partnership board",
        "body": "board",
        "date": date.today() + timedelta(days=days),
        "start_time": time(10, 0),
        "end_time": time(12, 0),
        "location": "Council Chamber, South Cambridgeshire Hall, Cambourne",
        "status": "held" if days < 0 else "planned",
        **fields,
    }
    m = Meeting(partnership=p, **values)
    m.save_by(by)
    return m


def agenda_item(m: Meeting, *, by=None, **fields) -> AgendaItem:
    """The next item on ``m``'s agenda (numbered in order)."""
    n = m.agenda_items.count() + 1
    values = {
        "order": n * 10,
        "number": str(n),
        "title": f"Item {n}",
        "section": "looking_back",
        "minutes_allotted": 10,
        **fields,
    }
    it = AgendaItem(meeting=m, **values)
    it.save_by(by)
    return it


def minute(item: AgendaItem, text: str = "Noted.", *, by=None, **fields) -> Minute:
    mi = Minute(item=item, text=text, **fields)
    mi.save_by(by)
    return mi


def paper(item: AgendaItem, content: bytes = b"paper text", *, by=None, **fields) -> Paper:
    """A paper with a small text file (kept in the test's own media folder)."""
    values = {"title": "Report", "restricted": item.restricted, **fields}
    p = Paper(item=item, **values)
    p.file.save("paper.txt", ContentFile(content), save=False)
    p.save_by(by)
    return p


def action_point(m: Meeting, owner: Member | None = None, *, by=None, **fields) -> ActionPoint:
    """An open action point of ``m``, numbered as the app numbers them (MM/NN)."""
    values = {
        "text": "Circulate the report to all members.",
        "due": m.date + timedelta(days=14),
        **fields,
    }
    ap = ActionPoint(meeting=m, owner=owner, **values)
    ap.assign_number()
    ap.save_by(by)
    return ap
