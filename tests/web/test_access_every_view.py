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
from tests.web.finance_helpers import money

WHO = ["anonymous", "outsider", "guest", "board", "analyst", "officer", "chair"]

# What each kind of page answers, typed by hand (302 = sent to sign in).
EVERYONE = (200, 200, 200, 200, 200, 200, 200)
MEMBERS = (302, 403, 200, 200, 200, 200, 200)
NOT_GUESTS = (302, 403, 403, 200, 200, 200, 200)
OFFICER_AND_CHAIR = (302, 403, 403, 403, 403, 200, 200)
OFFICER_AND_ANALYST = (302, 403, 403, 403, 200, 200, 403)
OFFICER_ONLY = (302, 403, 403, 403, 403, 200, 403)
CHAIR_ONLY = (302, 403, 403, 403, 403, 403, 200)
NOT_A_COUNTY = (302, 403, 403, 404, 404, 404, 404)

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
    "meetings:calendar": EVERYONE,
    "meetings:detail": EVERYONE,
    "meetings:agenda_pack": EVERYONE,
    "meetings:minutes": EVERYONE,
    "meetings:paper": (302, 403, 403, 200, 200, 200, 200),  # a restricted paper
    "meetings:action_points": MEMBERS,
    "meetings:add": OFFICER_AND_CHAIR,
    "meetings:publish_agenda": OFFICER_AND_CHAIR,
    "meetings:edit": OFFICER_AND_CHAIR,
    "meetings:item_add": OFFICER_AND_CHAIR,
    "meetings:item_edit": OFFICER_AND_CHAIR,
    "meetings:item_minutes": OFFICER_AND_CHAIR,
    "meetings:paper_add": OFFICER_AND_CHAIR,
    "meetings:question_add": OFFICER_AND_CHAIR,
    "meetings:attendance": OFFICER_AND_CHAIR,
    "meetings:declaration_add": OFFICER_AND_CHAIR,
    "meetings:agree_minutes": OFFICER_AND_CHAIR,
    "meetings:amend": OFFICER_AND_CHAIR,
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
    # priorities and the plan: the analyst and officer run a prioritisation, members
    # (not guests) score it and read it, officers record the board's agreement
    "planning:index": MEMBERS,
    "planning:open": OFFICER_AND_ANALYST,
    "planning:matrix": NOT_GUESTS,
    "planning:issue": NOT_GUESTS,
    "planning:score": NOT_GUESTS,
    "planning:override": OFFICER_AND_ANALYST,
    "planning:issue_add": OFFICER_AND_ANALYST,
    "planning:import": OFFICER_AND_ANALYST,
    "planning:close": OFFICER_AND_ANALYST,
    "planning:agree": OFFICER_AND_CHAIR,
    "planning:export": NOT_GUESTS,
    "planning:plan": MEMBERS,
    "planning:plan_edit": OFFICER_AND_CHAIR,
    "planning:plan_document": MEMBERS,  # the public edition
    "planning:review": MEMBERS,
    "planning:record": MEMBERS,
    "planning:measure_add": OFFICER_AND_CHAIR,
    "planning:submission_add": OFFICER_AND_CHAIR,
    # evidence: members but not guests; flags and assessments made by analyst and officer
    "evidence:indicators": NOT_GUESTS,
    "evidence:wards": NOT_GUESTS,
    "evidence:ward": NOT_GUESTS,
    "evidence:trend": NOT_GUESTS,
    "evidence:quality": NOT_GUESTS,
    "evidence:flags": NOT_GUESTS,
    "evidence:flag_ward": NOT_GUESTS,
    "evidence:flags_run": OFFICER_AND_ANALYST,
    # no flags run in this warehouse: members are told there is nothing to report
    "evidence:flags_report": (302, 403, 403, 404, 404, 404, 404),
    "evidence:flag_decide": OFFICER_AND_ANALYST,
    "evidence:assessments": NOT_GUESTS,
    "evidence:assessment_file": NOT_GUESTS,
    "evidence:assessment_new": OFFICER_AND_ANALYST,
    "evidence:assessment_job": NOT_GUESTS,
    "evidence:assessment_publish": OFFICER_AND_CHAIR,
    "evidence:similar": NOT_GUESTS,
    # a district chooses what it publishes to its county
    "partnerships:county_sharing": OFFICER_AND_CHAIR,
    # county pages exist only for a county partnership: the demo is a district, so each
    # role the page admits is told there is no such page (tests/web/test_county.py
    # covers the county's own roles and the districts' members)
    "county:overview": (302, 403, 404, 404, 404, 404, 404),
    "county:evidence": NOT_A_COUNTY,
    "county:agreements": NOT_A_COUNTY,
    "county:file": NOT_A_COUNTY,
    "county:sent": (302, 403, 403, 403, 403, 404, 404),
    # published assessments: the public edition, once published, for everyone
    "published:list": EVERYONE,
    "published:file": EVERYONE,
    # money: members but not guests read; the officer records; the chair approves
    # revisions above the threshold, sets it and reopens a closed year
    "finance:home": NOT_GUESTS,
    "finance:year": NOT_GUESTS,
    "finance:fund": NOT_GUESTS,
    "finance:line": NOT_GUESTS,
    "finance:revision": NOT_GUESTS,
    "finance:entries": NOT_GUESTS,
    "finance:grants": NOT_GUESTS,
    "finance:grant": NOT_GUESTS,
    "finance:bids": NOT_GUESTS,
    "finance:document": NOT_GUESTS,
    "finance:funder_return": NOT_GUESTS,
    # the year page's funder return form: on to the return (or back to the year page)
    "finance:funder_return_choice": (302, 403, 403, 302, 302, 302, 302),
    "finance:giving360": NOT_GUESTS,
    "finance:year_add": OFFICER_ONLY,
    "finance:import": OFFICER_ONLY,
    "finance:fund_add": OFFICER_ONLY,
    "finance:fund_edit": OFFICER_ONLY,
    "finance:allocation": OFFICER_ONLY,
    "finance:line_add": OFFICER_ONLY,
    "finance:line_edit": OFFICER_ONLY,
    "finance:line_archive": OFFICER_ONLY,
    "finance:revise": OFFICER_ONLY,
    "finance:entry_add": OFFICER_ONLY,
    "finance:entry_edit": OFFICER_ONLY,
    "finance:entry_archive": OFFICER_ONLY,
    "finance:grant_add": OFFICER_ONLY,
    "finance:grant_edit": OFFICER_ONLY,
    "finance:bid_add": OFFICER_ONLY,
    "finance:bid_edit": OFFICER_ONLY,
    "finance:close": OFFICER_AND_CHAIR,
    "finance:publish": OFFICER_AND_CHAIR,
    "finance:withdraw": OFFICER_AND_CHAIR,
    "finance:settings": CHAIR_ONLY,
    "finance:revision_decide": CHAIR_ONLY,
    "finance:reopen": CHAIR_ONLY,
    # information-sharing agreements: members read the register, officers keep it
    "agreements:list": MEMBERS,
    "agreements:detail": MEMBERS,
    "agreements:download": MEMBERS,
    "agreements:add": OFFICER_AND_CHAIR,
    "agreements:edit": OFFICER_AND_CHAIR,
    "agreements:archive": OFFICER_AND_CHAIR,
    # the end-of-year report, once a meeting agreed it and it is published: everyone
    "finance:published": EVERYONE,
    "finance:published_file": EVERYONE,
}

