"""Ambulance call-outs for assault: a hand-made extract with the awkward cases."""

from __future__ import annotations

import pytest

from saferplaces.core.errors import InputFileError
from saferplaces.core.periods import parse_period
from saferplaces.geography.areas import resolve_area
from saferplaces.indicators import engine
from saferplaces.indicators.registry import get_indicator
from saferplaces.indicators.tables import district_table
from saferplaces.sources.agency import ingest_agency
from saferplaces.sources.agency.crosstab import crosstab
from tests.sources.agency.helpers import (
    BEDFORD,
    FENLAND,
    held,
    lat,
    lon,
    quarantined,
    write_csv,
    write_xlsx,
)

HEADER = [
    "callout_id",
    "date",
    "latitude",
    "longitude",
    "lsoa_code",
    "district_code",
    "sex",
    "age_band",
]
ROWS = [
    ["A1", "2025-06-01", lat("abbey"), lon("abbey"), "", "", "male", "18-24"],  # 2 Cambridge
    ["A2", "2025-06-02", "", "", "E01018218", "", "F", "under 18"],  # 3 South, mapped words
    ["A3", "2025-06-03", "", "", "", FENLAND, "", ""],  # 4 Fenland by district only
    ["A4", "2025-06-04", "", "", "", "Fenland", "female", "65+"],  # 5 Fenland by name
    ["A5", "2025-06-05", BEDFORD[0], BEDFORD[1], "", "", "male", "25-34"],  # 6 outside
    ["A6", "2025-06-06", "", "", "", "", "male", "25-34"],  # 7 no location
    ["A7", "2025-06-07", "", "", "", "", "male", "twenties"],  # 8 age band not mapped
    ["A8", "06/07/2025", "", "", "", "", "male", "25-34"],  # 9 not ISO
    ["A9", "2025-06-09", "48.85", "2.35", "", "", "male", "25-34"],  # 10 Paris
    ["A2", "2025-06-10", "", "", "", "", "male", "25-34"],  # 11 duplicate id
    ["A10", "2025-06-11", "", "", "", "Cambridge Town", "male", "25-34"],  # 12 no such district
    ["A11", "2025-07-01", "", "", "E01099999", "", "male", "25-34"],  # 13 LSOA not in lookup
]


@pytest.fixture
def loaded(wh, tmp_path):
    report = ingest_agency(wh, [write_csv(tmp_path / "a.csv", HEADER, ROWS)], source="ambulance")
    return wh, report


def test_counts_by_hand(loaded):
    wh, report = loaded
    f = report.files[0]
    assert (f.rows_read, f.rows_loaded, f.rows_quarantined, f.rows_rejected) == (12, 8, 4, 0)
    reasons = {r[0]: (r[2], r[4]) for r in quarantined(wh, "ambulance")}
    assert set(reasons) == {9, 10, 11, 12}
    # A7's age band "twenties" is not in the spec: an age band only describes a call-out,
    # so the row is loaded with it unknown, and the load says so.
    assert wh.scalar("SELECT fields->>'age_band' FROM agency_record WHERE record_id = 'A7'") == (
        "unknown"
    )
    warning = (
        "age_band: 1 row with 'twenties' not in the spec's values: loaded as unknown; "
        "add it to [fields.age_band.values] in a dataset spec to map it"
    )
    assert f.warnings == [warning]
    assert wh.rows("SELECT load_id, field, value, rows, message FROM load_warning") == [
        (f.load_id, "age_band", "twenties", 1, warning)
    ]
    assert reasons[9] == ("date", "unparseable date (expected YYYY-MM-DD)")
    assert reasons[10][0] == "latitude" and "outside Great Britain" in reasons[10][1]
    assert reasons[11][0] == "callout_id" and reasons[11][1].startswith("duplicate callout_id (")
    assert (
        reasons[12][0] == "district_code"
        and reasons[12][1].startswith("unknown district (give a district name or code")
        and "Cambridge Town" not in reasons[12][1]
    )
    # A11's LSOA is well formed but not in the lookup: loaded, location unknown, noted.
    note = wh.scalar("SELECT location_note FROM agency_record WHERE record_id = 'A11'")
    assert note.startswith("LSOA E01099999 is not in the ONS LSOA (2021) lookup")


