"""The agency commands: sources, demo-data, ingest with a spec, table crosstab, and
the agency rows of indicators and quality."""

from __future__ import annotations

import csv
import io
import json
import re
import shlex
import shutil
from pathlib import Path

import pytest

from saferplaces.sources.agency import builtin_spec
from saferplaces.warehouse import Warehouse
from tests.helpers.warehouses import cached
from tests.sources.agency.helpers import write_csv


@pytest.fixture(scope="module")
def demo_path():
    """The bundled police.uk data and every illustrative extract, loaded once (the cached
    build, see tests/helpers/warehouses.py; copied before use)."""
    return cached("agency") / "warehouse.duckdb"


@pytest.fixture
def demo(demo_path, tmp_path):
    path = tmp_path / "w.duckdb"
    shutil.copy(demo_path, path)
    return path


def one_error_line(result) -> str:
    lines = [line for line in result.err.strip().splitlines() if line.startswith("Error")]
    assert result.code == 1 and len(lines) == 1, result.err
    return lines[0]


def test_sources_lists_every_builtin_source(cli):
    r = cli("sources")
    assert r.code == 0
    for name in ("fire", "ambulance", "ed-assaults", "police-extract", "asb-cases", "idva"):
        assert name in r.out
    listed = json.loads(cli("sources", "list", "--format", "json").out)
    assert [s["name"] for s in listed][:3] == ["fire", "ambulance", "ed-assaults"]
    fire = listed[0]
    assert [f["name"] for f in fire["fields"]] == builtin_spec("fire").canonical_header
    assert "deliberate-fires" in [i["id"] for i in fire["indicators"]]


def test_sources_show_prints_the_spec_and_an_example(cli):
    r = cli("sources", "show", "fire")
    assert r.code == 0
    assert "incident_id,date,cause,property_type,latitude,longitude,lsoa_code,parish" in r.out
    assert '[source]\nname = "fire"' in r.out
    ex = cli("sources", "show", "fire", "--example")
    rows = list(csv.reader(io.StringIO(ex.out)))
    assert rows[0] == builtin_spec("fire").canonical_header
    assert [tuple(r) for r in rows[1:]] == list(builtin_spec("fire").example)
    assert "unknown source 'firewood'" in one_error_line(cli("sources", "show", "firewood"))


@pytest.mark.slow  # writes every illustrative extract
def test_demo_data_writes_and_prints_the_commands(cli, tmp_path):
    r = cli("demo-data", "--out", tmp_path / "d", "--seed", "3")
    assert r.code == 0, r.err
    assert "NOT REAL DATA" in r.out
    assert f"saferplaces ingest fire {tmp_path / 'd' / 'fire'} --spec" in r.out
    assert len(list((tmp_path / "d").rglob("illustrative-*"))) == 10


def test_ingest_with_a_spec_and_with_a_spec_as_source(cli, warehouse_path, tmp_path):
    f = write_csv(
        tmp_path / "f.csv",
        ["Ref", "When", "Cause", "Kind", "LSOA"],
        [
            ["R1", "01/03/2025", "Malicious", "Grass", "E01018218"],
            ["R2", "02/03/2025", "Accidental", "House", "E01018218"],
            ["R3", "03/03/2025", "Lightning", "House", "E01018218"],
        ],
        encoding="windows-1252",
    )
    spec = tmp_path / "frs.toml"
    spec.write_text(
        '[source]\nname = "fire"\n[file]\nencoding = "windows-1252"\n'
        '[fields.incident_id]\ncolumn = "Ref"\n'
        '[fields.date]\ncolumn = "When"\nformats = ["%d/%m/%Y"]\n'
        '[fields.cause]\ncolumn = "Cause"\n[fields.cause.values]\n"Malicious" = "deliberate"\n'
        '[fields.property_type]\ncolumn = "Kind"\n[fields.property_type.values]\n'
        '"Grass" = "outdoor"\n"House" = "building"\n'
        '[fields.lsoa_code]\ncolumn = "LSOA"\n'
    )
    r = cli("ingest", "fire", f, "--spec", spec, "--warehouse", warehouse_path)
    assert r.code == 0, r.err
    assert "First rows not loaded (of 1):" in r.out
    assert "f.csv row 4, field 'Cause': unknown cause (allowed:" in r.out
    assert "(got 'Lightning')" in r.out
    # The spec file itself as SOURCE: the same file and spec are already loaded.
    again = cli("ingest", str(spec), f, "--warehouse", warehouse_path)
    assert again.code == 0 and "already loaded" in again.out


def test_ingest_errors_are_one_line(cli, warehouse_path, tmp_path):
    f = write_csv(tmp_path / "f.csv", ["incident_id", "date"], [["R1", "2025-03-01"]])
    line = one_error_line(cli("ingest", "fire", f, "--warehouse", warehouse_path))
    assert str(f) in line and "row 1" in line and "missing column 'cause'" in line
    spec = tmp_path / "s.toml"
    spec.write_text('[source]\nname = "fire"\n')
    line = one_error_line(
        cli("ingest", "police-uk", f, "--spec", spec, "--warehouse", warehouse_path)
    )
    assert "--spec and --encoding are for agency sources" in line
    line = one_error_line(
        cli("ingest", str(tmp_path / "nope.toml"), f, "--warehouse", warehouse_path)
    )
    assert "no such spec file" in line


