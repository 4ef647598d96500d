"""Changes by people who may not make them are refused and change nothing; ids from
another partnership are not found. Expected answers are typed by hand."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from saferplaces.web.actions.models import Action, Priority, RagChange
from saferplaces.web.core.models import AuditEvent
from saferplaces.web.meetings.models import (
    ActionPoint,
    AgendaItem,
    Decision,
    Meeting,
    Minute,
    PublicQuestion,
)
from saferplaces.web.partnerships.models import Member, Organisation, Partnership
from tests.web.conftest import member

REFUSED = ["anonymous", "outsider", "guest", "board", "analyst"]


def _changes() -> int:
    return AuditEvent.objects.exclude(action__in=("view", "download")).count()


def _cases(demo, meetings):
    m3 = meetings[2]
    item = m3.items().get(number="6")
    action = Action.objects.filter(partnership=demo, number="3.2").get()
    s = demo.slug
    chair = member(demo, "Alex Morgan")
    return {
        "create a meeting": (
            reverse("meetings:add", args=[s]),
            {
                "title": "Extra",
                "body": "board",
                "date": "2027-01-05",
                "location": "Hall",
                "status": "planned",
            },
        ),
        "add an agenda item": (
            reverse("meetings:item_add", args=[s, m3.pk]),
            {"number": "11", "title": "Extra", "section": "closing", "lead": chair.pk},
        ),
        "record minutes": (
            reverse("meetings:item_minutes", args=[s, m3.pk, item.pk]),
            {"form": "minute", "minute-text": "Minutes"},
        ),
        "amend agreed minutes": (
            reverse("meetings:amend", args=[s, meetings[0].pk]),
            {
                "target": "other",
                "amended": "Corrected",
                "reason": "Typo",
                "agreed_at": meetings[1].pk,
            },
        ),
        "record a public question": (
            reverse("meetings:question_add", args=[s, m3.pk]),
            {"asked_by": "A resident", "received_on": "2026-01-02", "question": "Why?"},
        ),
        "change a RAG status": (
            reverse("actions:rag", args=[s, action.pk]),
            {"status": "green", "reason": "Done"},
        ),
        "add a priority": (
            reverse("actions:priority_add", args=[s]),
            {"plan_year": "2030/31", "number": "1", "title": "A priority"},
        ),
        "add an organisation": (
            reverse("partnerships:organisation_add", args=[s]),
            {"name": "Housing Association", "kind": "housing"},
        ),
        "archive a member": (
            reverse("partnerships:member_archive", args=[s, member(demo, "Casey Nolan").pk]),
            {"reason": "Left"},
        ),
    }


CASES = [
    "create a meeting",
    "add an agenda item",
    "record minutes",
    "amend agreed minutes",
    "record a public question",
    "change a RAG status",
    "add a priority",
    "add an organisation",
    "archive a member",
]


@pytest.mark.parametrize("case", CASES)
def test_refused_roles_change_nothing(case, clients, demo, meetings):
    url, data = _cases(demo, meetings)[case]
    before = _changes()
    for who in REFUSED:
        resp = clients[who].post(url, data)
        assert resp.status_code == (302 if who == "anonymous" else 403), (who, resp.status_code)
    assert _changes() == before
    resp = clients["officer"].post(url, data)
    assert resp.status_code == 302, resp.content.decode()[:2000]
    assert _changes() > before


def test_rag_history_is_untouched_by_refused_roles(clients, demo):
    action = Action.objects.get(partnership=demo, number="3.2")
    n = RagChange.objects.filter(action=action).count()
    for who in REFUSED:
        clients[who].post(
            reverse("actions:rag", args=[demo.slug, action.pk]), {"status": "red", "reason": "x"}
        )
    assert RagChange.objects.filter(action=action).count() == n


@pytest.fixture
def other(demo):
    """A second partnership with a meeting, a restricted item, a member and an action."""
    p = Partnership(name="Other CSP", slug="other", area_code="E07000008")
    p.save_by(None)
    m = Meeting(
        partnership=p, title="Other board", date=date.today() + timedelta(days=5), location="X"
    )
    m.save_by(None)
    item = AgendaItem(meeting=m, number="1", title="OTHER-SECRET", restricted=True, lead_text="x")
    item.save_by(None)
    person = Member(partnership=p, name="Foreign person")
    person.save_by(None)
    pr = Priority(partnership=p, plan_year="2026/27", number=1, title="Other priority")
    pr.save_by(None)
    a = Action(partnership=p, priority=pr, number="1.1", text="Other action")
    a.save_by(None)
    org = Organisation(partnership=p, name="Other council")
    org.save_by(None)
    return {"meeting": m, "item": item, "member": person, "action": a, "org": org}


def test_ids_from_another_partnership_are_not_found(clients, demo, meetings, other):
    s = demo.slug
    m3 = meetings[2]
    c = clients["officer"]
    urls = [
        reverse("meetings:detail", args=[s, other["meeting"].pk]),
        reverse("meetings:item_minutes", args=[s, other["meeting"].pk, other["item"].pk]),
        reverse("meetings:item_minutes", args=[s, m3.pk, other["item"].pk]),
        reverse("meetings:agenda_pack", args=[s, other["meeting"].pk, "pdf"]),
        reverse("actions:action", args=[s, other["action"].pk]),
        reverse("actions:rag", args=[s, other["action"].pk]),
        reverse("partnerships:member_edit", args=[s, other["member"].pk]),
        reverse("partnerships:organisation_edit", args=[s, other["org"].pk]),
    ]
    for url in urls:
        assert c.get(url).status_code == 404, url
    resp = c.post(
        reverse("meetings:item_minutes", args=[s, m3.pk, other["item"].pk]),
        {"form": "minute", "minute-text": "x"},
    )
    assert resp.status_code == 404
    assert not Minute.objects.filter(item=other["item"]).exists()
    # The other partnership's restricted item is hidden from this officer there too.
    assert (
        "OTHER-SECRET"
        not in c.get(
            reverse("meetings:detail", args=["other", other["meeting"].pk])
        ).content.decode()
    )


def test_people_from_another_partnership_cannot_be_chosen(clients, demo, meetings, other):
    m3 = meetings[2]
    item = m3.items().first()
    resp = clients["officer"].post(
        reverse("meetings:item_minutes", args=[demo.slug, m3.pk, item.pk]),
        {
            "form": "action",
            "action-text": "t",
            "action-owner": other["member"].pk,
            "action-status": "open",
        },
    )
    assert resp.status_code == 200 and "Select a valid choice" in resp.content.decode()
    assert not ActionPoint.objects.filter(meeting=m3, text="t").exists()
    resp = clients["officer"].post(
        reverse(
            "actions:action_edit",
            args=[demo.slug, Action.objects.filter(partnership=demo).first().pk],
        ),
        {"responsible_agency": other["org"].pk},
    )
    assert resp.status_code == 200 and "Select a valid choice" in resp.content.decode()


def test_a_review_of_another_bodys_point_is_not_found(clients, demo, meeting_day):
    _, _, m3 = meeting_day
    dg = Meeting(
        partnership=demo,
        body="delivery_group",
        title="DG",
        date=m3.date - timedelta(days=9),
        location="X",
    )
    dg.save_by(None)
    it = AgendaItem(meeting=dg, number="1", title="t", lead_text="x")
    it.save_by(None)
    ap = ActionPoint(meeting=dg, item=it, text="DG point", owner_text="x")
    ap.assign_number()
    ap.save_by(None)
    resp = clients["officer"].post(
        reverse("meetings:review", args=[demo.slug, m3.pk, ap.pk]), {"status": "open"}
    )
    assert resp.status_code == 404


def test_decisions_and_questions_stay_with_their_meeting(clients, demo, meetings):
    m1, m2, _ = meetings
    q = PublicQuestion.objects.get(meeting=m2)
    url = reverse("meetings:record_edit", args=[demo.slug, m1.pk, "question", q.pk])
    assert clients["officer"].post(url, {"question": "moved"}).status_code == 404
    d = Decision.objects.get(item__meeting=m2)
    url = reverse("meetings:record_archive", args=[demo.slug, m1.pk, "decision", d.pk])
    assert clients["officer"].post(url, {"reason": "x"}).status_code == 404
    assert not Decision.objects.get(pk=d.pk).is_archived
