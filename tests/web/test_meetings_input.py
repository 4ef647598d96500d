"""Nothing typed is lost: on a page with several parts, pressing one part's button saves
that part and brings back what was typed in the others; a refused form shows its error
summary and keeps what was typed, with or without JavaScript (htmx)."""

from __future__ import annotations

import html as htmllib

from django.urls import reverse

from saferplaces.web.meetings.models import ActionPoint, Attendance, Decision, Minute
from tests.web.conftest import member, open_point

MINUTES = (
    "The rural crime team described seasonal patrols.\r\n\r\n"
    "Members asked for figures by parish at the next meeting."
)


def _page(resp) -> str:
    return htmllib.unescape(resp.content.decode())


def _item_url(demo, meeting, number="6"):
    item = meeting.items().get(number=number)
    return item, reverse("meetings:item_minutes", args=[demo.slug, meeting.pk, item.pk])


def test_minutes_typed_then_record_the_decision_keeps_the_minutes(clients, demo, meetings):
    m3 = meetings[2]
    item, url = _item_url(demo, m3)
    c = clients["officer"]
    resp = c.post(
        url,
        {
            "form": "decision",
            "minute-text": MINUTES,
            "decision-text": "The board agreed to fund the patrols.",
        },
    )
    assert resp.status_code == 302
    assert Decision.objects.get(item=item).text == "The board agreed to fund the patrols."
    # The minutes were not saved (their button was not pressed) but are on the page.
    assert not Minute.objects.filter(item=item).exists()
    page = _page(c.get(url))
    assert "Decision recorded." in page
    assert "Not saved yet: the minutes" in page
    assert MINUTES.replace("\r\n", "\n") in page.replace("\r\n", "\n")
    # Pressing their button now saves them.
    resp = c.post(url, {"form": "minute", "minute-text": MINUTES})
    assert resp.status_code == 302
    assert Minute.objects.get(item=item).text == MINUTES
    # Shown once: the next visit has no unsaved warning.
    assert "Not saved yet" not in _page(c.get(url))


def test_half_typed_action_point_survives_saving_the_minutes(clients, demo, meetings):
    m3 = meetings[2]
    item, url = _item_url(demo, m3)
    c = clients["officer"]
    owner = member(demo, "Sam Patel")
    resp = c.post(
        url,
        {
            "form": "minute",
            "minute-text": "Noted.",
            "action-text": "Write to the parish councils about patrols",
            "action-owner": owner.pk,
            "action-due": "",
            "action-status": "open",
        },
    )
    assert resp.status_code == 302
    assert Minute.objects.get(item=item).text == "Noted."
    assert not ActionPoint.objects.filter(item=item).exists()
    page = _page(c.get(url))
    assert "Not saved yet: an action point" in page
    assert "Write to the parish councils about patrols" in page
    assert f'<option value="{owner.pk}" selected>' in page


def test_a_refused_part_keeps_every_part_typed(clients, demo, meetings):
    m3 = meetings[2]
    item, url = _item_url(demo, m3)
    resp = clients["officer"].post(
        url,
        {
            "form": "action",
            "minute-text": MINUTES,
            "decision-text": "A decision typed but not yet recorded.",
            "action-text": "An action point without an owner",
            "action-status": "open",
        },
    )
    assert resp.status_code == 200
    page = _page(resp)
    assert "There is a problem" in page and "Choose who owns the action point" in page
    for typed in (MINUTES.split("\r\n")[0], "A decision typed but not yet", "without an owner"):
        assert typed in page
    assert not Minute.objects.filter(item=item).exists()
    assert not Decision.objects.filter(item=item).exists()
    assert not ActionPoint.objects.filter(item=item).exists()


