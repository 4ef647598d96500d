"""A person's role: memberships in office today, the same answer on every database.

Each test builds the memberships by hand and says, by hand, what the person may do.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from saferplaces.web.core.permissions import can, role_for, roles_for
from saferplaces.web.partnerships.models import Member
from tests.web import factories
from tests.web.conftest import login

TODAY = date.today()


# These tests need the five logins and one meeting, not the whole demo seed: the
# fixtures they name are made small here (docs/testing.md).
@pytest.fixture
def demo(partnership, board):
    return partnership


@pytest.fixture
def meetings(demo):
    return (
        factories.meeting(demo, days=-150),
        factories.meeting(demo, days=-60),
        factories.meeting(demo, days=30),
    )


def _officer(demo) -> Member:
    return Member.objects.get(partnership=demo, user__username="officer")


def test_open_ended_guest_record_beside_a_dated_officer_record(clients, demo):
    """SQLite sorts NULL term starts last, PostgreSQL first: the answer must not care."""
    m = _officer(demo)
    Member(partnership=demo, user=m.user, name=m.name, role="guest").save_by(None)
    m.term_start = date(2025, 1, 1)
    m.save_by(None)
    user = m.user
    assert roles_for(user, demo) == ["officer", "guest"]
    assert role_for(user, demo) == "officer"
    assert can(user, demo, "edit_plan")
    resp = clients["officer"].get(reverse("actions:priority_add", args=[demo.slug]))
    assert resp.status_code == 200, connection.vendor


def test_a_next_term_record_does_not_end_the_current_one(clients, demo):
    m = _officer(demo)
    Member(
        partnership=demo,
        user=m.user,
        name=m.name,
        role="guest",
        term_start=TODAY + timedelta(days=30),
    ).save_by(None)
    assert role_for(m.user, demo) == "officer"
    assert clients["officer"].get(reverse("actions:plan", args=[demo.slug])).status_code == 200
    assert clients["officer"].get(reverse("meetings:add", args=[demo.slug])).status_code == 200


def test_a_term_that_ended_gives_nothing_even_beside_a_future_one(clients, demo):
    m = _officer(demo)
    m.term_end = TODAY - timedelta(days=1)
    m.save_by(None)
    Member(
        partnership=demo,
        user=m.user,
        name=m.name,
        role="officer",
        term_start=TODAY + timedelta(days=1),
    ).save_by(None)
    assert roles_for(m.user, demo) == []
    assert clients["officer"].get(reverse("actions:plan", args=[demo.slug])).status_code == 403


def test_two_roles_in_office_give_both_powers(demo):
    """An analyst who is also the vice-chair edits meetings and runs place flags."""
    a = Member.objects.get(partnership=demo, user__username="analyst")
    Member(partnership=demo, user=a.user, name=a.name, role="vice_chair").save_by(None)
    assert roles_for(a.user, demo) == ["vice_chair", "analyst"]
    assert can(a.user, demo, "edit_meetings")  # as vice-chair
    assert can(a.user, demo, "run_flags")  # as analyst
    assert not can(a.user, demo, "manage_members")  # neither role


def test_term_boundaries_are_inclusive(demo):
    m = _officer(demo)
    m.term_start, m.term_end = TODAY, TODAY
    m.save_by(None)
    assert role_for(m.user, demo) == "officer"


def test_the_role_is_looked_up_once_per_request(clients, demo, meetings):
    """The navigation, the page's permission check and the template all ask; one query."""
    c = login("officer")
    url = reverse("meetings:detail", args=[demo.slug, meetings[2].pk])
    c.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert c.get(url).status_code == 200
    member_queries = [q for q in ctx.captured_queries if 'FROM "partnerships_member"' in q["sql"]]
    lookups = [q for q in member_queries if '"user_id" =' in q["sql"]]
    assert len(lookups) == 1, [q["sql"][:120] for q in lookups]
