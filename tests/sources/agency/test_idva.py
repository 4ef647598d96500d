"""IDVA referrals: an aggregate table by district and quarter, with its rates."""

from __future__ import annotations

import pytest

from saferplaces.core.errors import InputFileError
from saferplaces.core.periods import parse_period
from saferplaces.geography.areas import resolve_area
from saferplaces.indicators import engine
from saferplaces.indicators.police import indicator_table
from saferplaces.indicators.registry import get_indicator
from saferplaces.sources.agency import ingest_agency
from saferplaces.sources.agency.crosstab import crosstab
from tests.sources.agency.helpers import quarantined, write_csv, write_xlsx

HEADER = [
    "district_code",
    "period_start",
    "period_end",
    "service",
    "referrals",
    "engaged",
    "repeats",
]
ROWS = [
    ["E07000012", "2025-01-01", "2025-03-31", "", "38", "30", "11"],  # 2
    ["South Cambs", "2025-04-01", "2025-06-30", "", "48", "40", "12"],  # 3
    ["Cambridge", "2025-01-01", "2025-03-31", "", "67", "49", "28"],  # 4
    ["", "2025-01-01", "2025-03-31", "health IDVA", "27", "24", "4"],  # 5 no district
    ["E07000012", "2025-01-15", "2025-03-31", "", "5", "5", "1"],  # 6 part month
    ["Fenland", "2025-01-01", "2025-03-31", "", "10", "12", "1"],  # 7 engaged > referrals
    ["Fenland", "2025-01-01", "2025-03-31", "", "ten", "1", "1"],  # 8 not a number
    ["E07000012", "2025-01-01", "2025-03-31", "", "40", "30", "11"],  # 9 duplicate cell
    ["Narnia", "2025-01-01", "2025-03-31", "", "1", "1", "1"],  # 10 unknown district
]


@pytest.fixture
def loaded(wh, tmp_path):
    return wh, ingest_agency(wh, [write_csv(tmp_path / "idva.csv", HEADER, ROWS)], source="idva")


def test_counts_by_hand(loaded):
    wh, r = loaded
    f = r.files[0]
    assert (f.rows_read, f.rows_loaded, f.rows_quarantined) == (9, 4, 5)
    assert f.months == [f"2025-0{m}" for m in range(1, 7)]
    reasons = {q[0]: (q[2], q[4]) for q in quarantined(wh, "idva")}
    assert reasons[6][0] == "period_start" and "not the first day of a month" in reasons[6][1]
    assert reasons[7] == ("engaged", "engaged is more than referrals")
    assert reasons[8] == ("referrals", "referrals is not a whole number")
    assert reasons[9][0] is None and reasons[9][1].startswith("duplicate row (an earlier row")
    assert reasons[10][0] == "district_code" and reasons[10][1].startswith("unknown district (")


def test_referrals_by_district_and_quarter(loaded):
    wh, _ = loaded
    ind = get_indicator("idva-referrals")
    assert ind.resolution == "district" and ind.sensitive
    south = resolve_area(wh, "South Cambridgeshire")
    force = resolve_area(wh, "Cambridgeshire")
    h1 = parse_period("2025-01..2025-06")
    assert engine.area_counts(wh, ind, south, [h1]) == [38 + 48]
    # The health IDVA row has no district: it counts in no area, but in the table's total.
    assert engine.area_counts(wh, ind, force, [h1]) == [38 + 48 + 67]
    t = crosstab(wh, "idva", "quarter", "district", value="referrals")
    assert t.columns == ["Cambridge", "South Cambridgeshire", "Location unknown"]
    assert t.cell("Jan–Mar 2025", "South Cambridgeshire") == 38
    assert t.totals["Location unknown"] == 27 and t.grand_total == 38 + 48 + 67 + 27
    rates = crosstab(wh, "idva", "district", "quarter", value="engagement_rate")
    assert rates.cell("South Cambridgeshire", "Jan–Mar 2025") == round(100 * 30 / 38, 1)
    assert rates.total("South Cambridgeshire") == round(100 * 70 / 86, 1)


def test_a_period_that_cuts_a_quarter_is_not_compared(loaded):
    wh, _ = loaded
    south = resolve_area(wh, "South Cambridgeshire")
    ind = get_indicator("idva-referrals")
    # February to April cuts both quarters: their months cannot be counted in part.
    t = indicator_table(
        wh, south, parse_period("2025-02..2025-04"), parse_period("2024-11..2025-01"), [ind]
    )
    (row,) = t.rows
    assert row.classification == "not compared"
    assert any("IDVA referrals data is missing 3 of 3 months" in n for n in t.notes)


