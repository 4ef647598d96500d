"""Agreed minutes are final: every change to an agreed meeting's record is refused, a
correction is an amendment agreed at a later meeting and shown beside the original,
minutes can be agreed subject to amendments, and action points still move on.

In the demo, the first meeting's minutes were agreed at the second; the second's are a
draft; the third is in the future (``meeting_day`` moves it to today).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from saferplaces.web.core.models import AuditEvent
from saferplaces.web.meetings.models import (
    ActionPoint,
    ActionPointReview,
    AgendaItem,
    Amendment,
    Attendance,
    Decision,
    Minute,
)
from tests.web.conftest import member

REFUSED = "can no longer change"


def _changes() -> int:
    """Records created, changed or archived in the meetings app so far."""
    return AuditEvent.objects.filter(
        model__startswith="meetings.", action__in=["create", "change", "archive"]
    ).count()


def _posts(demo, m1):
    """Every way the officer could try to change the first meeting's agreed record."""
    s = demo.slug
    item = m1.items().get(number="8")  # the restricted item: un-restricting it is a change
    decision = Decision.objects.filter(item__meeting=m1).first()
    police = member(demo, "Chris Okafor")
    minutes_url = reverse("meetings:item_minutes", args=[s, m1.pk, item.pk])
    item_fields = {
        "number": item.number,
        "title": "A new title",
        "section": item.section,
        "lead_text": "Chair",
        "restricted": "",
    }
    return {
        "minutes": (minutes_url, {"form": "minute", "minute-text": "Rewritten afterwards."}),
        "decision": (minutes_url, {"form": "decision", "decision-text": "A decision added."}),
        "action point": (
            minutes_url,
            {"form": "action", "action-text": "Added later", "action-owner_text": "Chair"},
        ),
        "item title and restriction": (
            reverse("meetings:item_edit", args=[s, m1.pk, item.pk]),
            item_fields,
        ),
        "new item": (reverse("meetings:item_add", args=[s, m1.pk]), item_fields),
        "attendance": (
            reverse("meetings:attendance", args=[s, m1.pk]),
            {f"m{police.pk}": "present", "guest-name": "Someone added later"},
        ),
        "declaration": (
            reverse("meetings:declaration_add", args=[s, m1.pk]),
            {"name": "Someone", "interest": "Added later"},
        ),
        "meeting details": (
            reverse("meetings:edit", args=[s, m1.pk]),
            {
                "title": "Renamed",
                "body": "board",
                "date": m1.date.isoformat(),
                "location": "Elsewhere",
                "status": "held",
            },
        ),
        "decision corrected": (
            reverse("meetings:record_edit", args=[s, m1.pk, "decision", decision.pk]),
            {"text": "Reworded"},
        ),
        "decision archived": (
            reverse("meetings:record_archive", args=[s, m1.pk, "decision", decision.pk]),
            {"reason": "Not wanted"},
        ),
        "item archived": (
            reverse("meetings:record_archive", args=[s, m1.pk, "item", item.pk]),
            {"reason": "Not wanted"},
        ),
    }


CHANGES = [
    "minutes",
    "decision",
    "action point",
    "item title and restriction",
    "new item",
    "attendance",
    "declaration",
    "meeting details",
    "decision corrected",
    "decision archived",
    "item archived",
]


@pytest.mark.parametrize("what", CHANGES)
def test_every_change_to_agreed_minutes_is_refused(clients, demo, meetings, what):
    m1 = meetings[0]
    assert Minute.objects.filter(item__meeting=m1, status="agreed").count() == 10
    url, data = _posts(demo, m1)[what]
    before = _changes()
    resp = clients["officer"].post(url, data)
    assert resp.status_code == 400, what
    assert REFUSED in resp.content.decode()
    assert _changes() == before
    item = m1.items().get(number="8")
    assert item.title != "A new title" and item.restricted


def test_agreed_meeting_shows_no_buttons_that_would_change_it(clients, demo, meetings):
    m1, m2, _ = meetings
    item = m1.items().first()
    html = clients["officer"].get(reverse("meetings:detail", args=[demo.slug, m1.pk])).content
    html = html.decode()
    for gone in (
        reverse("meetings:item_add", args=[demo.slug, m1.pk]),
        reverse("meetings:attendance", args=[demo.slug, m1.pk]),
        reverse("meetings:declaration_add", args=[demo.slug, m1.pk]),
        reverse("meetings:edit", args=[demo.slug, m1.pk]),
        reverse("meetings:item_edit", args=[demo.slug, m1.pk, item.pk]),
    ):
        assert f'href="{gone}"' not in html, gone
    assert reverse("meetings:amend", args=[demo.slug, m1.pk]) in html
    # The draft meeting still has them.
    html2 = clients["officer"].get(reverse("meetings:detail", args=[demo.slug, m2.pk]))
    assert reverse("meetings:attendance", args=[demo.slug, m2.pk]) in html2.content.decode()
    # The item's minutes page reads, with no form to save.
    page = clients["officer"].get(
        reverse("meetings:item_minutes", args=[demo.slug, m1.pk, item.pk])
    )
    text = page.content.decode()
    assert page.status_code == 200 and REFUSED in text
    assert 'name="form"' not in text and "Record an amendment" in text