# Pages that belong to no partnership.
GLOBAL = {
    "home": EVERYONE,
    "accessibility": EVERYONE,
    "login": EVERYONE,
    "partnership_add": (302, 403, 403, 403, 403, 403, 403),  # superusers only
    "instance_audit": (302, 403, 403, 403, 403, 403, 403),  # superusers only
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


def _finance_kwargs(name: str, demo) -> dict:
    """The demo's illustrative money: last year closed and its report published, this
    year open with a revision waiting for the chair."""
    from saferplaces.web.finance.models import Bid, Entry, FinancialYear, Grant, Revision

    money(demo)
    now, last = FinancialYear.objects.filter(partnership=demo).order_by("-year")[:2]
    s, y = {"slug": demo.slug}, {"slug": demo.slug, "year": now.slug}
    line = now.lines.live().first()
    fund = line.fund
    return {
        "finance:home": s,
        "finance:year_add": s,
        "finance:settings": s,
        "finance:published": s,
        "finance:published_file": {**s, "year": last.slug, "fmt": "html"},
        "finance:fund_add": s,
        "finance:fund": {**s, "pk": fund.pk},
        "finance:fund_edit": {**s, "pk": fund.pk},
        "finance:bids": s,
        "finance:bid_add": s,
        "finance:bid_edit": {**s, "pk": Bid.objects.filter(partnership=demo).first().pk},
        "finance:year": y,
        "finance:close": y,
        "finance:reopen": {**s, "year": last.slug},
        "finance:import": y,
        "finance:allocation": {**y, "pk": fund.pk},
        "finance:funder_return": {**y, "pk": fund.pk, "fmt": "html"},
        "finance:funder_return_choice": y,
        "finance:line_add": y,
        "finance:line": {**y, "pk": line.pk},
        "finance:line_edit": {**y, "pk": line.pk},
        "finance:line_archive": {**y, "pk": line.pk},
        "finance:revise": y,
        "finance:revision": {**y, "pk": Revision.objects.filter(year=now).first().pk},
        "finance:revision_decide": {
            **y,
            "pk": Revision.objects.get(year=now, status="pending").pk,
        },
        "finance:entries": y,
        "finance:entry_add": y,
        "finance:entry_edit": {**y, "pk": Entry.objects.filter(year=now).first().pk},
        "finance:entry_archive": {**y, "pk": Entry.objects.filter(year=now).first().pk},
        "finance:grants": y,
        "finance:grant_add": y,
        "finance:grant": {**y, "pk": Grant.objects.filter(year=now).first().pk},
        "finance:grant_edit": {**y, "pk": Grant.objects.filter(year=now).first().pk},
        "finance:giving360": {**y, "fmt": "csv"},
        "finance:document": {**y, "kind": "end-of-year", "fmt": "html"},
        "finance:publish": {**s, "year": last.slug},
        "finance:withdraw": {**s, "year": last.slug},
    }[name]


def url_for(name: str, demo, meetings, paper, published) -> str:
    if name.startswith("finance:"):
        return reverse(name, kwargs=_finance_kwargs(name, demo))
    m1, m2, m3 = meetings
    item = m2.agenda_items.first()
    point = open_point(m1)
    action = Action.objects.filter(partnership=demo).first()
    priority = Priority.objects.filter(partnership=demo).first()
    member = demo.members.first()
    org = demo.organisations.first()
    decision = m2.agenda_items.get(number="9").decisions.first()
    s = {"slug": demo.slug}
    pr, issue = _prioritisation(demo)
    agreement = _agreement(demo)
    year = {**s, "year": priority.plan_year.replace("/", "-")}
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
        "meetings:calendar": s,
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
        "meetings:publish_agenda": {**s, "pk": m3.pk},
        "meetings:attendance": {**s, "pk": m2.pk},
        "meetings:declaration_add": {**s, "pk": m2.pk},
        "meetings:agree_minutes": {**s, "pk": m3.pk},
        "meetings:amend": {**s, "pk": m1.pk},  # agreed minutes
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
        "planning:index": s,
        "planning:open": s,
        "planning:matrix": {**s, "pk": pr.pk},
        "planning:issue": {**s, "pk": pr.pk, "issue_pk": issue.pk},
        "planning:score": {**s, "pk": pr.pk, "issue_pk": issue.pk},
        "planning:override": {**s, "pk": pr.pk, "issue_pk": issue.pk},
        "planning:issue_add": {**s, "pk": pr.pk},
        "planning:import": {**s, "pk": pr.pk},
        "planning:close": {**s, "pk": pr.pk},
        "planning:agree": {**s, "pk": pr.pk},
        "planning:export": {**s, "pk": pr.pk, "fmt": "csv"},
        "planning:plan": year,
        "planning:plan_edit": year,
        "planning:plan_document": {**year, "edition": "public", "fmt": "html"},
        "planning:review": {**year, "fmt": "html"},
        "planning:record": year,
        "planning:measure_add": year,
        "planning:submission_add": year,
        "evidence:indicators": s,
        "evidence:wards": s,
        "evidence:ward": {**s, "code": "E05014031"},
        "evidence:trend": s,
        "evidence:quality": s,
        "evidence:flags": s,
        "evidence:flag_ward": {**s, "code": "E05014031"},
        "evidence:flags_run": s,
        "evidence:flags_report": s,
        "evidence:flag_decide": {**s, "code": "E05014031"},
        "evidence:assessments": s,
        "evidence:assessment_file": {**s, "name": published.name, "fmt": "html"},
        "evidence:assessment_new": s,
        "evidence:assessment_job": {**s, "pk": published.pk},
        "evidence:assessment_publish": {**s, "name": published.name},
        "evidence:similar": s,
        "partnerships:county_sharing": s,
        "county:overview": s,
        "county:evidence": s,
        "county:agreements": s,
        "county:file": {**s, "name": "2025", "fmt": "pdf"},
        "county:sent": {**s, "name": "2025"},
        "agreements:list": s,
        "agreements:detail": {**s, "pk": agreement.pk},
        "agreements:download": {**s, "fmt": "csv"},
        "agreements:add": s,
        "agreements:edit": {**s, "pk": agreement.pk},
        "agreements:archive": {**s, "pk": agreement.pk},
        "published:list": s,
        "published:file": {**s, "name": published.name, "fmt": "html"},
    }[name]
    return reverse(name, kwargs=kwargs)


