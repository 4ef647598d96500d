"""The partnership plan of a year on the web: its priorities, measures with baselines
counted from the evidence, the submission log and the statutory checklist; restricted
actions only for those who may see them."""

from __future__ import annotations

import re

from django.urls import reverse

from saferplaces.web.actions.models import Action, Priority
from saferplaces.web.core.models import AuditEvent
from saferplaces.web.planning.models import Measure, Submission
from tests.helpers import raw

SOUTH = "E07000012"


def _year(demo) -> str:
    return Priority.objects.filter(partnership=demo).first().plan_year


def _url(name, demo, year, *args) -> str:
    return reverse(f"planning:{name}", args=[demo.slug, year.replace("/", "-"), *args])


def test_the_plan_page_holds_priorities_checklist_and_hides_restricted_actions(clients, demo):
    year = _year(demo)
    secret = Action.objects.get(partnership=demo, number="3.1")
    secret.restricted = True
    secret.save()
    url = _url("plan", demo, year)
    board = clients["board"].get(url).content.decode()
    for pr in Priority.objects.filter(partnership=demo, plan_year=year):
        assert f"Priority {pr.number}: {pr.title}" in board
    assert "Statutory checklist" in board and "3.1 (" in board
    assert AuditEvent.objects.filter(
        action="view", model="actions.Action", object_id=str(secret.pk), username="board"
    ).exists()
    guest = clients["guest"].get(url).content.decode()
    assert "Statutory checklist" in guest and "3.1 (" not in guest
    assert clients["guest"].get(_url("plan", demo, "1999/00")).status_code == 404


def test_a_measure_keeps_its_baseline_counted_from_the_evidence(clients, demo):
    year = _year(demo)
    pr = Priority.objects.get(partnership=demo, plan_year=year, number=1)
    data = {
        "priority": pr.pk,
        "indicator_id": "burglary",
        "direction": "down",
        "baseline_period": "2024",
    }
    url = _url("measure_add", demo, year)
    assert clients["guest"].post(url, data).status_code == 403
    resp = clients["officer"].post(url, data)
    assert resp.status_code == 302
    m = Measure.objects.get(plan__partnership=demo, indicator_id="burglary")
    burglaries = raw.counts("ltla24_code", SOUTH, raw.months("2024-01", "2024-12"))["Burglary"]
    _, households = raw.denominator("ltla24_code", SOUTH)
    assert m.baseline_count == burglaries
    assert abs(m.baseline_rate - 1000 * burglaries / households) < 0.005
    assert "police.uk" in m.baseline_source
    bad = clients["officer"].post(url, data | {"baseline_period": "sometime"})
    assert bad.status_code == 400 and "Use a form like" in bad.content.decode()
    page = clients["board"].get(_url("plan", demo, year)).content.decode()
    assert "Burglary" in page and f"{burglaries:,}" in page


def test_a_document_sent_is_logged_with_who_sent_it(clients, demo):
    year = _year(demo)
    url = _url("submission_add", demo, year)
    data = {
        "document": "plan",
        "plan_year": year,
        "sent_to": "Police and Crime Commissioner",
        "sent_on": "2026-04-20",
        "edition": "public",
    }
    resp = clients["officer"].post(url, data)
    assert resp.status_code == 400 and "Say who sent it." in resp.content.decode()
    resp = clients["officer"].post(url, data | {"sent_by_text": "Sam Patel, officer"})
    assert resp.status_code == 302
    s = Submission.objects.get(partnership=demo, plan_year=year)
    assert s.sent_on.isoformat() == "2026-04-20"
    page = clients["board"].get(_url("plan", demo, year)).content.decode()
    assert "20 April 2026" in page and "Sam Patel, officer" in page


def test_the_plan_document_public_and_restricted(clients, demo):
    import io

    from docx import Document as Docx

    year = _year(demo)
    secret = Action.objects.get(partnership=demo, number="3.1")
    secret.restricted = True
    secret.save()
    public = clients["guest"].get(_url("plan_document", demo, year, "public", "html"))
    assert public.status_code == 200 and "sandbox" in public["Content-Security-Policy"]
    html = public.content.decode()
    for pr in Priority.objects.filter(partnership=demo, plan_year=year):
        assert pr.title in html
    shown = Action.objects.filter(partnership=demo, priority__plan_year=year, restricted=False)
    for a in shown:
        assert a.text in html
    assert secret.text not in html and "RESTRICTED" not in html
    url = _url("plan_document", demo, year, "restricted", "docx")
    assert clients["guest"].get(url).status_code == 403
    before = AuditEvent.objects.filter(action="view", object_id=str(secret.pk)).count()
    resp = clients["board"].get(url)
    assert resp.status_code == 200 and resp["Content-Disposition"].startswith("attachment")
    body = Docx(io.BytesIO(resp.content))
    text = "\n".join(p.text for p in body.paragraphs) + "\n".join(
        c.text for t in body.tables for row in t.rows for c in row.cells
    )
    assert secret.text in text and "Statutory strands" in text
    assert AuditEvent.objects.filter(action="view", object_id=str(secret.pk)).count() == before + 1
    assert (
        clients["board"].get(_url("plan_document", demo, year, "secret", "pdf")).status_code == 404
    )


def test_the_annual_review_is_public_and_leaves_out_restricted_actions(clients, demo):
    year = _year(demo)
    secret = Action.objects.get(partnership=demo, number="3.1")
    secret.restricted = True
    secret.save()
    resp = clients["guest"].get(_url("review", demo, year, "html"))
    assert resp.status_code == 200
    html = resp.content.decode()
    shown = Action.objects.filter(partnership=demo, priority__plan_year=year, restricted=False)
    assert shown and all(a.text in html for a in shown)
    assert secret.text not in html
    assert re.search(rf"plan.{{1,6}}s {len(shown)} actions by their status", html)


def test_the_plan_record_downloads_without_restricted_actions(clients, demo):
    import json

    from saferplaces.planning.records import plan_record_from_dict

    year = _year(demo)
    secret = Action.objects.get(partnership=demo, number="3.1")
    secret.restricted = True
    secret.save()
    resp = clients["guest"].get(_url("record", demo, year))
    assert resp.status_code == 200 and resp["Content-Type"] == "application/json"
    record = plan_record_from_dict(json.loads(resp.content))
    shown = Action.objects.filter(partnership=demo, priority__plan_year=year, restricted=False)
    assert sorted(a.number for a in record.actions()) == sorted(a.number for a in shown)
    assert secret.text not in resp.content.decode()
