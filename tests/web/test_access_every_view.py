"""Every page, every role: the answer each gets, written out by hand.

The expected answers are the access policy as a person reads it in docs/web.md, typed
here row by row; nothing is read from the code's own permission table. The list of
pages comes from the URL configuration, so a new page without a row here fails
``test_every_named_view_has_a_row``.

Columns, in order: a visitor who is not signed in, a signed-in person who is not a
member, then the demo logins guest, board (board member), analyst, officer, chair.
"""

from __future__ import annotations

import pytest
from django.urls import get_resolver, reverse

from saferplaces.web.actions.models import Action, Priority
from tests.web.conftest import open_point

WHO = ["anonymous", "outsider", "guest", "board", "analyst", "officer", "chair"]

# What each kind of page answers, typed by hand (302 = sent to sign in).
EVERYONE = (200, 200, 200, 200, 200, 200, 200)
MEMBERS = (302, 403, 200, 200, 200, 200, 200)
NOT_GUESTS = (302, 403, 403, 200, 200, 200, 200)
OFFICER_AND_CHAIR = (302, 403, 403, 403, 403, 200, 200)
OFFICER_AND_ANALYST = (302, 403, 403, 403, 200, 200, 403)

EXPECTED: dict[str, tuple[int, ...]] = {
    # the partnership and its people
    "partnerships:detail": EVERYONE,
    "partnerships:members": MEMBERS,
    "partnerships:member_add": OFFICER_AND_CHAIR,
    "partnerships:member_edit": OFFICER_AND_CHAIR,
    "partnerships:member_archive": OFFICER_AND_CHAIR,
    "partnerships:organisation_add": OFFICER_AND_CHAIR,
    "partnerships:organisation_edit": OFFICER_AND_CHAIR,
    "partnerships:edit": OFFICER_AND_CHAIR,
    "partnerships:audit": OFFICER_AND_CHAIR,
    # meetings: public pages, members' register, officers' forms
    "meetings:list": EVERYONE,
    "meetings:detail": EVERYONE,
    "meetings:agenda_pack": EVERYONE,
    "meetings:minutes": EVERYONE,
    "meetings:paper": (302, 403, 403, 200, 200, 200, 200),  # a restricted paper
    "meetings:action_points": MEMBERS,
    "meetings:add": OFFICER_AND_CHAIR,
    "meetings:edit": OFFICER_AND_CHAIR,
    "meetings:item_add": OFFICER_AND_CHAIR,
    "meetings:item_edit": OFFICER_AND_CHAIR,
    "meetings:item_minutes": OFFICER_AND_CHAIR,
    "meetings:paper_add": OFFICER_AND_CHAIR,
    "meetings:question_add": OFFICER_AND_CHAIR,
    "meetings:attendance": OFFICER_AND_CHAIR,
    "meetings:declaration_add": OFFICER_AND_CHAIR,
    "meetings:agree_minutes": OFFICER_AND_CHAIR,
    "meetings:review": OFFICER_AND_CHAIR,
    "meetings:point_edit": OFFICER_AND_CHAIR,
    "meetings:record_edit": OFFICER_AND_CHAIR,
    "meetings:record_archive": OFFICER_AND_CHAIR,
    # the action plan: members read, officers change
    "actions:plan": MEMBERS,
    "actions:print": MEMBERS,
    "actions:action": MEMBERS,
    "actions:priority_add": OFFICER_AND_CHAIR,
    "actions:priority_edit": OFFICER_AND_CHAIR,
    "actions:action_add": OFFICER_AND_CHAIR,
    "actions:action_edit": OFFICER_AND_CHAIR,
    "actions:rag": OFFICER_AND_CHAIR,
    "actions:progress_add": OFFICER_AND_CHAIR,
    "actions:place_add": OFFICER_AND_CHAIR,
    # evidence: members but not guests; flags and assessments made by analyst and officer
    "evidence:indicators": NOT_GUESTS,
    "evidence:wards": NOT_GUESTS,
    "evidence:ward": NOT_GUESTS,
    "evidence:trend": NOT_GUESTS,
    "evidence:quality": NOT_GUESTS,
    "evidence:flags": NOT_GUESTS,
    "evidence:flag_ward": NOT_GUESTS,
    "evidence:flags_run": OFFICER_AND_ANALYST,
    "evidence:flag_decide": OFFICER_AND_ANALYST,
    "evidence:assessments": NOT_GUESTS,
    "evidence:assessment_file": NOT_GUESTS,
    "evidence:assessment_new": OFFICER_AND_ANALYST,
    "evidence:assessment_job": NOT_GUESTS,
    "evidence:assessment_publish": OFFICER_AND_CHAIR,
    # published assessments: the public edition, once published, for everyone
    "published:list": EVERYONE,
    "published:file": EVERYONE,
}

