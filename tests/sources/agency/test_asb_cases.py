"""Council ASB cases: placed by point, LSOA, ward or postcode district."""

from __future__ import annotations

import pytest

from saferplaces.core.errors import InputFileError
from saferplaces.core.periods import parse_period
from saferplaces.geography.areas import resolve_area
from saferplaces.geography.reference import load_reference
from saferplaces.indicators import engine
from saferplaces.indicators.registry import get_indicator
from saferplaces.sources.agency import ingest_agency
from saferplaces.sources.agency.crosstab import crosstab
from tests.sources.agency.helpers import BEDFORD, lat, lon, quarantined, write_csv, write_xlsx

HEADER = [
    "case_id",
    "date",
    "asb_type",
    "youth",
    "latitude",
    "longitude",
    "lsoa_code",
    "ward",
    "postcode_district",
]
ROWS = [
    ["S1", "2025-05-01", "nuisance", "yes", lat("linton"), lon("linton"), "", "", ""],  # 2
    ["S2", "2025-05-02", "ASB Personal", "no", "", "", "E01018218", "", ""],  # 3
    ["S3", "2025-05-03", "environmental", "", "", "", "", "Linton", ""],  # 4 ward name
    ["S4", "2025-05-04", "nuisance", "y", "", "", "", "E05011298", ""],  # 5 ward code
    ["S5", "2025-05-05", "nuisance", "no", "", "", "", "", "CB21 6AB"],  # 6 postcode
    ["S6", "2025-05-06", "nuisance", "no", BEDFORD[0], BEDFORD[1], "", "", ""],  # 7 outside
    ["S7", "2025-05-07", "noise", "no", "", "", "", "", ""],  # 8 unknown type
    ["S8", "2025-05-08", "nuisance", "no", "52.2", "", "", "", ""],  # 9 no longitude
    ["S9", "", "nuisance", "no", "", "", "", "", ""],  # 10 blank date
    ["S1", "2025-05-10", "nuisance", "no", "", "", "", "", ""],  # 11 duplicate
    ["S10", "2025-05-11", "nuisance", "no", "", "", "", "Nowhere Ward", ""],  # 12 no such ward
]


@pytest.fixture
def loaded(wh, tmp_path):
    return wh, ingest_agency(
        wh, [write_csv(tmp_path / "asb.csv", HEADER, ROWS)], source="asb-cases"
    )


def test_counts_by_hand(loaded):
    wh, r = loaded
    f = r.files[0]
    assert (f.rows_read, f.rows_loaded, f.rows_quarantined) == (11, 6, 5)
    reasons = {q[0]: (q[2], q[4]) for q in quarantined(wh, "asb-cases")}
    assert reasons[8][0] == "asb_type"
    assert "(allowed: personal, nuisance, environmental" in reasons[8][1]
    assert reasons[9] == ("latitude", "latitude is given without longitude")
    assert reasons[10] == ("date", "blank date (a date is required, YYYY-MM-DD)")
    assert reasons[11][1] == "duplicate case_id (an earlier row has the same id)"
    assert reasons[12] == ("ward", "unknown ward (give a ward (2024) code or name)")
    values = {q[0]: q[3] for q in quarantined(wh, "asb-cases")}
    assert values[12] == "Nowhere Ward"  # the value beside the reason, never in it
    placed = dict(wh.rows("SELECT record_id, located_by FROM agency_record"))
    assert placed == {
        "S1": "point",
        "S2": "lsoa",
        "S3": "ward",
        "S4": "ward",
        "S5": None,  # no postcode district lookup is loaded
        "S6": "point",
    }


def test_counts_and_wards(loaded):
    wh, _ = loaded
    may = parse_period("2025-05")
    south = resolve_area(wh, "South Cambridgeshire")
    # S1, S2 by point and LSOA; S3, S4 by their ward (Linton): four in the district.
    assert engine.area_counts(wh, get_indicator("council-asb-cases"), south, [may]) == [4]
    assert engine.area_counts(wh, get_indicator("council-youth-asb-cases"), south, [may]) == [2]
    t = crosstab(wh, "asb-cases", "ward", "asb_type", area=south)
    assert t.cell("Linton", "nuisance") == 2  # S1 (point in Linton LSOA) and S4 (ward code)
    assert t.cell("Linton", "environmental") == 1  # S3 (ward name)
    assert t.cell("Balsham", "personal") == 1  # S2
    assert t.total("Outside the force area") == 1 and t.total("Location unknown") == 1


def test_cases_placed_by_ward_count_for_their_ward_everywhere(loaded):
    from saferplaces.indicators.tables import ward_table

    wh, _ = loaded
    may = parse_period("2025-05")
    linton = resolve_area(wh, "Linton, South Cambridgeshire")
    cases = get_indicator("council-asb-cases")
    # S1 (a point in a Linton LSOA), S3 (ward name) and S4 (ward code), as the crosstab.
    assert engine.area_counts(wh, cases, linton, [may]) == [3]
    assert engine.monthly_counts(wh, cases, linton, may) == [("2025-05", 3)]
    south = resolve_area(wh, "South Cambridgeshire")
    wards = {r.name: r.count for r in ward_table(wh, south, cases, may).rows}
    t = crosstab(wh, "asb-cases", "ward", "year", area=south)
    assert wards["Linton"] == t.total("Linton") == 3
    assert wards["Balsham"] == t.total("Balsham") == 1
    assert sum(wards.values()) == engine.area_counts(wh, cases, south, [may])[0] == 4


def test_postcode_districts_with_a_lookup(wh, tmp_path):
    folder = tmp_path / "ref" / "geography"
    folder.mkdir(parents=True)
    (folder / "postcode_district_lad_test.csv").write_text(
        "postcode_district,lad_code\nCB21,E07000012\nCB1,E07000008\n"
    )
    load_reference(wh, tmp_path / "ref")
    f = write_csv(
        tmp_path / "p.csv", HEADER, [["P1", "2025-06-01", "nuisance", "no", "", "", "", "", "cb21"]]
    )
    ingest_agency(wh, [f], source="asb-cases")
    assert wh.scalar("SELECT lad_code FROM agency_record WHERE record_id = 'P1'") == "E07000012"


def test_missing_empty_cp1252_xlsx(wh, tmp_path):
    with pytest.raises(InputFileError, match="missing column 'asb_type'"):
        ingest_agency(
            wh,
            [write_csv(tmp_path / "m.csv", ["case_id", "date"], [["a", "2025-01-01"]])],
            source="asb-cases",
        )
    (tmp_path / "e.csv").write_bytes(b"")
    with pytest.raises(InputFileError, match="is empty"):
        ingest_agency(wh, [tmp_path / "e.csv"], source="asb-cases")
    w = write_csv(
        tmp_path / "w.csv",
        [*HEADER, "notes"],
        [["W1", "2025-07-01", "nuisance", "no", "", "", "E01018218", "", "", "noise – late café"]],
        encoding="windows-1252",
    )
    assert (
        ingest_agency(wh, [w], source="asb-cases", encoding="windows-1252").files[0].rows_loaded
        == 1
    )
    x = write_xlsx(
        tmp_path / "x.xlsx",
        HEADER,
        [["X1", "2025-08-01", "Nuisance", "Yes", None, None, "E01018218", None, None]],
    )
    assert ingest_agency(wh, [x], source="asb-cases").files[0].rows_loaded == 1
