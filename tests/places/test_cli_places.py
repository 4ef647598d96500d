"""The place commands as a user runs them: contracts, files written, one-line errors."""

from __future__ import annotations

import json
import math
import shutil

import pytest

from tests.helpers import raw

PERIOD = "ye2025-09"


def _raw_flags(lad: str, start: str, end: str, top: float = 0.2) -> dict[str, list[str]]:
    """{ward code: indicator ids flagged} by the data group method, from the raw files: each
    police.uk crime type and ASB per 1,000 residents (households for burglary), flagged at
    or above the value at rank ceil(top x wards), never at zero."""
    lookup = raw.lookup()
    wards = sorted({r["ward24_code"] for r in lookup.values() if r["ltla24_code"] == lad})
    months = raw.months(start, end)
    counts = {w: raw.counts("ward24_code", w, months) for w in wards}
    dens = {w: raw.denominator("ward24_code", w) for w in wards}
    types = sorted({r["Crime type"] for r in raw.street_rows()})
    out: dict[str, list[str]] = {w: [] for w in wards}
    k = math.ceil(round(top * len(wards), 9))
    for t in types:
        den = 1 if t == "Burglary" else 0
        rates = {w: counts[w][t] / dens[w][den] * 1000 for w in wards}
        threshold = sorted(rates.values(), reverse=True)[k - 1]
        ident = t.lower().replace(
            " ", "-"
        )  # "Criminal damage and arson": criminal-damage-and-arson
        for w in wards:
            if rates[w] >= threshold and rates[w] > 0:
                out[w].append(ident)
    return out


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
    # The rules' proposal, from the raw files: there is no earlier run (the first run is
    # over the same period), so Longstanton is proposed emerging if it has 2 flags or more.
    flags = _raw_flags("E07000012", "2025-01", "2025-12")["E05013880"]
    assert sorted(ward["flags"]) == sorted(flags)
    assert ward["proposed_category"] == ("emerging" if len(flags) >= 2 else None)
    assert ward["category"] == "preventing"
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


def test_flags_show_and_history_settings(cli, env):
    r = cli("flags", "run", "--area", "South Cambs", "--period", PERIOD, "--format", "json")
    run = json.loads(r.out)["run"]
    shown = json.loads(
        cli("flags", "show", run["id"], "--ward", "Longstanton", "--format", "json").out
    )
    rows = {v["indicator"]: v for v in shown["values"]}
    assert set(rows) == set(run["indicators"])
    # Longstanton's burglary figures from the raw files: records over households.
    months = raw.months("2024-10", "2025-09")
    n = raw.counts("ward24_code", "E05013880", months)["Burglary"]
    households = raw.denominator("ward24_code", "E05013880")[1]
    b = rows["burglary"]
    assert (b["count"], b["denominator"]) == (n, households)
    assert b["value"] == pytest.approx(n / households * 1000)
    assert b["flagged"] == (b["value"] >= b["threshold"] and b["value"] > 0)
    table = cli("flags", "show", run["id"], "--ward", "Longstanton")
    assert table.code == 0 and "Threshold" in table.out and "Burglary" in table.out
    history = cli("flags", "history", "--area", "South Cambs")
    assert "14 indicator(s)" in history.out and "top 0.2" in history.out


def test_flags_history_names_a_ward_of_another_district(cli, env):
    r = cli("flags", "history", "--area", "Cambridge", "--ward", "Longstanton")
    assert r.code == 1
    assert "Longstanton is not a ward of Cambridge" in r.err


def test_periods_with_no_data_are_refused_and_nothing_stored(cli, env):
    r = cli("flags", "run", "--area", "Cambridge", "--period", "2030")
    assert r.code == 1 and "missing 12 of 12 months" in r.err
    assert len(r.err.strip().splitlines()) <= 2
    for args in (
        ["concentration", "--area", "Cambridge"],
        ["hotspots", "--area", "Cambridge", "--indicator", "burglary"],
        ["funnel", "--area", "Cambridge", "--indicator", "burglary"],
        ["harm", "--area", "Cambridge"],
    ):
        r = cli(*args, "--period", "2030")
        assert r.code == 1 and "no data at all" in r.err, args
    h = json.loads(cli("flags", "history", "--area", "Cambridge", "--format", "json").out)
    assert h["runs"] == []


@pytest.mark.slow  # many flags runs
def test_incomplete_periods_are_flagged_everywhere(cli, env):
    period = "2025-07..2026-06"  # the bundled files end in 2025-12
    r = cli("flags", "run", "--area", "Cambridge", "--period", period)
    assert r.code == 1 and "--allow-incomplete" in r.err
    r = cli(
        "flags",
        "run",
        "--area",
        "Cambridge",
        "--period",
        period,
        "--allow-incomplete",
        "--format",
        "json",
    )
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert doc["coverage"][0]["missing_months"][:2] == ["2026-01", "2026-02"]
    assert any("missing 6 of 12 months" in n for n in doc["notes"])
    for args in (
        ["concentration", "--area", "Cambridge"],
        ["hotspots", "--area", "Cambridge", "--indicator", "burglary"],
        ["funnel", "--area", "Cambridge", "--indicator", "burglary"],
        ["harm", "--area", "Cambridge"],
    ):
        table = cli(*args, "--period", period)
        assert table.code == 0, table.err
        assert "Warning: incomplete" in table.err and "missing 6 of 12 months" in table.err
        doc = json.loads(cli(*args, "--period", period, "--format", "json").out)
        assert doc["coverage"][0]["complete"] is False, args
        assert any(n.startswith("Incomplete:") for n in doc["notes"]), args