# Pages that belong to no partnership.
GLOBAL = {
    "home": EVERYONE,
    "accessibility": EVERYONE,
    "login": EVERYONE,
    "partnership_add": (302, 403, 403, 403, 403, 403, 403),  # superusers only
}


def _named_routes() -> dict[str, object]:
    out = {}

    def walk(patterns, ns=""):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                walk(p.url_patterns, f"{ns}{p.namespace}:" if p.namespace else ns)
            elif p.name:
                out[f"{ns}{p.name}"] = p.callback

    walk(get_resolver().url_patterns)
    return out


ROUTES = _named_routes()


def url_for(name: str, demo, meetings, paper, published) -> str:
    m1, m2, m3 = meetings
    item = m2.agenda_items.first()
    point = open_point(m1)
    action = Action.objects.filter(partnership=demo).first()
    priority = Priority.objects.filter(partnership=demo).first()
    member = demo.members.first()
    org = demo.organisations.first()
    decision = m2.agenda_items.get(number="9").decisions.first()
    s = {"slug": demo.slug}
    kwargs = {
        "partnerships:detail": s,
        "partnerships:members": s,
        "partnerships:member_add": s,
        "partnerships:member_edit": {**s, "pk": member.pk},
        "partnerships:member_archive": {**s, "pk": member.pk},
        "partnerships:organisation_add": s,
        "partnerships:organisation_edit": {**s, "pk": org.pk},
        "partnerships:edit": s,
        "partnerships:audit": s,
        "meetings:list": s,
        "meetings:add": s,
        "meetings:action_points": s,
        "meetings:detail": {**s, "pk": m2.pk},
        "meetings:edit": {**s, "pk": m2.pk},
        "meetings:item_add": {**s, "pk": m2.pk},
        "meetings:item_edit": {**s, "pk": m2.pk, "item_pk": item.pk},
        "meetings:item_minutes": {**s, "pk": m2.pk, "item_pk": item.pk},
        "meetings:paper_add": {**s, "pk": m2.pk, "item_pk": item.pk},
        "meetings:paper": {**s, "pk": m3.pk, "paper_pk": paper.pk},
        "meetings:question_add": {**s, "pk": m2.pk},
        "meetings:attendance": {**s, "pk": m2.pk},
        "meetings:declaration_add": {**s, "pk": m2.pk},
        "meetings:agree_minutes": {**s, "pk": m3.pk},
        "meetings:review": {**s, "pk": m3.pk, "point_pk": point.pk},
        "meetings:point_edit": {**s, "pk": m1.pk, "point_pk": point.pk},
        "meetings:record_edit": {**s, "pk": m2.pk, "kind": "decision", "record_pk": decision.pk},
        "meetings:record_archive": {
            **s,
            "pk": m2.pk,
            "kind": "decision",
            "record_pk": decision.pk,
        },
        "meetings:agenda_pack": {**s, "pk": m3.pk, "fmt": "docx"},
        "meetings:minutes": {**s, "pk": m1.pk, "fmt": "docx"},
        "actions:plan": s,
        "actions:print": {**s, "year": priority.plan_year.replace("/", "-")},
        "actions:priority_add": s,
        "actions:priority_edit": {**s, "pk": priority.pk},
        "actions:action_add": s,
        "actions:action": {**s, "pk": action.pk},
        "actions:action_edit": {**s, "pk": action.pk},
        "actions:rag": {**s, "pk": action.pk},
        "actions:progress_add": {**s, "pk": action.pk},
        "actions:place_add": {**s, "pk": action.pk},
        "evidence:indicators": s,
        "evidence:wards": s,
        "evidence:ward": {**s, "code": "E05014031"},
        "evidence:trend": s,
        "evidence:quality": s,
        "evidence:flags": s,
        "evidence:flag_ward": {**s, "code": "E05014031"},
        "evidence:flags_run": s,
        "evidence:flag_decide": {**s, "code": "E05014031"},
        "evidence:assessments": s,
        "evidence:assessment_file": {**s, "name": published.name, "fmt": "html"},
        "evidence:assessment_new": s,
        "evidence:assessment_job": {**s, "pk": published.pk},
        "evidence:assessment_publish": {**s, "name": published.name},
        "published:list": s,
        "published:file": {**s, "name": published.name, "fmt": "html"},
    }[name]
    return reverse(name, kwargs=kwargs)


