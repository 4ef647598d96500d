"""The place commands as a user runs them: contracts, files written, one-line errors."""

from __future__ import annotations

import json
import shutil

import pytest

PERIOD = "ye2025-09"


@pytest.fixture
def env(loaded_copy, monkeypatch, tmp_path):
    monkeypatch.setenv("SAFERPLACES_WAREHOUSE", str(loaded_copy))
    monkeypatch.setenv("SAFERPLACES_USER", "Test Analyst")
    monkeypatch.chdir(tmp_path)
    return loaded_copy


def test_flags_run_json_contract_and_byte_for_byte_repeat(cli, env, loaded_path, tmp_path):
    args = ["flags", "run", "--area", "South Cambs", "--period", PERIOD, "--format", "json"]
    first = cli(*args)
    assert first.code == 0, first.err
    doc = json.loads(first.out)
    assert set(doc["run"]) >= {"id", "area", "period", "indicators", "top", "min_flags"}
    assert doc["run"]["top"] == 0.2 and doc["run"]["min_flags"] == 2
    assert len(doc["wards"]) == 26
    for w in doc["wards"]:
        assert set(w) == {
            "ward_code",
            "ward_name",
            "flags",
            "flag_count",
            "proposed_category",
            "category",
        }
        assert w["flag_count"] == len(w["flags"])
    # Again on the same warehouse, and on a fresh copy of the same data: the same bytes.
    assert cli(*args).out == first.out
    other = tmp_path / "other.duckdb"
    shutil.copy(loaded_path, other)
    assert cli(*args, "--warehouse", str(other)).out == first.out


def test_flags_set_and_history(cli, env):
    assert cli("flags", "run", "--area", "South Cambs", "--period", "2025").code == 0
    r = cli(
        "flags",
        "set",
        "Longstanton",
        "preventing",
        "--reason",
        "Northstowe new town",
        "--area",
        "South Cambs",
    )
    assert r.code == 0, r.err
    assert "Longstanton (E05013880) is preventing, by Test Analyst" in r.out
    run = json.loads(
        cli("flags", "run", "--area", "South Cambs", "--period", "2025", "--format", "json").out
    )
    ward = next(w for w in run["wards"] if w["ward_name"] == "Longstanton")
    assert ward["category"] == "preventing" and ward["proposed_category"] != "preventing"
    h = json.loads(
        cli(
            "flags", "history", "--area", "South Cambs", "--ward", "Longstanton", "--format", "json"
        ).out
    )
    assert len(h["runs"]) == 2
    assert [d["reason"] for d in h["decisions"]] == ["Northstowe new town"]
    table = cli("flags", "history", "--area", "South Cambs")
    assert "decision 1" in table.out and "Longstanton: preventing" in table.out


def test_concentration_json_contract(cli, env):
    r = cli("concentration", "--area", "Cambridge", "--period", "2025", "--format", "json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert set(doc) >= {
        "places",
        "incidents",
        "top_shares",
        "places_for_share",
        "gini",
        "generalised_gini",
    }
    assert set(doc["top_shares"]) == {"1", "3", "5", "10"}
    assert set(doc["places_for_share"]) == {"25", "50"}
    assert 0 < doc["top_shares"]["1"] < doc["top_shares"]["10"] <= 100
    lsoa = json.loads(
        cli(
            "concentration",
            "--area",
            "Cambridge",
            "--period",
            "2025",
            "--by",
            "lsoa",
            "--format",
            "json",
        ).out
    )
    assert lsoa["places"] == 78 and lsoa["incidents"] == doc["incidents"] + doc["unplaced"]


def test_hotspots_and_funnel_write_their_figures(cli, env, tmp_path):
    r = cli(
        "hotspots",
        "--area",
        "Peterborough",
        "--period",
        "2025",
        "--indicator",
        "asb",
        "--map",
        str(tmp_path / "map.png"),
    )
    assert r.code == 0, r.err
    assert (tmp_path / "map.png").stat().st_size > 10_000
    assert "hot spot" in r.out
    r = cli(
        "funnel",
        "--area",
        "South Cambridgeshire",
        "--period",
        "2025",
        "--indicator",
        "burglary",
        "--format",
        "json",
    )
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert len(doc["rows"]) == 26
    assert (tmp_path / doc["chart"]["path"]).exists()


def test_harm_command(cli, env):
    r = cli("harm", "--area", "South Cambridgeshire", "--period", "2025")
    assert r.code == 0, r.err
    assert "not weighted" in r.out and "per 1,000" in r.out


@pytest.mark.parametrize(
    "args, message",
    [
        (["flags", "run", "--area", "Cambridgeshire", "--period", "2025"], "is not a district"),
        (
            ["flags", "run", "--area", "Cambridge", "--period", "2025", "--top", "1.5"],
            "--top must be a share",
        ),
        (
            [
                "flags",
                "run",
                "--area",
                "Cambridge",
                "--period",
                "2025",
                "--indicators",
                "jaywalking",
            ],
            "unknown indicator 'jaywalking'",
        ),
        (["flags", "set", "Nowhere Ward", "emerging", "--reason", "x"], "no area called"),
        (["flags", "set", "Longstanton", "hot", "--reason", "x"], "unknown category 'hot'"),
        (
            ["funnel", "--area", "Cambridge", "--period", "2025", "--indicator", "harm"],
            "weighted measure",
        ),
        (
            ["concentration", "--area", "Cambridge", "--period", "2025", "--by", "street"],
            "--by must be one of",
        ),
        (
            [
                "hotspots",
                "--area",
                "Cambridge",
                "--period",
                "2025",
                "--indicator",
                "asb",
                "--measure",
                "density",
            ],
            "--measure must be count or rate",
        ),
    ],
)
def test_bad_input_is_one_line(cli, env, args, message):
    r = cli(*args)
    assert r.code == 1
    assert message in r.err
    assert len(r.err.strip().splitlines()) <= 2  # one message (wrapped at most once)
