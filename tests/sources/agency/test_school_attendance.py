"""School absence and exclusion by school and academic year."""

from __future__ import annotations

import pytest

from saferplaces.core.errors import InputFileError, SaferplacesError
from saferplaces.geography.areas import resolve_area
from saferplaces.sources.agency import ingest_agency
from saferplaces.sources.agency.crosstab import crosstab
from tests.sources.agency.helpers import quarantined, write_csv, write_xlsx

HEADER = [
    "school_urn",
    "school_name",
    "district_code",
    "period_start",
    "period_end",
    "sessions_possible",
    "sessions_absent",
    "sessions_excluded",
    "suspensions",
    "permanent_exclusions",
]
ROWS = [
    [
        "T1",
        "Test College A",
        "E07000012",
        "2023-09-01",
        "2024-08-31",
        "300000",
        "15000",
        "240",
        "30",
        "1",
    ],  # 2
    [
        "T1",
        "Test College A",
        "E07000012",
        "2024-09-01",
        "2025-08-31",
        "300000",
        "17400",
        "90",
        "20",
        "0",
    ],  # 3
    [
        "T2",
        "Test College B",
        "E07000012",
        "2024-09-01",
        "2025-08-31",
        "200000",
        "8000",
        "",
        "",
        "",
    ],  # 4
    [
        "T3",
        "Test Academy",
        "Fenland",
        "2024-09-01",
        "2025-08-31",
        "250000",
        "20000",
        "500",
        "60",
        "2",
    ],  # 5
    [
        "T4",
        "Test School",
        "Fenland",
        "2024-09-01",
        "2025-08-31",
        "1,000",
        "2,000",
        "0",
        "0",
        "0",
    ],  # 6
    ["", "No URN", "Fenland", "2024-09-01", "2025-08-31", "1000", "10", "0", "0", "0"],  # 7
    [
        "T1",
        "Test College A",
        "E07000012",
        "2024-09-01",
        "2025-08-31",
        "300000",
        "17400",
        "90",
        "20",
        "0",
    ],  # 8 duplicate
]


@pytest.fixture
def loaded(wh, tmp_path):
    f = write_csv(tmp_path / "s.csv", HEADER, ROWS)
    return wh, ingest_agency(wh, [f], source="school-attendance")


def test_counts_by_hand(loaded):
    wh, r = loaded
    f = r.files[0]
    assert (f.rows_read, f.rows_loaded, f.rows_quarantined) == (7, 4, 3)
    reasons = {q[0]: (q[2], q[4]) for q in quarantined(wh, "school-attendance")}
    assert reasons[6] == (
        "sessions_absent",
        "sessions_absent is more than sessions_possible",
    )
    assert reasons[7] == ("school_urn", "blank school_urn (required)")
    assert reasons[8][1].startswith("duplicate row")


def test_absence_and_exclusion_rates_by_school_and_year(loaded):
    wh, _ = loaded
    t = crosstab(wh, "school-attendance", "school_name", "academic-year", value="absence_rate")
    assert t.columns == ["2023/24", "2024/25"]
    assert t.cell("Test College A", "2023/24") == 5.0  # 15,000 of 300,000
    assert t.cell("Test College A", "2024/25") == 5.8
    assert t.cell("Test College B", "2024/25") == 4.0
    x = crosstab(
        wh,
        "school-attendance",
        "school_name",
        "academic-year",
        value="exclusion_rate",
        area=resolve_area(wh, "South Cambridgeshire"),
    )
    assert x.cell("Test College A", "2024/25") == 0.0  # 90 of 300,000 is 0.03%, shown to 0.1
    assert "Test Academy" not in [r.label for r in x.rows]
    with pytest.raises(SaferplacesError, match="cannot be split by year"):
        crosstab(wh, "school-attendance", "school_name", "year")


def test_missing_empty_cp1252_xlsx(wh, tmp_path):
    with pytest.raises(InputFileError, match="missing column 'sessions_possible'"):
        ingest_agency(
            wh,
            [
                write_csv(
                    tmp_path / "m.csv",
                    HEADER[:5],
                    [["T", "x", "Fenland", "2024-09-01", "2025-08-31"]],
                )
            ],
            source="school-attendance",
        )
    (tmp_path / "e.csv").write_bytes(b"")
    with pytest.raises(InputFileError, match="is empty"):
        ingest_agency(wh, [tmp_path / "e.csv"], source="school-attendance")
    w = write_csv(
        tmp_path / "w.csv",
        HEADER,
        [
            [
                "W1",
                "St Mary’s – École",
                "Fenland",
                "2024-09-01",
                "2025-08-31",
                "1000",
                "50",
                "1",
                "0",
                "0",
            ]
        ],
        encoding="windows-1252",
    )
    assert (
        ingest_agency(wh, [w], source="school-attendance", encoding="windows-1252")
        .files[0]
        .rows_loaded
        == 1
    )
    assert wh.scalar("SELECT fields->>'school_name' FROM agency_record") == "St Mary’s – École"
    x = write_xlsx(
        tmp_path / "x.xlsx",
        HEADER,
        [["X1", "Y", "Fenland", "2023-09-01", "2024-08-31", 1000, 40, 0, 0, 0]],
    )
    assert ingest_agency(wh, [x], source="school-attendance").files[0].rows_loaded == 1
