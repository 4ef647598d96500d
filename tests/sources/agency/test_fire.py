"""Fire incidents: a hand-made extract with the awkward cases, counted by hand."""

from __future__ import annotations

from datetime import datetime

import pytest
from pyproj import Transformer

from saferplaces.core.errors import InputFileError
from saferplaces.core.periods import parse_period
from saferplaces.geography.areas import resolve_area
from saferplaces.indicators import engine
from saferplaces.indicators.registry import get_indicator
from saferplaces.sources.agency import ingest_agency
from saferplaces.sources.agency.crosstab import crosstab
from tests.sources.agency.helpers import (
    BEDFORD,
    PLACES,
    held,
    lat,
    lon,
    quarantined,
    write_csv,
    write_xlsx,
)

HEADER = [
    "incident_id",
    "date",
    "cause",
    "property_type",
    "latitude",
    "longitude",
    "lsoa_code",
    "parish",
]
ROWS = [
    [
        "F1",
        "2025-01-10",
        "deliberate",
        "outdoor",
        lat("balsham"),
        lon("balsham"),
        "",
        "Balsham",
    ],  # 2
    ["F2", "2025-01-20", "Deliberate - other", "building", "", "", "E01018220", "Linton"],  # 3
    ["F3", "2025-02-03", "accidental", "vehicle", lat("abbey"), lon("abbey"), "", ""],  # 4
    ["F4", "2025-02-14", "unknown", "outdoor", BEDFORD[0], BEDFORD[1], "", ""],  # 5 outside
    ["F5", "2025-03-01", "Not known", "other", "", "", "", ""],  # 6 no location
    ["F6", "2025-13-01", "deliberate", "outdoor", "", "", "", ""],  # 7 bad date
    ["F7", "2025-03-05", "Delib", "outdoor", "", "", "", ""],  # 8 unknown cause
    [
        "F8",
        "2025-03-07",
        "deliberate",
        "outdoor",
        lon("balsham"),
        lat("balsham"),
        "",
        "",
    ],  # 9 swapped
    ["F1", "2025-03-09", "deliberate", "outdoor", "", "", "", ""],  # 10 duplicate id
    ["F9", "2025-03-10", "deliberate", "vehicle", "", "", "E01017943", "Abbey"],  # 11
    ["F10", "2025-03-11", "deliberate", "outdoor", "1", "2", "3", "4", "5", "6"],  # 12 broken
]
Q1 = parse_period("2025-01..2025-03")


@pytest.fixture
def loaded(wh, tmp_path):
    report = ingest_agency(wh, [write_csv(tmp_path / "fires.csv", HEADER, ROWS)], source="fire")
    return wh, report


def test_every_row_is_loaded_quarantined_or_rejected(loaded):
    wh, report = loaded
    (f,) = report.files
    assert (f.rows_read, f.rows_loaded, f.rows_quarantined, f.rows_rejected) == (11, 6, 4, 1)
    assert f.months == ["2025-01", "2025-02", "2025-03"]
    assert held(wh, "fire") == 6
    rows = quarantined(wh, "fire")
    assert [(r[0], r[1], r[2]) for r in rows] == [
        (7, "quarantined", "date"),
        (8, "quarantined", "cause"),
        (9, "quarantined", "latitude"),
        (10, "quarantined", "incident_id"),
        (12, "rejected", None),
    ]
    reasons = {r[0]: r[4] for r in rows}
    assert reasons[7] == "unparseable date (expected YYYY-MM-DD)"
    assert reasons[8].startswith("unknown cause (allowed: deliberate, accidental, unknown;")
    assert {r[0]: r[3] for r in rows}[8] == "Delib"
    assert "outside Great Britain (latitude and longitude look swapped)" in reasons[9]
    assert reasons[10] == "duplicate incident_id (an earlier row has the same id)"
    first = wh.scalar("SELECT record->>'duplicate of' FROM quarantine WHERE row_number = 10")
    assert first == f"{report.files[0].file} row 2"
    assert wh.scalar("SELECT value FROM quarantine WHERE row_number = 9") == "0.35049, 52.1533"
    assert reasons[12] == "expected 8 fields, found 10"


