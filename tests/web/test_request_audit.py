"""A request's changes and its audit rows succeed or fail together (issue 18 §2), and
reading the audit log is itself audited (§11)."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from saferplaces.web.core.models import AuditEvent
from saferplaces.web.meetings.models import ActionPoint
from tests.web.conftest import login, member, restricted_item


@pytest.fixture
def officer(demo) -> Client:
    c = login("officer")
    c.raise_request_exception = False  # see the 500 a user would see
    return c


def _add_point(c: Client, demo, meeting, item, text: str):
    return c.post(
        reverse("meetings:item_minutes", args=[demo.slug, meeting.pk, item.pk]),
        {
            "form": "action",
            "action-text": text,
            "action-owner": member(demo, "Sam Patel").pk,
            "action-status": "open",
        },
    )


def test_a_change_that_fails_later_in_the_request_leaves_nothing(
    officer, demo, meetings, monkeypatch
):
    """The action point is saved (with its audit row), then the request fails: both go."""
    from django.contrib import messages

    # The second meeting: its minutes are a draft, so points can still be added.
    m1 = meetings[1]
    item = m1.items().filter(restricted=False).first()
    points, events = ActionPoint.objects.count(), AuditEvent.objects.count()

    def fail(*args, **kwargs):
        raise RuntimeError("the server fell over after saving")

    monkeypatch.setattr(messages, "success", fail)
    resp = _add_point(officer, demo, m1, item, "Write to the landlord")
    assert resp.status_code == 500
    assert ActionPoint.objects.count() == points
    assert AuditEvent.objects.count() == events
    monkeypatch.undo()
    resp = _add_point(officer, demo, m1, item, "Write to the landlord")
    assert resp.status_code == 302
    assert ActionPoint.objects.count() == points + 1
    assert AuditEvent.objects.filter(action="create", model="meetings.ActionPoint").count() >= 1


def test_a_read_is_logged_with_the_page_that_shows_it(clients, demo, meetings, monkeypatch):
    item = restricted_item(meetings[0])
    url = reverse("meetings:detail", args=[demo.slug, meetings[0].pk])
    before = AuditEvent.objects.filter(action="view").count()
    resp = clients["board"].get(url)
    assert resp.status_code == 200 and item.title in resp.content.decode()
    views = AuditEvent.objects.filter(action="view").order_by("id")[before:]
    assert views and all(e.username == "board" and e.restricted for e in views)
    assert any(e.model == "meetings.AgendaItem" and e.object_id == str(item.pk) for e in views)


def test_a_read_that_cannot_be_logged_is_not_served(demo, meetings, monkeypatch):
    item = restricted_item(meetings[0])
    board = login("board")
    before = AuditEvent.objects.count()

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(AuditEvent.objects, "bulk_create", locked)
    resp = board.get(reverse("meetings:detail", args=[demo.slug, meetings[0].pk]))
    assert resp.status_code == 503
    assert item.title not in resp.content.decode()
    assert resp["Retry-After"] == "5"
    assert AuditEvent.objects.count() == before


def test_a_failed_page_leaves_no_read_in_the_audit_log(demo, meetings, monkeypatch):
    from saferplaces.web.meetings.views import pages

    board = login("board")
    board.raise_request_exception = False
    before = AuditEvent.objects.count()

    def broken(*args, **kwargs):
        raise RuntimeError("template blew up after the reads were logged")

    monkeypatch.setattr(pages, "render", broken)
    resp = board.get(reverse("meetings:detail", args=[demo.slug, meetings[0].pk]))
    assert resp.status_code == 500
    assert AuditEvent.objects.count() == before


def test_reading_the_audit_log_is_audited(clients, demo):
    url = reverse("partnerships:audit", args=[demo.slug])
    assert clients["chair"].get(url).status_code == 200
    assert clients["chair"].get(url, {"action": "create"}).status_code == 200
    reads = AuditEvent.objects.filter(model="core.AuditLog", partnership=demo).order_by("id")
    assert [(e.username, e.action, e.restricted) for e in reads] == [("chair", "view", True)] * 2
    assert reads[1].object_repr.endswith("(created)")
    # A person without the role is refused, and nothing is logged as read.
    assert clients["board"].get(url).status_code == 403
    assert reads.count() == 2
