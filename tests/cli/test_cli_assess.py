"""``saferplaces assess``: writes the files asked for, fails in one line on bad input."""

from __future__ import annotations

import shutil

import openpyxl
import pytest

from tests.helpers import raw

pytestmark = pytest.mark.slow  # whole-dataset runs


@pytest.fixture
def warehouse(loaded_path, tmp_path):
    """A copy: `assess` stores the place-flags run its Places chapter shows, and the
    session's shared warehouse must stay as loaded."""
    path = tmp_path / "w.duckdb"
    shutil.copy(loaded_path, path)
    return path


def test_assess_writes_the_formats_asked_for(cli, warehouse, tmp_path):
    out = tmp_path / "sa"
    r = cli(
        "assess",
        "--area",
        "South Cambs",
        "--period",
        "2025",
        "--baseline",
        "2024",
        "--out",
        out,
        "--formats",
        "html,xlsx",
        "--warehouse",
        warehouse,
    )
    assert r.code == 0, r.err
    assert (out / "assessment.html").is_file() and (out / "assessment.xlsx").is_file()
    assert not (out / "assessment.pdf").exists() and not (out / "assessment.docx").exists()
    assert (out / "csv" / "index.csv").is_file()
    assert "public edition" in r.out and "assessment.html" in r.out
    assert not [p for p in out.iterdir() if p.name.startswith(".writing")]
    wb = openpyxl.load_workbook(out / "assessment.xlsx")
    ws = wb["Table 1"]
    header = [c.value for c in ws[4]]
    row = next(r for r in ws.iter_rows(min_row=5, values_only=True) if r[0] == "Drugs")
    drugs = raw.counts("ltla24_code", "E07000012", raw.months("2025-01", "2025-12"))["Drugs"]
    assert row[header.index("2025")] == drugs


def test_restricted_edition_and_a_narrative_folder(cli, warehouse, tmp_path):
    narrative = tmp_path / "narrative"
    narrative.mkdir()
    (narrative / "introduction.md").write_text("Drugs: {{ drugs.count }} in {{ period.short }}.")
    out = tmp_path / "sa"
    r = cli(
        "assess",
        "--area",
        "South Cambridgeshire",
        "--period",
        "2025",
        "--out",
        out,
        "--formats",
        "html",
        "--edition",
        "restricted",
        "--narrative",
        narrative,
        "--warehouse",
        warehouse,
    )
    assert r.code == 0, r.err
    html = (out / "assessment.html").read_text()
    drugs = raw.counts("ltla24_code", "E07000012", raw.months("2025-01", "2025-12"))["Drugs"]
    assert f"Drugs: {drugs:,} in 2025." in html
    assert "RESTRICTED" in html


def test_bad_input_fails_in_one_line(cli, warehouse, tmp_path):
    def run(*extra):
        return cli(
            "assess",
            "--area",
            "South Cambs",
            "--period",
            "2025",
            "--out",
            tmp_path / "o",
            "--warehouse",
            warehouse,
            *extra,
        )

    r = run("--formats", "html,odt")
    assert r.code == 1 and "format 'odt' is not known" in r.err
    r = run("--edition", "secret")
    assert r.code == 1 and "public or restricted" in r.err
    r = run("--spec", tmp_path / "missing.yaml")
    assert r.code == 1 and "missing.yaml: the spec file does not exist" in r.err
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: x\nchapters:\n  - id: a\n    kind: topic\n    colour: red\n")
    r = run("--spec", bad)
    assert r.code == 1 and "line 5, field 'colour'" in r.err
    assert len(r.err.strip().splitlines()) == 1
    r = cli(
        "assess",
        "--area",
        "Duxford",
        "--period",
        "2025",
        "--out",
        tmp_path / "o",
        "--warehouse",
        warehouse,
    )
    assert r.code == 1 and "not a district" in r.err
    assert not (tmp_path / "o" / "assessment.html").exists()