def test_places_and_indicator_counts(loaded):
    wh, _ = loaded
    south = resolve_area(wh, "South Cambridgeshire")
    cambridge = resolve_area(wh, "Cambridge")
    force = resolve_area(wh, "Cambridgeshire")
    deliberate = get_indicator("deliberate-fires")
    # By hand: F1 (Balsham point) and F2 (Linton LSOA, "Deliberate - other") in South
    # Cambridgeshire; F9 (Abbey LSOA) in Cambridge.
    assert engine.area_counts(wh, deliberate, south, [Q1]) == [2]
    assert engine.area_counts(wh, deliberate, cambridge, [Q1]) == [1]
    # All fires in the force area: F1, F2, F3, F9. F4 is outside the area held, F5 has
    # no location: they count in no area.
    assert engine.area_counts(wh, get_indicator("all-fires"), force, [Q1]) == [4]
    assert engine.area_counts(wh, get_indicator("deliberate-vehicle-fires"), force, [Q1]) == [1]
    statuses = dict(
        wh.rows("SELECT record_id, location_status FROM agency_record WHERE source = 'fire'")
    )
    assert statuses == {
        "F1": "located",
        "F2": "located",
        "F3": "located",
        "F4": "outside area",
        "F5": "unknown",
        "F9": "located",
    }
    assert wh.scalar("SELECT lsoa_code FROM agency_record WHERE record_id = 'F1'") == "E01018218"


def test_crosstab_by_district_shows_unknown_and_outside_rows(loaded):
    wh, _ = loaded
    t = crosstab(wh, "fire", "district", "month", area=resolve_area(wh, "Cambridgeshire"))
    assert t.columns == ["2025-01", "2025-02", "2025-03"]
    assert [r.label for r in t.rows] == [
        "Cambridge",
        "South Cambridgeshire",
        "Outside the force area",
        "Location unknown",
    ]
    assert t.cell("South Cambridgeshire", "2025-01") == 2
    assert t.cell("Cambridge", "2025-02") == 1 and t.cell("Cambridge", "2025-03") == 1
    assert t.cell("Outside the force area", "2025-02") == 1
    assert t.cell("Location unknown", "2025-03") == 1
    assert t.grand_total == 6
    by_cause = crosstab(wh, "fire", "cause", "property_type")
    assert by_cause.cell("deliberate", "outdoor") == 1  # F1
    assert by_cause.cell("deliberate", "building") == 1  # F2
    assert by_cause.cell("deliberate", "vehicle") == 1  # F9
    assert by_cause.total("unknown") == 2  # F4, F5


def test_missing_column_fails_the_file_and_writes_nothing(wh, tmp_path):
    before = wh.scalar("SELECT count(*) FROM loads")
    header = [h for h in HEADER if h != "cause"]
    bad = write_csv(
        tmp_path / "nocause.csv", header, [["F1", "2025-01-01", "outdoor", "", "", "", ""]]
    )
    with pytest.raises(InputFileError) as e:
        ingest_agency(wh, [bad], source="fire")
    msg = str(e.value)
    assert msg.startswith(f"{bad}, row 1: missing column 'cause'") and "the header has:" in msg
    assert wh.scalar("SELECT count(*) FROM loads") == before


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "is empty (0 bytes)"),
        (b"\n \n", "is empty"),
        ((",".join(HEADER) + "\n").encode(), "has a header but no data rows"),
    ],
)
def test_empty_files_are_one_line_errors(wh, tmp_path, content, message):
    f = tmp_path / "empty.csv"
    f.write_bytes(content)
    with pytest.raises(InputFileError) as e:
        ingest_agency(wh, [f], source="fire")
    assert str(f) in str(e.value) and message in str(e.value)
    assert held(wh, "fire") == 0


def test_windows_1252_file(wh, tmp_path):
    rows = [
        ["W1", "2025-04-02", "deliberate", "outdoor", "", "", "E01018218", "Balsham – Café"],
        ["W2", "2025-04-03", "accidental", "building", "", "", "E01018220", "Linton"],
    ]
    f = write_csv(tmp_path / "cp1252.csv", HEADER, rows, encoding="windows-1252")
    # Read as UTF-8 the row holding "–" and "é" is rejected, naming the fix; nothing lost.
    r = ingest_agency(wh, [f], source="fire")
    assert (r.files[0].rows_loaded, r.files[0].rows_rejected) == (1, 1)
    (row,) = [q for q in quarantined(wh, "fire") if q[1] == "rejected"]
    assert row[0] == 2 and "windows-1252" in row[4] and "'parish'" in row[4]
    # Read as Windows-1252 (a corrected reading of the same file replaces the month).
    r = ingest_agency(wh, [f], source="fire", encoding="windows-1252")
    assert (r.files[0].status, r.files[0].rows_loaded, r.files[0].rows_replaced) == (
        "replaced",
        2,
        1,
    )
    assert wh.scalar("SELECT fields->>'parish' FROM agency_record WHERE record_id = 'W1'") == (
        "Balsham – Café"
    )


