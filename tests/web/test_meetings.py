"""Meetings: agenda, attendance, minutes agreed at the next meeting, action points
numbered by month and reviewed at the next meeting."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from saferplaces.web.core.models import AuditEvent
from saferplaces.web.meetings.models import (
    ActionPoint,
    ActionPointReview,
    AgendaItem,
    Attendance,
    Meeting,
    Minute,
)
from tests.web.conftest import member, open_point, restricted_item


def test_create_a_meeting_with_an_agenda(clients, demo):
    c = clients["officer"]
    resp = c.post(
        reverse("meetings:add", args=[demo.slug]),
        {
            "title": "Delivery group",
            "body": "delivery_group",
            "date": "2027-03-04",
            "start_time": "10:00",
            "end_time": "11:30",
            "location": "",
            "online": "on",
            "status": "planned",
        },
    )
    assert resp.status_code == 302
    meeting = Meeting.objects.get(title="Delivery group")
    assert meeting.online and meeting.date == date(2027, 3, 4)
    chair = member(demo, "Alex Morgan")
    for number, title in (("1", "Welcome"), ("2", "Looking at the data")):
        resp = c.post(
            reverse("meetings:item_add", args=[demo.slug, meeting.pk]),
            {
                "number": number,
                "title": title,
                "section": "opening",
                "lead": chair.pk,
                "minutes_allotted": "10",
            },
        )
        assert resp.status_code == 302
    items = list(meeting.items())
    assert [i.title for i in items] == ["Welcome", "Looking at the data"]
    assert [i.order for i in items] == [10, 20]
    assert meeting.minutes_total() == 20
    page = c.get(reverse("meetings:detail", args=[demo.slug, meeting.pk])).content.decode()
    assert "Looking at the data" in page and "20 minutes in all" in page
    assert AuditEvent.objects.filter(action="create", model="meetings.AgendaItem").count() >= 2


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"title": "", "date": "2027-01-01", "location": "Hall"}, "title", "required"),
        ({"title": "Board", "date": "not a date", "location": "Hall"}, "date", "valid date"),
        ({"title": "Board", "date": "2027-01-01", "location": ""}, "location", "online"),
        (
            {
                "title": "Board",
                "date": "2027-01-01",
                "location": "Hall",
                "start_time": "11:00",
                "end_time": "10:00",
            },
            "end_time",
            "end after",
        ),
    ],
)
def test_meeting_form_errors_are_summarised_and_linked(clients, demo, data, field, message):
    resp = clients["officer"].post(
        reverse("meetings:add", args=[demo.slug]),
        {"body": "board", "status": "planned", **data},
    )
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "govuk-error-summary" in html and f'href="#id_{field}"' in html
    assert message in html
    assert f'id="id_{field}-error"' in html


def test_agenda_item_needs_a_lead(clients, demo, meetings):
    resp = clients["officer"].post(
        reverse("meetings:item_add", args=[demo.slug, meetings[2].pk]),
        {"number": "11", "title": "Extra", "section": "closing"},
    )
    assert resp.status_code == 200
    assert "Choose the lead officer" in resp.content.decode()


def test_attendance_and_apologies(clients, demo, meetings):
    m3 = meetings[2]
    chair, police = member(demo, "Alex Morgan"), member(demo, "Chris Okafor")
    url = reverse("meetings:attendance", args=[demo.slug, m3.pk])
    resp = clients["officer"].post(
        url, {"members": "1", f"m{chair.pk}": "present", f"m{police.pk}": "apologies"}
    )
    assert resp.status_code == 302
    got = {a.member.name: a.status for a in m3.attendance.live()}
    assert got == {"Alex Morgan": "present", "Chris Okafor": "apologies"}
    # Clearing a record archives it with a reason; nothing is deleted.
    clients["officer"].post(url, {"members": "1", f"m{chair.pk}": "present"})
    assert Attendance.objects.filter(meeting=m3, member=police).get().is_archived
    # A guest's organisation typed without a name: refused, and the members' statuses
    # typed in the same form come back as they were chosen (nothing saved, nothing lost).
    resp = clients["officer"].post(
        url,
        {
            f"m{chair.pk}": "present",
            f"m{police.pk}": "absent",
            "guest-name": "",
            "guest-organisation": "Cambridgeshire Fire and Rescue",
            "guest-status": "in_attendance",
        },
    )
    html = resp.content.decode()
    assert "Enter the name" in html and "Cambridgeshire Fire and Rescue" in html
    assert '<option value="absent" selected>' in html
    assert not Attendance.objects.live().filter(meeting=m3, member=police).exists()


def test_minutes_then_action_points_numbered_by_month(clients, demo, meetings):
    m3 = meetings[2]
    item = m3.items().get(number="6")
    url = reverse("meetings:item_minutes", args=[demo.slug, m3.pk, item.pk])
    c = clients["officer"]
    assert c.post(url, {"form": "minute", "minute-text": "Progress noted."}).status_code == 302
    assert Minute.objects.get(item=item).status == "draft"
    assert c.post(url, {"form": "decision", "decision-text": "Agreed the plan."}).status_code == 302
    owner = member(demo, "Sam Patel")
    for text in ("First thing", "Second thing"):
        resp = c.post(
            url,
            {
                "form": "action",
                "action-text": text,
                "action-owner": owner.pk,
                "action-status": "open",
            },
        )
        assert resp.status_code == 302
    mm = f"{m3.date.month:02d}"
    numbers = list(ActionPoint.objects.filter(meeting=m3).values_list("number", flat=True))
    assert sorted(numbers) == [f"{mm}/01", f"{mm}/02"]
    # A point closed when made needs a note.
    resp = c.post(
        url,
        {"form": "action", "action-text": "x", "action-owner": owner.pk, "action-status": "closed"},
    )
    assert "Say how the action point was closed" in resp.content.decode()


def test_minutes_agreed_at_the_next_meeting_then_frozen(clients, demo, meeting_day):
    _, m2, m3 = meeting_day
    drafts = Minute.objects.filter(item__meeting=m2, status="draft")
    n = drafts.count()
    assert n == 10
    url = reverse("meetings:agree_minutes", args=[demo.slug, m3.pk])
    resp = clients["officer"].post(url, {"note": ""})
    assert resp.status_code == 400  # the box must be ticked
    resp = clients["officer"].post(url, {"agreed": "on", "note": "Subject to a spelling fix."})
    assert resp.status_code == 302
    agreed = Minute.objects.filter(item__meeting=m2)
    assert {m.status for m in agreed} == {"agreed"}
    m = agreed.first()
    assert m.agreed_at == m3 and m.agreed_by.username == "officer"
    assert m.agreed_on == m3.date and "spelling" in m.agreement_note
    # Agreed minutes are now public; and they cannot be edited.
    public = clients["anonymous"].get(reverse("meetings:detail", args=[demo.slug, m2.pk]))
    assert "The rural crime team described" in public.content.decode()
    item_url = reverse("meetings:item_minutes", args=[demo.slug, m2.pk, m.item.pk])
    resp = clients["officer"].post(item_url, {"form": "minute", "minute-text": "Rewritten"})
    assert "can no longer change" in resp.content.decode()
    assert Minute.objects.get(pk=m.pk).text != "Rewritten"


def test_draft_minutes_are_not_public(clients, demo, meetings):
    m2 = meetings[1]
    url = reverse("meetings:detail", args=[demo.slug, m2.pk])
    assert "The rural crime team described" not in clients["anonymous"].get(url).content.decode()
    assert "The rural crime team described" in clients["guest"].get(url).content.decode()


def test_action_points_reviewed_at_the_next_meeting(clients, demo, meeting_day):
    m1, m2, m3 = meeting_day
    page = clients["board"].get(reverse("meetings:detail", args=[demo.slug, m3.pk]))
    html = page.content.decode()
    expected = ActionPoint.objects.filter(meeting__in=[m1, m2]).exclude(status="closed")
    assert expected.count() == 3
    for p in expected:
        assert f'id="point-{p.pk}"' in html
    closed_earlier = ActionPoint.objects.get(meeting=m1, status="closed")
    assert f'id="point-{closed_earlier.pk}"' not in html

    point = open_point(m2)
    url = reverse("meetings:review", args=[demo.slug, m3.pk, point.pk])
    resp = clients["officer"].post(url, {"status": "closed", "note": ""})
    assert resp.status_code == 400 and "Say how" in resp.content.decode()
    # HTMX: the row comes back, updated, without a page reload.
    resp = clients["officer"].post(
        url, {"status": "closed", "note": "Done by email."}, HTTP_HX_REQUEST="true"
    )
    assert resp.status_code == 200
    body = resp.content.decode()
    assert body.lstrip().startswith("<tr") and "Review saved" in body and "Closed" in body
    point.refresh_from_db()
    assert point.status == "closed" and point.closed_at == m3 and point.closed_on == m3.date
    assert point.closing_note == "Done by email."
    review = ActionPointReview.objects.get(point=point)
    assert review.meeting == m3 and review.created_by.username == "officer"
    # Without HTMX, a plain POST redirects back to the meeting.
    other = open_point(m1)
    resp = clients["officer"].post(
        reverse("meetings:review", args=[demo.slug, m3.pk, other.pk]),
        {"status": "in_progress", "note": "Timetable promised"},
    )
    assert resp.status_code == 302 and resp["Location"].endswith("#review")


def test_register_of_action_points_filters_and_flags_overdue(clients, demo, meetings):
    point = open_point(meetings[0])
    point.due = date.today() - timedelta(days=3)
    point.save_by(None)
    url = reverse("meetings:action_points", args=[demo.slug])
    html = clients["guest"].get(url).content.decode()
    assert point.text in html and "Overdue" in html
    html = clients["guest"].get(url + "?status=closed").content.decode()
    assert point.text not in html


def test_restricted_paper_download_is_logged(clients, demo, meetings, paper):
    url = reverse("meetings:paper", args=[demo.slug, meetings[2].pk, paper.pk])
    resp = clients["board"].get(url)
    assert resp.status_code == 200 and b"".join(resp.streaming_content) == b"restricted text"
    ev = AuditEvent.objects.filter(action="download", model="meetings.Paper").get()
    assert ev.username == "board" and ev.restricted and ev.partnership == demo
    assert clients["guest"].get(url).status_code == 403


def test_viewing_a_restricted_item_is_logged_for_members_only(clients, demo, meetings):
    m3 = meetings[2]
    item = restricted_item(m3)
    url = reverse("meetings:detail", args=[demo.slug, m3.pk])
    before = AuditEvent.objects.filter(action="view").count()
    clients["anonymous"].get(url)
    clients["guest"].get(url)
    assert AuditEvent.objects.filter(action="view").count() == before
    clients["chair"].get(url)
    ev = AuditEvent.objects.filter(action="view", object_id=str(item.pk)).get()
    assert ev.username == "chair" and ev.model == "meetings.AgendaItem" and ev.restricted


def test_paper_upload(clients, demo, meetings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    item = meetings[2].items().get(number="8")
    resp = clients["officer"].post(
        reverse("meetings:paper_add", args=[demo.slug, meetings[2].pk, item.pk]),
        {
            "title": "Draft assessment",
            "pages": "5 - 38",
            "file": SimpleUploadedFile("sa.pdf", b"%PDF-1.4 test"),
        },
    )
    assert resp.status_code == 302
    paper = item.papers.get()
    assert not paper.is_restricted()
    # Anyone may download a public paper.
    got = clients["anonymous"].get(
        reverse("meetings:paper", args=[demo.slug, meetings[2].pk, paper.pk])
    )
    assert got.status_code == 200 and b"".join(got.streaming_content) == b"%PDF-1.4 test"


def test_question_and_declaration(clients, demo, meetings):
    m3 = meetings[2]
    c = clients["officer"]
    resp = c.post(
        reverse("meetings:question_add", args=[demo.slug, m3.pk]),
        {"asked_by": "A resident", "received_on": "2026-01-02", "question": "Why?"},
    )
    assert resp.status_code == 302
    resp = c.post(reverse("meetings:declaration_add", args=[demo.slug, m3.pk]), {"interest": "x"})
    assert "Choose who is declaring" in resp.content.decode()
    resp = c.post(
        reverse("meetings:declaration_add", args=[demo.slug, m3.pk]),
        {"member": member(demo, "Casey Nolan").pk, "interest": "Grant recipient"},
    )
    assert resp.status_code == 302
    html = clients["anonymous"].get(reverse("meetings:detail", args=[demo.slug, m3.pk]))
    assert "Casey Nolan" in html.content.decode() and "A resident" in html.content.decode()


def test_agenda_items_are_archived_never_deleted(meetings):
    from saferplaces.web.core.models import ArchiveInstead

    item = AgendaItem.objects.first()
    with pytest.raises(ArchiveInstead):
        item.delete()
    with pytest.raises(ArchiveInstead):
        AgendaItem.objects.all().delete()
    with pytest.raises(ArchiveInstead):
        item.archive(None, "   ")
    item.archive(None, "Withdrawn by the lead")
    assert AgendaItem.objects.live().filter(pk=item.pk).count() == 0
    assert AuditEvent.objects.filter(action="archive", object_id=str(item.pk)).exists()
