"""Drug and alcohol treatment: clients cannot be added across periods; completions can."""

from __future__ import annotations

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
    "district_code",
    "period_start",
    "period_end",
    "substance_group",
    "clients_in_treatment",
    "successful_completions",
]
# East Cambridgeshire's and South Cambridgeshire's 2019 figures (East Cambridgeshire CSP
# assessment 2020, Table 12), as if for 2025, and the first half of 2024 for one group.
ROWS = [
    ["E07000009", "2025-01-01", "2025-12-31", "opiate", "93", "6"],  # 2
    ["E07000009", "2025-01-01", "2025-12-31", "non-opiate only", "10", "2"],  # 3
    ["E07000009", "2025-01-01", "2025-12-31", "alcohol only", "66", "7"],  # 4
    ["E07000009", "2025-01-01", "2025-12-31", "Non-opiate & alcohol", "11", "1"],  # 5
    ["E07000012", "2025-01-01", "2025-12-31", "opiates", "31", "2"],  # 6
    ["E07000012", "2025-01-01", "2025-12-31", "alcohol", "26", "6"],  # 7
    ["E07000012", "2025-01-01", "2025-12-31", "crack", "4", "0"],  # 8 unknown group
    ["E07000012", "2025-01-01", "2025-12-31", "opiate", "5", "9"],  # 9 completions > clients
    ["E07000012", "2025-12-31", "2025-01-01", "alcohol only", "5", "1"],  # 10 backwards
    ["E07000012", "2024-01-01", "2024-06-30", "opiate", "20", "3"],  # 11 an earlier half
]


@pytest.fixture
def loaded(wh, tmp_path):
    f = write_csv(tmp_path / "d.csv", HEADER, ROWS)
    return wh, ingest_agency(wh, [f], source="drug-treatment")


def test_counts_by_hand(loaded):
    wh, r = loaded
    f = r.files[0]
    assert (f.rows_read, f.rows_loaded, f.rows_quarantined) == (10, 7, 3)
    reasons = {q[0]: (q[2], q[4]) for q in quarantined(wh, "drug-treatment")}
    assert set(reasons) == {8, 9, 10}
    assert (
        "(allowed: opiate, non-opiate only, alcohol only, non-opiate and alcohol" in reasons[8][1]
    )
    assert reasons[9] == (
        "successful_completions",
        "successful_completions is more than clients_in_treatment",
    )
    assert reasons[10] == (
        "period_start",
        "not the first day of a month (an "
        "aggregate row must cover whole months: its counts cannot be split)",
    )


def test_completion_rate_against_the_force(loaded):
    wh, _ = loaded
    y2025 = parse_period("2025")
    east = resolve_area(wh, "East Cambridgeshire")
    completions = get_indicator("drug-treatment-completions")
    assert engine.area_counts(wh, completions, east, [y2025]) == [6 + 2 + 7 + 1]
    t = crosstab(wh, "drug-treatment", "district", "year", value="completion_rate", period=y2025)
    # East: 16 of 180 = 8.9%; South: 8 of 57 = 14.0%; both: 24 of 237 = 10.1%.
    assert t.cell("East Cambridgeshire", "2025") == 8.9
    assert t.cell("South Cambridgeshire", "2025") == 14.0
    assert t.totals["2025"] == 10.1
    by_group = crosstab(wh, "drug-treatment", "substance_group", "district", period=y2025)
    assert by_group.value == "clients_in_treatment"
    assert by_group.cell("opiate", "East Cambridgeshire") == 93


def test_people_in_treatment_are_not_added_across_periods(loaded):
    wh, _ = loaded
    with pytest.raises(SaferplacesError, match="cannot be added across periods"):
        crosstab(wh, "drug-treatment", "district", "substance_group")
    t = crosstab(wh, "drug-treatment", "district", "year")
    assert t.cell("South Cambridgeshire", "2024") == 20
    assert t.total("South Cambridgeshire") is None  # 2024 and 2025 do not add up
    rows = crosstab(wh, "drug-treatment", "district", "year", value="successful_completions")
    assert rows.total("South Cambridgeshire") == 2 + 6 + 3


def test_missing_empty_cp1252_xlsx(wh, tmp_path):
    with pytest.raises(InputFileError, match="missing column 'clients_in_treatment'"):
        ingest_agency(
            wh,
            [
                write_csv(
                    tmp_path / "m.csv",
                    HEADER[:4],
                    [["E07000012", "2025-01-01", "2025-12-31", "opiate"]],
                )
            ],
            source="drug-treatment",
        )
    (tmp_path / "e.csv").write_bytes(b"")
    with pytest.raises(InputFileError, match="is empty"):
        ingest_agency(wh, [tmp_path / "e.csv"], source="drug-treatment")
    w = write_csv(
        tmp_path / "w.csv",
        [*HEADER, "comment"],
        [["Fenland", "2025-01-01", "2025-12-31", "opiate", "236", "50", "provider’s figure"]],
        encoding="windows-1252",
    )
    assert (
        ingest_agency(wh, [w], source="drug-treatment", encoding="windows-1252")
        .files[0]
        .rows_loaded
        == 1
    )
    x = write_xlsx(
        tmp_path / "x.xlsx",
        HEADER,
        [["Huntingdonshire", "2025-01-01", "2025-12-31", "alcohol only", 212, 40]],
    )
    assert ingest_agency(wh, [x], source="drug-treatment").files[0].rows_loaded == 1


def _wilson(k: int, n: int) -> tuple[float, float]:
    """Wilson score 95% interval by its formula (methods.md), in percent."""
    z = 1.959963984540054
    p = k / n
    d = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / d
    half = z / d * (p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5
    return 100 * (centre - half), 100 * (centre + half)


def test_the_completion_rate_is_a_proportion_indicator(loaded):
    from saferplaces.sources.agency.indicators import full_indicator_table

    wh, _ = loaded
    east = resolve_area(wh, "East Cambridgeshire")
    table = full_indicator_table(wh, east, parse_period("2025"), parse_period("2024"))
    row = table.row("drug-treatment-completion-rate")
    # 16 of 180 in treatment completed (rows 2 to 5, by hand).
    assert (row.kind, row.count, row.base) == ("proportion", 16, 180)
    assert row.percent == pytest.approx(100 * 16 / 180)
    lo, hi = _wilson(16, 180)
    assert (row.percent_ci_low, row.percent_ci_high) == (pytest.approx(lo), pytest.approx(hi))
    assert row.rate_per_1000 is None and row.denominator is None
    assert row.classification == "not compared"  # 2024 is not held for East Cambridgeshire
    # Completions alone are a count with no rate per resident: it would mean nothing.
    counts = table.row("drug-treatment-completions")
    assert (counts.count, counts.rate_per_1000) == (16, None)


def test_people_in_treatment_in_two_periods_give_no_rate(loaded):
    from saferplaces.sources.agency.indicators import full_indicator_table

    wh, _ = loaded
    south = resolve_area(wh, "South Cambridgeshire")
    both = parse_period("2024-01..2025-12")
    table = full_indicator_table(wh, south, both, parse_period("2022-01..2023-12"))
    row = table.row("drug-treatment-completion-rate")
    # 2024's first half and 2025 hold 20 and 57 people: they cannot be added.
    assert (row.count, row.percent) == (3 + 8, None)
    assert any("counted per reporting period" in n for n in table.notes)
