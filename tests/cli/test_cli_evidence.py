"""The evidence commands: ingest, indicators, table, quality, reference."""

from __future__ import annotations

import csv
import io
import json

from tests.conftest import sample_month, street_row, write_street
from tests.helpers import raw

JSON_ROW_KEYS = {
    "indicator",
    "count",
    "baseline_count",
    "change",
    "change_pct",
    "denominator",
    "denominator_kind",
    "rate_per_1000",
    "baseline_rate_per_1000",
    "z",
    "p_value",
    "q_value",
    "classification",
}


def test_ingest_prints_a_summary_and_is_idempotent(cli, warehouse_path):
    r = cli("ingest", "police-uk", sample_month("2025-01"), "--warehouse", warehouse_path)
    assert r.code == 0, r.err
    assert "Load summary" in r.out and "loaded" in r.out
    n = len([x for x in raw.street_rows() if x["Month"] == "2025-01"])
    assert f"{n:,}" in r.out
    again = cli("ingest", "police-uk", sample_month("2025-01"), "--warehouse", warehouse_path)
    assert again.code == 0 and "already loaded" in again.out


def test_ingest_bad_file_is_one_line_and_non_zero(cli, warehouse_path, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n")
    r = cli("ingest", "police-uk", bad, "--warehouse", warehouse_path)
    assert r.code == 1
    lines = [line for line in r.err.strip().splitlines() if line.startswith("Error")]
    assert len(lines) == 1 and str(bad) in lines[0] and "not a police.uk street file" in lines[0]


def test_ingest_unknown_source(cli, warehouse_path):
    r = cli("ingest", "nonsense", "x.csv", "--warehouse", warehouse_path)
    assert r.code == 1 and "unknown source 'nonsense'" in r.err


def test_warehouse_from_environment(cli, warehouse_path, monkeypatch):
    monkeypatch.setenv("SAFERPLACES_WAREHOUSE", str(warehouse_path))
    r = cli("ingest", "police-uk", sample_month("2025-02"))
    assert r.code == 0
    from saferplaces.warehouse import Warehouse

    with Warehouse.open(warehouse_path, read_only=True) as w:
        assert w.scalar("SELECT count(*) FROM police_street") > 0


def test_indicators_json_contract(cli, loaded_path):
    r = cli(
        "indicators",
        "--area",
        "south cambridgeshire",
        "--period",
        "2025",
        "--baseline",
        "2024",
        "--format",
        "json",
        "--warehouse",
        loaded_path,
    )
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert doc["area"] == {"code": "E07000012", "name": "South Cambridgeshire", "level": "district"}
    assert (doc["period"]["start"], doc["period"]["end"]) == ("2025-01", "2025-12")
    assert (doc["baseline"]["start"], doc["baseline"]["end"]) == ("2024-01", "2024-12")
    assert len(doc["rows"]) == 15
    assert all(set(row) >= JSON_ROW_KEYS for row in doc["rows"])
    all_crime = doc["rows"][-1]
    assert all_crime["indicator"] == "All crime"
    expected = raw.counts("ltla24_code", "E07000012", raw.months("2025-01", "2025-12"))
    assert all_crime["count"] == sum(v for k, v in expected.items() if k != "Anti-social behaviour")


def test_indicators_csv_and_table(cli, loaded_path):
    r = cli(
        "indicators",
        "--area",
        "E07000012",
        "--period",
        "ye2025-09",
        "--format",
        "csv",
        "--warehouse",
        loaded_path,
    )
    rows = list(csv.DictReader(io.StringIO(r.out)))
    assert len(rows) == 15 and set(rows[0]) >= JSON_ROW_KEYS
    t = cli("indicators", "--area", "E07000012", "--period", "2025", "--warehouse", loaded_path)
    assert "Violence and sexual offences" in t.out and "October 2024" not in t.out
    assert "January 2025 to December 2025" in t.out


def test_change_pct_blank_when_baseline_small(cli, loaded_path):
    r = cli(
        "indicators",
        "--area",
        "Duxford",
        "--period",
        "2025",
        "--format",
        "json",
        "--warehouse",
        loaded_path,
    )
    for row in json.loads(r.out)["rows"]:
        if row["baseline_count"] < 10:
            assert row["change_pct"] is None


def test_area_errors(cli, loaded_path):
    r = cli("indicators", "--area", "Castle", "--period", "2025", "--warehouse", loaded_path)
    assert r.code == 1 and "ambiguous" in r.err
    r = cli("indicators", "--area", "Cambrige", "--period", "2025", "--warehouse", loaded_path)
    assert r.code == 1 and "did you mean" in r.err


def test_period_error(cli, loaded_path):
    r = cli("indicators", "--area", "Cambridge", "--period", "2025Q3", "--warehouse", loaded_path)
    assert r.code == 1 and "2025Q3" in r.err and "ye2025-09" in r.err


def test_table_wards_json(cli, loaded_path):
    r = cli(
        "table",
        "wards",
        "--area",
        "South Cambridgeshire",
        "--indicator",
        "burglary",
        "--period",
        "2025",
        "--format",
        "json",
        "--warehouse",
        loaded_path,
    )
    doc = json.loads(r.out)
    assert len(doc["rows"]) == 26
    assert set(doc["rows"][0]) >= {
        "ward_code",
        "ward_name",
        "count",
        "baseline_count",
        "change",
        "rate_per_1000",
    }
    assert (
        sum(x["count"] for x in doc["rows"])
        == raw.counts("ltla24_code", "E07000012", raw.months("2025-01", "2025-12"))["Burglary"]
    )


def test_table_districts_csv(cli, loaded_path):
    r = cli(
        "table",
        "districts",
        "--area",
        "Cambridgeshire",
        "--indicator",
        "asb",
        "--period",
        "2025",
        "--format",
        "csv",
        "--warehouse",
        loaded_path,
    )
    rows = list(csv.DictReader(io.StringIO(r.out)))
    assert [x["level"] for x in rows].count("district") == 6
    assert any(x["level"] == "force total" for x in rows)


def test_table_wards_needs_a_district(cli, loaded_path):
    r = cli(
        "table",
        "wards",
        "--area",
        "Cambridgeshire",
        "--indicator",
        "drugs",
        "--period",
        "2025",
        "--warehouse",
        loaded_path,
    )
    assert r.code == 1 and "table districts" in r.err


def test_unknown_indicator(cli, loaded_path):
    r = cli(
        "table",
        "wards",
        "--area",
        "Cambridge",
        "--indicator",
        "jaywalking",
        "--period",
        "2025",
        "--warehouse",
        loaded_path,
    )
    assert r.code == 1 and "unknown indicator 'jaywalking'" in r.err and "burglary" in r.err


def test_quality_reports_gaps_and_quarantine(cli, warehouse_path, tmp_path):
    bad = write_street(
        tmp_path / "2025-03.csv", [street_row(Month="2025-03"), street_row(Crime_type="Litter")]
    )
    cli("ingest", "police-uk", sample_month("2025-01"), bad, "--warehouse", warehouse_path)
    r = cli("quality", "--warehouse", warehouse_path)
    assert r.code == 0
    assert "2025-02" in r.out and "unknown crime type" in r.out
    j = json.loads(cli("quality", "--format", "json", "--warehouse", warehouse_path).out)
    assert j["coverage"][0]["missing_months"] == ["2025-02"]


def test_reference_load_and_list(cli, warehouse_path):
    r = cli("reference", "load", raw.SAMPLE, "--warehouse", warehouse_path)
    assert r.code == 0 and "already loaded" in r.out
    assert "lsoa-lookup" in cli("reference", "list").out


def test_version_and_help(cli):
    assert cli("--version").out.startswith("saferplaces ")
    h = cli("--help")
    for command in ("ingest", "indicators", "table", "quality", "reference"):
        assert command in h.out
