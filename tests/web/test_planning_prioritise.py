"""Prioritisation on the web: opened on the evidence (proposals checked against the raw
files), members scoring each on their own, an override with its reason, a workshop
sheet imported whole or not at all, scoring closed, and the board's agreement recorded in
a meeting's minutes with each priority linked to its matrix row."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from saferplaces.priorities.sheet import COLUMNS
from saferplaces.web.actions.models import Priority
from saferplaces.web.core.models import AuditEvent
from saferplaces.web.meetings.models import Decision
from saferplaces.web.planning.matrix import matrix
from saferplaces.web.planning.models import AgreedIssue, Issue, Override, Prioritisation, Score
from tests.helpers import raw
from tests.priorities.evidence_raw import (
    P2024,
    P2025,
    SOUTH,
    force_counts,
    force_denominator,
    trend_band,
    volume_band,
)


def open_one(client, demo, **extra):
    data = {
        "plan_year": "2026/27",
        "period": "2025",
        "baseline": "2024",
        "candidates": ["burglary", "anti-social-behaviour", "vehicle-crime"],
        "added": "County lines\nScams",
    } | extra
    return client.post(reverse("planning:open", args=[demo.slug]), data)


@pytest.fixture
def pr(clients, demo) -> Prioritisation:
    resp = open_one(clients["analyst"], demo)
    assert resp.status_code == 302, _errors(resp)
    return Prioritisation.objects.get(partnership=demo)


def _errors(resp) -> str:
    """The error messages of a form page, for a failing assertion."""
    import re

    return "; ".join(re.findall(r'govuk-error-message">(.*?)</p>', resp.content.decode(), re.S))


def issue(pr, name) -> Issue:
    return pr.issues.get(name=name)


def score(client, demo, pr, i, **values):
    base = dict(
        physical=2,
        psychological=3,
        financial=2,
        community=3,
        vulnerability=2,
        volume="",
        trend="",
        community_concern=3,
        capacity=3,
        confidence="medium",
    )
    url = reverse("planning:score", args=[demo.slug, pr.pk, i.pk])
    return client.post(url, base | values)


def test_opening_keeps_the_evidence_and_its_proposals(pr):
    b = issue(pr, "Burglary")
    _, hh = raw.denominator("ltla24_code", SOUTH)
    _, fhh = force_denominator()
    now = raw.counts("ltla24_code", SOUTH, P2025)["Burglary"]
    before = raw.counts("ltla24_code", SOUTH, P2024)["Burglary"]
    fx = force_counts(frozenset(P2025))["Burglary"]
    assert b.evidence["count"] == now and b.evidence["baseline_count"] == before
    assert b.proposed_volume == volume_band((now / hh) / (fx / fhh))
    assert b.proposed_trend == trend_band(now, before)
    assert b.proposed_harm == 4  # 236.58 days per burglary: three months or more
    county = issue(pr, "County lines")
    assert county.kind == "added" and county.proposed_volume is None
    assert pr.period == "2025-01..2025-12" and pr.baseline == "2024-01..2024-12"
    assert pr.force_name == "Cambridgeshire" and pr.plan_year == "2026/27"
    assert [i.name for i in pr.issues.all()] == [
        "Anti-social behaviour",
        "Burglary",
        "Vehicle crime",
        "County lines",
        "Scams",
    ]


def test_opening_needs_an_issue_and_a_valid_year(clients, demo):
    resp = open_one(clients["analyst"], demo, candidates=[], added="", plan_year="2026/28")
    assert resp.status_code == 400
    errors = _errors(resp)
    assert "not a financial year" in errors and "Choose at least one issue" in errors
    assert not Prioritisation.objects.exists()


def test_two_members_score_on_their_own_and_the_matrix_takes_medians(clients, demo, pr):
    b = issue(pr, "Burglary")
    assert score(clients["board"], demo, pr, b, physical=1, capacity=2).status_code == 302
    # The board member's scores are theirs alone: the chair does not see them before
    # scoring the issue, and the board member sees the chair's once they have scored.
    page = clients["chair"].get(reverse("planning:issue", args=[demo.slug, pr.pk, b.pk]))
    assert "Each scorer's scores are shown once you have scored" in page.content.decode()
    assert (
        score(clients["chair"], demo, pr, b, physical=4, capacity=4, confidence="high").status_code
        == 302
    )
    page = clients["chair"].get(reverse("planning:issue", args=[demo.slug, pr.pk, b.pk]))
    assert "Each scorer's scores (blank" in page.content.decode()
    (row,) = [r for r in matrix(pr) if r.issue == b]
    d = row.result.to_dict()
    # physical 1 and 4 -> 2.5; psychological 3; financial 2; community 3;
    # vulnerability 2: impact 12.5 / 5 = 2.5. Volume and trend blank: both take the
    # proposals. Capacity 2 and 4 -> 3: modifier 0.9.
    assert d["scores"]["physical"] == 2.5 and d["impact"] == 2.5
    assert d["scores"]["volume"] == b.proposed_volume
    assert d["likelihood"] == (b.proposed_volume + b.proposed_trend) / 2
    assert d["capacity_modifier"] == 0.9
    assert d["score"] == pytest.approx(2.5 * (b.proposed_volume + b.proposed_trend) / 2 * 0.9)
    assert d["confidence"] == "medium"  # medium and high: the lower middle
    assert (
        sorted(d["scorer_names"]) == ["Board Member (Police)", "Chair"]
        or len(d["scorer_names"]) == 2
    )
    assert d["spread"]["physical"] == {"min": 1, "max": 4}
    # Scoring again replaces one's own scores; it never adds a second row.
    assert score(clients["board"], demo, pr, b, physical=2).status_code == 302
    assert Score.objects.live().filter(issue=b).count() == 2


def test_an_added_issue_needs_every_score(clients, demo, pr):
    c = issue(pr, "County lines")
    resp = score(clients["board"], demo, pr, c)
    assert resp.status_code == 400
    assert "Volume" in resp.content.decode()
    assert score(clients["board"], demo, pr, c, volume=2, trend=3).status_code == 302


def test_override_needs_a_reason_and_keeps_both(clients, demo, pr):
    c = issue(pr, "County lines")
    score(clients["board"], demo, pr, c, volume=1, trend=3)
    url = reverse("planning:override", args=[demo.slug, pr.pk, c.pk])
    resp = clients["analyst"].post(url, {"factor": "volume", "value": 3, "reason": " "})
    assert resp.status_code == 400 and not Override.objects.exists()
    assert (
        clients["board"].post(url, {"factor": "volume", "value": 3, "reason": "x"}).status_code
        == 403
    )
    why = "Hidden harm: police data undercount exploitation"
    resp = clients["analyst"].post(url, {"factor": "volume", "value": 3, "reason": why})
    assert resp.status_code == 302
    (row,) = [r for r in matrix(pr) if r.issue == c]
    d = row.result.to_dict()
    assert d["scores"]["volume"] == 1 and d["values"]["volume"] == 3
    assert d["overrides"][0]["reason"] == why and d["overrides"][0]["by"] == "analyst"
    # likelihood (3 + 3) / 2 = 3 with the override.
    assert d["likelihood"] == 3
    page = (
        clients["board"].get(reverse("planning:matrix", args=[demo.slug, pr.pk])).content.decode()
    )
    assert "Volume overridden: 1 to 3." in page
    issue_page = clients["board"].get(reverse("planning:issue", args=[demo.slug, pr.pk, c.pk]))
    assert why in issue_page.content.decode()
    ev = AuditEvent.objects.get(model="planning.Override", action="create")
    assert ev.reason == why and ev.username == "analyst"


def sheet(rows: list[str]) -> SimpleUploadedFile:
    text = ",".join(COLUMNS) + "\n" + "\n".join(rows) + "\n"
    return SimpleUploadedFile("workshop.csv", text.encode(), content_type="text/csv")


def test_a_workshop_sheet_adds_every_score_or_none(clients, demo, pr):
    url = reverse("planning:import", args=[demo.slug, pr.pk])
    bad = sheet(
        [
            "Burglary,Ann,2,4,3,3,3,,,4,3,high",
            "Knife crime,Ann,4,4,2,3,4,2,3,3,2,low",
        ]
    )
    resp = clients["analyst"].post(url, {"sheet": bad})
    assert resp.status_code == 400
    page = resp.content.decode()
    assert (
        "workshop.csv, row 3: column &#x27;issue&#x27;: &#x27;Knife crime&#x27; is not allowed"
        in page
    )
    assert not Score.objects.exists()
    blank = sheet(["County lines,Ann,4,4,2,3,4,,3,3,2,low"])
    resp = clients["analyst"].post(url, {"sheet": blank})
    assert (
        resp.status_code == 400 and "nothing is proposed for County lines" in resp.content.decode()
    )
    good = sheet(
        [
            "Burglary,Ann,2,4,3,3,3,,,4,3,high",
            "Burglary,Bo,1,3,4,3,2,,,3,2,medium",
            "County lines,Ann,4,4,2,3,4,2,3,3,2,low",
        ]
    )
    assert clients["analyst"].post(url, {"sheet": good}).status_code == 302
    assert Score.objects.live().count() == 3
    s = Score.objects.get(scorer_name="Bo")
    assert s.source == "workshop.csv, row 3" and s.volume is None
    # The same scorer and issue again is refused, naming the row.
    again = sheet(["Burglary,Bo,1,3,4,3,2,,,3,2,medium"])
    resp = clients["analyst"].post(url, {"sheet": again})
    assert resp.status_code == 400 and "row 2: column &#x27;scorer&#x27;" in resp.content.decode()


def test_close_then_agree_at_a_meeting_records_the_decision_in_its_minutes(
    clients, demo, pr, meetings
):
    b, county = issue(pr, "Burglary"), issue(pr, "County lines")
    score(clients["board"], demo, pr, b)
    score(clients["board"], demo, pr, county, volume=3, trend=4, physical=4, vulnerability=4)
    agree_url = reverse("planning:agree", args=[demo.slug, pr.pk])
    assert clients["officer"].get(agree_url).status_code == 200
    close = reverse("planning:close", args=[demo.slug, pr.pk])
    assert clients["board"].post(close).status_code == 403
    assert clients["analyst"].post(close).status_code == 302
    pr.refresh_from_db()
    assert pr.status == "closed"
    # Scoring is closed: a score is refused and every scorer's scores are shown.
    resp = score(clients["chair"], demo, pr, b)
    assert resp.status_code == 302 and not Score.objects.filter(issue=b, scorer__username="chair")
    ranks = {r.issue.name: r.result.rank for r in matrix(pr)}
    item = meetings[1].agenda_items.get(number="9")
    lines = f"Tackle exploitation: {ranks['County lines']}\nKeep homes safe: {ranks['Burglary']}"
    resp = clients["officer"].post(agree_url, {"item": item.pk, "priorities": lines})
    assert resp.status_code == 302, resp.content.decode()[:3000]
    pr.refresh_from_db()
    assert pr.status == "agreed" and pr.agreed_item == item
    new = Priority.objects.filter(partnership=demo, plan_year="2026/27").order_by("number")
    titles = [p.title for p in new]
    assert titles[-2:] == ["Tackle exploitation", "Keep homes safe"]
    link = AgreedIssue.objects.get(issue=county)
    assert link.priority.title == "Tackle exploitation" and link.rank == ranks["County lines"]
    decision = Decision.objects.get(item=item, text__contains="Tackle exploitation")
    assert "Tackle exploitation (County lines (rank" in decision.text
    assert pr.decision == decision
    # The decision is in that meeting's minutes, and the matrix shows the link.
    page = clients["board"].get(reverse("meetings:detail", args=[demo.slug, meetings[1].pk]))
    assert "Tackle exploitation" in page.content.decode()
    m = clients["board"].get(reverse("planning:matrix", args=[demo.slug, pr.pk])).content.decode()
    assert f"priority {link.priority.number}</a>" in m
    # Agreed: overrides are refused.
    url = reverse("planning:override", args=[demo.slug, pr.pk, b.pk])
    resp = clients["analyst"].post(url, {"factor": "volume", "value": 1, "reason": "late"})
    assert resp.status_code == 400


def test_agreement_needs_a_meeting_that_has_taken_place(clients, demo, pr, meetings):
    b = issue(pr, "Burglary")
    score(clients["board"], demo, pr, b)
    clients["analyst"].post(reverse("planning:close", args=[demo.slug, pr.pk]))
    future = meetings[2].agenda_items.first()
    url = reverse("planning:agree", args=[demo.slug, pr.pk])
    resp = clients["officer"].post(url, {"item": future.pk, "priorities": "Homes: 1"})
    assert resp.status_code == 400  # not among the choices: only meetings held so far
    assert not AgreedIssue.objects.exists()
    assert future.meeting.date > date.today()


def test_a_restricted_issue_is_hidden_from_who_may_not_see_it_and_its_reads_logged(
    clients, demo, pr
):
    url = reverse("planning:issue_add", args=[demo.slug, pr.pk])
    resp = clients["analyst"].post(
        url, {"name": "Operation Nightjar", "description": "A named operation", "restricted": "on"}
    )
    assert resp.status_code == 302
    op = issue(pr, "Operation Nightjar")
    assert op.restricted and op.kind == "added"
    page = clients["board"].get(reverse("planning:matrix", args=[demo.slug, pr.pk]))
    assert "Operation Nightjar" in page.content.decode()
    assert AuditEvent.objects.filter(
        action="view", model="planning.Issue", object_id=str(op.pk), username="board"
    ).exists()
    assert (
        clients["guest"].get(reverse("planning:matrix", args=[demo.slug, pr.pk])).status_code == 403
    )


def test_exports_carry_the_matrix_and_no_live_formula(clients, demo, pr):
    b = issue(pr, "Burglary")
    score(clients["board"], demo, pr, b)
    url = reverse("planning:export", args=[demo.slug, pr.pk, "json"])
    import json

    doc = json.loads(clients["board"].get(url).content)
    (top,) = doc["issues"]
    assert top["issue"] == "Burglary" and top["rank"] == 1 and top["scorers"] == 1
    sheet_csv = clients["analyst"].get(reverse("planning:export", args=[demo.slug, pr.pk, "sheet"]))
    first = sheet_csv.content.decode().splitlines()[0]
    assert first.startswith(",".join(COLUMNS))
    clients["analyst"].post(
        reverse("planning:issue_add", args=[demo.slug, pr.pk]), {"name": "=HYPERLINK(1)"}
    )
    text = clients["board"].get(reverse("planning:export", args=[demo.slug, pr.pk, "sheet"]))
    assert "'=HYPERLINK(1)" in text.content.decode()
