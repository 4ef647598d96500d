"""The action plan: priorities, actions, RAG with its full history, quarterly progress,
the printable table, and the link from an action to a ward."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from saferplaces.web.actions.models import Action, ActionPlace, Priority, RagChange, quarters
from saferplaces.web.core.models import AppendOnly, AuditEvent


def _action(demo, number="1.3") -> Action:
    return Action.objects.get(partnership=demo, number=number)


def test_rag_change_needs_a_reason_and_keeps_history(clients, demo):
    a = _action(demo, "3.1")
    assert a.rag == "green"
    url = reverse("actions:rag", args=[demo.slug, a.pk])
    resp = clients["officer"].post(url, {"status": "amber"})
    assert resp.status_code == 400
    assert "govuk-error-summary" in resp.content.decode()
    resp = clients["officer"].post(url, {"status": "amber", "reason": "Second event postponed"})
    assert resp.status_code == 302
    a.refresh_from_db()
    assert a.rag == "amber"
    history = list(a.rag_history.all())
    assert [(h.from_status, h.to_status) for h in history] == [("green", "amber"), ("", "green")]
    assert history[0].changed_by.username == "officer"
    assert history[0].reason == "Second event postponed"
    page = clients["guest"].get(reverse("actions:action", args=[demo.slug, a.pk])).content.decode()
    assert "Second event postponed" in page and "Off target within reason, monitor" in page
    ev = AuditEvent.objects.filter(model="actions.Action", object_id=str(a.pk), action="change")
    assert ev.filter(reason="Second event postponed", changes__has_key="rag").exists()


def test_rag_history_is_append_only_in_code_and_in_the_database(demo):
    change = RagChange.objects.filter(action__partnership=demo).first()
    change.reason = "rewritten"
    with pytest.raises(AppendOnly):
        change.save()
    with pytest.raises(AppendOnly):
        change.delete()
    table = RagChange._meta.db_table
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"UPDATE {table} SET reason = 'x' WHERE id = %s", [change.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"DELETE FROM {table} WHERE id = %s", [change.pk])
    assert RagChange.objects.get(pk=change.pk).reason != "x"


def test_unknown_rag_status_is_refused(demo):
    with pytest.raises(ValidationError):
        _action(demo).set_rag("purple", None, "because")


def test_quarters_name_their_months():
    assert quarters("2025/26") == [
        ("Q1", "Q1: April to June 2025"),
        ("Q2", "Q2: July to September 2025"),
        ("Q3", "Q3: October to December 2025"),
        ("Q4", "Q4: January to March 2026"),
    ]
    with pytest.raises(ValidationError):
        quarters("2025/27")


def test_progress_entry_for_a_quarter(clients, demo):
    a = _action(demo, "3.1")
    url = reverse("actions:progress_add", args=[demo.slug, a.pk])
    resp = clients["officer"].post(url, {"quarter": "Q3", "text": "Second event held"})
    assert resp.status_code == 302
    e = a.progress.get(quarter="Q3")
    y = int(a.plan_year[:4])
    assert e.quarter_label == f"Q3: October to December {y}"
    page = clients["board"].get(reverse("actions:plan", args=[demo.slug])).content.decode()
    assert "Second event held" in page


def test_priority_and_action_forms(clients, demo):
    c = clients["chair"]
    year = Priority.objects.filter(partnership=demo).first().plan_year
    resp = c.post(
        reverse("actions:priority_add", args=[demo.slug]),
        {"plan_year": year, "number": "1", "title": "Duplicate"},
    )
    assert f"{year} already has a priority 1" in resp.content.decode()
    resp = c.post(
        reverse("actions:priority_add", args=[demo.slug]),
        {"plan_year": "2025/27", "number": "4", "title": "Bad year"},
    )
    assert "is not a financial year" in resp.content.decode()
    resp = c.post(
        reverse("actions:priority_add", args=[demo.slug]),
        {
            "plan_year": year,
            "number": "4",
            "title": "Reduce serious violence",
            "context": "Knife crime rising",
            "outcomes": "Fewer injuries",
        },
    )
    assert resp.status_code == 302
    pr = Priority.objects.get(title="Reduce serious violence")
    resp = c.post(
        reverse("actions:action_add", args=[demo.slug]),
        {
            "priority": pr.pk,
            "number": "4.1",
            "text": "Map knife crime hotspots",
            "responsible_text": "Research group",
            "timescale": "By June",
            "funding_line": "Pooled fund",
            "funding_amount": "1500.00",
        },
    )
    assert resp.status_code == 302
    a = Action.objects.get(number="4.1")
    assert a.rag == "" and str(a.funding_amount) == "1500.00"


def test_printable_plan_is_the_board_table(clients, demo):
    year = Priority.objects.filter(partnership=demo).first().plan_year
    url = reverse("actions:print", args=[demo.slug, year.replace("/", "-")])
    html = clients["guest"].get(url).content.decode()
    for header in (
        "Responsible agency / officer and timescales",
        "RAG status",
        "Progress to date",
        "RAG status key",
        "Off target, action required",
    ):
        assert header in html
    for a in Action.objects.filter(partnership=demo):
        assert f"<strong>{a.number}</strong>" in html
    assert clients["guest"].get(url.replace(year[:4], "1999")).status_code == 404


def test_plan_counts_actions_by_rag(clients, demo):
    html = clients["board"].get(reverse("actions:plan", args=[demo.slug])).content.decode()
    reds = Action.objects.filter(partnership=demo, rag="red").count()
    assert reds == 1
    assert "Red</strong> 1 action\n" in html or "Red</strong> 1 action<" in html


def test_link_an_action_to_a_ward_then_find_it_from_the_ward(clients, demo):
    a = _action(demo, "1.1")
    url = reverse("actions:place_add", args=[demo.slug, a.pk])
    form = clients["officer"].get(url).content.decode()
    assert "Histon &amp; Impington" in form
    resp = clients["officer"].post(
        url, {"ward_code": "E05011297", "indicator_id": "violence-and-sexual-offences"}
    )
    assert resp.status_code == 302
    place = ActionPlace.objects.get(action=a)
    assert place.ward_name == "Histon & Impington"
    ward = clients["board"].get(reverse("evidence:ward", args=[demo.slug, "E05011297"]))
    assert f"Action {a.number}" in ward.content.decode()
    resp = clients["officer"].post(url, {"ward_code": "E05000001"})
    assert "Select a valid choice" in resp.content.decode()


def test_voting_rules(demo):
    from saferplaces.web.partnerships.models import Member, Organisation

    police = Organisation.objects.get(partnership=demo, short_name="Police")
    extra = Member(partnership=demo, name="Second officer", organisation=police, voting=True)
    with pytest.raises(ValidationError, match="already has a voting member"):
        extra.full_clean()
    # Every save checks it, not only the forms (the database cannot: terms move).
    with pytest.raises(ValidationError, match="already has a voting member"):
        extra.save_by(None)
    cvs = Organisation.objects.get(partnership=demo, short_name="CVS")
    nonstat = Member(partnership=demo, name="Volunteer", organisation=cvs, voting=True)
    with pytest.raises(ValidationError, match="statutory"):
        nonstat.full_clean()


def test_member_form_validates_voting_and_accounts(clients, demo):
    from saferplaces.web.partnerships.models import Organisation

    police = Organisation.objects.get(partnership=demo, short_name="Police")
    url = reverse("partnerships:member_add", args=[demo.slug])
    resp = clients["officer"].post(
        url, {"name": "New", "organisation": police.pk, "role": "member", "voting": "on"}
    )
    assert "already has a voting member" in resp.content.decode()
    resp = clients["officer"].post(url, {"name": "New", "role": "member", "username": "nobody"})
    assert "There is no account called nobody" in resp.content.decode()
    resp = clients["officer"].post(
        url, {"name": "New Person", "role": "analyst", "username": "outsider"}
    )
    assert resp.status_code == 302
    assert clients["outsider"].get(reverse("evidence:quality", args=[demo.slug])).status_code == 200


def test_printed_plan_gives_the_latest_rag_reason(clients, demo):
    """As the seed plans print it: "AMBER – fly-tipping case study work delayed"."""
    year = Priority.objects.filter(partnership=demo).first().plan_year
    html = (
        clients["board"]
        .get(reverse("actions:print", args=[demo.slug, year.replace("/", "-")]))
        .content.decode()
    )
    row = html[html.index("Support rural crime reporting") :]
    row = row[: row.index("</tr>")]
    assert "Amber" in row and "Case study on fly-tipping delayed." in row
    two = html[html.index("Target crime prevention visits") :]
    two = two[: two.index("</tr>")]
    # The latest of its two changes, not the first.
    assert "Visits back on schedule" in two and "started late" not in two


def test_a_restricted_action_is_hidden_from_guests_and_its_reads_logged(clients, demo):
    a = _action(demo, "3.1")
    a.restricted = True
    a.save()
    plan = reverse("actions:plan", args=[demo.slug]) + f"?year={a.plan_year}"
    detail = reverse("actions:action", args=[demo.slug, a.pk])
    printed = reverse("actions:print", args=[demo.slug, a.plan_year.replace("/", "-")])
    for url in (plan, printed):
        assert a.text not in clients["guest"].get(url).content.decode()
    assert clients["guest"].get(detail).status_code == 404
    before = AuditEvent.objects.filter(action="view", object_id=str(a.pk)).count()
    for url in (plan, printed):
        page = clients["board"].get(url).content.decode()
        assert a.text in page and "Restricted" in page
    assert clients["board"].get(detail).status_code == 200
    reads = AuditEvent.objects.filter(action="view", model="actions.Action", object_id=str(a.pk))
    assert reads.count() == before + 3
    assert reads.filter(username="board").exists()