def _agreement(demo):
    """A signed information-sharing agreement in the register."""
    from datetime import date

    from saferplaces.web.agreements.models import SharingAgreement

    a = SharingAgreement(
        partnership=demo,
        title="Fire data",
        parties="Fire\nCouncil",
        purpose="Deliberate fires",
        legal_bases="gdpr_6_1_e",
        sources="fire",
        status="signed",
        signed_on=date(2025, 4, 1),
    )
    a.save_by(None)
    return a


def _prioritisation(demo):
    """An open prioritisation with one issue the partnership added."""
    from saferplaces.web.planning.models import Issue, Prioritisation

    pr = Prioritisation(
        partnership=demo,
        plan_year="2030/31",
        period="2025-01..2025-12",
        baseline="2024-01..2024-12",
        area_name="South Cambridgeshire",
    )
    pr.save_by(None)
    issue = Issue(prioritisation=pr, name="Scams", kind="added")
    issue.save_by(None)
    return pr, issue


def test_every_named_view_has_a_row():
    # Apps with many pages keep their rows beside their own test (one seeded partnership
    # for all of them): statutory reviews in test_reviews_access.py.
    from tests.web.test_reviews_access import REVIEWS_EXPECTED

    rows = EXPECTED | REVIEWS_EXPECTED
    missing = sorted(n for n in ROUTES if n not in rows and n not in GLOBAL | {"logout": 0})
    assert missing == []
    gone = sorted(n for n in rows if n not in ROUTES)
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