def test_agency_quarter_column(wh, tmp_path):
    spec = tmp_path / "idva.toml"
    spec.write_text(
        '[source]\nname = "idva"\n'
        '[fields.period_start]\ncolumn = "Quarter"\n[fields.period_end]\ncolumn = "Quarter"\n'
        '[fields.district_code]\ncolumn = "Area"\n'
        '[fields.district_code.values]\n"City" = "Cambridge"\n'
        '[fields.referrals]\ncolumn = "Referrals"\n'
    )
    f = write_csv(
        tmp_path / "q.csv",
        ["Quarter", "Area", "Referrals"],
        [["2024/25 Q1", "City", "67"], ["2024/25 Q2", "City", "61"], ["2024/25 Q5", "City", "1"]],
    )
    r = ingest_agency(wh, [f], source="idva", spec=spec)
    assert (r.files[0].rows_loaded, r.files[0].rows_quarantined) == (2, 1)
    assert r.files[0].months == ["2024-04", "2024-05", "2024-06", "2024-07", "2024-08", "2024-09"]
    cambridge = resolve_area(wh, "Cambridge")
    assert engine.area_counts(
        wh, get_indicator("idva-referrals"), cambridge, [parse_period("2024/25")]
    ) == [128]


def test_missing_empty_cp1252_xlsx(wh, tmp_path):
    with pytest.raises(InputFileError, match="missing column 'referrals'"):
        ingest_agency(
            wh,
            [
                write_csv(
                    tmp_path / "m.csv",
                    ["period_start", "period_end"],
                    [["2025-01-01", "2025-03-31"]],
                )
            ],
            source="idva",
        )
    (tmp_path / "e.csv").write_text("district_code\n")
    with pytest.raises(InputFileError):
        ingest_agency(wh, [tmp_path / "e.csv"], source="idva")
    w = write_csv(
        tmp_path / "w.csv",
        HEADER,
        [["Fenland", "2025-07-01", "2025-09-30", "Café – drop-in", "12", "9", "3"]],
        encoding="windows-1252",
    )
    assert ingest_agency(wh, [w], source="idva", encoding="windows-1252").files[0].rows_loaded == 1
    x = write_xlsx(
        tmp_path / "x.xlsx", HEADER, [["Fenland", "2025-10-01", "2025-12-31", None, 9, 8, 2]]
    )
    assert ingest_agency(wh, [x], source="idva").files[0].rows_loaded == 1


def test_engagement_and_repeat_rates_are_proportions_compared_by_fisher(wh, tmp_path):
    import math

    from saferplaces.sources.agency.indicators import full_indicator_table

    header = ["district_code", "period_start", "period_end", "referrals", "engaged", "repeats"]
    quarters = [("01-01", "03-31"), ("04-01", "06-30"), ("07-01", "09-30"), ("10-01", "12-31")]
    rows = [
        ["Cambridge", f"{y}-{a}", f"{y}-{b}", 50, engaged, 10]
        for y, engaged in ((2024, 30), (2025, 40))
        for a, b in quarters
    ]
    ingest_agency(wh, [write_csv(tmp_path / "i.csv", header, rows)], source="idva")
    cambridge = resolve_area(wh, "Cambridge")
    t = full_indicator_table(wh, cambridge, parse_period("2025"), parse_period("2024"))
    row = t.row("idva-engagement-rate")
    assert (row.count, row.base, row.baseline_count, row.baseline_base) == (160, 200, 120, 200)
    assert (row.percent, row.baseline_percent) == (80.0, 60.0)
    assert row.change_points == pytest.approx(20.0)

    # Fisher's exact test by hand: tables with the same margins no likelier than this one.
    def prob(x: int) -> float:
        return math.comb(200, x) * math.comb(200, 280 - x) / math.comb(400, 280)

    seen = prob(160)
    p = sum(prob(x) for x in range(80, 201) if prob(x) <= seen * (1 + 1e-7))
    assert row.p_value == pytest.approx(p, rel=1e-9)
    assert row.classification == "significant increase"
    repeats = t.row("idva-repeat-rate")
    assert (repeats.percent, repeats.baseline_percent, repeats.classification) == (
        20.0,
        20.0,
        "no significant change",
    )