def test_attendance_and_a_guest_are_saved_by_either_button(clients, demo, meetings):
    m3 = meetings[2]
    chair, police = member(demo, "Alex Morgan"), member(demo, "Chris Okafor")
    url = reverse("meetings:attendance", args=[demo.slug, m3.pk])
    resp = clients["officer"].post(
        url,
        {
            f"m{chair.pk}": "present",
            f"m{police.pk}": "apologies",
            "guest-name": "Robin Ash",
            "guest-organisation": "Rural crime team",
            "guest-status": "in_attendance",
            "save": "another",
        },
    )
    assert resp.status_code == 302 and resp["Location"] == url
    got = {a.display_name: a.status for a in Attendance.objects.live().filter(meeting=m3)}
    assert got == {
        "Alex Morgan": "present",
        "Chris Okafor": "apologies",
        "Robin Ash": "in_attendance",
    }
    # The page the officer comes back to shows the statuses saved.
    page = _page(clients["officer"].get(url))
    assert f'name="m{police.pk}"' in page and "Robin Ash, Rural crime team" in page
    assert '<option value="apologies" selected>' in page


def test_a_review_refused_under_htmx_swaps_in_an_error_summary(clients, demo, meeting_day):
    _, m2, m3 = meeting_day
    point = open_point(m2)
    url = reverse("meetings:review", args=[demo.slug, m3.pk, point.pk])
    data = {"status": "closed", "note": "   "}
    # htmx swaps only successful answers: the refusal answers 200 with the row, which
    # carries a GOV.UK error summary linking to the note box, and the status chosen.
    resp = clients["officer"].post(url, data, HTTP_HX_REQUEST="true")
    assert resp.status_code == 200
    page = _page(resp)
    assert 'class="govuk-error-summary"' in page
    assert f'href="#note-{point.pk}">Say how the action point was closed.' in page
    assert '<option value="closed" selected>' in page
    # Without JavaScript: the whole page, 400, the same summary.
    resp = clients["officer"].post(url, {"status": "closed", "note": ""})
    assert resp.status_code == 400
    assert f'href="#note-{point.pk}"' in _page(resp) and "There is a problem" in _page(resp)
    point.refresh_from_db()
    assert point.status != "closed"


def test_a_review_note_typed_with_a_wrong_status_comes_back(clients, demo, meeting_day):
    _, m2, m3 = meeting_day
    point = open_point(m2)
    url = reverse("meetings:review", args=[demo.slug, m3.pk, point.pk])
    resp = clients["officer"].post(
        url, {"status": "nonsense", "note": "Half a sentence about"}, HTTP_HX_REQUEST="true"
    )
    page = _page(resp)
    assert "govuk-error-summary" in page and "Half a sentence about" in page


def test_without_javascript_saving_one_review_keeps_the_others_typed(clients, demo, meeting_day):
    m1, m2, m3 = meeting_day
    first, second = list(
        ActionPoint.objects.filter(meeting__in=[m1, m2]).exclude(status="closed")[:2]
    )
    # The review table is one form: each row's button posts the whole table to its row.
    detail = reverse("meetings:detail", args=[demo.slug, m3.pk])
    page = _page(clients["officer"].get(detail))
    assert f'name="note-{second.pk}"' in page
    assert f'formaction="{reverse("meetings:review", args=[demo.slug, m3.pk, first.pk])}"' in page
    typed = "Owner on leave; the clerk will chase it next week."
    resp = clients["officer"].post(
        reverse("meetings:review", args=[demo.slug, m3.pk, first.pk]),
        {
            f"status-{first.pk}": "closed",
            f"note-{first.pk}": "Sent to every parish clerk.",
            f"status-{second.pk}": "in_progress",
            f"note-{second.pk}": typed,
        },
    )
    assert resp.status_code == 302
    first.refresh_from_db()
    second_status = second.status
    second.refresh_from_db()
    assert first.status == "closed" and second.status == second_status
    page = _page(clients["officer"].get(detail))
    assert f"Not saved yet: the reviews of {second.number}" in page
    assert typed in page
    # Shown once.
    assert typed not in _page(clients["officer"].get(detail))
