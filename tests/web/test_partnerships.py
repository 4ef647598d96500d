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


def test_a_voting_members_successor_takes_over_when_the_term_ends(demo):
    """Terms of voting members for one agency may follow each other, never overlap."""
    from datetime import date, timedelta

    import pytest
    from django.core.exceptions import ValidationError

    police = Organisation.objects.get(partnership=demo, short_name="Police")
    current = Member.objects.get(partnership=demo, organisation=police, voting=True)
    today = date.today()
    current.term_end = today - timedelta(days=10)
    current.save_by(None)
    successor = Member(
        partnership=demo, name="Successor", organisation=police, voting=True, term_start=today
    )
    successor.full_clean()
    successor.save_by(None)
    overlapping = Member(
        partnership=demo,
        name="Overlap",
        organisation=police,
        voting=True,
        term_start=today - timedelta(days=20),
        term_end=today - timedelta(days=15),
    )
    with pytest.raises(ValidationError, match="Chris Okafor"):
        overlapping.full_clean()
    later = Member(
        partnership=demo,
        name="Next year",
        organisation=police,
        voting=True,
        term_start=today + timedelta(days=365),
    )
    with pytest.raises(ValidationError, match="Successor"):
        later.full_clean()


def test_people_page_shows_the_voting_member_in_office(clients, demo):
    from datetime import date, timedelta

    police = Organisation.objects.get(partnership=demo, short_name="Police")
    current = Member.objects.get(partnership=demo, organisation=police, voting=True)
    current.term_end = date.today() - timedelta(days=1)
    current.save_by(None)
    Member(
        partnership=demo,
        name="Pat Successor",
        organisation=police,
        voting=True,
        term_start=date.today(),
    ).save_by(None)
    html = clients["guest"].get(reverse("partnerships:members", args=[demo.slug])).content.decode()
    row = html[
        html.index("Cambridgeshire Constabulary") : html.index("Cambridgeshire Constabulary") + 400
    ]
    assert "Pat Successor" in row and "Chris Okafor" not in row


def test_a_superuser_adds_a_partnership_from_the_web(django_user_model, db, settings, loaded_path):
    from django.test import Client

    from saferplaces.web.partnerships.models import Partnership

    settings.SAFERPLACES_WAREHOUSE = str(loaded_path)
    django_user_model.objects.create_superuser("root", password="root-long-password")
    c = Client()
    c.login(username="root", password="root-long-password")
    url = reverse("partnership_add")
    resp = c.post(url, {"name": "Fenland CSP", "slug": "fenland", "area": "Atlantis"})
    assert resp.status_code == 200 and 'href="#id_area"' in resp.content.decode()
    resp = c.post(url, {"name": "Fenland CSP", "slug": "fenland", "area": "E07000010"})
    assert resp.status_code == 302 and resp["Location"] == "/p/fenland/people/"
    p = Partnership.objects.get(slug="fenland")
    assert p.area_name == "Fenland" and p.created_by.username == "root"


def test_officers_change_the_partnerships_details(clients, demo):
    url = reverse("partnerships:edit", args=[demo.slug])
    resp = clients["officer"].post(url, {"name": demo.name, "description": "New words."})
    assert resp.status_code == 302
    demo.refresh_from_db()
    assert demo.description == "New words."
    assert AuditEvent.objects.filter(
        model="partnerships.Partnership", action="change", username="officer"
    ).exists()
