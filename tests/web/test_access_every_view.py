"""Every page, every role: who may read it, who is sent to sign in, who is refused.

The list of pages comes from the URL configuration itself, so a new view without a
case here fails ``test_every_named_view_is_covered``.
"""

from __future__ import annotations

from html import escape

import pytest
from django.urls import get_resolver, reverse

from saferplaces.web.actions.models import Action, Priority
from saferplaces.web.core.permissions import CAPABILITIES
from saferplaces.web.demo import LOGINS
from saferplaces.web.meetings.models import Minute
from tests.web.conftest import open_point, restricted_item

ROLE_OF = {u: role for u, _, role, _ in LOGINS}


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
# Pages outside any partnership: reachable without signing in, or only signed in.
GLOBAL = {"home": True, "accessibility": True, "login": True, "logout": None}


def _kwargs(name, demo, meetings, paper) -> dict:
    m1, m2, m3 = meetings
    item = m2.agenda_items.first()
    point = open_point(m1)
    action = Action.objects.filter(partnership=demo).first()
    priority = Priority.objects.filter(partnership=demo).first()
    member = demo.members.first()
    org = demo.organisations.first()
    s = {"slug": demo.slug}
    return {
        "partnerships:detail": s,
        "partnerships:members": s,
        "partnerships:member_add": s,
        "partnerships:member_edit": {**s, "pk": member.pk},
        "partnerships:member_archive": {**s, "pk": member.pk},
        "partnerships:organisation_add": s,
        "partnerships:organisation_edit": {**s, "pk": org.pk},
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
        "evidence:assessments": s,
        "evidence:assessment_file": None,  # needs a file on disk: test_evidence covers it
    }[name]


def test_every_named_view_is_covered(demo, meetings, paper):
    for name in ROUTES:
        if name in GLOBAL:
            continue
        _kwargs(name, demo, meetings, paper)  # KeyError names the view with no case


def test_every_partnership_view_declares_who_may_use_it():
    for name, view in ROUTES.items():
        if name in GLOBAL:
            continue
        assert hasattr(view, "capability"), f"{name} is not behind partnership_view"
        assert view.public or view.capability in CAPABILITIES, name


PARTNERSHIP_ROUTES = sorted(n for n in ROUTES if n not in GLOBAL)
WHO = ["anonymous", "outsider", "guest", "board", "analyst", "officer", "chair"]


@pytest.mark.parametrize("name", PARTNERSHIP_ROUTES)
def test_each_role_gets_what_its_permissions_say(name, clients, demo, meetings, paper):
    kwargs = _kwargs(name, demo, meetings, paper)
    if kwargs is None:
        pytest.skip("covered with a file on disk in test_evidence")
    url = reverse(name, kwargs=kwargs)
    view = ROUTES[name]
    for who in WHO:
        resp = clients[who].get(url)
        role = ROLE_OF.get(who)
        if view.public:
            # Public pages answer everyone; a restricted paper still needs a member.
            if name == "meetings:paper":
                allowed = role in CAPABILITIES["view_restricted"][1]
                expected = 200 if allowed else (302 if who == "anonymous" else 403)
            else:
                expected = 200
        elif who == "anonymous":
            expected = 302
        else:
            allowed = role is not None and role in CAPABILITIES[view.capability][1]
            expected = 200 if allowed else 403
        assert resp.status_code == expected, f"{who} GET {url}: {resp.status_code}"
        if expected == 302:
            assert resp["Location"].startswith(reverse("login")), resp["Location"]


def test_global_pages(clients):
    for who in ("anonymous", "guest", "officer"):
        assert clients[who].get(reverse("home")).status_code == 200
        assert clients[who].get(reverse("accessibility")).status_code == 200
    assert clients["anonymous"].get(reverse("login")).status_code == 200


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


def test_minutes_of_restricted_items_stay_hidden_from_the_public(clients, meetings, demo):
    m1 = meetings[0]
    item = restricted_item(m1)
    text = escape(Minute.objects.get(item=item).text)
    url = reverse("meetings:detail", args=[demo.slug, m1.pk])
    public = clients["anonymous"].get(url).content.decode()
    assert item.title not in public and text not in public
    assert "Restricted item (for members only)" in public
    guest = clients["guest"].get(url).content.decode()
    assert item.title not in guest
    member = clients["board"].get(url).content.decode()
    assert item.title in member and text in member


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
