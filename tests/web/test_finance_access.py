"""Who may change money, typed by hand: refused changes change nothing, and a member of
another partnership is an outsider here on every page of this one."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from saferplaces.web.core.models import AuditEvent
from saferplaces.web.finance.models import FinancialYear, Revision
from saferplaces.web.partnerships.models import Member, Partnership
from tests.web.conftest import login
from tests.web.finance_helpers import counts, money
from tests.web.test_access_every_view import EXPECTED, WHO, url_for


@pytest.fixture
def other_member(demo):
    """The chair of another partnership in the same instance."""
    other = Partnership(name="Cambridge CSP", slug="cambridge", area_code="E07000008")
    other.save_by(None)
    user = get_user_model().objects.create_user("otherchair", password="saferplaces-demo")
    Member(partnership=other, user=user, name="Other Chair", role="chair").save_by(None)
    return login("otherchair")


def test_a_member_of_another_partnership_is_an_outsider_on_every_page(
    other_member, demo, meetings, paper, published
):
    outsider = WHO.index("outsider")
    got = {}
    for name in sorted(EXPECTED):
        url = url_for(name, demo, meetings, paper, published)
        got[name] = (other_member.get(url).status_code, EXPECTED[name][outsider])
    assert {k: v for k, v in got.items() if v[0] != v[1]} == {}


def _posts(demo):
    now = FinancialYear.objects.filter(partnership=demo).order_by("-year").first()
    last = FinancialYear.objects.filter(partnership=demo, status="closed").get()
    line = now.lines.live().first()
    s, y = demo.slug, now.slug
    pending = Revision.objects.filter(year=now).order_by("-id").first()
    return {
        "add a line": (
            ["officer"],
            reverse("finance:line_add", args=[s, y]),
            {"number": 99, "item": "New", "fund": line.fund.pk, "original": "10"},
        ),
        "revise": (
            ["officer"],
            reverse("finance:revise", args=[s, y]),
            {
                **{f"line_{x.pk}": str(x.current) for x in now.lines.live()},
                f"line_{line.pk}": str(line.current - 1),
                "reason": "Because",
            },
        ),
        "record a payment": (
            ["officer"],
            reverse("finance:entry_add", args=[s, y]),
            {
                "kind": "payment",
                "on": now.starts.isoformat(),
                "line": line.pk,
                "description": "x",
                "amount": "1",
            },
        ),
        "approve a revision": (
            ["chair"],
            reverse("finance:revision_decide", args=[s, y, pending.pk]),
            {"decision": "approve"},
        ),
        "set the threshold": (
            ["chair"],
            reverse("finance:settings", args=[s]),
            {"approval_threshold": "1"},
        ),
        "close the year": (["officer", "chair"], reverse("finance:close", args=[s, y]), {}),
        "reopen last year": (
            ["chair"],
            reverse("finance:reopen", args=[s, last.slug]),
            {"reason": "Because"},
        ),
    }


@pytest.mark.parametrize(
    "case",
    [
        "add a line",
        "revise",
        "record a payment",
        "approve a revision",
        "set the threshold",
        "close the year",
        "reopen last year",
    ],
)
def test_changes_by_those_who_may_not_make_them_change_nothing(case, clients, demo, other_member):
    money(demo)
    if case == "close the year":  # the demo's pending revision would stop it
        from saferplaces.web.finance.ledger import decide_revision

        chair = get_user_model().objects.get(username="chair")
        decide_revision(Revision.objects.get(status="pending"), chair, approve=False, note="No")
    allowed, url, data = _posts(demo)[case]
    clients["other partnership"] = other_member
    before = counts()
    for who, c in clients.items():
        if who in allowed:
            continue
        resp = c.post(url, data)
        assert resp.status_code in (302, 403), (who, resp.status_code)
        if resp.status_code == 302:
            assert resp["Location"].startswith(reverse("login")), who
    assert counts() == before
    changes = AuditEvent.objects.exclude(action__in=("view", "download")).count()
    resp = clients[allowed[0]].post(url, data)
    assert resp.status_code == 302, resp.content.decode()[:2000]
    assert not resp["Location"].startswith(reverse("login")), resp["Location"]
    assert AuditEvent.objects.exclude(action__in=("view", "download")).count() > changes