def test_every_named_view_has_a_row():
    missing = sorted(n for n in ROUTES if n not in EXPECTED and n not in GLOBAL | {"logout": 0})
    assert missing == []
    gone = sorted(n for n in EXPECTED if n not in ROUTES)
    assert gone == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_role_gets_what_the_policy_says(name, clients, demo, meetings, paper, published):
    url = url_for(name, demo, meetings, paper, published)
    got = tuple(clients[who].get(url).status_code for who in WHO)
    assert dict(zip(WHO, got, strict=True)) == dict(zip(WHO, EXPECTED[name], strict=True)), url
    if EXPECTED[name][0] == 302:
        assert clients["anonymous"].get(url)["Location"].startswith(reverse("login"))


def test_global_pages(clients):
    for name, expected in GLOBAL.items():
        url = reverse(name)
        got = tuple(clients[who].get(url).status_code for who in WHO)
        assert got == expected, name


def test_a_superuser_may_add_a_partnership(clients, django_user_model):
    from django.test import Client

    django_user_model.objects.create_superuser("root", password="root-long-password")
    c = Client()
    c.login(username="root", password="root-long-password")
    assert c.get(reverse("partnership_add")).status_code == 200


def test_sign_in_and_out(demo, client):
    resp = client.post(reverse("login"), {"username": "officer", "password": "wrong"})
    assert resp.status_code == 200
    assert "There is a problem" in resp.content.decode()
    resp = client.post(
        reverse("login"), {"username": "officer", "password": "saferplaces-demo", "next": "/"}
    )
    assert resp.status_code == 302
    assert client.get(reverse("actions:plan", args=[demo.slug])).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("actions:plan", args=[demo.slug])).status_code == 302


def test_a_member_whose_term_has_ended_has_no_access(clients, demo):
    from datetime import date, timedelta

    m = demo.members.get(user__username="board")
    m.term_end = date.today() - timedelta(days=1)
    m.save_by(None)
    assert clients["board"].get(reverse("actions:plan", args=[demo.slug])).status_code == 403


def test_unknown_partnership_is_404(clients):
    assert clients["officer"].get("/p/nowhere/").status_code == 404


def test_roles_belong_to_one_partnership(clients, demo):
    """Several partnerships share an instance; a role in one gives nothing in another."""
    from saferplaces.web.partnerships.models import Partnership

    other = Partnership(name="Cambridge CSP", slug="cambridge", area_code="E07000008")
    other.save_by(None)
    assert clients["officer"].get(reverse("actions:plan", args=["cambridge"])).status_code == 403
    assert (
        clients["officer"].get(reverse("partnerships:detail", args=["cambridge"])).status_code
        == 200
    )
    home = clients["officer"].get(reverse("home")).content.decode()
    assert "Cambridge CSP" in home and "Partnership support officer" in home
