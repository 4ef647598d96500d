"""A police force extract: domestic abuse, hate and cyber markers, counted by hand."""

from __future__ import annotations

import pytest

from saferplaces.core.errors import InputFileError
from saferplaces.core.periods import parse_period
from saferplaces.geography.areas import resolve_area
from saferplaces.indicators import engine
from saferplaces.indicators.registry import get_indicator
from saferplaces.sources.agency import ingest_agency
from tests.sources.agency.helpers import BEDFORD, lat, lon, quarantined, write_csv, write_xlsx

HEADER = [
    "crime_id",
    "date",
    "offence_group",
    "offence_subgroup",
    "latitude",
    "longitude",
    "lsoa_code",
    "domestic_abuse",
    "hate_strand",
    "cyber",
    "youth",
    "record_type",
]
ROWS = [
    # 2: DA crime (violence with injury) in South Cambridgeshire
    [
        "C1",
        "2025-01-02",
        "violence against the person",
        "Violence with injury",
        lat("balsham"),
        lon("balsham"),
        "",
        "yes",
        "",
        "no",
        "no",
        "",
    ],
    # 3: DA non-crime incident in South Cambridgeshire
    ["C2", "2025-01-03", "non-crime", "", "", "", "E01018220", "Y", "", "", "", "non-crime"],
    # 4: racially aggravated public order in Cambridge (hate)
    [
        "C3",
        "2025-01-04",
        "Public order",
        "public fear",
        "",
        "",
        "E01017943",
        "no",
        "Racial",
        "no",
        "no",
        "crime",
    ],
    # 5: cyber-enabled fraud, DA too, South Cambridgeshire
    ["C4", "2025-01-05", "fraud", "fraud", "", "", "E01018218", "yes", "", "yes", "yes", ""],
    # 6: sexual offence, no location
    ["C5", "2025-01-06", "sexual offences", "rape", "", "", "", "no", "", "no", "no", ""],
    # 7: hate, outside the area held
    [
        "C6",
        "2025-01-07",
        "violence against the person",
        "violence without injury",
        BEDFORD[0],
        BEDFORD[1],
        "",
        "no",
        "sexual orientation",
        "no",
        "no",
        "",
    ],
    ["C7", "2025-01-08", "burglary", "", "", "", "", "no", "Gender", "no", "no", ""],  # 8 strand
    ["C8", "7 Jan 2025", "burglary", "", "", "", "", "no", "", "no", "no", ""],  # 9 date
    ["C9", "2025-01-09", "arson", "", "91.5", "0.1", "", "no", "", "no", "no", ""],  # 10 lat
    ["C1", "2025-01-10", "arson", "", "", "", "", "no", "", "no", "no", ""],  # 11 duplicate
    ["C10", "2025-01-11", "Murder", "", "", "", "", "no", "", "no", "no", ""],  # 12 group
]


@pytest.fixture
def loaded(wh, tmp_path):
    f = write_csv(tmp_path / "x.csv", HEADER, ROWS)
    return wh, ingest_agency(wh, [f], source="police-extract")


def test_counts_by_hand(loaded):
    wh, r = loaded
    f = r.files[0]
    assert (f.rows_read, f.rows_loaded, f.rows_quarantined) == (11, 6, 5)
    reasons = {q[0]: (q[2], q[4]) for q in quarantined(wh, "police-extract")}
    assert (
        reasons[8][0] == "hate_strand"
        and "(allowed: race, religion, sexual orientation" in reasons[8][1]
    )
    assert reasons[9][0] == "date"
    assert reasons[10] == ("latitude", "coordinates are outside Great Britain")
    assert reasons[11][0] == "crime_id" and reasons[11][1].startswith("duplicate crime_id (")
    assert reasons[12][0] == "offence_group" and reasons[12][1].startswith(
        "unknown offence_group (allowed:"
    )


@pytest.mark.parametrize(
    "indicator, area, expected",
    [
        # By hand, January 2025:
        ("domestic-abuse-crimes", "South Cambridgeshire", 2),  # C1, C4 (C2 is not a crime)
        ("domestic-abuse-incidents", "South Cambridgeshire", 3),  # C1, C2, C4
        ("hate-crimes", "Cambridge", 1),  # C3
        ("hate-crimes", "Cambridgeshire", 1),  # C6 is outside the area held
        ("cyber-crimes", "South Cambridgeshire", 1),  # C4
        ("violence-with-injury", "South Cambridgeshire", 1),  # C1 (subgroup in any case)
        ("sexual-offences", "Cambridgeshire", 0),  # C5 has no location
    ],
)
def test_indicators(loaded, indicator, area, expected):
    wh, _ = loaded
    ind = get_indicator(indicator)
    a = resolve_area(wh, area)
    assert engine.area_counts(wh, ind, a, [parse_period("2025-01")]) == [expected]


def test_sensitive_markers():
    for i in (
        "domestic-abuse-crimes",
        "domestic-abuse-incidents",
        "hate-crimes",
        "sexual-offences",
    ):
        assert get_indicator(i).sensitive
    assert not get_indicator("cyber-crimes").sensitive


def test_missing_column_empty_cp1252_xlsx(wh, tmp_path):
    with pytest.raises(InputFileError, match="missing column 'offence_group'"):
        ingest_agency(
            wh,
            [write_csv(tmp_path / "m.csv", ["crime_id", "date"], [["C", "2025-01-01"]])],
            source="police-extract",
        )
    (tmp_path / "e.csv").write_text(",".join(HEADER) + "\n")
    with pytest.raises(InputFileError, match="has a header but no data rows"):
        ingest_agency(wh, [tmp_path / "e.csv"], source="police-extract")
    w = write_csv(
        tmp_path / "w.csv",
        HEADER,
        [
            [
                "W1",
                "2025-02-01",
                "public order",
                "Public fear – alarm",
                "",
                "",
                "E01017943",
                "no",
                "religion",
                "no",
                "no",
                "",
            ]
        ],
        encoding="windows-1252",
    )
    assert (
        ingest_agency(wh, [w], source="police-extract", encoding="windows-1252")
        .files[0]
        .rows_loaded
        == 1
    )
    x = write_xlsx(
        tmp_path / "x.xlsx",
        HEADER,
        [
            [
                "X1",
                "2025-03-01",
                "drug offences",
                "possession",
                None,
                None,
                "E01018220",
                False,
                None,
                True,
                None,
                None,
            ]
        ],
    )
    assert ingest_agency(wh, [x], source="police-extract").files[0].rows_loaded == 1
    assert wh.scalar("SELECT fields->>'cyber' FROM agency_record WHERE record_id = 'X1'") == "true"
