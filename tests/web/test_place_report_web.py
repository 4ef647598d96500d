"""The quarterly place report from the flags page: an analyst downloads it with the
actions that respond to each place; the restricted edition carries restricted actions and
who decided, and its download is audited; the public edition carries neither; a guest and
a visitor who is not signed in get no report.

Two runs of the partnership on three indicators (the first half of 2025, then the second),
and a decision making Cambourne "preventing", which the demo plan's action 2.1 serves.
"""

from __future__ import annotations

import re
import shutil
from datetime import datetime

import pytest
from django.urls import reverse

from saferplaces.core.periods import parse_period
from saferplaces.geography.areas import resolve_area
from saferplaces.indicators.registry import get_indicator
from saferplaces.places import store
from saferplaces.places.flag_decisions import resolve_ward, set_category
from saferplaces.places.flags import run_flags
from saferplaces.warehouse import Warehouse
from saferplaces.web.actions.models import ActionPlace
from saferplaces.web.core.models import AuditEvent
from tests.web.factories.actions import action, priority

CAMBOURNE = "E05014031"
INDICATORS = ["burglary", "vehicle-crime", "shoplifting"]


@pytest.fixture
def with_runs(settings, loaded_path, tmp_path, demo):
    path = tmp_path / "warehouse.duckdb"
    shutil.copy(loaded_path, path)
    settings.SAFERPLACES_WAREHOUSE = str(path)
    with Warehouse.open(path) as wh:
        store.open_for(wh, demo.slug)
        area = resolve_area(wh, "South Cambridgeshire")
        chosen = [get_indicator(i) for i in INDICATORS]
        # Three flags of three: a short list, so a few pages to build.
        first = run_flags(
            wh, area, parse_period("2025-01..2025-06"), chosen, min_flags=3, who="tester"
        )
        set_category(
            wh,
            resolve_ward(wh, CAMBOURNE, area),
            "preventing",
            "new town still being built",
            who="Priya Shah (analyst)",
            when=datetime(2025, 7, 3, 10, 0),
        )
        latest = run_flags(
            wh, area, parse_period("2025-07..2025-12"), chosen, min_flags=3, who="tester"
        )
    assert latest.previous_run_id == first.id
    # A restricted action serving Cambourne too.
    secret = action(
        priority(demo, title="Operations"), text="Covert patrols at the skate park", restricted=True
    )
    ActionPlace(action=secret, ward_code=CAMBOURNE, ward_name="Cambourne").save_by(None)
    return latest


def _get(client, demo, **query):
    return client.get(reverse("evidence:flags_report", args=[demo.slug]), query)


@pytest.mark.slow
def test_the_button_is_on_the_flags_page_for_an_analyst(clients, demo, with_runs):
    html = clients["analyst"].get(reverse("evidence:flags", args=[demo.slug])).content.decode()
    assert "Download the quarterly place report" in html
    assert reverse("evidence:flags_report", args=[demo.slug]) in html
    assert f'name="run" value="{with_runs.id}"' in html


@pytest.mark.slow
def test_an_analyst_downloads_the_public_edition(clients, demo, with_runs):
    resp = _get(clients["analyst"], demo, format="html")
    assert resp.status_code == 200
    assert resp["Content-Disposition"].startswith(
        'attachment; filename="place-report-south-cambs-2025-07-to-2025-12.html"'
    )
    html = resp.content.decode()
    assert "Quarterly place report" in html and "RESTRICTED" not in html
    said = r"Cambourne (stays|is new to the list as|moves from \w+ to) a preventing area"
    assert re.search(said, html)
    assert "new town still being built" in html
    assert "Action 2.1" in html  # the demo plan's action for Cambourne
    assert "Covert patrols" not in html and "Priya Shah" not in html
    assert not AuditEvent.objects.filter(model="places.PlaceReport").exists()
    word = _get(clients["analyst"], demo, format="docx")
    assert word.status_code == 200 and word.content[:2] == b"PK"


@pytest.mark.slow
def test_the_restricted_edition_is_marked_and_audited(clients, demo, with_runs):
    resp = _get(clients["analyst"], demo, format="html", edition="restricted")
    assert resp.status_code == 200 and "no-store" in resp["Cache-Control"]
    html = resp.content.decode()
    assert "RESTRICTED" in html
    assert "Covert patrols at the skate park" in html and "Priya Shah (analyst)" in html
    ev = AuditEvent.objects.get(model="places.PlaceReport")
    assert ev.action == "download" and ev.username == "analyst" and ev.object_id == with_runs.id
    assert AuditEvent.objects.filter(model="actions.ActionPlace", action="download").count() == 1


def test_guests_and_the_public_get_no_report(clients, demo):
    assert _get(clients["guest"], demo, format="html").status_code == 403
    anon = _get(clients["anonymous"], demo, format="html")
    assert anon.status_code == 302 and anon["Location"].startswith(reverse("login"))
    assert _get(clients["outsider"], demo, format="html").status_code == 403


def test_bad_choices_are_refused(clients, demo):
    assert _get(clients["analyst"], demo, format="exe").status_code == 404
    assert _get(clients["analyst"], demo, edition="secret").status_code == 404
    assert _get(clients["analyst"], demo, run="nope").status_code == 404
