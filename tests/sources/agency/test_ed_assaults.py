"""ED assault arrivals: counted by the patient's residence, never as incidents there."""

from __future__ import annotations

from datetime import datetime

import pytest

from saferplaces.core.errors import InputFileError, SaferplacesError
from saferplaces.core.periods import parse_period
from saferplaces.geography.areas import resolve_area
from saferplaces.indicators import engine
from saferplaces.indicators.registry import get_indicator
from saferplaces.sources.agency import ingest_agency
from saferplaces.sources.agency.crosstab import crosstab
from tests.sources.agency.helpers import quarantined, write_csv, write_xlsx

HEADER = [
    "arrival_id",
    "arrival_date",
    "incident_location_type",
    "weapon",
    "age",
    "sex",
    "residence_district",
    "admitted",
]
ROWS = [
    [
        "E1",
        "2025-01-04",
        "public place",
        "knife/other sharp object",
        "19",
        "male",
        "Cambridge",
        "yes",
    ],
    ["E2", "2025-01-05", "Licensed premise", "Glass/Bottle", "24", "M", "South Cambs", "no"],
    ["E3", "2025-01-05", "home", "fist", "41", "female", "E07000012", "Y"],
    ["E4", "2025-02-01", "", "", "", "", "Out of area", "no"],
    ["E5", "2025-02-02", "pub", "none", "33", "male", "unknown", "n"],
    ["E6", "2025-02-30", "home", "none", "33", "male", "Cambridge", "no"],  # 7 no such date
    ["E7", "2025-02-03", "Garden", "none", "33", "male", "Cambridge", "no"],  # 8 type not mapped
    ["E8", "2025-02-04", "home", "none", "233", "male", "Cambridge", "no"],  # 9 age
    ["E1", "2025-02-05", "home", "none", "33", "male", "Cambridge", "no"],  # 10 duplicate
    ["E9", "2025-02-06", "home", "none", "33", "male", "Cambridge", "maybe"],  # 11 flag
]


@pytest.fixture
def loaded(wh, tmp_path):
    r = ingest_agency(wh, [write_csv(tmp_path / "ed.csv", HEADER, ROWS)], source="ed-assaults")
    return wh, r


def test_counts_by_hand(loaded):
    wh, r = loaded
    f = r.files[0]
    assert (f.rows_read, f.rows_loaded, f.rows_quarantined) == (10, 6, 4)
    reasons = {q[0]: (q[2], q[4]) for q in quarantined(wh, "ed-assaults")}
    assert set(reasons) == {7, 9, 10, 11}
    assert reasons[7] == ("arrival_date", "unparseable date (expected YYYY-MM-DD)")
    # "Garden" is no location type the spec knows; the type only describes the arrival
    # (no indicator selects by it), so E7 is loaded with it unknown, and the load says so.
    assert f.warnings == [
        "incident_location_type: 1 row with 'Garden' not in the spec's values: loaded as "
        "unknown; add it to [fields.incident_location_type.values] in a dataset spec to map it"
    ]
    assert wh.scalar(
        "SELECT fields->>'incident_location_type' FROM agency_record WHERE record_id = 'E7'"
    ) == ("unknown")
    assert reasons[9] == ("age", "age is above 120")
    assert reasons[10][0] == "arrival_id" and "duplicate" in reasons[10][1]
    assert reasons[11][0] == "admitted" and "is not yes or no" in reasons[11][1]


def test_residence_is_not_incident_location(loaded):
    wh, _ = loaded
    jan_feb = parse_period("2025-01..2025-02")
    south = resolve_area(wh, "South Cambridgeshire")
    cambridge = resolve_area(wh, "Cambridge")
    residents = get_indicator("ed-assault-arrivals-residents")
    assert residents.resolution == "district" and residents.sensitive
    # By hand: E2 and E3 live in South Cambridgeshire, E1 in Cambridge.
    assert engine.area_counts(wh, residents, south, [jan_feb]) == [2]
    assert engine.area_counts(wh, residents, cambridge, [jan_feb]) == [2]  # E1, E7
    sharp = get_indicator("ed-sharp-weapon-arrivals-residents")
    assert engine.area_counts(wh, sharp, south, [jan_feb]) == [1]  # E2, glass
    admitted = get_indicator("ed-assault-admissions-residents")
    assert engine.area_counts(wh, admitted, south, [jan_feb]) == [1]  # E3
    # No arrival is an incident anywhere: the hospital holds no incident location.
    assert (
        wh.scalar(
            "SELECT count(*) FROM agency_record WHERE source = 'ed-assaults' AND "
            "(lsoa_code IS NOT NULL OR lad_code IS NOT NULL)"
        )
        == 0
    )
    with pytest.raises(SaferplacesError, match="hold no incident location"):
        crosstab(wh, "ed-assaults", "ward", "year")
    # By district means by district of residence, the only place the hospital records,
    # and an area means the people living there: never where the assault happened.
    t = crosstab(wh, "ed-assaults", "district", "year")
    assert t.cell("South Cambridgeshire", "2025") == 2  # E2, E3
    assert t.cell("Residence outside the area", "2025") == 1  # E4
    assert t.cell("Residence unknown", "2025") == 1  # E5
    south_residents = crosstab(wh, "ed-assaults", "weapon", "year", area=south)
    assert south_residents.grand_total == 2
    assert any("the people living there" in n for n in south_residents.notes)


def test_location_type_by_year_and_residence(loaded):
    wh, _ = loaded
    t = crosstab(wh, "ed-assaults", "incident_location_type", "year")
    assert t.cell("licensed premises", "2025") == 2  # E2, E5 ("pub")
    assert t.cell("other or unknown", "2025") == 1  # E4, blank
    assert t.cell("unknown", "2025") == 1  # E7, "Garden": not in the spec's values
    assert t.grand_total == 6
    r = crosstab(wh, "ed-assaults", "residence_district", "weapon")
    assert r.total("South Cambridgeshire") == 2
    assert r.total("Residence outside the area") == 1 and r.total("Residence unknown") == 1


