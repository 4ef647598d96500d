"""The register of information-sharing agreements: officers add, change and remove
agreements (each change in the audit log), members read them, reminders before review
dates, and the warning on the evidence pages for a source held with no current agreement."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.urls import reverse

from saferplaces.web.agreements import register
from saferplaces.web.agreements.models import SharingAgreement
from saferplaces.web.core.models import AuditEvent
from tests.test_sharing_agreements import fire_warehouse
from tests.web.conftest import login

FORM = {
    "title": "Fire and rescue data sharing",
    "status": "signed",
    "parties": "Cambridgeshire Fire and Rescue Service\nSouth Cambridgeshire District Council",
    "purpose": "Deliberate fires by ward for the strategic assessment.",
    "legal_bases": ["gdpr_6_1_e", "cda_s115"],
    "legal_basis_other": "",
    "sources": ["fire"],
    "signed_on": "2025-04-01",
    "review_on": "2027-04-01",
    "owner": "Sam Patel",
}


@pytest.fixture
def fire(loaded_path, tmp_path, settings):
    """The evidence warehouse holds the police.uk months and one fire incident."""
    settings.SAFERPLACES_WAREHOUSE = str(fire_warehouse(loaded_path, tmp_path))


def _agreement(p, **fields) -> SharingAgreement:
    values = {
        "title": "Agreement",
        "parties": "A\nB",
        "purpose": "P",
        "legal_bases": "gdpr_6_1_e",
        "status": "signed",
        "signed_on": date(2025, 1, 1),
        **fields,
    }
    a = SharingAgreement(partnership=p, **values)
    a.save_by(None)
    return a


def test_officer_adds_changes_and_removes_an_agreement_each_audited(partnership, board):
    officer = login("officer")
    resp = officer.post(reverse("agreements:add", args=[partnership.slug]), FORM)
    a = SharingAgreement.objects.get(partnership=partnership)
    assert resp.status_code == 302 and resp["Location"].endswith(f"/{a.pk}/")
    assert (a.sources, a.legal_bases, a.status) == ("fire", "gdpr_6_1_e,cda_s115", "signed")
    events = AuditEvent.objects.filter(model="agreements.SharingAgreement", object_id=str(a.pk))
    assert [e.action for e in events] == ["create"]
    assert events[0].username == "officer" and events[0].partnership == partnership

    changed = {**FORM, "status": "withdrawn", "sources": ["fire", "ambulance"]}
    officer.post(reverse("agreements:edit", args=[partnership.slug, a.pk]), changed)
    change = events.filter(action="change").get()
    assert change.changes == {
        "sources": ["fire", "fire,ambulance"],
        "status": ["signed", "withdrawn"],
    }

    officer.post(reverse("agreements:archive", args=[partnership.slug, a.pk]), {"reason": "Dup"})
    assert events.filter(action="archive").get().reason == "Dup"
    page = officer.get(reverse("agreements:list", args=[partnership.slug])).content.decode()
    assert "No agreements recorded yet." in page


def test_members_read_but_do_not_change(partnership, board):
    a = _agreement(partnership, title="Youth justice data")
    guest = login("guest")
    assert "Youth justice data" in guest.get(
        reverse("agreements:detail", args=[partnership.slug, a.pk])
    ).content.decode("utf-8")
    resp = guest.post(reverse("agreements:add", args=[partnership.slug]), FORM)
    assert resp.status_code == 403
    assert SharingAgreement.objects.filter(partnership=partnership).count() == 1


def test_other_needs_its_text_and_signed_needs_a_date(partnership, board):
    bad = {**FORM, "legal_bases": ["other"], "signed_on": ""}
    resp = login("officer").post(reverse("agreements:add", args=[partnership.slug]), bad)
    page = resp.content.decode()
    assert resp.status_code == 200
    assert "Say which other legal basis the agreement uses." in page
    assert "Give the date the agreement was signed." in page
    assert not SharingAgreement.objects.exists()


def test_tags_and_reminders_on_a_given_day(partnership):
    today = date(2026, 3, 1)
    _agreement(partnership, title="Far", review_on=date(2026, 5, 1))  # 61 days
    _agreement(partnership, title="Soon", review_on=date(2026, 4, 30))  # 60 days
    _agreement(partnership, title="Late", review_on=date(2026, 2, 28))
    _agreement(partnership, title="Gone", status="expired", review_on=date(2026, 2, 1))
    tags = {r.agreement.title: r.tag for r in register.rows(partnership, today)}
    assert tags == {"Far": "current", "Soon": "review_due", "Late": "overdue", "Gone": "expired"}
    assert [r.agreement.title for r in register.reminders(partnership, today)] == ["Late", "Soon"]


def test_reminders_on_the_register_and_home_page(partnership, board):
    due = date.today() + timedelta(days=10)
    _agreement(partnership, title="Probation data", review_on=due)
    board_member = login("board")
    for url in (
        reverse("agreements:list", args=[partnership.slug]),
        reverse("partnerships:detail", args=[partnership.slug]),
    ):
        page = board_member.get(url).content.decode()
        assert "1 information-sharing agreement due for review" in page, url
        assert f"Probation data</a>: review by {due.day} {due:%B %Y}" in page, url


def test_the_evidence_pages_warn_until_an_agreement_covers_the_source(partnership, board, fire):
    analyst = login("analyst")
    pages = [
        reverse("evidence:quality", args=[partnership.slug]),
        reverse("evidence:indicators", args=[partnership.slug]),
        reverse("agreements:list", args=[partnership.slug]),
    ]
    warning = "fire is held in the warehouse but no current"
    for url in pages:
        assert warning in analyst.get(url).content.decode(), url
    # A draft does not cover it; the same agreement signed does.
    a = _agreement(partnership, status="draft", signed_on=None, sources="fire")
    assert warning in analyst.get(pages[0]).content.decode()
    a.status, a.signed_on = "signed", date(2025, 4, 1)
    a.save_by(None)
    for url in pages:
        page = analyst.get(url).content.decode()
        assert warning not in page, url
    # police.uk is held too, and is never named.
    page = analyst.get(pages[0]).content.decode()
    assert "is held in the warehouse but no current" not in page
    assert not re.search(r"police[-.]uk[^<]*held in the warehouse", page)


def test_many_sources_held_give_one_warning(partnership, loaded_path, tmp_path, settings):
    from saferplaces.sources.agency import ingest_agency
    from saferplaces.warehouse import Warehouse

    path = fire_warehouse(loaded_path, tmp_path)
    (tmp_path / "amb").mkdir()
    (tmp_path / "amb" / "a.csv").write_text(
        "callout_id,date,latitude,longitude\nA1,2025-03-14,52.2301,-0.0579\n", encoding="utf-8"
    )
    with Warehouse.open(path) as wh:
        ingest_agency(wh, [tmp_path / "amb"], source="ambulance")
        _agreement(partnership, sources="idva")  # covers neither
        assert register.warnings(partnership, wh, date(2026, 3, 1)) == [
            "2 sources are held in the warehouse but no current information-sharing "
            "agreement covers them: ambulance, fire. Record the agreements in the "
            "register, or remove the data."
        ]


def test_police_uk_alone_needs_no_agreement(partnership, board):
    page = login("analyst").get(reverse("agreements:list", args=[partnership.slug]))
    text = page.content.decode()
    assert "Every agency source held in the warehouse is covered" in text
    assert "is held in the warehouse but no current" not in text


def test_the_download_reads_back_in_the_core_library(partnership, board, tmp_path):
    from saferplaces.quality.agreements import Agreement, read_agreements

    _agreement(partnership, title="Fire, 2025", sources="fire,ambulance", review_on=None)
    member = login("board")
    for fmt in ("csv", "json"):
        resp = member.get(reverse("agreements:download", args=[partnership.slug, fmt]))
        path = tmp_path / f"register.{fmt}"
        path.write_bytes(resp.content)
        assert read_agreements(path) == [
            Agreement("Fire, 2025", "signed", ("fire", "ambulance"), date(2025, 1, 1), None)
        ]


@pytest.mark.browser
@pytest.mark.slow
def test_the_register_has_no_axe_violations(partnership, board):
    from tests.helpers.document_checks import CHROMIUM, axe_violations

    if not Path(CHROMIUM).exists():
        pytest.skip("chromium missing (make sysdeps)")
    _agreement(partnership, title="Late", review_on=date.today() - timedelta(days=1))
    page = login("officer").get(reverse("agreements:list", args=[partnership.slug]))
    assert axe_violations(page.content) == []
