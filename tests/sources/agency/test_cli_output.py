"""What the agency commands print: user text printed as typed (never read as Rich
markup), illustrative data and restricted editions labelled, percentages as percentages,
small counts of sensitive data suppressed in public tables."""

from __future__ import annotations

import csv
import io
import json

from tests.sources.agency.helpers import write_csv

AMB = ["callout_id", "date", "lsoa_code", "district_code", "sex", "age_band", "illustrative"]


def test_spec_errors_keep_the_table_they_name(cli, warehouse_path, tmp_path):
    f = write_csv(tmp_path / "f.csv", ["incident_id"], [["F1"]])
    spec = tmp_path / "bad5.toml"
    spec.write_text('[source]\nname = "fire"\ncolour = "red"\n')
    r = cli("ingest", "fire", f, "--spec", spec, "--warehouse", warehouse_path)
    assert r.code == 1
    assert f"Error: {spec}: [source] has unknown key(s) colour" in r.err


def test_reasons_keep_their_brackets_in_every_output(cli, warehouse_path, tmp_path):
    f = write_csv(
        tmp_path / "f.csv",
        ["incident_id", "date", "cause", "property_type"],
        [["F1", "2025-01-02", "Delib", "outdoor"]],
    )
    # Its one row is not loaded: more than half the file, so it is accepted as partial.
    r = cli("ingest", "fire", f, "--accept-partial", "--warehouse", warehouse_path)
    assert r.code == 0, r.err
    assert "[fields.cause.values]" in r.out
    q = cli("quality", "--warehouse", warehouse_path)
    assert "[fields.cause.values]" in q.out.replace("\n", " ")


def _ambulance(tmp_path, illustrative: str = "yes"):
    rows = []
    # Balsham (E01018218) 3 call-outs in 2025, Linton (E01018220) 12, in South Cambridgeshire.
    for i in range(3):
        rows.append([f"B{i}", f"2025-0{i + 1}-05", "E01018218", "", "male", "18-24", illustrative])
    for i in range(12):
        rows.append(
            [f"L{i}", f"2025-{i + 1:02d}-07", "E01018220", "", "male", "25-34", illustrative]
        )
    rows.append(["L99", "2024-05-07", "E01018220", "", "female", "25-34", illustrative])
    return write_csv(tmp_path / "amb.csv", AMB, rows)


def test_illustrative_data_is_labelled_wherever_it_goes(cli, warehouse_path, tmp_path):
    r = cli("ingest", "ambulance", _ambulance(tmp_path), "--warehouse", warehouse_path)
    assert "illustrative data" in r.out
    assert "1 file " in r.out and "1 files" not in r.out
    args = ["table", "crosstab", "--source", "ambulance", "--rows", "sex", "--columns", "year"]
    args += ["--warehouse", str(warehouse_path)]
    assert "ILLUSTRATIVE" in cli(*args).out
    doc = json.loads(cli(*args, "--format", "json").out)
    assert doc["illustrative"] is True
    assert any("Illustrative data" in n for n in doc["notes"])
    rows = list(csv.DictReader(io.StringIO(cli(*args, "--format", "csv").out)))
    assert rows and all(r["illustrative"] == "yes" for r in rows)


def test_public_crosstabs_hide_small_counts_of_sensitive_data_below_district(
    cli, warehouse_path, tmp_path
):
    cli("ingest", "ambulance", _ambulance(tmp_path, "no"), "--warehouse", warehouse_path)
    args = ["table", "crosstab", "--source", "ambulance", "--rows", "ward", "--columns", "year"]
    args += ["--area", "South Cambridgeshire", "--format", "json"]
    args += ["--warehouse", str(warehouse_path)]
    public = json.loads(cli(*args).out)
    cells = {r["label"]: r for r in public["rows"]}
    # Balsham's 3 (2025) is under 5: shown as <5; Linton's 2024 (1) too. Secondary
    # suppression hides the next smallest count of each row and column left with one.
    assert cells["Balsham"]["cells"]["2025"] == "<5"
    assert cells["Linton"]["cells"]["2024"] == "<5"
    assert public["edition"] == "public" and public.get("marking") is None
    restricted = json.loads(cli(*args, "--edition", "restricted").out)
    cells = {r["label"]: r for r in restricted["rows"]}
    assert cells["Balsham"]["cells"]["2025"] == 3
    assert restricted["marking"] == "RESTRICTED"
    table = cli(*[a for a in args if a not in ("--format", "json")], "--edition", "restricted")
    assert "RESTRICTED" in table.out
    # At district level nothing is suppressed.
    by_district = json.loads(
        cli(
            "table",
            "crosstab",
            "--source",
            "ambulance",
            "--rows",
            "district",
            "--columns",
            "year",
            "--format",
            "json",
            "--warehouse",
            str(warehouse_path),
        ).out
    )
    assert {r["label"]: r["cells"]["2024"] for r in by_district["rows"]} == {
        "South Cambridgeshire": 1
    }