def test_district_counts_and_rows_of_their_own(loaded):
    wh, _ = loaded
    june = parse_period("2025-06")
    ind = get_indicator("ambulance-assault-callouts")
    force = resolve_area(wh, "Cambridgeshire")
    counts = {
        name: engine.area_counts(wh, ind, resolve_area(wh, name), [june])[0]
        for name in ("Cambridge", "South Cambridgeshire", "Fenland", "Peterborough")
    }
    assert counts == {"Cambridge": 1, "South Cambridgeshire": 1, "Fenland": 2, "Peterborough": 0}
    assert engine.area_counts(wh, ind, force, [june]) == [4]
    t = crosstab(wh, "ambulance", "district", "year", area=force)
    assert {r.label: r.total for r in t.rows} == {
        "Cambridge": 1,
        "Fenland": 2,
        "South Cambridgeshire": 1,
        "Outside the force area": 1,
        "Location unknown": 3,  # A6 and A7 in June, A11 in July
    }
    assert t.notes == ["2025 is part of a year: June 2025 to July 2025 only."]
    by_sex = crosstab(wh, "ambulance", "sex", "age_band")
    assert by_sex.cell("female", "0-17") == 1 and by_sex.cell("female", "65+") == 1
    assert by_sex.cell("unknown", "unknown") == 1  # A3: blanks read as unknown
    assert by_sex.cell("male", "unknown") == 1  # A7: "twenties", not in the spec


def test_district_held_only_by_district_is_not_in_ward_figures(loaded):
    wh, _ = loaded
    fenland = resolve_area(wh, "Fenland")
    ind = get_indicator("ambulance-assault-callouts")
    assert ind.resolution == "lsoa"
    t = district_table(wh, resolve_area(wh, "Cambridgeshire"), ind, parse_period("2025-06"))
    assert {r.name: r.count for r in t.rows if r.level == "district"}["Fenland"] == 2
    levels = {r.level: r.count for r in t.rows if r.level != "district"}
    # June: A6 and A7 have no location, A5 is in Bedford; the force total is the four
    # placed in its districts and the two with no location (outside is shown, not added).
    assert levels == {"location unknown": 2, "force total": 6, "outside force area": 1}
    wards = engine.unit_counts(wh, ind, fenland, "ward", [parse_period("2025-06")])
    assert sum(r[4] for r in wards) == 0  # both Fenland call-outs are held by district only


def test_missing_column(wh, tmp_path):
    bad = write_csv(tmp_path / "b.csv", ["callout_id", "latitude"], [["A1", "52.2"]])
    with pytest.raises(InputFileError, match=r"b.csv, row 1: missing column 'date'"):
        ingest_agency(wh, [bad], source="ambulance")


def test_empty_file(wh, tmp_path):
    f = tmp_path / "e.csv"
    f.write_text("")
    with pytest.raises(InputFileError, match="is empty"):
        ingest_agency(wh, [f], source="ambulance")


def test_windows_1252_file(wh, tmp_path):
    f = write_csv(
        tmp_path / "w.csv",
        [*HEADER, "note"],
        [["W1", "2025-08-01", "", "", "", "South Cambs", "male", "18-24", "Café – Cambourne"]],
        encoding="windows-1252",
    )
    r = ingest_agency(wh, [f], source="ambulance", encoding="windows-1252")
    assert r.files[0].rows_loaded == 1
    assert wh.scalar("SELECT lad_code FROM agency_record WHERE record_id = 'W1'") == "E07000012"


def test_xlsx_file(wh, tmp_path):
    f = write_xlsx(
        tmp_path / "a.xlsx",
        HEADER,
        [
            ["X1", "2025-09-01", 52.15327, 0.35049, None, None, "male", "18-24"],
            ["X2", "2025-09-02", None, None, None, "East Cambridgeshire", None, None],
        ],
    )
    r = ingest_agency(wh, [f], source="ambulance")
    assert r.files[0].rows_loaded == 2 and held(wh, "ambulance") == 2
    assert dict(wh.rows("SELECT record_id, coalesce(lsoa_code, lad_code) FROM agency_record")) == {
        "X1": "E01018218",
        "X2": "E07000009",
    }


def test_a_ward_table_for_an_area_keeps_other_districts_wards_out(loaded):
    from tests.helpers.raw import lookup

    wh, _ = loaded
    south = resolve_area(wh, "South Cambridgeshire")
    t = crosstab(wh, "ambulance", "ward", "year", area=south)
    balsham = lookup()["E01018218"]["ward24_name"]  # A2's LSOA, from the ONS lookup
    abbey = lookup()["E01017943"]["ward24_name"]  # A1's point is in Cambridge's Abbey
    labels = [r.label for r in t.rows]
    assert abbey not in labels
    assert t.cell(balsham, "2025") == 1
    # A1 (Cambridge) and A3, A4 (Fenland, placed by district) are outside the district.
    assert t.total("Outside South Cambridgeshire") == 3
    assert t.total("Outside the force area") == 1  # A5, Bedford
    assert t.total("Location unknown") == 3  # A6, A7 and A11 (an LSOA not in the lookup)
    assert labels[-3:] == [
        "Outside South Cambridgeshire",
        "Outside the force area",
        "Location unknown",
    ]
    assert t.grand_total == 8
    # The district's own rows add up to what the district holds.
    assert t.total("South Cambridgeshire total") == 1
