"""Probation caseload snapshots: the latest snapshot, never a sum of snapshots."""

from __future__ import annotations

import pytest

from saferplaces.core.errors import InputFileError
from saferplaces.core.periods import parse_period
from saferplaces.sources.agency import ingest_agency
from saferplaces.sources.agency.crosstab import crosstab
from tests.sources.agency.helpers import quarantined, write_csv, write_xlsx

NEEDS = [
    "child_issues",
    "self_harm",
    "domestic_abuse",
    "accommodation",
    "disability",
    "learning_difficulty",
    "mental_illness",
]
HEADER = ["snapshot_date", "district_code", "sex", "ogrs_band", "offenders", *NEEDS]
ROWS = [
    # South Cambridgeshire, May 2018 (Tables 6 and 7 of its 2019 assessment), as 2025.
    [
        "2025-05-31",
        "E07000012",
        "male",
        "Low <25",
        "50",
        "6",
        "3",
        "18",
        "10",
        "16",
        "5",
        "12",
    ],  # 2
    ["2025-05-31", "E07000012", "female", "low", "8", "1", "0", "3", "2", "2", "1", "2"],  # 3
    [
        "2025-05-31",
        "E07000012",
        "male",
        "Medium 25-40",
        "36",
        "4",
        "2",
        "13",
        "7",
        "11",
        "4",
        "9",
    ],  # 4
    ["2025-05-31", "E07000012", "male", "high", "55", "7", "3", "20", "11", "18", "5", "13"],  # 5
    ["2025-05-31", "E07000012", "male", "very high", "8", "2", "1", "2", "1", "3", "1", "2"],  # 6
    [
        "2025-02-28",
        "E07000012",
        "male",
        "low",
        "70",
        "8",
        "4",
        "25",
        "14",
        "22",
        "7",
        "17",
    ],  # 7 earlier
    ["2025-05-31", "E07000012", "male", "severe", "3", "0", "0", "0", "0", "0", "0", "0"],  # 8 band
    ["2025-05-31", "E07000012", "male", "high", "4", "5", "0", "0", "0", "0", "0", "0"],  # 9 5 of 4
    ["31/05/2025", "E07000012", "male", "high", "4", "0", "0", "0", "0", "0", "0", "0"],  # 10 date
]


@pytest.fixture
def loaded(wh, tmp_path):
    f = write_csv(tmp_path / "p.csv", HEADER, ROWS)
    return wh, ingest_agency(wh, [f], source="probation-caseload")


def test_counts_by_hand(loaded):
    wh, r = loaded
    f = r.files[0]
    assert (f.rows_read, f.rows_loaded, f.rows_quarantined) == (9, 6, 3)
    reasons = {q[0]: (q[2], q[4]) for q in quarantined(wh, "probation-caseload")}
    assert "(allowed: low, medium, high, very high, unknown" in reasons[8][1]
    assert reasons[9] == ("child_issues", "child_issues is more than offenders")
    assert reasons[10] == ("snapshot_date", "unparseable date (expected YYYY-MM-DD)")
    assert f.months == ["2025-02", "2025-05"]


def test_latest_snapshot_only(loaded):
    wh, _ = loaded
    t = crosstab(wh, "probation-caseload", "ogrs_band", "sex", period=parse_period("2025"))
    # The 31 May snapshot: 50 + 8 low, 36 medium, 55 high, 8 very high; February's 70 is
    # an earlier snapshot of the same people, never added.
    assert t.total("low") == 58 and t.grand_total == 157
    assert t.cell("low", "female") == 8
    assert any("2025-05-31" in n for n in t.notes)
    shares = crosstab(wh, "probation-caseload", "district", "measures", period=parse_period("2025"))
    assert shares.cell("South Cambridgeshire", "People on the caseload") == 157
    assert shares.cell("South Cambridgeshire", "Domestic abuse issues (%)") == round(
        100 * 56 / 157, 1
    )
    by_snapshot = crosstab(wh, "probation-caseload", "ogrs_band", "month")
    assert by_snapshot.cell("low", "2025-02") == 70 and by_snapshot.cell("low", "2025-05") == 58


def test_missing_empty_cp1252_xlsx(wh, tmp_path):
    with pytest.raises(InputFileError, match="missing column 'offenders'"):
        ingest_agency(
            wh,
            [write_csv(tmp_path / "m.csv", HEADER[:4], [["2025-05-31", "Fenland", "male", "low"]])],
            source="probation-caseload",
        )
    (tmp_path / "e.csv").write_bytes(b"")
    with pytest.raises(InputFileError, match="is empty"):
        ingest_agency(wh, [tmp_path / "e.csv"], source="probation-caseload")
    w = write_csv(
        tmp_path / "w.csv",
        [*HEADER, "team"],
        [["2025-08-31", "Fenland", "male", "low", "78", *["1"] * 7, "March – Wisbech"]],
        encoding="windows-1252",
    )
    assert (
        ingest_agency(wh, [w], source="probation-caseload", encoding="windows-1252")
        .files[0]
        .rows_loaded
        == 1
    )
    x = write_xlsx(
        tmp_path / "x.xlsx", HEADER, [["2025-11-30", "Fenland", "male", "low", 80, *[2] * 7]]
    )
    assert ingest_agency(wh, [x], source="probation-caseload").files[0].rows_loaded == 1


def test_totals_across_time_are_the_latest_snapshot_never_a_sum(loaded):
    wh, _ = loaded
    t = crosstab(wh, "probation-caseload", "district", "month", period=parse_period("2025"))
    # 70 on 28 February, 157 on 31 May (by hand from ROWS); never 70 + 157.
    assert t.cell("South Cambridgeshire", "2025-02") == 70
    assert t.cell("South Cambridgeshire", "2025-05") == 157
    assert t.total("South Cambridgeshire") == 157
    assert t.grand_total == 157
    # A month with no snapshot at all is not an empty caseload.
    assert t.cell("South Cambridgeshire", "2025-03") is None
    assert t.totals["2025-03"] is None and t.totals["2025-05"] == 157
    assert any("latest snapshot" in n and "2025-05-31" in n for n in t.notes)
    down = crosstab(wh, "probation-caseload", "month", "sex", period=parse_period("2025"))
    assert down.totals["male"] == 50 + 36 + 55 + 8 and down.totals["female"] == 8
    assert down.total("2025-02") == 70 and down.total("2025-04") is None
    assert down.grand_total == 157