def test_the_agreement_is_printed_once(clients, demo, meetings):
    m1 = meetings[0]
    url = reverse("meetings:minutes", args=[demo.slug, m1.pk, "html"])
    html = clients["officer"].get(url).content.decode()
    # Ten items were agreed at once: one statement of it, not ten.
    assert html.count("Agreed at the meeting of") == 1
    page = clients["anonymous"].get(reverse("meetings:detail", args=[demo.slug, m1.pk]))
    assert page.content.decode().count("Agreed at ") == 1


def test_an_amendment_is_agreed_at_a_later_meeting_and_shown_beside_the_original(
    clients, demo, meetings
):
    m1, m2, m3 = meetings
    item = m1.items().get(number="7")
    minute = Minute.objects.get(item=item)
    original = minute.text
    assert original.startswith("Spend was in line")
    url = reverse("meetings:amend", args=[demo.slug, m1.pk])
    amended = original.replace("Spend was in line", "Spend was slightly above")
    data = {
        "target": f"minute:{minute.pk}",
        "amended": amended,
        "reason": "The finance officer's figures were corrected after the meeting.",
        "agreed_at": m2.pk,
    }
    # Only a meeting that has taken place can agree it; the same text is not an amendment;
    # a reason is needed.
    assert clients["officer"].post(url, {**data, "agreed_at": m3.pk}).status_code == 400
    resp = clients["officer"].post(url, {**data, "amended": original})
    assert resp.status_code == 400 and "same as the original" in resp.content.decode()
    resp = clients["officer"].post(url, {**data, "reason": ""})
    assert resp.status_code == 400 and "Say why" in resp.content.decode()
    assert not Amendment.objects.exists()
    assert clients["board"].post(url, data).status_code == 403

    resp = clients["officer"].post(url, data)
    assert resp.status_code == 302
    a = Amendment.objects.get()
    assert (a.meeting, a.item, a.agreed_at, a.agreed_on) == (m1, item, m2, m2.date)
    assert a.original == original and a.amended == amended and not a.at_agreement
    minute.refresh_from_db()
    assert minute.text == original  # the agreed text stands
    officer = a.created_by
    assert officer.username == "officer"
    who = officer.get_full_name() or "officer"
    page = clients["anonymous"].get(reverse("meetings:detail", args=[demo.slug, m1.pk]))
    html = page.content.decode()
    assert original in html and amended in html
    assert "corrected after the meeting" in html and f"recorded by {who}" in html
    doc = clients["anonymous"].get(reverse("meetings:minutes", args=[demo.slug, m1.pk, "html"]))
    text = doc.content.decode()
    assert "Spend was slightly above" in text and "corrected after the meeting" in text


def test_attendance_is_amended_not_changed(clients, demo, meetings):
    m1, m2, _ = meetings
    present = sorted(a.display_name for a in m1.attendance.live() if a.status == "present")
    assert present
    url = reverse("meetings:amend", args=[demo.slug, m1.pk])
    resp = clients["officer"].post(
        url,
        {
            "target": "attendance",
            "amended": "Present: " + ", ".join([*present, "Chris Okafor"]),
            "reason": "Chris Okafor arrived late and was missed from the list.",
            "agreed_at": m2.pk,
        },
    )
    assert resp.status_code == 302
    a = Amendment.objects.get()
    assert a.item is None and a.original.splitlines()[0] == "Present: " + ", ".join(present)
    doc = clients["anonymous"].get(reverse("meetings:minutes", args=[demo.slug, m1.pk, "html"]))
    assert "arrived late" in doc.content.decode()


def test_draft_minutes_are_corrected_directly_not_amended(clients, demo, meetings):
    m2 = meetings[1]
    url = reverse("meetings:amend", args=[demo.slug, m2.pk])
    resp = clients["officer"].post(url, {"target": "other", "amended": "x", "reason": "y"})
    assert resp.status_code == 400 and "are a draft" in resp.content.decode()
    assert not Amendment.objects.exists()


