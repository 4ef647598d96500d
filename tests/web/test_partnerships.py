"""Organisations and members: statutory agencies, voting members, terms, archive."""

from __future__ import annotations

from django.urls import reverse

from saferplaces.web.core.models import AuditEvent
from saferplaces.web.partnerships.models import Member, Organisation


def test_people_page_shows_each_agency_with_its_voting_member(clients, demo):
    html = clients["guest"].get(reverse("partnerships:members", args=[demo.slug])).content.decode()
    statutory = Organisation.objects.filter(partnership=demo, statutory=True).count()
    assert statutory == 6
    assert html.count("Not voting") == 2  # the two non-statutory organisations
    assert "Chris Okafor" in html and "Chief Inspector" in html


def test_add_an_organisation(clients, demo):
    url = reverse("partnerships:organisation_add", args=[demo.slug])
    resp = clients["officer"].post(url, {"name": "", "kind": "housing"})
    assert "This field is required" in resp.content.decode()
    resp = clients["officer"].post(
        url, {"name": "Housing Association", "short_name": "HA", "kind": "housing"}
    )
    assert resp.status_code == 302
    org = Organisation.objects.get(name="Housing Association")
    assert not org.statutory and org.created_by.username == "officer"


def test_archive_a_member_with_a_reason(clients, demo):
    m = Member.objects.get(partnership=demo, name="Casey Nolan")
    url = reverse("partnerships:member_archive", args=[demo.slug, m.pk])
    resp = clients["chair"].post(url, {"reason": ""})
    assert resp.status_code == 200 and "govuk-error-summary" in resp.content.decode()
    resp = clients["chair"].post(url, {"reason": "Left the organisation"})
    assert resp.status_code == 302
    m.refresh_from_db()
    assert m.is_archived and m.archive_reason == "Left the organisation"
    assert m.archived_by.username == "chair"
    ev = AuditEvent.objects.get(action="archive", object_id=str(m.pk))
    assert ev.reason == "Left the organisation" and ev.partnership == demo
    html = clients["guest"].get(reverse("partnerships:members", args=[demo.slug])).content.decode()
    assert "Casey Nolan" not in html


def test_end_of_term_must_follow_its_start(clients, demo):
    url = reverse("partnerships:member_add", args=[demo.slug])
    resp = clients["officer"].post(
        url,
        {"name": "Kim", "role": "member", "term_start": "2026-05-01", "term_end": "2025-05-01"},
    )
    assert "The end of the term must be on or after its start" in resp.content.decode()
