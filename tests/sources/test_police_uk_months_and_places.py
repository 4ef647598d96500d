"""police.uk rows that must not load as they are (issue 18 §1, §9, §11): a stray month in
another month's file, months in the future, coordinates that are not a place in Britain.

Expected figures are counted from the raw files with the csv module.
"""

from __future__ import annotations

import csv
import gzip
import json

from saferplaces.sources.police_uk import ingest_police_uk
from saferplaces.sources.thin_months import few, thin_months
from tests.conftest import sample_month, street_row, write_street


def raw_rows(month: str) -> list[list[str]]:
    """The header and rows of a bundled month, as the csv module reads them."""
    with gzip.open(sample_month(month), "rt", encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def held(wh, month: str) -> int:
    return wh.scalar("SELECT count(*) FROM police_street WHERE month = ?", [f"{month}-01"])


def quarantined(wh) -> list[tuple]:
    return wh.rows(
        "SELECT row_number, field, value, reason FROM quarantine WHERE kind = 'quarantined' "
        "ORDER BY row_number"
    )


# -- §1: a file replaces only the force-months it really holds --------------------------


def test_a_few_rows_of_another_month_do_not_wipe_that_month(wh, tmp_path, cli):
    """Issue 18 §1: January with its last three rows' Month changed to February, loaded
    as a republished January, must not replace February's 6,152 rows with three."""
    ingest_police_uk(wh, [sample_month("2025-02")])
    february = len(raw_rows("2025-02")) - 1
    assert held(wh, "2025-02") == february

    rows = raw_rows("2025-01")
    for r in rows[-3:]:
        r[1] = "2025-02"
    january = tmp_path / "2025-01-cambridgeshire-street.csv"
    write_street(january, rows[1:])
    report = ingest_police_uk(wh, [january])

    (r,) = report.files
    assert (r.rows_read, r.rows_loaded, r.rows_quarantined) == (len(rows) - 1, len(rows) - 4, 3)
    assert r.months == ["2025-01"]
    assert "3 rows dated 2025-02 quarantined as a stray month" in r.note
    assert held(wh, "2025-02") == february  # untouched
    assert held(wh, "2025-01") == len(rows) - 4
    q = quarantined(wh)
    assert [row for row, *_ in q] == [len(rows) - 2, len(rows) - 1, len(rows)]  # as a sheet
    assert {(f, v) for _, f, v, _ in q} == {("Month", "2025-02")}
    assert all(reason.startswith("stray month") for *_, reason in q)
    # February is still held by its own file, and `quality` says what was set aside.
    assert wh.rows(
        "SELECT count(*) FROM load_coverage WHERE month = '2025-02-01' AND superseded_by IS NULL"
    ) == [(1,)]
    wh.close()
    out = cli("quality", "--format", "json", "--warehouse", wh.path)
    assert out.code == 0, out.err
    stray = [q for q in json.loads(out.out)["quarantine"] if q["reason"].startswith("stray")]
    assert [(s["rows"], s["example"]) for s in stray] == [(3, f"{january} row {len(rows) - 2}")]


def test_a_file_of_two_whole_months_loads_both(wh, tmp_path):
    rows = raw_rows("2025-01")[1:] + raw_rows("2025-02")[1:]
    both = write_street(tmp_path / "jan-feb.csv", rows)
    (r,) = ingest_police_uk(wh, [both]).files
    assert r.months == ["2025-01", "2025-02"]
    assert (r.rows_loaded, r.rows_quarantined) == (len(rows), 0)


def test_a_small_file_of_one_month_is_that_month(wh, tmp_path):
    """A file holding one month holds that month, however few its rows."""
    f = write_street(tmp_path / "x.csv", [street_row(Month="2025-03")] * 2)
    (r,) = ingest_police_uk(wh, [f]).files
    assert (r.months, r.rows_loaded) == (["2025-03"], 2)
    assert r.note is None  # it replaced nothing


def test_a_file_far_smaller_than_the_month_it_replaces_says_so(wh, tmp_path):
    """A month's file cut to its first three rows (saved from a filtered spreadsheet)
    replaces the month, as a file of one month does, but the load says so; loading the
    whole file again brings the month back."""
    rows = raw_rows("2025-02")[1:]
    ingest_police_uk(wh, [sample_month("2025-02")])
    cut = write_street(tmp_path / "2025-02-cambridgeshire-street.csv", rows[:3])
    (r,) = ingest_police_uk(wh, [cut]).files
    assert (r.rows_loaded, r.rows_replaced) == (3, len(rows))
    assert r.note == (
        f"replaced {len(rows):,} rows of 2025-02 with 3, under a fifth of what was held: if "
        "this file was cut short or filtered, load the whole file again"
    )
    (again,) = ingest_police_uk(wh, [sample_month("2025-02")]).files
    assert (again.rows_replaced, again.note) == (3, None)
    assert held(wh, "2025-02") == len(rows)
    # A republished month a few rows smaller is a correction, and says nothing.
    fewer = write_street(tmp_path / "fewer.csv", rows[:-10])
    (r,) = ingest_police_uk(wh, [fewer]).files
    assert (r.rows_replaced, r.note) == (len(rows), None)


def test_thin_months_rule():
    # Three rows against a usual 6,264: P(X <= 3) is about 0, and 3 < 6,264 / 5.
    assert thin_months({"2025-01": 6264, "2025-02": 3}, {}) == {"2025-02"}
    # Several strays: each is judged against the months left, smallest first.
    assert thin_months({"a": 2, "b": 2, "c": 6000}, {}) == {"a", "b"}
    # A quiet month of a small force is still a month of the file: 74 against 110 is
    # more than a fifth; 1 against 6 is no surprise (P(X <= 1) = 7e-3 * 7 > 1/1000).
    assert thin_months({"2025-11": 110, "2025-12": 74}, {}) == set()
    assert not few(1, 6)
    # Under a fifth of what is already held for the month is thin too.
    assert thin_months({"2025-01": 40, "2025-02": 30}, {"2025-02": 6152}) == {"2025-02"}
    # The largest month is never thin, whatever is held.
    assert thin_months({"2025-01": 40}, {"2025-01": 6000}) == set()


# -- §9: months after today ---------------------------------------------------------------


def test_months_in_the_future_are_quarantined(wh, tmp_path, cli):
    rows = [street_row(Month="2025-01")] * 5 + [street_row(Month="2099-01")] * 4
    f = write_street(tmp_path / "2099-01-cambridgeshire-street.csv", rows)
    (r,) = ingest_police_uk(wh, [f]).files
    assert (r.rows_read, r.rows_loaded, r.rows_quarantined) == (9, 5, 4)
    assert r.months == ["2025-01"]
    q = quarantined(wh)
    assert [row for row, *_ in q] == [7, 8, 9, 10]
    assert {(f, v) for _, f, v, _ in q} == {("Month", "2099-01")}
    assert all("in the future" in reason for *_, reason in q)
    assert wh.scalar("SELECT max(month) FROM police_street").isoformat() == "2025-01-01"
    wh.close()
    out = cli("quality", "--format", "json", "--warehouse", wh.path)
    report = json.loads(out.out)
    assert [c["last_month"] for c in report["coverage"]] == ["2025-01"]
    assert any("in the future" in q["reason"] and q["rows"] == 4 for q in report["quarantine"])


def test_a_whole_file_in_the_future_loads_nothing(wh, tmp_path):
    f = write_street(tmp_path / "f.csv", [street_row(Month="2099-01")] * 3)
    (r,) = ingest_police_uk(wh, [f]).files
    assert (r.rows_loaded, r.rows_quarantined, r.months) == (0, 3, [])
    assert wh.scalar("SELECT count(*) FROM load_coverage") == 0


# -- §11: coordinates that are not a place in Britain ---------------------------------------


def test_coordinates_outside_britain_are_quarantined_like_the_agency_loader_does(wh, tmp_path):
    rows = [
        street_row(),  # loads
        street_row(Longitude="", Latitude=""),  # location unknown: loads
        street_row(Latitude="95"),
        street_row(Longitude="200"),
        street_row(Longitude="52.2", Latitude="0.123"),  # swapped
        street_row(Longitude="nan"),
        street_row(Latitude="inf"),
        street_row(Latitude=""),  # a longitude alone
        street_row(Longitude="-8.2", Latitude="54.6"),  # Northern Ireland: loads
    ]
    f = write_street(tmp_path / "x.csv", rows)
    (r,) = ingest_police_uk(wh, [f]).files
    assert (r.rows_loaded, r.rows_quarantined) == (3, 6)
    got = {row: (field, value, reason) for row, field, value, reason in quarantined(wh)}
    assert got[4] == ("Latitude", "95, 0.123", "coordinates are outside Great Britain")
    assert got[5][1:] == ("52.2, 200", "coordinates are outside Great Britain")
    assert got[6][2].endswith("(latitude and longitude look swapped)")
    assert got[7][1] == "52.2, nan" and got[8][1] == "inf, 0.123"
    assert got[9] == ("Latitude", None, "a longitude without a latitude")
    assert wh.rows("SELECT longitude, latitude FROM police_street ORDER BY 1 NULLS FIRST") == [
        (None, None),
        (-8.2, 54.6),
        (0.123, 52.2),
    ]


def test_the_bundled_months_have_no_row_outside_britain(loaded):
    """The check must not set aside real data: every bundled row's point is in range."""
    assert loaded.scalar("SELECT count(*) FROM quarantine") == 0
