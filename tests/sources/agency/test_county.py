"""The county (upper-tier local authority) as an area: Cambridgeshire County Council is
the force area without Peterborough, and "against the county" means it."""

from __future__ import annotations

import csv
import gzip
from collections import Counter

import pytest

from saferplaces.core.periods import parse_period
from saferplaces.geography.areas import districts_of, force_of, resolve_area
from saferplaces.indicators import engine
from saferplaces.indicators.registry import get_indicator
from saferplaces.sources.agency import ingest_agency
from saferplaces.sources.agency.crosstab import crosstab
from tests.helpers.raw import SAMPLE, lookup, street_rows
from tests.sources.agency.helpers import write_csv

COUNTY_DISTRICTS = {"E07000008", "E07000009", "E07000010", "E07000011", "E07000012"}


@pytest.mark.parametrize(
    "text", ["county:Cambridgeshire", "Cambridgeshire County Council", "E10000003", "county:cambs"]
)
def test_the_county_by_name_code_or_prefix(wh, text):
    a = resolve_area(wh, text)
    assert (a.level, a.code, a.name) == ("county", "E10000003", "Cambridgeshire County Council")
    assert {code for code, _ in districts_of(wh, a)} == COUNTY_DISTRICTS
    assert force_of(wh, a).code == "E23000023"


def test_cambridgeshire_alone_is_still_the_force(wh):
    assert resolve_area(wh, "Cambridgeshire").level == "force"


def test_county_counts_are_its_districts(loaded):
    county = resolve_area(loaded, "county:Cambridgeshire")
    y2025 = parse_period("2025")
    # By hand from the raw police.uk files and the ONS lookup: burglary in 2025 in the
    # five districts (Peterborough is a unitary authority, not in the county).
    by_hand = Counter(
        lookup()[r["LSOA code"]]["ltla24_code"]
        for r in street_rows()
        if r["Crime type"] == "Burglary"
        and r["Month"].startswith("2025")
        and r["LSOA code"] in lookup()
    )
    expected = sum(n for lad, n in by_hand.items() if lad in COUNTY_DISTRICTS)
    assert engine.area_counts(loaded, get_indicator("burglary"), county, [y2025]) == [expected]


def test_young_residents_are_loaded_for_youth_rates(wh):
    with gzip.open(SAMPLE / "population" / "mid2020_lad24_age10_17_ew.csv.gz", "rt") as fh:
        young = {r["lad24_code"]: int(r["residents_10_17"]) for r in csv.DictReader(fh)}
    county = resolve_area(wh, "county:Cambridgeshire")
    dens = engine.denominators(wh, county)
    assert dens["residents_10_17"] == sum(young[lad] for lad in COUNTY_DISTRICTS)
    south = resolve_area(wh, "South Cambridgeshire")
    assert engine.denominators(wh, south)["residents_10_17"] == young["E07000012"]
    ward = resolve_area(wh, "Duxford")
    assert engine.denominators(wh, ward).get("residents_10_17") is None  # district-level data


DRUG = [
    "district_code",
    "period_start",
    "period_end",
    "substance_group",
    "clients_in_treatment",
    "successful_completions",
]


def test_against_the_county_leaves_peterborough_out(wh, tmp_path):
    # 2019's figures (East Cambridgeshire CSP assessment 2020, Table 12), as 2025.
    rows = [
        ["Cambridge", "2025-01-01", "2025-12-31", "opiate", "1109", "142"],
        ["South Cambridgeshire", "2025-01-01", "2025-12-31", "opiate", "81", "8"],
        ["Fenland", "2025-01-01", "2025-12-31", "opiate", "491", "100"],
        ["East Cambridgeshire", "2025-01-01", "2025-12-31", "opiate", "180", "16"],
        ["Huntingdonshire", "2025-01-01", "2025-12-31", "opiate", "602", "120"],
        ["Peterborough", "2025-01-01", "2025-12-31", "opiate", "1524", "344"],
    ]
    ingest_agency(wh, [write_csv(tmp_path / "d.csv", DRUG, rows)], source="drug-treatment")
    county = resolve_area(wh, "Cambridgeshire County Council")
    t = crosstab(wh, "drug-treatment", "district", "year", value="completion_rate", area=county)
    # The county's rate, by hand: (142 + 8 + 100 + 16 + 120) / (1109 + 81 + 491 + 180 + 602)
    # = 386 / 2,463 = 15.7%, the figure the 2020 assessment sets East Cambridgeshire against.
    assert t.area_total.label == "Cambridgeshire County Council total"
    assert t.area_total.cells["2025"] == round(100 * 386 / 2463, 1) == 15.7
    assert t.cell("East Cambridgeshire", "2025") == round(100 * 16 / 180, 1)
    assert t.cell("Living outside Cambridgeshire County Council", "2025") == round(
        100 * 344 / 1524, 1
    )