def test_minutes_agreed_subject_to_amendments(clients, demo, meeting_day):
    _, m2, m3 = meeting_day
    minute = Minute.objects.get(item__meeting=m2, item__number="7")
    other = Minute.objects.get(item__meeting=m2, item__number="8")
    draft = minute.text
    url = reverse("meetings:agree_minutes", args=[demo.slug, m3.pk])
    page = clients["officer"].get(url).content.decode()
    assert f'name="text-{minute.pk}"' in page and draft in page
    changed = draft + "\r\nThe sergeant's name is corrected to Sgt R. Ash."
    # Changing the text needs a reason, and then nothing is agreed; what was typed stays.
    resp = clients["officer"].post(url, {"agreed": "on", f"text-{minute.pk}": changed})
    assert resp.status_code == 400
    assert "Say why the minutes were amended" in resp.content.decode()
    assert "Sgt R. Ash" in resp.content.decode()
    assert not Minute.objects.filter(item__meeting=m2, status="agreed").exists()

    resp = clients["officer"].post(
        url,
        {
            "agreed": "on",
            f"text-{minute.pk}": changed,
            f"text-{other.pk}": other.text,
            "note": "Agreed subject to correcting the sergeant's name.",
        },
    )
    assert resp.status_code == 302
    follow = clients["officer"].get(resp["Location"]).content.decode()
    assert "agreed, with 1 item amended." in follow
    minute.refresh_from_db()
    assert (
        minute.status == "agreed"
        and minute.text == draft + "\nThe sergeant's name is corrected to Sgt R. Ash."
    )
    a = Amendment.objects.get()
    assert a.at_agreement and a.original == draft and a.amended == minute.text
    assert (a.meeting, a.agreed_at) == (m2, m3) and "sergeant" in a.reason
    # Unchanged items are agreed as drafted, with no amendment.
    other_text = other.text
    other.refresh_from_db()
    assert other.status == "agreed" and other.text == other_text
    html = clients["anonymous"].get(reverse("meetings:detail", args=[demo.slug, m2.pk]))
    assert "The draft read:" in html.content.decode()


def test_action_points_change_status_after_agreement_with_history(clients, demo, meetings):
    m1 = meetings[0]
    point = ActionPoint.objects.get(meeting=m1, status="in_progress")
    wording = point.text
    url = reverse("meetings:point_edit", args=[demo.slug, m1.pk, point.pk])
    page = clients["officer"].get(url).content.decode()
    assert 'name="text"' not in page and "its wording stands" in page
    resp = clients["officer"].post(
        url,
        {"status": "closed", "closing_note": "Timetable received.", "text": "Reworded"},
    )
    assert resp.status_code == 302
    point.refresh_from_db()
    assert point.status == "closed" and point.text == wording
    h = ActionPointReview.objects.get(point=point, meeting=None)
    assert (h.status, h.note) == ("closed", "Timetable received.")
    page = clients["officer"].get(url).content.decode()
    assert "between meetings" in page and "Timetable received." in page


def test_a_draft_meetings_action_point_wording_can_still_change(clients, demo, meetings):
    m2 = meetings[1]
    point = ActionPoint.objects.filter(meeting=m2).first()
    url = reverse("meetings:point_edit", args=[demo.slug, m2.pk, point.pk])
    resp = clients["officer"].post(
        url,
        {"text": "Reworded while a draft", "owner_text": "Chair", "status": point.status},
    )
    assert resp.status_code == 302
    point.refresh_from_db()
    assert point.text == "Reworded while a draft"
    assert not AgendaItem.objects.filter(title="A new title").exists()
    assert Attendance.objects.filter(meeting=m2).exists()


def test_agreement_covers_items_with_decisions_but_no_minutes(clients, demo, meetings):
    m1, m2, _ = meetings
    item = m1.items().get(number="10")
    Minute.objects.get(item=item).archive(None, "typed on the wrong item")
    Decision(item=item, text="The board thanked the outgoing chair.").save_by(None)
    # The meeting's minutes are agreed: the public sees the decision, not marked draft.
    page = clients["anonymous"].get(reverse("meetings:detail", args=[demo.slug, m1.pk]))
    html = page.content.decode()
    assert "The board thanked the outgoing chair." in html
    section = html.split(f"{item.number}. {item.title}", 1)[1].split("</h3>", 1)[0]
    assert "Draft" not in section
    # The same on a meeting whose minutes are a draft: the public does not see it.
    item2 = m2.items().get(number="10")
    Minute.objects.get(item=item2).archive(None, "typed on the wrong item")
    Decision(item=item2, text="A draft decision.").save_by(None)
    page = clients["anonymous"].get(reverse("meetings:detail", args=[demo.slug, m2.pk]))
    assert "A draft decision." not in page.content.decode()
