"""``saferplaces assess``: writes the files asked for, fails in one line on bad input."""

from __future__ import annotations

import shutil

import openpyxl
import pytest

from tests.helpers import raw

pytestmark = pytest.mark.slow  # whole-dataset runs


@pytest.fixture
def warehouse(loaded_path, tmp_path):
    """A copy of the session's shared warehouse, which must stay as loaded."""
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


PLACES_SPEC = """title: "Places {{ period.short }}"
chapters:
  - id: places
    kind: topic
    title: Places
    flags:
      indicators: [burglary, drugs, deliberate-fires]
      min_flags: 1
    issues:
      - place-flags
  - id: data-notes
    kind: data-notes
    title: Data notes
"""


def test_the_flags_run_is_a_step_of_its_own_and_assess_never_writes(cli, warehouse, tmp_path):
    import html
    import shlex

    from saferplaces.warehouse import Warehouse

    spec = tmp_path / "places.yaml"
    spec.write_text(PLACES_SPEC)

    def assess():
        out = tmp_path / "sa"
        args = ["--period", "2025", "--out", out, "--formats", "html", "--spec", spec]
        r = cli("assess", "--area", "South Cambridgeshire", *args, "--warehouse", warehouse)
        assert r.code == 0, r.err
        return r, html.unescape((out / "assessment.html").read_text())

    def runs() -> int:
        with Warehouse.open(warehouse, read_only=True) as wh:
            return wh.scalar("SELECT count(*) FROM flag_runs")

    r, page = assess()
    assert runs() == 0  # no run held: the assessment leaves the chapter out, makes none
    assert "Place flags: wards on the list" not in page
    # The document says why in a board's words (fires are not held, so they sit out)...
    assert (
        "no place-flags run is held for January 2025 to December 2025 with the chapter's "
        "settings (2 indicators ranked, the top 20% of wards flagged on each, 1 or more flags "
        "to be listed)"
    ) in page
    # ...and the command line says how to make it, as a command that works as printed.
    command = next(
        line.split("make it first: ", 1)[1]
        for line in r.out.splitlines()
        if "make it first: " in line
    )
    assert command == (
        'saferplaces flags run --area "South Cambridgeshire" --period 2025 '
        "--indicators burglary,drugs --min-flags 1"
    )
    made = cli(*shlex.split(command)[1:], "--warehouse", str(warehouse))
    assert made.code == 0, made.err
    assert runs() == 1
    r, page = assess()
    assert "Place flags: wards on the list" in page and "left out: Places" not in r.out
    assert runs() == 1  # read, not made again
    # Runs belong to a partnership: another partnership's assessment does not show this one.
    other = cli(
        "assess",
        "--area",
        "South Cambridgeshire",
        "--period",
        "2025",
        "--out",
        tmp_path / "other",
        "--formats",
        "html",
        "--spec",
        spec,
        "--partnership",
        "elsewhere",
        "--warehouse",
        warehouse,
    )
    assert other.code == 0, other.err
    assert "--min-flags 1 --partnership elsewhere" in other.out
    assert runs() == 1