def test_xlsx_file(wh, tmp_path):
    rows = [
        [
            "X1",
            datetime(2025, 5, 1, 13, 5),
            "deliberate",
            "outdoor",
            PLACES["balsham"][2],
            PLACES["balsham"][3],
            None,
            None,
        ],
        [
            "X2",
            datetime(2025, 5, 2),
            "Deliberate - own property",
            "vehicle",
            None,
            None,
            "E01018220",
            "Linton",
        ],
        ["X3", "not a date", "accidental", "building", None, None, None, None],
    ]
    f = write_xlsx(tmp_path / "fires.xlsx", HEADER, rows, sheet="Fires")
    r = ingest_agency(wh, [f], source="fire")
    assert (r.files[0].rows_read, r.files[0].rows_loaded, r.files[0].rows_quarantined) == (3, 2, 1)
    (q,) = quarantined(wh, "fire")
    assert q[0] == 4 and q[2] == "date" and q[3] == "not a date"
    south = resolve_area(wh, "South Cambridgeshire")
    assert engine.area_counts(
        wh, get_indicator("deliberate-fires"), south, [parse_period("2025-05")]
    ) == [2]


def test_agency_layout_with_grid_references(wh, tmp_path):
    """A fire service's own columns: DD/MM/YYYY dates, easting and northing."""
    to_bng = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
    e, n = to_bng.transform(PLACES["abbey"][3], PLACES["abbey"][2])
    spec = tmp_path / "cfrs.toml"
    spec.write_text(
        """
[source]
name = "fire"
provider = "Test FRS"
[file]
delimiter = ";"
[fields.incident_id]
column = "Incident No"
[fields.date]
column = "Call Date"
formats = ["%d/%m/%Y %H:%M", "%d/%m/%Y"]
[fields.cause]
column = "Cause"
[fields.cause.values]
"Malicious" = "deliberate"
[fields.property_type]
column = "Property"
[fields.easting]
type = "easting"
column = "E"
[fields.northing]
type = "northing"
column = "N"
"""
    )
    f = write_csv(
        tmp_path / "cfrs.csv",
        ["Incident No", "Call Date", "Cause", "Property", "E", "N"],
        [
            ["C1", "03/06/2025 23:10", "Malicious", "Outdoor", round(e), round(n)],
            ["C2", "04/06/2025", "Accidental", "Building", "", ""],
            ["C3", "2025-06-05", "Accidental", "Building", "", ""],
        ],
        delimiter=";",
    )
    r = ingest_agency(wh, [f], source="fire", spec=spec)
    assert (r.files[0].rows_loaded, r.files[0].rows_quarantined) == (2, 1)
    (q,) = quarantined(wh, "fire")
    assert q[0] == 4 and q[4] == "unparseable date (expected DD/MM/YYYY hh:mm or DD/MM/YYYY)"
    assert wh.scalar("SELECT lsoa_code FROM agency_record WHERE record_id = 'C1'") == "E01017943"
    assert wh.scalar("SELECT DISTINCT scope FROM agency_record") == "Test FRS"


def test_a_grid_reference_out_at_sea_is_refused_not_ignored(wh, tmp_path):
    spec = tmp_path / "bng.toml"
    spec.write_text(
        '[source]\nname = "fire"\n[fields.easting]\ntype = "easting"\ncolumn = "E"\n'
        '[fields.northing]\ntype = "northing"\ncolumn = "N"\n'
    )
    f = write_csv(
        tmp_path / "sea.csv",
        ["incident_id", "date", "cause", "property_type", "lsoa_code", "E", "N"],
        [
            # (100, 100) is a grid reference in the sea south-west of the Isles of Scilly:
            # by pyproj about 49.77 N, 7.56 W, outside Great Britain.
            ["S1", "2025-06-01", "deliberate", "outdoor", "E01018218", "100", "100"],
            ["S2", "2025-06-02", "deliberate", "outdoor", "E01018218", "", ""],
        ],
    )
    (r,) = ingest_agency(wh, [f], source="fire", spec=spec).files
    assert (r.rows_loaded, r.rows_quarantined) == (1, 1)
    ((row, _, field, value, reason),) = quarantined(wh, "fire")
    assert (row, field, value) == (2, "E", "100, 100")
    assert reason.startswith("easting and northing are outside Great Britain")
