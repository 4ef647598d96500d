"""Values at their limits give one answer on SQLite and PostgreSQL (issue 18 §11): the
100th action point of a month, a long short name, an agenda item's order left empty,
and linking accounts to a partnership."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from saferplaces.web.core.models import TooLong
from saferplaces.web.meetings.models import ActionPoint
from saferplaces.web.partnerships.models import Member, Partnership
from tests.web.conftest import member


def test_the_hundredth_action_point_of_a_month(clients, demo, meetings):
    # The second meeting: its minutes are a draft, so points can still be added.
    m1 = meetings[1]
    item = m1.items().filter(restricted=False).first()
    month = f"{m1.date.month:02d}"
    already = ActionPoint.objects.filter(meeting__partnership=demo, number__startswith=month)
    # Fill the month to 99, as if a long tasking meeting recorded them all.
    n = max(int(p.number.split("/")[1]) for p in already) if already.exists() else 0
    for i in range(n + 1, 100):
        ActionPoint(meeting=m1, item=item, number=f"{month}/{i:02d}", text=f"Point {i}").save_by(
            None
        )
    resp = clients["officer"].post(
        reverse("meetings:item_minutes", args=[demo.slug, m1.pk, item.pk]),
        {
            "form": "action",
            "action-text": "The hundredth",
            "action-owner": member(demo, "Sam Patel").pk,
            "action-status": "open",
        },
    )
    assert resp.status_code == 302
    assert ActionPoint.objects.get(text="The hundredth").number == f"{month}/100"


def test_a_short_name_over_sixty_characters_is_refused_in_one_line(cli, demo, loaded_path):
    slug = "a-" * 40 + "csp"  # 83 characters
    r = cli(
        "admin", "createpartnership", "X", "--slug", slug, "--area", "Cambridge",
        "--warehouse", loaded_path,
    )  # fmt: skip
    assert r.code == 1 and "83 characters long: at most 60" in r.err
    assert len(r.err.strip().splitlines()) == 1
    assert not Partnership.objects.filter(slug=slug).exists()


def test_a_long_name_is_refused_the_same_way_on_every_database(demo):
    from saferplaces.web.partnerships.models import Organisation

    org = Organisation(partnership=demo, name="Police", short_name="x" * 41)
    with pytest.raises(TooLong, match="short name: 41 characters, at most 40"):
        org.save_by(None)
    assert not Organisation.objects.filter(short_name="x" * 41).exists()


def test_an_item_saved_with_its_order_empty_keeps_its_place(clients, demo, meetings):
    m3 = meetings[2]
    items = list(m3.items())
    item = items[1]
    place = item.order
    resp = clients["officer"].post(
        reverse("meetings:item_edit", args=[demo.slug, m3.pk, item.pk]),
        {
            "number": item.number,
            "title": item.title + " (revised)",
            "section": item.section,
            "lead": item.lead_id or "",
            "lead_text": item.lead_text or ("As written" if not item.lead_id else ""),
            "minutes_allotted": item.minutes_allotted or "",
            "description": item.description,
            "order": "",
        },
    )
    assert resp.status_code == 302, resp.content.decode()[:2000]
    item.refresh_from_db()
    assert item.order == place and item.title.endswith("(revised)")
    assert [i.pk for i in m3.items()] == [i.pk for i in items]


@pytest.fixture
def second(demo):
    """A second partnership with a member who has an account."""
    p = Partnership(name="Cambridge CSP", slug="cambridge", area_code="E07000008")
    p.save_by(None)
    user = get_user_model().objects.create_user("cam-officer", password="x")
    Member(partnership=p, user=user, name="Cam Officer", role="officer").save_by(None)
    return p


def _link(client, demo, username):
    return client.post(
        reverse("partnerships:member_add", args=[demo.slug]),
        {"name": "Someone", "role": "member", "username": username},
    )


def test_an_officer_cannot_link_another_partnerships_member(clients, demo, second):
    resp = _link(clients["officer"], demo, "cam-officer")
    assert resp.status_code == 200
    assert not Member.objects.filter(partnership=demo, user__username="cam-officer").exists()


def test_the_member_form_does_not_tell_which_accounts_exist(clients, demo, second):
    def message(username):
        html = _link(clients["officer"], demo, username).content.decode()
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
        return html.replace(username, "NAME")

    # An account of another partnership and no account at all get the same page.
    assert message("cam-officer") == message("no-such-person")


def test_an_unattached_account_or_one_of_ours_can_be_linked(clients, demo, outsider):
    assert _link(clients["officer"], demo, "outsider").status_code == 302
    assert _link(clients["officer"], demo, "board").status_code == 302  # a second role