def test_missing_column_and_empty_file(wh, tmp_path):
    bad = write_csv(tmp_path / "m.csv", ["arrival_id", "weapon"], [["E1", "none"]])
    with pytest.raises(InputFileError, match="missing column 'arrival_date'"):
        ingest_agency(wh, [bad], source="ed-assaults")
    empty = tmp_path / "e.csv"
    empty.write_bytes(b"")
    with pytest.raises(InputFileError, match="is empty"):
        ingest_agency(wh, [empty], source="ed-assaults")


def test_windows_1252_and_xlsx(wh, tmp_path):
    w = write_csv(
        tmp_path / "w.csv",
        HEADER,
        [
            [
                "W1",
                "2025-03-01",
                "public place",
                "Knife/other sharp object",
                "20",
                "male",
                "Cambridge",
                "no",
            ]
        ],
        encoding="windows-1252",
    )
    assert ingest_agency(wh, [w], source="ed-assaults", encoding="cp1252").files[0].rows_loaded == 1
    spec = tmp_path / "istv.toml"
    spec.write_text(
        '[source]\nname = "ed-assaults"\n[file]\nformat = "xlsx"\nsheet = "ISTV"\n'
        '[fields.arrival_id]\ncolumn = "ID"\n[fields.arrival_date]\ncolumn = "Arrived"\n'
        '[fields.residence_district]\ncolumn = "Resident district"\n'
        '[fields.residence_district.values]\n"Hunts" = "Huntingdonshire"\n'
    )
    x = write_xlsx(
        tmp_path / "ed.xlsx",
        ["ID", "Arrived", "Resident district"],
        [
            ["X1", datetime(2025, 4, 1, 22, 0), "Hunts"],
            ["X2", datetime(2025, 4, 2), "Cambridge City"],
        ],
        sheet="ISTV",
    )
    r = ingest_agency(wh, [x], source="ed-assaults", spec=spec)
    assert r.files[0].rows_loaded == 2
    assert dict(
        wh.rows(
            "SELECT record_id, fields->>'residence_district' FROM agency_record "
            "WHERE record_id LIKE 'X%'"
        )
    ) == {"X1": "E07000011", "X2": "E07000008"}
    wrong = tmp_path / "wrong.toml"
    wrong.write_text(spec.read_text().replace('sheet = "ISTV"', 'sheet = "Data"'))
    with pytest.raises(InputFileError, match="has no sheet 'Data'; its sheets are: 'ISTV'"):
        ingest_agency(wh, [x], source="ed-assaults", spec=wrong)


def test_a_districts_table_by_residence_says_residence(loaded):
    from saferplaces.indicators.tables import district_table

    wh, _ = loaded
    force = resolve_area(wh, "Cambridgeshire")
    ind = get_indicator("ed-assault-arrivals-residents")
    t = district_table(wh, force, ind, parse_period("2025-01..2025-02"))
    names = [r.name for r in t.rows]
    assert "Residence unknown" in names and "Living outside the force area" in names
    assert "Location unknown" not in names and "Recorded outside the force area" not in names
    by_name = {r.name: r.count for r in t.rows}
    assert by_name["South Cambridgeshire"] == 2 and by_name["Cambridge"] == 2  # E2, E3; E1, E7
    assert by_name["Residence unknown"] == 1 and by_name["Living outside the force area"] == 1
    text = " ".join(t.notes)
    assert "where the patient" in text or "district of residence" in text
    assert "assigned by their LSOA" not in text


def test_an_unknown_age_never_loses_the_arrival(wh, tmp_path):
    rows = [
        ["U1", "2025-01-02", "home", "none", "Unknown", "m", "Cambridge", "n"],
        ["U2", "2025-01-03", "home", "none", "34", "m", "Cambridge", "n"],
        ["U3", "2025-01-04", "home", "none", "n/k", "m", "Cambridge", "n"],
        ["U4", "2025-01-05", "home", "none", "thirty", "m", "Cambridge", "n"],
    ]
    f = write_csv(tmp_path / "ed.csv", HEADER, rows)
    (r,) = ingest_agency(wh, [f], source="ed-assaults").files
    # An optional number that is "unknown" is no number; a word that is not is still refused.
    assert (r.rows_loaded, r.rows_quarantined) == (3, 1)
    ages = dict(wh.rows("SELECT record_id, fields->>'age' FROM agency_record"))
    assert ages == {"U1": None, "U2": "34", "U3": None}
    assert quarantined(wh, "ed-assaults")[0][:4] == (5, "quarantined", "age", "thirty")
    # A spec's own words for it are read too: "thirty" = "30", "Not recorded" = "".
    spec = tmp_path / "ed.toml"
    spec.write_text(
        '[source]\nname = "ed-assaults"\n[fields.age.values]\n"thirty" = "30"\n'
        '"Not recorded" = ""\n'
    )
    g = write_csv(
        tmp_path / "ed2.csv",
        HEADER,
        [
            ["V1", "2025-02-02", "home", "none", "thirty", "m", "Cambridge", "n"],
            ["V2", "2025-02-03", "home", "none", "Not recorded", "m", "Cambridge", "n"],
        ],
    )
    (r2,) = ingest_agency(wh, [g], source="ed-assaults", spec=spec).files
    assert (r2.rows_loaded, r2.rows_quarantined) == (2, 0)
    assert wh.scalar("SELECT fields->>'age' FROM agency_record WHERE record_id = 'V1'") == "30"
