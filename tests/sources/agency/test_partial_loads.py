"""Real files that disagree with their spec: a word a descriptive field's spec does not
map is loaded as unknown and counted; a file most of whose rows fail is refused unless
accepted as partial; a file with no row loaded is never called loaded."""

from __future__ import annotations

import re
from collections import Counter

from saferplaces.sources.agency import ingest_agency
from saferplaces.warehouse import Warehouse
from tests.sources.agency.helpers import held, quarantined, write_csv

AMB = ["callout_id", "date", "lsoa_code", "sex", "age_band"]
FIRE = ["incident_id", "date", "cause", "property_type", "lsoa_code"]


def _amb_rows() -> list[list[str]]:
    # A force whose age bands are 15-year bands: none but "65+" is in the spec.
    bands = ["30-44"] * 4 + ["45-59"] * 2 + ["65+"] + ["18-29"] * 3
    rows = [
        [f"A{i}", f"2025-03-{i + 1:02d}", "E01018218", "male", band] for i, band in enumerate(bands)
    ]
    rows[0][3] = "Other"  # sex not in the spec either, on a row counted under 30-44 too
    rows[1][1] = "31/03/2025"  # a date that does not read: quarantined, counted nowhere
    return rows


def test_unmapped_descriptive_words_load_as_unknown_counted_by_hand(wh, tmp_path):
    rows = _amb_rows()
    f = write_csv(tmp_path / "amb.csv", AMB, rows)
    (r,) = ingest_agency(wh, [f], source="ambulance").files
    # By hand: 10 rows; row 3 (A1) has an unreadable date; the other 9 are loaded.
    assert (r.rows_read, r.rows_loaded, r.rows_quarantined) == (10, 9, 1)
    assert r.status == "loaded"
    assert [q[:3] for q in quarantined(wh, "ambulance")] == [(3, "quarantined", "date")]
    # Loaded rows only: "30-44" 4 rows less A1 (quarantined) = 3; "18-29" 3; "45-59" 2;
    # sex "Other" 1 (A0). "65+" is the spec's own.
    tail = "not in the spec's values: loaded as unknown; add it to"
    end = "in a dataset spec to map it"
    assert r.warnings == [
        f"age_band: 3 rows with '18-29' {tail} [fields.age_band.values] {end}",
        f"age_band: 3 rows with '30-44' {tail} [fields.age_band.values] {end}",
        f"age_band: 2 rows with '45-59' {tail} [fields.age_band.values] {end}",
        f"sex: 1 row with 'Other' {tail} [fields.sex.values] {end}",
    ]
    stored = wh.rows(
        "SELECT field, value, rows FROM load_warning WHERE load_id = ? ORDER BY field, value",
        [r.load_id],
    )
    assert stored == [
        ("age_band", "18-29", 3),
        ("age_band", "30-44", 3),
        ("age_band", "45-59", 2),
        ("sex", "Other", 1),
    ]
    held_bands = Counter(b for (b,) in wh.rows("SELECT fields->>'age_band' FROM agency_record"))
    assert held_bands == {"unknown": 8, "65+": 1}
    assert wh.scalar("SELECT fields->>'sex' FROM agency_record WHERE record_id = 'A0'") == (
        "unknown"
    )


def test_a_users_spec_is_named_and_its_mapping_ends_the_warning(wh, tmp_path):
    f = write_csv(tmp_path / "amb.csv", AMB, _amb_rows())
    spec = tmp_path / "amb.toml"
    spec.write_text(
        '[source]\nname = "ambulance"\n[fields.age_band.values]\n"30-44" = "35-44"\n'
        '"45-59" = "45-54"\n"18-29" = "18-24"\n'
    )
    (r,) = ingest_agency(wh, [f], source="ambulance", spec=spec).files
    assert r.warnings == [
        f"sex: 1 row with 'Other' not in the spec's values: loaded as unknown; add it to "
        f"[fields.sex.values] in {spec} to map it"
    ]
    assert wh.scalar("SELECT count(*) FROM agency_record WHERE fields->>'age_band' = '35-44'") == 3


def test_fields_that_decide_what_is_counted_still_quarantine(wh, tmp_path):
    # Fire's cause is what its indicators count by, and its property type is required:
    # an unknown word in either quarantines the row. ED's weapon is selected by an
    # indicator though not required: quarantined too.
    fire = write_csv(
        tmp_path / "fire.csv",
        FIRE,
        [
            ["F1", "2025-01-02", "deliberate", "outdoor", "E01018218"],
            ["F2", "2025-01-03", "Delib", "outdoor", "E01018218"],
            ["F3", "2025-01-04", "accidental", "boat", "E01018218"],
        ],
    )
    (r,) = ingest_agency(wh, [fire], source="fire").files
    assert (r.rows_loaded, r.rows_quarantined, r.warnings) == (1, 2, [])
    assert [q[:3] for q in quarantined(wh, "fire")] == [
        (3, "quarantined", "cause"),
        (4, "quarantined", "property_type"),
    ]
    ed = write_csv(
        tmp_path / "ed.csv",
        ["arrival_id", "arrival_date", "weapon"],
        [["E1", "2025-01-02", "none"], ["E2", "2025-01-02", "spoon"]],
    )
    (e,) = ingest_agency(wh, [ed], source="ed-assaults").files
    assert (e.rows_loaded, e.rows_quarantined, e.warnings) == (1, 1, [])


