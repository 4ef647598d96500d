"""Youth justice first-time entrants, by district, sex and offence type."""

from __future__ import annotations

import pytest

from saferplaces.core.errors import InputFileError
from saferplaces.core.periods import parse_period
from saferplaces.geography.areas import resolve_area
from saferplaces.indicators import engine
from saferplaces.indicators.registry import get_indicator
from saferplaces.sources.agency import ingest_agency
from saferplaces.sources.agency.crosstab import crosstab
from tests.sources.agency.helpers import quarantined, write_csv, write_xlsx

HEADER = ["district_code", "period_start", "period_end", "sex", "offence_type", "entrants"]
ROWS = [
    ["E07000012", "2025-01-01", "2025-03-31", "male", "violence against the person", "3"],  # 2
    ["E07000012", "2025-01-01", "2025-03-31", "F", "theft and handling", "2"],  # 3
    ["E07000012", "2025-04-01", "2025-06-30", "male", "robbery", "1"],  # 4
    ["Fenland", "2025-01-01", "2025-03-31", "male", "criminal damage", "4"],  # 5
    ["Fenland", "2025-01-01", "2025-03-31", "boy", "criminal damage", "1"],  # 6 sex
    ["Fenland", "2025-01-01", "2025-03-31", "female", "drugs", "-1"],  # 7 negative
    ["Fenland", "2025-01-01", "2025-03-31", "male", "criminal damage", "2"],  # 8 duplicate cell
    ["Fenland", "Q1 2025", "2025-03-31", "female", "drugs", "1"],  # 9 a calendar quarter
    ["Fenland", "", "2025-03-31", "female", "theft", "1"],  # 10 blank start
]


@pytest.fixture
def loaded(wh, tmp_path):
    return wh, ingest_agency(wh, [write_csv(tmp_path / "f.csv", HEADER, ROWS)], source="youth-fte")


def test_counts_by_hand(loaded):
    wh, r = loaded
    f = r.files[0]
    assert (f.rows_read, f.rows_loaded, f.rows_quarantined) == (9, 5, 4)
    reasons = {q[0]: (q[2], q[4]) for q in quarantined(wh, "youth-fte")}
    assert set(reasons) == {6, 7, 8, 10}
    assert reasons[6][1].startswith("unknown sex (allowed: female, male, unknown;")
    assert reasons[7] == ("entrants", "entrants is below 0")
    assert reasons[8][1].startswith("duplicate row")
    assert reasons[10][0] == "period_start" and reasons[10][1].startswith("blank period_start")


def test_entrants_by_sex(loaded):
    wh, _ = loaded
    h1 = parse_period("2025-01..2025-06")
    south = resolve_area(wh, "South Cambridgeshire")
    ind = get_indicator("youth-first-time-entrants")
    assert engine.area_counts(wh, ind, south, [h1]) == [3 + 2 + 1]
    t = crosstab(wh, "youth-fte", "sex", "district", period=h1)
    assert t.cell("female", "South Cambridgeshire") == 2
    assert t.cell("male", "Fenland") == 4
    assert t.cell("female", "Fenland") == 1  # row 9: "Q1 2025" read as January to March
    assert t.grand_total == 3 + 2 + 1 + 4 + 1


def test_missing_empty_cp1252_xlsx(wh, tmp_path):
    with pytest.raises(InputFileError, match="missing column 'entrants'"):
        ingest_agency(
            wh,
            [
                write_csv(
                    tmp_path / "m.csv",
                    HEADER[:5],
                    [["Fenland", "2025-01-01", "2025-03-31", "male", "x"]],
                )
            ],
            source="youth-fte",
        )
    (tmp_path / "e.csv").write_text(",".join(HEADER) + "\n\n")
    with pytest.raises(InputFileError, match="no data rows"):
        ingest_agency(wh, [tmp_path / "e.csv"], source="youth-fte")
    w = write_csv(
        tmp_path / "w.csv",
        HEADER,
        [["Fenland", "2025-07-01", "2025-09-30", "male", "theft – shop", "1"]],
        encoding="windows-1252",
    )
    assert (
        ingest_agency(wh, [w], source="youth-fte", encoding="windows-1252").files[0].rows_loaded
        == 1
    )
    x = write_xlsx(
        tmp_path / "x.xlsx", HEADER, [["Fenland", "2025-10-01", "2025-12-31", "male", "drugs", 2]]
    )
    assert ingest_agency(wh, [x], source="youth-fte").files[0].rows_loaded == 1


def test_rates_are_per_1000_residents_aged_10_to_17(loaded):
    import csv
    import gzip

    from saferplaces.indicators.tables import district_table
    from saferplaces.sources.agency.indicators import full_indicator_table
    from tests.helpers.raw import SAMPLE

    wh, _ = loaded
    with gzip.open(SAMPLE / "population" / "mid2020_lad24_age10_17_ew.csv.gz", "rt") as fh:
        young = {r["lad24_code"]: int(r["residents_10_17"]) for r in csv.DictReader(fh)}
    h1 = parse_period("2025-01..2025-06")
    south = resolve_area(wh, "South Cambridgeshire")
    row = full_indicator_table(wh, south, h1).row("youth-first-time-entrants")
    assert (row.count, row.denominator, row.denominator_kind) == (
        6,
        young["E07000012"],
        "residents_10_17",
    )
    assert row.rate_per_1000 == pytest.approx(6 / young["E07000012"] * 1000)
    force = resolve_area(wh, "Cambridgeshire")
    t = district_table(wh, force, get_indicator("youth-first-time-entrants"), h1)
    fenland = next(r for r in t.rows if r.code == "E07000010")
    assert fenland.denominator == young["E07000010"]
    assert fenland.rate_per_1000 == pytest.approx(fenland.count / young["E07000010"] * 1000)
    total = next(r for r in t.rows if r.level == "force total")
    six = ("E07000008", "E07000009", "E07000010", "E07000011", "E07000012", "E06000031")
    assert total.denominator == sum(young[c] for c in six)


def test_a_period_that_ends_before_it_starts_is_quarantined(wh, tmp_path):
    f = write_csv(
        tmp_path / "backwards.csv",
        HEADER,
        [
            ["Fenland", "2025-04-01", "2025-03-31", "male", "theft", "1"],  # 2: a month back
            ["Fenland", "2025-04-01", "2025-06-30", "male", "theft", "1"],  # 3: fine
            ["Fenland", "2025-06..2025-01", "2025-06-30", "male", "theft", "1"],  # 4: a range
        ],
    )
    (r,) = ingest_agency(wh, [f], source="youth-fte").files
    assert (r.rows_loaded, r.rows_quarantined) == (1, 2)
    reasons = {q[0]: (q[2], q[4]) for q in quarantined(wh, "youth-fte")}
    assert reasons[2] == ("period_end", "the period ends before it starts")
    assert reasons[4][0] == "period_start" and "ends before it starts" in reasons[4][1]
