"""Indicator figures on the real bundled data, against figures computed by hand from the
raw CSVs, the ONS lookup and the Census table (tests/helpers/raw.py)."""

from __future__ import annotations

import pytest

from saferplaces.core.periods import parse_period
from saferplaces.geography.areas import resolve_area
from saferplaces.indicators.police import police_indicators
from saferplaces.indicators.registry import get_indicator
from saferplaces.indicators.tables import district_table, ward_table
from tests.helpers import raw

Y2025 = raw.months("2025-01", "2025-12")
Y2024 = raw.months("2024-01", "2024-12")
CRIMES = [
    "Bicycle theft",
    "Burglary",
    "Criminal damage and arson",
    "Drugs",
    "Other crime",
    "Other theft",
    "Possession of weapons",
    "Public order",
    "Robbery",
    "Shoplifting",
    "Theft from the person",
    "Vehicle crime",
    "Violence and sexual offences",
]


@pytest.fixture(scope="module")
def south_cambs(loaded_path):
    from saferplaces.warehouse import Warehouse

    with Warehouse.open(loaded_path, read_only=True) as wh:
        area = resolve_area(wh, "South Cambridgeshire")
        yield police_indicators(wh, area, parse_period("2025"), parse_period("2024"))


def test_counts_by_type_match_the_raw_files(south_cambs):
    now = raw.counts("ltla24_code", "E07000012", Y2025)
    before = raw.counts("ltla24_code", "E07000012", Y2024)
    for row in south_cambs.rows:
        if row.indicator == "All crime":
            assert row.count == sum(now[t] for t in CRIMES)
            assert row.baseline_count == sum(before[t] for t in CRIMES)
        else:
            assert (row.count, row.baseline_count) == (now[row.indicator], before[row.indicator])
        assert row.change == row.count - row.baseline_count
    assert len(south_cambs.rows) == 15


def test_rates_use_residents_and_households_for_burglary(south_cambs):
    residents, households = raw.denominator("ltla24_code", "E07000012")
    assert (residents, households) == (162_095, 66_997)  # SOURCES.md sums
    burglary = south_cambs.row("Burglary")
    assert burglary.denominator == households
    assert burglary.rate_per_1000 == pytest.approx(burglary.count / households * 1000)
    drugs = south_cambs.row("Drugs")
    assert drugs.denominator == residents
    assert drugs.rate_per_1000 == pytest.approx(drugs.count / residents * 1000)
    assert drugs.baseline_rate_per_1000 == pytest.approx(drugs.baseline_count / residents * 1000)


def test_p_values_and_z_against_hand_calculation(south_cambs):
    for name in ("All crime", "Drugs", "Burglary", "Robbery"):
        row = south_cambs.row(name)
        n = row.count + row.baseline_count
        assert row.p_value == pytest.approx(
            raw.binomial_two_sided_p(row.count, n, 0.5), rel=1e-6, abs=1e-12
        )
        assert row.z == pytest.approx(2**0.5 * (row.count**0.5 - row.baseline_count**0.5))


def test_q_values_are_benjamini_hochberg_across_the_rows(south_cambs):
    ps = [r.p_value for r in south_cambs.rows]
    m = len(ps)
    order = sorted(range(m), key=lambda i: ps[i])
    q = [0.0] * m
    running = 1.0
    for rank in range(m, 0, -1):
        i = order[rank - 1]
        running = min(running, ps[i] * m / rank)
        q[i] = running
    for row, expected in zip(south_cambs.rows, q, strict=True):
        assert row.q_value == pytest.approx(expected)


def test_classification_follows_p_at_alpha(south_cambs):
    for row in south_cambs.rows:
        if row.p_value < 0.05:
            expected = "significant increase" if row.change > 0 else "significant decrease"
        else:
            expected = "no significant change"
        assert row.classification == expected
    assert south_cambs.row("Drugs").classification == "significant increase"


def test_ward_table_matches_the_raw_files(loaded):
    area = resolve_area(loaded, "South Cambridgeshire")
    table = ward_table(loaded, area, get_indicator("asb"), parse_period("2025"))
    wards = {
        r["ward24_code"]: r["ward24_name"]
        for r in raw.lookup().values()
        if r["ltla24_code"] == "E07000012"
    }
    assert {r.code for r in table.rows} == set(wards)  # every ward, zeros included
    for row in table.rows:
        n = raw.counts("ward24_code", row.code, Y2025)["Anti-social behaviour"]
        n0 = raw.counts("ward24_code", row.code, Y2024)["Anti-social behaviour"]
        residents, _ = raw.denominator("ward24_code", row.code)
        assert (row.count, row.baseline_count, row.denominator) == (n, n0, residents)
        assert row.rate_per_1000 == pytest.approx(n / residents * 1000)
    assert (
        sum(r.count for r in table.rows)
        == raw.counts("ltla24_code", "E07000012", Y2025)["Anti-social behaviour"]
    )


def test_district_table_and_force_total(loaded):
    force = resolve_area(loaded, "Cambridgeshire")
    table = district_table(loaded, force, get_indicator("all-crime"), parse_period("2025"))
    by_level = {}
    for r in table.rows:
        by_level.setdefault(r.level, []).append(r)
    districts = {r.code: r.count for r in by_level["district"]}
    for code, n in districts.items():
        assert n == sum(raw.counts("ltla24_code", code, Y2025)[t] for t in CRIMES)
    lk = raw.lookup()
    force_lads = set(districts)
    unknown = outside = 0
    for r in raw.street_rows():
        if r["Month"] not in Y2025 or r["Crime type"] == "Anti-social behaviour":
            continue
        row = lk.get(r["LSOA code"])
        if row is None:
            unknown += 1
        elif row["ltla24_code"] not in force_lads:
            outside += 1
    assert by_level["location unknown"][0].count == unknown
    assert by_level["outside force area"][0].count == outside
    assert by_level["force total"][0].count == sum(districts.values()) + unknown


def test_force_indicators_include_records_without_location(loaded):
    force = resolve_area(loaded, "Cambridgeshire Constabulary")
    t = police_indicators(loaded, force, parse_period("2025"))
    total_asb = sum(
        1
        for r in raw.street_rows()
        if r["Month"] in Y2025 and r["Crime type"] == "Anti-social behaviour"
    )
    lk = raw.lookup()
    outside_asb = sum(
        1
        for r in raw.street_rows()
        if r["Month"] in Y2025
        and r["Crime type"] == "Anti-social behaviour"
        and r["LSOA code"] in lk
        and lk[r["LSOA code"]]["ltla24_code"]
        not in {"E07000008", "E07000009", "E07000010", "E07000011", "E07000012", "E06000031"}
    )
    assert t.row("Anti-social behaviour").count == total_asb - outside_asb


def test_incomplete_baseline_is_not_compared(loaded):
    area = resolve_area(loaded, "South Cambridgeshire")
    t = police_indicators(loaded, area, parse_period("2024"))  # baseline 2023: not held
    assert all(r.classification == "not compared" for r in t.rows)
    assert all(r.p_value is None and r.z is None for r in t.rows)
    assert any("missing 12 of 12 months" in n for n in t.notes)


def test_part_year_shows_annualised_rate(loaded):
    area = resolve_area(loaded, "South Cambridgeshire")
    t = police_indicators(loaded, area, parse_period("2025-01..2025-06"))
    row = t.row("All crime")
    assert row.annualised_rate_per_1000 == pytest.approx(row.rate_per_1000 * 2)
    assert t.baseline.start == "2024-07"
