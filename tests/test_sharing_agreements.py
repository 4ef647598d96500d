"""Information-sharing agreements in the core library: the register's tags by date
(the day is a parameter, not the clock), which sources an agreement covers, the
register's download read back, and ``saferplaces quality --agreements``."""

from __future__ import annotations

import json
import shutil
from datetime import date

import pytest

from saferplaces.quality.agreements import (
    Agreement,
    AgreementsFileError,
    read_agreements,
    tag,
    uncovered,
)
from saferplaces.warehouse import Warehouse

TODAY = date(2026, 3, 1)


@pytest.mark.parametrize(
    ("status", "review_on", "expected"),
    [
        ("signed", date(2026, 5, 1), "current"),  # 61 days ahead (March 31 + April 30)
        ("signed", date(2026, 4, 30), "review_due"),  # exactly 60 days ahead
        ("signed", date(2026, 3, 1), "review_due"),  # due today, not yet overdue
        ("signed", date(2026, 2, 28), "overdue"),
        ("signed", None, "current"),
        ("expired", date(2027, 1, 1), "expired"),
        ("withdrawn", date(2027, 1, 1), "withdrawn"),
        ("draft", date(2026, 2, 1), "draft"),
    ],
)
def test_tag_by_date(status, review_on, expected):
    assert tag(status, date(2025, 1, 1), review_on, TODAY) == expected


def test_only_signed_agreements_in_force_cover_their_sources():
    held = ["fire", "idva", "police-uk-street"]
    signed = Agreement("Fire", "signed", ("fire",), date(2025, 1, 1), date(2026, 1, 1))
    later = Agreement("IDVA", "signed", ("idva",), date(2026, 6, 1), None)
    withdrawn = Agreement("IDVA old", "withdrawn", ("idva",), date(2024, 1, 1), None)
    # The fire agreement is overdue for review but still in force; the IDVA one is
    # signed after today; police.uk is open data and never listed.
    assert uncovered(held, [signed, later, withdrawn], TODAY) == ["idva"]
    assert uncovered(held, [], TODAY) == ["fire", "idva"]


def test_the_downloads_read_back(tmp_path):
    c = tmp_path / "a.csv"
    c.write_text(
        "title,status,signed_on,review_on,sources,legal_basis,owner\n"
        "Fire data,signed,2025-04-01,2026-04-01,fire ambulance,x,Ann\n",
        encoding="utf-8",
    )
    j = tmp_path / "a.json"
    j.write_text(
        json.dumps(
            {
                "agreements": [
                    {
                        "title": "Fire data",
                        "status": "signed",
                        "signed_on": "2025-04-01",
                        "review_on": "2026-04-01",
                        "sources": ["fire", "ambulance"],
                    }
                ]
            }
        )
    )
    expected = [
        Agreement("Fire data", "signed", ("fire", "ambulance"), date(2025, 4, 1), date(2026, 4, 1))
    ]
    assert read_agreements(c) == expected
    assert read_agreements(j) == expected


def test_a_bad_date_names_file_row_field_and_value(tmp_path):
    c = tmp_path / "a.csv"
    c.write_text("title,status,signed_on,review_on,sources\nX,signed,1/4/2025,,fire\n")
    with pytest.raises(AgreementsFileError) as e:
        read_agreements(c)
    assert str(e.value) == (
        f"{c}, row 2, signed_on: '1/4/2025' is not a date; write it as YYYY-MM-DD"
    )


def _fire_file(folder):
    folder.mkdir()
    (folder / "fire.csv").write_text(
        "incident_id,date,cause,property_type,latitude,longitude,lsoa_code,parish\n"
        "F1,2025-03-14,deliberate,outdoor,52.2301,-0.0579,,Cambourne\n",
        encoding="utf-8",
    )
    return folder


def fire_warehouse(loaded_path, tmp_path):
    """A copy of the bundled police.uk months with one fire incident loaded."""
    from saferplaces.sources.agency import ingest_agency

    path = tmp_path / "w.duckdb"
    shutil.copy(loaded_path, path)
    with Warehouse.open(path) as wh:
        ingest_agency(wh, [_fire_file(tmp_path / "fire")], source="fire")
    return path


@pytest.fixture
def with_fire(loaded_path, tmp_path):
    return fire_warehouse(loaded_path, tmp_path)


def test_quality_warns_for_a_source_no_agreement_covers(cli, with_fire, tmp_path):
    register = tmp_path / "agreements.csv"
    register.write_text("title,status,signed_on,review_on,sources\n")
    doc = json.loads(
        cli("quality", "--agreements", register, "--format", "json", "--warehouse", with_fire).out
    )
    assert [(r["source"], r["title"]) for r in doc["sources_without_agreement"]] == [
        ("fire", "Fire incidents")
    ]
    table = cli("quality", "--agreements", register, "--warehouse", with_fire).out
    assert "│ fire " in table and "Fire incidents" in table
    assert "• Record an agreement covering each source held with no current" in table
    register.write_text(
        "title,status,signed_on,review_on,sources\nFire data,signed,2025-04-01,,fire\n"
    )
    doc = json.loads(
        cli("quality", "--agreements", register, "--format", "json", "--warehouse", with_fire).out
    )
    assert doc["sources_without_agreement"] == []
    # Without a register nothing is claimed either way.
    doc = json.loads(cli("quality", "--format", "json", "--warehouse", with_fire).out)
    assert doc["sources_without_agreement"] is None


def test_police_uk_alone_needs_no_agreement(cli, loaded_path, tmp_path):
    register = tmp_path / "agreements.json"
    register.write_text('{"agreements": []}')
    result = cli(
        "quality", "--agreements", register, "--format", "json", "--warehouse", loaded_path
    )
    doc = json.loads(result.out)
    assert {c["source"] for c in doc["coverage"]} == {"police-uk-street"}
    assert doc["sources_without_agreement"] == []


def test_a_bad_register_is_one_line(cli, loaded_path, tmp_path):
    register = tmp_path / "agreements.csv"
    register.write_text("title,status,sources\nX,agreed,fire\n")
    result = cli("quality", "--agreements", register, "--warehouse", loaded_path)
    lines = [x for x in result.err.strip().splitlines() if x.strip()]
    assert result.code == 1 and len(lines) == 1, result.err
    assert "row 2, status: 'agreed' is not a status" in lines[0]