def _fire_file(tmp_path, bad: int, good: int):
    rows = [[f"G{i}", "2025-02-01", "deliberate", "outdoor", "E01018218"] for i in range(good)]
    rows += [[f"B{i}", "01/02/2025", "deliberate", "outdoor", "E01018218"] for i in range(bad)]
    rows += [["C0", "2025-02-02", "Delib", "outdoor", "E01018218"]] if bad else []
    return write_csv(tmp_path / "fires.csv", FIRE, rows)


def test_a_file_mostly_not_loaded_fails_the_command_naming_the_reasons(
    cli, warehouse_path, tmp_path
):
    # 1 good row, 3 dates in another format, 1 unknown cause: 4 of 5 rows not loaded.
    f = _fire_file(tmp_path, bad=3, good=1)
    r = cli("ingest", "fire", f, "--warehouse", warehouse_path)
    assert r.code == 1
    err = " ".join(r.err.split())
    assert f"{f}: 4 of 5 rows would not be loaded (more than half), so nothing was loaded" in err
    # The most common reason first, with its first row, field and value.
    assert (
        "unparseable date (expected YYYY-MM-DD): 3 rows (e.g. row 3, field 'date', got "
        "'01/02/2025'); unknown cause (allowed:" in err
    )
    assert ": 1 row (e.g. row 6, field 'cause', got 'Delib')" in err
    assert "give --accept-partial to load the 1 row that can be" in err
    assert "Traceback" not in r.err
    with Warehouse.open(warehouse_path, read_only=True) as w:
        assert w.scalar("SELECT count(*) FROM loads WHERE source = 'fire'") == 0
        assert w.scalar("SELECT count(*) FROM quarantine") == 0
        assert w.scalar("SELECT count(*) FROM agency_record") == 0

    ok = cli("ingest", "fire", f, "--accept-partial", "--warehouse", warehouse_path)
    assert ok.code == 0, ok.err
    with Warehouse.open(warehouse_path, read_only=True) as w:
        assert held(w, "fire") == 1
        assert w.scalar("SELECT count(*) FROM quarantine WHERE source = 'fire'") == 4


def test_half_the_rows_not_loaded_is_still_a_load(cli, warehouse_path, tmp_path):
    # 2 good, 1 date in another format, 1 unknown cause: 2 of 4, not more than half.
    f = _fire_file(tmp_path, bad=1, good=2)
    r = cli("ingest", "fire", f, "--warehouse", warehouse_path)
    assert r.code == 0, r.err
    with Warehouse.open(warehouse_path, read_only=True) as w:
        assert held(w, "fire") == 2


def test_a_file_with_no_row_loaded_is_never_called_loaded(cli, warehouse_path, tmp_path):
    f = _fire_file(tmp_path, bad=2, good=0)
    r = cli("ingest", "fire", f, "--accept-partial", "--warehouse", warehouse_path)
    assert r.code == 0, r.err
    line = next(x for x in r.out.splitlines() if "fires.csv" in x and "│" in x)
    assert "nothing loaded" in line
    assert not re.search(r"(?<!nothing )\bloaded\b", line)
    footer = next(x for x in r.out.splitlines() if "1 file" in x)
    assert "0 loaded" in footer
    # The summary's figures, counted from the file by hand: 3 read, none loaded.
    cells = [c.strip() for c in line.split("│") if c.strip()]
    assert cells[-5:] == ["3", "0", "3", "0", "0"]


def test_accept_partial_is_for_agency_sources(cli, warehouse_path, tmp_path):
    r = cli("ingest", "police-uk", tmp_path, "--accept-partial", "--warehouse", warehouse_path)
    assert r.code == 1
    assert "--accept-partial is for agency sources" in r.err


def test_the_docs_show_the_sentences_as_printed():
    from pathlib import Path

    doc = " ".join((Path(__file__).parents[3] / "docs" / "sources.md").read_text().split())
    # The same sentences as the tests above write by hand, for the docs' example figures.
    assert (
        "• calls.csv: age_band: 412 rows with '30-44' not in the spec's values: loaded as "
        "unknown; add it to [fields.age_band.values] in a dataset spec to map it"
    ) in doc
    assert (
        "Error: fires.csv: 22 of 30 rows would not be loaded (more than half), so nothing was "
        "loaded; the most common reasons: unparseable date (expected YYYY-MM-DD): 20 rows "
        "(e.g. row 3, field 'date', got '01/02/2025');"
    ) in doc
    assert "or give --accept-partial to load the 8 rows that can be" in doc


def test_quality_lists_the_words_loaded_as_unknown_until_a_spec_maps_them(wh, tmp_path):
    from saferplaces.quality.report import quality_report

    f = write_csv(tmp_path / "amb.csv", AMB, _amb_rows())
    ingest_agency(wh, [f], source="ambulance")
    (note,) = [n for n in quality_report(wh).notes if "read as unknown" in n]
    # The counts of the first test, written by hand.
    assert note == (
        "Ambulance call-outs for assault: rows loaded with a value read as unknown, its word "
        "not in the spec's values: age_band '18-29' (3 rows), age_band '30-44' (3 rows), "
        "age_band '45-59' (2 rows), sex 'Other' (1 row); map each under "
        "[fields.NAME.values] in the spec and load the files again"
    )
    # The same file read again with the age bands mapped replaces its month: only the
    # word still unmapped is left.
    spec = tmp_path / "amb.toml"
    spec.write_text(
        '[source]\nname = "ambulance"\n[fields.age_band.values]\n"30-44" = "35-44"\n'
        '"45-59" = "45-54"\n"18-29" = "18-24"\n'
    )
    ingest_agency(wh, [f], source="ambulance", spec=spec)
    (note,) = [n for n in quality_report(wh).notes if "read as unknown" in n]
    assert ": sex 'Other' (1 row); map each" in note and "age_band" not in note