IDVA = ["district_code", "period_start", "period_end", "referrals", "engaged", "repeats"]


def test_rates_print_as_percentages(cli, warehouse_path, tmp_path):
    f = write_csv(tmp_path / "i.csv", IDVA, [["Cambridge", "2025-01-01", "2025-03-31", 76, 58, 20]])
    cli("ingest", "idva", f, "--warehouse", warehouse_path)
    r = cli(
        "table",
        "crosstab",
        "--source",
        "idva",
        "--rows",
        "district",
        "--columns",
        "year",
        "--value",
        "engagement_rate",
        "--warehouse",
        warehouse_path,
    )
    assert r.code == 0, r.err
    assert "76.3%" in r.out and "76.30" not in r.out


def test_the_example_of_a_users_spec_is_a_file_the_spec_reads(cli, warehouse_path, tmp_path):
    from tests.sources.agency.test_docs_sources import _block

    spec = tmp_path / "cfrs.toml"
    spec.write_text(_block("## A worked example", "toml"))
    ex = cli("sources", "show", str(spec), "--example")
    assert ex.code == 0, ex.err
    rows = list(csv.reader(io.StringIO(ex.out)))
    header, body = rows[0], rows[1:]
    assert body and all(len(r) == len(header) for r in body)
    assert "Easting" in header and "Northing" in header  # the fields the spec adds
    example = tmp_path / "example.csv"
    example.write_text(ex.out, encoding="windows-1252")
    r = cli("ingest", "fire", example, "--spec", spec, "--warehouse", warehouse_path)
    assert r.code == 0, r.err
    from saferplaces.warehouse import Warehouse

    with Warehouse.open(warehouse_path, read_only=True) as w:
        assert w.scalar("SELECT count(*) FROM agency_record") == len(body)


def test_rows_not_compared_show_no_change(cli, warehouse_path, tmp_path):
    rows = [
        [f"A{y}{m}{i}", f"{y}-{m:02d}-0{i + 1}", "E01018220", "", "male", "25-34", "no"]
        for y in (2024, 2025)
        for m in range(1, 13 if y == 2024 else 12)  # December 2025 not yet received
        for i in range(3)
    ]
    cli(
        "ingest",
        "ambulance",
        write_csv(tmp_path / "a.csv", AMB, rows),
        "--warehouse",
        warehouse_path,
    )
    args = [
        "indicators",
        "--area",
        "South Cambridgeshire",
        "--period",
        "2025",
        "--baseline",
        "2024",
    ]
    args += ["--warehouse", str(warehouse_path)]
    doc = json.loads(cli(*args, "--format", "json").out)
    (amb,) = [r for r in doc["rows"] if r["indicator_id"] == "ambulance-assault-callouts"]
    # 33 call-outs in 11 months against 36 in 12: counts kept, no change worked out.
    assert (amb["count"], amb["baseline_count"], amb["classification"]) == (33, 36, "not compared")
    assert amb["change"] is None and amb["change_pct"] is None
    csv_rows = list(csv.DictReader(io.StringIO(cli(*args, "--format", "csv").out)))
    (line,) = [r for r in csv_rows if r["indicator"] == "Ambulance call-outs for assault"]
    assert (line["count"], line["change"], line["change_pct"]) == ("33", "", "")
