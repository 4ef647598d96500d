"""`saferplaces quality` for agency sources: months missing and not yet received, late
files, unlocated rows, rows not loaded by reason; and the gaps an assessment notes."""

from __future__ import annotations

from saferplaces.core.periods import parse_period
from saferplaces.quality.report import quality_report
from saferplaces.sources.agency import ingest_agency
from saferplaces.sources.agency.quality import data_gaps
from tests.sources.agency.helpers import BEDFORD, write_csv

FIRE = ["incident_id", "date", "cause", "property_type", "latitude", "longitude", "lsoa_code"]
AMB = ["callout_id", "date", "lsoa_code", "district_code"]


def _fires(tmp_path):
    rows = [
        [f"F{m}", f"2025-{m:02d}-05", "deliberate", "outdoor", "", "", "E01018218"]
        for m in range(1, 13)
        if m != 4  # April is missing
    ]
    rows.append(["F99", "2025-05-06", "deliberate", "outdoor", BEDFORD[0], BEDFORD[1], ""])
    rows.append(["F98", "2025-05-07", "deliberate", "outdoor", "", "", ""])
    rows.append(["F97", "2025-05-08", "Delib", "outdoor", "", "", ""])
    return write_csv(tmp_path / "fires.csv", FIRE, rows)


def _ambulance(tmp_path):
    # January to November: December not yet received.
    rows = [[f"A{m}", f"2025-{m:02d}-03", "", "Fenland"] for m in range(1, 12)]
    return write_csv(tmp_path / "amb.csv", AMB, rows)


def test_agency_sources_in_the_quality_report(wh, tmp_path):
    ingest_agency(wh, [_fires(tmp_path)], source="fire")
    ingest_agency(wh, [_ambulance(tmp_path)], source="ambulance")
    report = quality_report(wh)
    cov = {c["source"]: c for c in report.coverage}
    fire, amb = cov["fire"], cov["ambulance"]
    # One file holding January to December counts April as held (a month with no fires);
    # the gap shows when months are missing between files.
    assert (fire["first_month"], fire["last_month"], fire["months_present"]) == (
        "2025-01",
        "2025-12",
        12,
    )
    assert amb["not_yet_received"] == ["2025-12"]
    assert any(
        n == "Ambulance call-outs for assault: December 2025 not yet received (other sources "
        "run to December 2025)"
        for n in report.notes
    )
    # Loaded today, the files' last months ended long ago: late.
    assert fire["late"] and "days after that month ended" in fire["late"]
    loc = {row["source"]: row for row in report.location}
    assert (
        loc["fire"]["rows"],
        loc["fire"]["location_unknown"],
        loc["fire"]["outside_force_area"],
    ) == (
        13,
        1,
        1,
    )
    assert loc["ambulance"]["district_only"] == 11
    (q,) = [q for q in report.quarantine if q["source"] == "fire"]
    assert q["rows"] == 1 and q["reason"].startswith("unknown cause (allowed:")
    assert q["example"].endswith("fires.csv row 15")


def test_months_missing_between_files(wh, tmp_path):
    jan = write_csv(tmp_path / "jan.csv", AMB, [["A1", "2025-01-03", "", "Fenland"]])
    mar = write_csv(tmp_path / "mar.csv", AMB, [["A3", "2025-03-03", "", "Fenland"]])
    ingest_agency(wh, [jan, mar], source="ambulance")
    report = quality_report(wh)
    (amb,) = [c for c in report.coverage if c["source"] == "ambulance"]
    assert amb["missing_months"] == ["2025-02"]
    assert any(
        "months missing inside January 2025 to March 2025: February 2025" in n for n in report.notes
    )
    assert data_gaps(wh, parse_period("2025-01..2025-03")) == [
        "Ambulance call-outs for assault: February 2025 not held for January 2025 to March 2025"
    ]
    assert data_gaps(wh, parse_period("2025-01..2025-04")) == [
        "Ambulance call-outs for assault: February 2025, April 2025 not held for January 2025 "
        "to April 2025"
    ]


def test_records_placed_in_another_force_area_are_outside_it(wh, tmp_path):
    rows = [
        ["L1", "2025-03-01", "deliberate", "outdoor", "", "", "E01000001"],  # City of London
        ["L2", "2025-03-02", "deliberate", "outdoor", "", "", "E01018218"],  # South Cambs
        ["L3", "2025-03-03", "deliberate", "outdoor", BEDFORD[0], BEDFORD[1], ""],
    ]
    ingest_agency(wh, [write_csv(tmp_path / "f.csv", FIRE, rows)], source="fire")
    (loc,) = [r for r in quality_report(wh).location if r["source"] == "fire"]
    # L1 is in the lookup (so located) but in another force's area; L3 is a point outside
    # the boundaries held. Both are outside the force area.
    assert (loc["rows"], loc["outside_force_area"], loc["location_unknown"]) == (3, 2, 0)
