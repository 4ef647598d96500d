"""Place flags belong to a partnership (issue 18 §4): a second partnership serving the
same district never sees, overrides or builds on the first one's runs and decisions, and
each decision is logged in its own partnership's audit log. The command line records
for a partnership only when told which (`--partnership`)."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from saferplaces.web.core.models import AuditEvent
from saferplaces.web.partnerships.models import Member, Partnership
from tests.web.conftest import login
from tests.web.test_flags_web import LONGSTANTON, _row, _run

REASON = "Northstowe new town: prevention focus."


@pytest.fixture
def writable(settings, loaded_path, tmp_path):
    path = tmp_path / "warehouse.duckdb"
    shutil.copy(loaded_path, path)
    settings.SAFERPLACES_WAREHOUSE = str(path)
    return path


@pytest.fixture
def rival(demo):
    """A second partnership on the same district (South Cambridgeshire), with an analyst."""
    p = Partnership(
        name="South Cambs Safer Neighbourhoods Board",
        slug="sc-board",
        area_code=demo.area_code,
        area_name=demo.area_name,
    )
    p.save_by(None)
    user = get_user_model().objects.create_user("rival", password="saferplaces-demo")
    Member(partnership=p, user=user, name="Robin Rival", role="analyst").save_by(None)
    return p


def _decide(client, p, category, reason):
    return client.post(
        reverse("evidence:flag_decide", args=[p.slug, LONGSTANTON]),
        {"category": category, "reason": reason},
    )


def test_a_second_partnership_on_the_same_area_keeps_its_own_flags(clients, demo, rival, writable):
    analyst, other = clients["analyst"], login("rival")
    assert _run(analyst, demo).status_code == 302
    assert _decide(analyst, demo, "preventing", REASON).status_code == 302
    mine_run = re.search(r"run=([0-9a-f]{16})", _run(analyst, demo)["Location"]).group(1)

    # The rival sees no run, no decision, no reason and no name of the first partnership.
    for url in (
        reverse("evidence:flags", args=[rival.slug]),
        reverse("evidence:flag_ward", args=[rival.slug, LONGSTANTON]),
    ):
        page = other.get(url).content.decode()
        assert "Northstowe" not in page and "Priya Shah" not in page, url
        assert mine_run not in page, url
    # Nor can it ask for the first partnership's run by its id.
    runs = reverse("evidence:flags", args=[rival.slug])
    assert other.get(runs, {"run": mine_run}).status_code == 404

    # Its own run proposes by the rules, and its decision does not touch the first's.
    assert _run(other, rival).status_code == 302
    row = _row(other.get(runs).content.decode(), "Longstanton")
    assert not row[4].startswith("Preventing")
    assert _decide(other, rival, "off", "Not a priority for the board.").status_code == 302
    first = _row(
        analyst.get(reverse("evidence:flags", args=[demo.slug])).content.decode(), "Longstanton"
    )
    assert first[4].startswith("Preventing") and "Northstowe" in first[4]
    ward = analyst.get(reverse("evidence:flag_ward", args=[demo.slug, LONGSTANTON])).content
    assert b"Not a priority" not in ward and b"Robin Rival" not in ward

    # Each decision is in its own partnership's audit log, and only there.
    decisions = AuditEvent.objects.filter(model="places.FlagDecision")
    assert {(e.partnership.slug, e.username) for e in decisions} == {
        (demo.slug, "analyst"),
        (rival.slug, "rival"),
    }


def test_the_command_line_records_for_a_partnership_when_told(cli, demo, writable, monkeypatch):
    monkeypatch.setenv("SAFERPLACES_USER", "Test Analyst")
    area = ["--area", "South Cambs", "--warehouse", str(writable)]
    r = cli("flags", "run", "--period", "2025", *area, "--partnership", demo.slug)
    assert r.code == 0 and f"(partnership {demo.slug}) stored" in r.err
    own_reason = "An analyst's own trial decision"
    r = cli("flags", "set", "Longstanton", "preventing", "--reason", own_reason, *area)
    assert r.code == 0 and "(the command line's own (no partnership)): Longstanton" in r.out
    r = cli(
        "flags", "set", "Longstanton", "sustaining", "--reason", "Held by the board", *area,
        "--partnership", demo.slug,
    )  # fmt: skip
    assert r.code == 0 and f"(partnership {demo.slug}): Longstanton" in r.out

    # The partnership's pages show its own decision, not the command line's.
    board = login("board")
    page = board.get(reverse("evidence:flag_ward", args=[demo.slug, LONGSTANTON])).content
    assert b"Held by the board" in page and b"trial decision" not in page
    # And each history is its owner's alone.
    mine = json.loads(
        cli("flags", "history", *area, "--partnership", demo.slug, "--format", "json").out
    )
    own = json.loads(cli("flags", "history", *area, "--format", "json").out)
    assert [d["reason"] for d in mine["decisions"]] == ["Held by the board"]
    assert [d["reason"] for d in own["decisions"]] == [own_reason]
    assert len(mine["runs"]) == 1 and own["runs"] == []