def test_crosstab_formats(cli, demo):
    args = ["table", "crosstab", "--source", "ambulance", "--rows", "district", "--columns", "year"]
    args += ["--area", "Cambridgeshire", "--warehouse", str(demo)]
    table = cli(*args)
    assert table.code == 0, table.err
    assert "Location unknown" in table.out and "Outside the force area" in table.out
    doc = json.loads(cli(*args, "--format", "json").out)
    assert doc["columns"] == ["2024", "2025"]
    labels = [r["label"] for r in doc["rows"]]
    assert labels[-2:] == ["Outside the force area", "Location unknown"]
    rows = list(csv.DictReader(io.StringIO(cli(*args, "--format", "csv").out)))
    by_label = {r["label"]: r for r in rows}
    assert int(by_label["Total"]["total"]) == doc["grand_total"]
    # Every call-out is in one row: the districts, outside and unknown add up to the total.
    assert sum(int(r["total"]) for r in rows if r["label"] != "Total") == doc["grand_total"]
    with Warehouse.open(demo, read_only=True) as wh:
        assert doc["grand_total"] == wh.scalar(
            "SELECT count(*) FROM agency_record WHERE source = 'ambulance'"
        )
    bad = cli(
        "table",
        "crosstab",
        "--source",
        "fire",
        "--rows",
        "colour",
        "--columns",
        "year",
        "--warehouse",
        demo,
    )
    assert "fire has no field 'colour' to break down by; choose one of: year" in one_error_line(bad)


def test_indicators_gain_agency_rows_and_keep_the_police_rows(cli, demo, loaded_path):
    args = ["indicators", "--area", "South Cambridgeshire", "--period", "2025", "--format", "json"]
    police_only = json.loads(cli(*args, "--warehouse", loaded_path).out)
    both = json.loads(cli(*args, "--warehouse", demo).out)
    assert both["rows"][:15] == police_only["rows"]
    ids = [r["indicator_id"] for r in both["rows"][15:]]
    assert "deliberate-fires" in ids and "idva-referrals" in ids
    assert both["groups"][0] == {
        "group": "police.uk",
        "indicator_ids": [r["indicator_id"] for r in police_only["rows"]],
    }
    assert "Fire and rescue" in [g["group"] for g in both["groups"]]
    assert "fire" in both["illustrative_sources"]
    table = cli(
        "indicators", "--area", "South Cambridgeshire", "--period", "2025", "--warehouse", demo
    )
    assert "Fire and rescue" in table.out and "Deliberate fires" in table.out
    assert "Illustrative data" in table.out
    ward = json.loads(
        cli(
            "indicators",
            "--area",
            "Duxford",
            "--period",
            "2025",
            "--format",
            "json",
            "--warehouse",
            demo,
        ).out
    )
    ward_ids = [r["indicator_id"] for r in ward["rows"]]
    assert "deliberate-fires" in ward_ids and "idva-referrals" not in ward_ids  # by district only
    # An extract from Cambridgeshire says nothing about Essex: no agency rows there.
    essex = json.loads(
        cli(
            "indicators",
            "--area",
            "Essex",
            "--period",
            "2025",
            "--format",
            "json",
            "--warehouse",
            demo,
        ).out
    )
    assert len(essex["rows"]) == 15 and [g["group"] for g in essex["groups"]] == ["police.uk"]


def test_wards_table_for_an_agency_indicator(cli, demo):
    r = cli(
        "table",
        "wards",
        "--area",
        "South Cambs",
        "--indicator",
        "deliberate-fires",
        "--period",
        "2025",
        "--format",
        "json",
        "--warehouse",
        demo,
    )
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert doc["indicator_id"] == "deliberate-fires" and len(doc["rows"]) == 26
    district = cli(
        "table",
        "wards",
        "--area",
        "South Cambs",
        "--indicator",
        "idva-referrals",
        "--period",
        "2025",
        "--warehouse",
        demo,
    )
    assert "is only held by district, so it has no ward figures" in one_error_line(district)


def test_quality_covers_every_source(cli, demo):
    doc = json.loads(cli("quality", "--format", "json", "--warehouse", demo).out)
    sources = {c["source"] for c in doc["coverage"]}
    assert {"police-uk-street", "fire", "ambulance", "idva", "school-attendance"} <= sources
    assert any("December 2025 not yet received" in n for n in doc["notes"])
    table = cli("quality", "--warehouse", demo)
    assert "Ambulance call-outs for assault: December 2025 not yet received" in table.out


RECIPES = [
    line
    for line in re.search(
        r"The tables the strategic assessments use.*?```text\n(.*?)```",
        (Path(__file__).resolve().parents[2] / "docs" / "sources.md").read_text(),
        re.S,
    )
    .group(1)
    .splitlines()
    if line.startswith("saferplaces ")
]


@pytest.mark.parametrize("line", RECIPES)
def test_the_documented_crosstabs_work(cli, demo_path, line):
    r = cli(*shlex.split(line)[1:], "--format", "json", "--warehouse", str(demo_path))
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert doc["rows"] and doc["columns"]
