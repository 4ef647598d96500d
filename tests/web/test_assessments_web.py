"""Generating the strategic assessment from the web app, following it, publishing the
public edition, and keeping the restricted edition with members (audited)."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from saferplaces.web.core.models import AuditEvent
from saferplaces.web.evidence.models import GeneratedAssessment
from tests.helpers import raw

SOUTH_CAMBS = "E07000012"


@pytest.fixture
def inline(settings):
    """Generate in the request (the thread is tested on its own), as a web page only."""
    settings.SAFERPLACES_ASSESSMENT_INLINE = True
    settings.SAFERPLACES_ASSESSMENT_FORMATS = ("html",)


def _generate(client, demo, edition="public", period="2025", baseline="2024"):
    return client.post(
        reverse("evidence:assessment_new", args=[demo.slug]),
        {"period": period, "baseline": baseline, "edition": edition},
    )


@pytest.mark.slow  # builds the whole assessment
def test_an_analyst_generates_the_assessment(clients, demo, inline, settings):
    resp = _generate(clients["analyst"], demo)
    assert resp.status_code == 302
    job = GeneratedAssessment.objects.get()
    assert resp["Location"] == reverse("evidence:assessment_job", args=[demo.slug, job.pk])
    assert job.status == "done", job.error
    assert job.created_by.username == "analyst" and job.edition == "public"
    html_file = Path(settings.SAFERPLACES_ASSESSMENTS) / demo.slug / job.name / "assessment.html"
    text = html_file.read_text()
    # The document counts what the raw files hold: all crime in South Cambridgeshire, 2025.
    now = raw.counts("ltla24_code", SOUTH_CAMBS, raw.months("2025-01", "2025-12"))
    all_crime = sum(v for k, v in now.items() if k != "Anti-social behaviour")
    assert f"{all_crime:,}" in text
    assert AuditEvent.objects.filter(
        action="create", model="evidence.GeneratedAssessment", username="analyst"
    ).exists()
    status = clients["board"].get(resp["Location"]).content.decode()
    assert "Ready" in status and "View Web page (HTML)" in status
    listing = (
        clients["board"].get(reverse("evidence:assessments", args=[demo.slug])).content.decode()
    )
    # Listed by its title (area and period), the folder name only in the links.
    assert f">{job.title}<" in listing and "Public" in listing
    assert job.title.startswith("South Cambridgeshire, ")


@pytest.mark.parametrize("who", ["board", "chair", "guest"])
def test_others_cannot_generate(clients, demo, inline, who):
    resp = _generate(clients[who], demo)
    assert resp.status_code == 403 and not GeneratedAssessment.objects.exists()


@pytest.mark.slow  # builds the whole assessment
def test_published_public_edition_is_public_and_withdrawn_it_is_not(clients, demo, inline):
    _generate(clients["officer"], demo)
    job = GeneratedAssessment.objects.get()
    public_file = reverse("published:file", args=[demo.slug, job.name, "html"])
    assert clients["anonymous"].get(public_file).status_code == 404
    publish = reverse("evidence:assessment_publish", args=[demo.slug, job.name])
    assert clients["analyst"].post(publish, {"publish": "1"}).status_code == 403
    assert clients["chair"].post(publish, {"publish": "1"}).status_code == 302
    job.refresh_from_db()
    assert job.published and job.published_by.username == "chair"
    listing = clients["anonymous"].get(reverse("published:list", args=[demo.slug])).content.decode()
    assert public_file in listing
    resp = clients["anonymous"].get(public_file)
    assert resp.status_code == 200 and "sandbox" in resp["Content-Security-Policy"]
    ev = AuditEvent.objects.filter(model="evidence.GeneratedAssessment", action="change").get()
    assert ev.changes["published"] == [False, True] and ev.username == "chair"
    clients["officer"].post(publish, {"publish": "0"})
    assert clients["anonymous"].get(public_file).status_code == 404


@pytest.mark.slow  # builds the whole assessment
def test_the_restricted_edition_stays_with_members_and_every_read_is_logged(
    clients, demo, inline, settings
):
    _generate(clients["analyst"], demo, edition="restricted")
    job = GeneratedAssessment.objects.get()
    html = Path(settings.SAFERPLACES_ASSESSMENTS) / demo.slug / job.name / "assessment.html"
    assert "RESTRICTED" in html.read_text()
    publish = reverse("evidence:assessment_publish", args=[demo.slug, job.name])
    resp = clients["officer"].post(publish, {"publish": "1"})
    assert resp.status_code == 400 and "Only a public edition" in resp.content.decode()
    job.refresh_from_db()
    assert not job.published
    assert (
        clients["anonymous"]
        .get(reverse("published:file", args=[demo.slug, job.name, "html"]))
        .status_code
        == 404
    )
    url = reverse("evidence:assessment_file", args=[demo.slug, job.name, "html"])
    assert clients["guest"].get(url).status_code == 403
    assert clients["board"].get(url).status_code == 200
    clients["board"].get(url + "?download=1")
    events = AuditEvent.objects.filter(model="evidence.GeneratedAssessment", object_id=str(job.pk))
    assert {(e.action, e.username, e.restricted) for e in events.exclude(action="create")} == {
        ("view", "board", True),
        ("download", "board", True),
    }


def test_a_failed_generation_says_why_in_one_line(clients, demo, inline, settings, tmp_path):
    settings.SAFERPLACES_WAREHOUSE = str(tmp_path / "missing.duckdb")
    job = GeneratedAssessment(partnership=demo, name="x", period="2025", baseline="2024")
    job.save_by(None)
    from saferplaces.web.evidence.generate import generate

    generate(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and "\n" not in job.error and "no evidence warehouse" in job.error
    page = clients["analyst"].get(reverse("evidence:assessment_job", args=[demo.slug, job.pk]))
    assert "Failed" in page.content.decode() and "no evidence warehouse" in page.content.decode()
    assert not (
        Path(settings.SAFERPLACES_ASSESSMENTS) / demo.slug / "x" / "assessment.html"
    ).exists()


def test_a_generation_that_never_finished_is_reported(clients, demo):
    job = GeneratedAssessment(
        partnership=demo,
        name="stuck",
        period="2025",
        status="running",
        started_on=timezone.now() - timedelta(hours=1),
    )
    job.save_by(None)
    page = clients["analyst"].get(reverse("evidence:assessment_job", args=[demo.slug, job.pk]))
    assert "Did not finish" in page.content.decode()
    assert 'hx-trigger="every' not in page.content.decode()


def test_assessments_made_by_the_cli_are_listed_and_their_reads_logged(clients, demo, settings):
    folder = Path(settings.SAFERPLACES_ASSESSMENTS) / demo.slug / "from-the-cli"
    folder.mkdir(parents=True)
    (folder / "assessment.html").write_text("<!DOCTYPE html><title>SA</title>")
    listing = (
        clients["board"].get(reverse("evidence:assessments", args=[demo.slug])).content.decode()
    )
    assert "from-the-cli" in listing and "treated as restricted" in listing
    clients["board"].get(
        reverse("evidence:assessment_file", args=[demo.slug, "from-the-cli", "html"])
    )
    ev = AuditEvent.objects.get(model="evidence.AssessmentFolder")
    assert ev.restricted and ev.action == "view" and ev.username == "board"


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_generation_runs_in_a_background_thread(settings, tmp_path):
    """The request returns at once; the status page follows the thread to the end."""
    from django.db import connection

    from saferplaces.web.core import appendonly
    from saferplaces.web.demo import seed
    from saferplaces.web.partnerships.models import Partnership
    from tests.web.conftest import login

    settings.SAFERPLACES_ASSESSMENT_FORMATS = ("html",)
    appendonly.install(connection)
    try:
        seed()
        demo = Partnership.objects.get(slug="south-cambs")
        c = login("analyst")
        started = time.monotonic()
        resp = _generate(c, demo)
        assert resp.status_code == 302
        job = GeneratedAssessment.objects.get()
        assert job.status in ("queued", "running")
        for _ in range(240):
            job.refresh_from_db()
            if job.status in ("done", "failed"):
                break
            fragment = c.get(resp["Location"], HTTP_HX_REQUEST="true").content.decode()
            if not re.search(r'hx-trigger="every 3s"', fragment):
                # The thread may finish between the read above and this request: a
                # fragment that stops polling must then show a finished job.
                job.refresh_from_db()
                assert job.status in ("done", "failed"), "stopped polling while running"
                break
            time.sleep(0.5)
        assert job.status == "done", job.error
        assert time.monotonic() - started > 0
        page = c.get(resp["Location"]).content.decode()
        assert "Ready" in page
    finally:
        appendonly.remove(connection)
