from saferplaces.geography.areas import resolve_area
from saferplaces.quality.report import quality_report
from saferplaces.sources.police_uk import ingest_police_uk
from tests.conftest import sample_month, street_row, write_street
from tests.helpers import raw


def test_bundled_data_quality(loaded):
    report = quality_report(loaded, resolve_area(loaded, "South Cambridgeshire"))
    (cov,) = report.coverage
    assert (cov["first_month"], cov["last_month"], cov["months_present"]) == (
        "2024-01",
        "2025-12",
        24,
    )
    assert cov["missing_months"] == []
    assert cov["rows"] == len(raw.street_rows())
    (loc,) = report.location
    lk = raw.lookup()
    no_lsoa = sum(1 for r in raw.street_rows() if not r["LSOA code"])
    force_lads = {"E07000008", "E07000009", "E07000010", "E07000011", "E07000012", "E06000031"}
    outside = sum(
        1
        for r in raw.street_rows()
        if r["LSOA code"] in lk and lk[r["LSOA code"]]["ltla24_code"] not in force_lads
    )
    assert (loc["location_unknown"], loc["outside_force_area"]) == (no_lsoa, outside)
    assert (no_lsoa, outside) == (5_444, 1_113)  # as SOURCES.md reports
    assert report.quarantine == []


def test_missing_months_and_quarantine_are_reported(wh, tmp_path):
    bad = write_street(
        tmp_path / "2025-03-cambridgeshire-street.csv",
        [street_row(Month="2025-03"), street_row(Month="March")],
    )
    ingest_police_uk(wh, [sample_month("2025-01"), bad])
    report = quality_report(wh)
    assert report.coverage[0]["missing_months"] == ["2025-02"]
    assert any("2025-02" in n for n in report.notes)
    (q,) = report.quarantine
    assert (q["reason"], q["rows"]) == ("unparseable month (expected YYYY-MM)", 1)
    assert q["example"].endswith("row 3")
