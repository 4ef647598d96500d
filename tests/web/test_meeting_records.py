"""Meeting records after the first draft: agreed only once the meeting has happened,
corrected or archived with a reason, numbered without ambiguity, questions by a deadline."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from saferplaces.web.core.models import AuditEvent
from saferplaces.web.meetings.models import (
    ActionPoint,
    AgendaItem,
    Decision,
    Declaration,
    Meeting,
    Minute,
    Paper,
    PublicQuestion,
)
from tests.web.conftest import member, open_point, restricted_item

TODAY = date.today()


def _text(resp) -> str:
    return resp.content.decode()


# -- minutes and reviews only at or after the meeting --------------------------------------


def test_minutes_cannot_be_agreed_at_a_meeting_that_has_not_happened(clients, demo, meetings):
    _, m2, m3 = meetings
    assert m3.date > TODAY
    url = reverse("meetings:agree_minutes", args=[demo.slug, m3.pk])
    resp = clients["officer"].post(url, {"agreed": "on"})
    assert resp.status_code == 400
    assert "has not taken place" in _text(resp)
    assert not Minute.objects.filter(item__meeting=m2, status="agreed").exists()
    page = _text(clients["officer"].get(reverse("meetings:detail", args=[demo.slug, m3.pk])))
    assert "Record that this meeting agreed them" not in page


def test_action_points_cannot_be_reviewed_before_the_meeting(clients, demo, meetings):
    _, m2, m3 = meetings
    point = open_point(m2)
    resp = clients["officer"].post(
        reverse("meetings:review", args=[demo.slug, m3.pk, point.pk]),
        {"status": "closed", "note": "Done"},
    )
    assert resp.status_code == 400
    point.refresh_from_db()
    assert point.status != "closed" and point.closed_at is None


def test_on_the_day_of_the_meeting_minutes_are_agreed(clients, demo, meeting_day):
    _, m2, m3 = meeting_day
    resp = clients["officer"].post(
        reverse("meetings:agree_minutes", args=[demo.slug, m3.pk]), {"agreed": "on"}
    )
    assert resp.status_code == 302
    assert not Minute.objects.filter(item__meeting=m2, status="draft").exists()


def test_a_meeting_in_the_future_cannot_be_marked_held(clients, demo, meetings):
    m3 = meetings[2]
    resp = clients["officer"].post(
        reverse("meetings:edit", args=[demo.slug, m3.pk]),
        {
            "title": m3.title,
            "body": "board",
            "date": m3.date.isoformat(),
            "location": "Hall",
            "status": "held",
        },
    )
    assert resp.status_code == 200 and "has not happened yet" in _text(resp)


# -- correcting and archiving records ------------------------------------------------------


def test_a_questions_response_is_added_after_the_meeting(clients, demo, meetings):
    m2 = meetings[1]
    q = PublicQuestion.objects.get(meeting=m2)
    url = reverse("meetings:record_edit", args=[demo.slug, m2.pk, "question", q.pk])
    resp = clients["officer"].post(
        url,
        {
            "asked_by": q.asked_by,
            "received_on": q.received_on.isoformat(),
            "question": q.question,
            "response": "The road safety partnership will survey the village in spring.",
        },
    )
    assert resp.status_code == 302
    q.refresh_from_db()
    assert q.response.startswith("The road safety partnership will survey")
    ev = AuditEvent.objects.filter(action="change", model="meetings.PublicQuestion").get()
    assert ev.changes["response"][1] == q.response
    assert clients["board"].post(url, {"question": "x"}).status_code == 403


@pytest.mark.parametrize("kind", ["paper", "item", "decision", "declaration", "question"])
def test_records_are_archived_with_a_reason(clients, demo, meetings, kind):
    m3 = meetings[2]
    item = m3.items().get(number="8")
    if kind == "paper":
        record = Paper(item=item, title="Draft assessment")
        record.file.save("sa.pdf", SimpleUploadedFile("sa.pdf", b"%PDF-1.4"), save=False)
    elif kind == "item":
        record = item
    elif kind == "decision":
        record = Decision(item=item, text="Decided in error")
    elif kind == "declaration":
        record = Declaration(meeting=m3, name="Someone", interest="Recorded twice")
    else:
        record = PublicQuestion(meeting=m3, asked_by="Someone", question="Recorded twice")
    record.save_by(None)
    url = reverse("meetings:record_archive", args=[demo.slug, m3.pk, kind, record.pk])
    assert clients["guest"].post(url, {"reason": "x"}).status_code == 403
    resp = clients["officer"].post(url, {"reason": ""})
    assert resp.status_code == 200 and "govuk-error-summary" in _text(resp)
    assert clients["officer"].post(url, {"reason": "Recorded in error"}).status_code == 302
    record.refresh_from_db()
    assert record.is_archived and record.archive_reason == "Recorded in error"
    assert AuditEvent.objects.filter(
        action="archive", model=record._meta.label, object_id=str(record.pk)
    ).exists()


def test_a_decision_is_corrected_until_its_minutes_are_agreed(clients, demo, meetings):
    m1, m2, _ = meetings
    draft = Decision.objects.get(item__meeting=m2)
    url = reverse("meetings:record_edit", args=[demo.slug, m2.pk, "decision", draft.pk])
    resp = clients["officer"].post(url, {"text": "The board agreed to keep three priorities."})
    assert resp.status_code == 302
    agreed = Decision.objects.filter(item__meeting=m1).first()
    url = reverse("meetings:record_edit", args=[demo.slug, m1.pk, "decision", agreed.pk])
    resp = clients["officer"].post(url, {"text": "Rewritten"})
    assert resp.status_code == 400 and "agreed" in _text(resp)
    agreed.refresh_from_db()
    assert agreed.text != "Rewritten"
    archive = reverse("meetings:record_archive", args=[demo.slug, m1.pk, "decision", agreed.pk])
    assert clients["officer"].post(archive, {"reason": "x"}).status_code == 400


def test_records_of_another_meeting_are_not_found(clients, demo, meetings):
    m1, m2, _ = meetings
    decision = Decision.objects.get(item__meeting=m2)
    url = reverse("meetings:record_edit", args=[demo.slug, m1.pk, "decision", decision.pk])
    assert clients["officer"].get(url).status_code == 404
    url = reverse("meetings:record_edit", args=[demo.slug, m1.pk, "nonsense", decision.pk])
    assert clients["officer"].get(url).status_code == 404


def test_editing_a_restricted_record_is_audited_as_a_view(clients, demo, meetings):
    m1 = meetings[0]
    d = Decision(item=restricted_item(m1), text="Restricted decision")
    d.save_by(None)
    url = reverse("meetings:record_edit", args=[demo.slug, m1.pk, "decision", d.pk])
    clients["officer"].get(url)
    ev = AuditEvent.objects.filter(action="view", model="meetings.Decision").get()
    assert ev.object_id == str(d.pk) and ev.restricted


# -- public questions deadline -------------------------------------------------------------


def test_public_questions_deadline_is_set_and_shown(clients, demo, meetings):
    m3 = meetings[2]
    deadline = datetime.combine(m3.date - timedelta(days=3), time(12, 0))
    resp = clients["officer"].post(
        reverse("meetings:edit", args=[demo.slug, m3.pk]),
        {
            "title": m3.title,
            "body": "board",
            "date": m3.date.isoformat(),
            "start_time": "10:00",
            "end_time": "12:00",
            "location": m3.location,
            "status": "planned",
            "public_questions_deadline": deadline.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert resp.status_code == 302, _text(resp)
    m3.refresh_from_db()
    assert timezone.localtime(m3.public_questions_deadline).replace(tzinfo=None) == deadline
    expected = f"12:00 on {deadline:%A} {deadline.day} {deadline:%B %Y}"
    page = _text(clients["anonymous"].get(reverse("meetings:detail", args=[demo.slug, m3.pk])))
    assert expected in page
    import io

    from docx import Document

    pack = clients["anonymous"].get(
        reverse("meetings:agenda_pack", args=[demo.slug, m3.pk, "docx"])
    )
    text = "\n".join(p.text for p in Document(io.BytesIO(pack.content)).paragraphs)
    assert expected in text


def test_a_deadline_after_the_meeting_is_refused(clients, demo, meetings):
    m3 = meetings[2]
    resp = clients["officer"].post(
        reverse("meetings:edit", args=[demo.slug, m3.pk]),
        {
            "title": m3.title,
            "body": "board",
            "date": m3.date.isoformat(),
            "location": "Hall",
            "status": "planned",
            "public_questions_deadline": f"{(m3.date + timedelta(days=1)).isoformat()}T12:00",
        },
    )
    assert resp.status_code == 200 and "before the meeting" in _text(resp)


# -- action point numbers ------------------------------------------------------------------


def _meeting(demo, body: str, day: date, title: str) -> Meeting:
    m = Meeting(partnership=demo, body=body, title=title, date=day, location="Hall")
    m.save_by(None)
    item = AgendaItem(meeting=m, number="1", title="Business", lead_text="Chair")
    item.save_by(None)
    return m


def _point(meeting: Meeting, text: str) -> ActionPoint:
    ap = ActionPoint(meeting=meeting, item=meeting.items().first(), text=text, owner_text="x")
    ap.assign_number()
    ap.save_by(None)
    return ap


def test_numbers_continue_across_meetings_of_one_body_in_a_month(demo):
    a = _meeting(demo, "delivery_group", date(2027, 5, 4), "Delivery group")
    b = _meeting(demo, "delivery_group", date(2027, 5, 25), "Delivery group (extra)")
    board = _meeting(demo, "board", date(2027, 5, 11), "Board")
    assert [_point(a, "one").number, _point(a, "two").number] == ["05/01", "05/02"]
    assert _point(b, "three").number == "05/03"
    assert _point(board, "board one").number == "05/01"


def test_register_says_which_body_set_each_point(clients, demo):
    dg = _meeting(demo, "delivery_group", date(2027, 5, 4), "Delivery group")
    board = _meeting(demo, "board", date(2027, 5, 11), "Board")
    _point(dg, "Delivery group point")
    _point(board, "Board point")
    html = _text(clients["board"].get(reverse("meetings:action_points", args=[demo.slug])))
    row_dg = html[html.index("Delivery group point") - 600 : html.index("Delivery group point")]
    row_board = html[html.index("Board point") - 600 : html.index("Board point")]
    assert "Delivery group 05/01" in row_dg and "Board 05/01" in row_board


def test_closing_a_point_from_its_edit_page_records_when(clients, demo, meetings):
    m1 = meetings[0]
    point = open_point(m1)
    resp = clients["officer"].post(
        reverse("meetings:point_edit", args=[demo.slug, m1.pk, point.pk]),
        {
            "text": point.text,
            "owner": point.owner_id,
            "status": "closed",
            "closing_note": "Timetable received by email.",
        },
    )
    assert resp.status_code == 302
    point.refresh_from_db()
    assert point.status == "closed" and point.closed_on == TODAY and point.closed_at is None
    html = _text(
        clients["board"].get(reverse("meetings:action_points", args=[demo.slug]) + "?status=closed")
    )
    assert f"closed on {TODAY.day} {TODAY:%b %Y}" in html


def test_overdue_is_decided_by_the_model(meetings):
    point = open_point(meetings[0])
    point.due = TODAY - timedelta(days=1)
    assert point.is_overdue(TODAY)
    assert not point.is_overdue(TODAY - timedelta(days=1))
    point.status = "closed"
    assert not point.is_overdue(TODAY)


# -- uploads -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("run.exe", b"MZ", "PDF, Word, Excel, PowerPoint, OpenDocument, CSV or text"),
        ("big.pdf", b"%PDF" + b"0" * (20 * 1024 * 1024), "20 MB"),
    ],
)
def test_papers_are_checked_for_type_and_size(clients, demo, meetings, name, content, message):
    item = meetings[2].items().get(number="8")
    resp = clients["officer"].post(
        reverse("meetings:paper_add", args=[demo.slug, meetings[2].pk, item.pk]),
        {"title": "A paper", "file": SimpleUploadedFile(name, content)},
    )
    assert resp.status_code == 200 and message in _text(resp)
    assert not item.papers.exists()


# -- attendance ----------------------------------------------------------------------------


def test_attendance_lists_only_members_in_office_at_the_meeting(clients, demo, meetings):
    m3 = meetings[2]
    gone = member(demo, "Casey Nolan")
    gone.term_end = m3.date - timedelta(days=1)
    gone.save_by(None)
    html = _text(clients["officer"].get(reverse("meetings:attendance", args=[demo.slug, m3.pk])))
    assert "Casey Nolan" not in html and "Alex Morgan" in html
