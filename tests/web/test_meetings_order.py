"""Agenda items in the order people number them (1, 2, 2a, 6 (a), 10, then unnumbered
items) and action points 10/11 before 10/100, on every page and database."""

from __future__ import annotations

import random
from datetime import date

import pytest
from django.urls import reverse

from saferplaces.web.meetings.numbering import natural_key
from tests.web.conftest import member
from tests.web.factories.meetings import action_point, meeting

# Written out by hand, in the order a committee clerk would print them.
AGENDA = ["1", "2", "2a", "2 (b)", "6 (a)", "6(b)", "7", "10", "10.1", "11", "Closing business"]
POINTS = ["09/01", "10/01", "10/02", "10/11", "10/99", "10/100", "10/101"]


@pytest.mark.parametrize("wanted", [AGENDA, POINTS])
def test_natural_key_sorts_numbers_as_people_write_them(wanted):
    shuffled = wanted[:]
    random.Random(17).shuffle(shuffled)
    assert sorted(shuffled, key=natural_key) == wanted


def test_natural_key_details():
    # Spacing, brackets and case do not matter; letters come after their number.
    assert natural_key("6 (a)") == natural_key("6(a)") == natural_key("6A")
    assert natural_key("2") < natural_key("2a") < natural_key("2b") < natural_key("3")
    # Plain text sorts the string way it would not: "10" after "9", "100" after "11".
    assert natural_key("9") < natural_key("10") and "9" > "10"
    assert natural_key("10/11") < natural_key("10/100") and "10/11" > "10/100"
    # Unnumbered items share one key, after every numbered one: their position decides.
    assert natural_key("AOB") == natural_key("") == natural_key("Closing")
    assert natural_key("999") < natural_key("AOB")


def test_agenda_page_lists_items_by_number(clients, demo):
    m = meeting(demo, 40)
    chair = member(demo, "Alex Morgan")
    # Entered out of order, as happens when items are added late.
    entered = [
        ("1", "Welcome"),
        ("10", "Date of next meeting"),
        ("AOB", "Any other business"),
        ("2", "Minutes of the last meeting"),
        ("Close", "Closing business"),
        ("6 (a)", "Funding bids"),
        ("2a", "Matters arising"),
    ]
    for number, title in entered:
        resp = clients["officer"].post(
            reverse("meetings:item_add", args=[demo.slug, m.pk]),
            {"number": number, "title": title, "section": "opening", "lead": chair.pk},
        )
        assert resp.status_code == 302, resp.content.decode()[:500]
    html = clients["guest"].get(reverse("meetings:detail", args=[demo.slug, m.pk]))
    html = html.content.decode()
    wanted = [
        "Welcome",
        "Minutes of the last meeting",
        "Matters arising",
        "Funding bids",
        "Date of next meeting",
        "Any other business",  # unnumbered ones keep the order they were entered in
        "Closing business",
    ]
    at = [html.index(t) for t in wanted]
    assert at == sorted(at), [t for _, t in sorted(zip(at, wanted, strict=True))]
    assert [i.number for i in m.items()] == ["1", "2", "2a", "6 (a)", "10", "AOB", "Close"]


def test_action_point_register_lists_10_11_before_10_100(clients, demo):
    m = meeting(demo, -1, date=date(2025, 10, 14))
    made = {}
    for n in (100, 11, 2):
        made[n] = action_point(m, member(demo, "Alex Morgan"), text=f"Point set {n}")
        # The numbers a busy month reaches; set as the app would have numbered them.
        made[n].number = f"10/{n:02d}"
        made[n].save_by(None)
    html = clients["officer"].get(reverse("meetings:action_points", args=[demo.slug]))
    html = html.content.decode()
    at = [html.index(f"Point set {n}") for n in (2, 11, 100)]
    assert at == sorted(at)
