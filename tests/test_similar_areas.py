"""Similar areas: nearest neighbours over standardised district profiles (methods.md)."""

from __future__ import annotations

import csv
import json
import math
import re
import statistics
from pathlib import Path

import pytest

from saferplaces.core.errors import SaferplacesError
from saferplaces.geography.areas import resolve_area
from saferplaces.geography.similar import VARIABLES, nearest, similar_areas
from tests.helpers.raw import SAMPLE, lookup, population

PROFILES = SAMPLE / "classification" / "similar_areas_lad24_ew.csv"
METHODS = Path(__file__).resolve().parents[1] / "docs" / "methods.md"


def test_nearest_standardises_before_measuring():
    # Residents in thousands and a share in fractions: unstandardised, size would decide
    # everything. Standardised (x: mean 30, sd 10*sqrt(2); y: mean 0.3, sd 0.1*sqrt(2)),
    # the z-scores are A (-1.414, -1.414), B (-0.707, 1.414), C (0, 0), D (0.707, 0.707),
    # E (1.414, -0.707): from A, C is 2.000 away, B and E sqrt(8.5) = 2.915, D 3.000.
    profiles = {
        "A": (10.0, 0.1),
        "B": (20.0, 0.5),
        "C": (30.0, 0.3),
        "D": (40.0, 0.4),
        "E": (50.0, 0.2),
    }
    found = nearest(profiles, "A", 4)
    assert [c for c, _ in found] == ["C", "B", "E", "D"]  # B and E tie: by code
    assert [round(d, 3) for _, d in found] == [2.0, 2.915, 2.915, 3.0]
    # Unstandardised, the nearest would be B (10 away, against C's 20).
    raw = sorted((math.dist(profiles["A"], v), c) for c, v in profiles.items() if c != "A")
    assert raw[0][1] == "B"


def test_nearest_never_lists_the_area_itself_and_stops_at_k():
    profiles = {"A": (1.0,), "B": (1.0,), "C": (5.0,), "D": (9.0,)}
    found = nearest(profiles, "A", 2)
    assert [c for c, _ in found] == ["B", "C"]
    assert found[0][1] == 0.0
    assert len(nearest(profiles, "A", 15)) == 3
    with pytest.raises(KeyError):
        nearest(profiles, "Z")


def test_a_variable_with_no_spread_adds_nothing():
    profiles = {"A": (0.0, 7.0), "B": (1.0, 7.0), "C": (3.0, 7.0)}
    assert [c for c, _ in nearest(profiles, "A", 2)] == ["B", "C"]


def _profile_row(code, name, residents, young, rural):
    return [code, name, "England", residents, residents // 2, 2.0, young, 0.2, 0.1, rural,
            "IoD2025", 50.0, "UUN", "Urban"]  # fmt: skip


def test_similar_areas_from_a_hand_made_profile_table(wh):
    # Four districts differing only in size, youth and rurality. Size is compared on a log
    # scale, so 10,000 to 100,000 is as far as 100,000 to 1,000,000.
    wh.execute("DELETE FROM ref_district_profile")
    rows = [
        _profile_row("E07000012", "South Cambridgeshire", 100_000, 0.10, 0.5),
        _profile_row("E07000008", "Cambridge", 1_000_000, 0.10, 0.5),
        _profile_row("E07000009", "East Cambridgeshire", 10_000, 0.10, 0.5),
        _profile_row("E07000010", "Fenland", 100_000, 0.10, 0.9),
    ]
    wh.con.executemany(f"INSERT INTO ref_district_profile VALUES ({', '.join('?' * 14)})", rows)
    area = resolve_area(wh, "South Cambridgeshire")
    result = similar_areas(wh, area, k=3)
    # log10 residents: 5, 6, 4, 5 -> z (0, 1.414, -1.414, 0); rural 0.5, 0.5, 0.5, 0.9 ->
    # z (-0.577, -0.577, -0.577, 1.732): Cambridge and East Cambs are both 1.414 away
    # (ties by code: E07000008 first), Fenland 2.309.
    assert [(r.district_name, round(r.distance, 3)) for r in result.rows] == [
        ("Cambridge", 1.414),
        ("East Cambridgeshire", 1.414),
        ("Fenland", 2.309),
    ]
    assert result.rows[0].force_name == "Cambridgeshire"
    assert result.districts_compared == 4


def _independent_neighbours(code: str, k: int = 15) -> list[str]:
    """The method of methods.md from the bundled CSV with the standard library only."""
    with PROFILES.open(encoding="utf-8") as fh:
        table = list(csv.DictReader(fh))
    keys = [v.key for v in VARIABLES]
    columns = {
        key: [math.log10(float(r[key])) if key == "residents" else float(r[key]) for r in table]
        for key in keys
    }
    z = {
        key: [(x - statistics.fmean(col)) / statistics.pstdev(col) for x in col]
        for key, col in columns.items()
    }
    me = next(i for i, r in enumerate(table) if r["lad24_code"] == code)
    dist = sorted(
        (math.sqrt(sum((z[key][i] - z[key][me]) ** 2 for key in keys)), r["lad24_code"])
        for i, r in enumerate(table)
        if i != me
    )
    names = {r["lad24_code"]: r["lad24_name"] for r in table}
    return [names[c] for _, c in dist[:k]]


def test_south_cambridgeshire_similar_areas_are_stable_and_documented(wh):
    result = similar_areas(wh, resolve_area(wh, "South Cambs"))
    names = [r.district_name for r in result.rows]
    assert names == _independent_neighbours("E07000012")
    assert [r.rank for r in result.rows] == list(range(1, 16))
    # The list docs/methods.md prints is this list, in this order.
    text = " ".join(METHODS.read_text(encoding="utf-8").split())
    documented = re.search(
        r"South Cambridgeshire's similar areas .*?nearest first: ([^.]+)\.", text
    )
    assert documented, "docs/methods.md lists South Cambridgeshire's similar areas"
    assert [n.strip() for n in documented.group(1).split(",")] == names
    assert result.districts_compared == 318


def test_bundled_profiles_hold_every_district_with_census_totals():
    """The derived table's residents and households are the sums of the bundled Census
    LSOA table over the ONS lookup, for all 318 districts of England and Wales."""
    sums: dict[str, list[int]] = {}
    pop = population()
    for lsoa, row in lookup().items():
        s = sums.setdefault(row["ltla24_code"], [0, 0])
        s[0] += pop[lsoa][0]
        s[1] += pop[lsoa][1]
    with PROFILES.open(encoding="utf-8") as fh:
        table = {r["lad24_code"]: r for r in csv.DictReader(fh)}
    assert len(table) == 318 == len(sums)
    for code, (residents, households) in sums.items():
        assert int(table[code]["residents"]) == residents
        assert int(table[code]["households"]) == households
    assert table["E07000012"]["residents"] == "162095"  # SOURCES.md
    assert {r["deprivation_index"] for r in table.values() if r["country"] == "Wales"} == {
        "WIMD 2019"
    }
    assert sum(r["country"] == "Wales" for r in table.values()) == 22


def test_similar_areas_need_a_district(wh):
    with pytest.raises(SaferplacesError, match="not a district"):
        similar_areas(wh, resolve_area(wh, "Cambridgeshire"))
    with pytest.raises(SaferplacesError, match="not a district"):
        similar_areas(wh, resolve_area(wh, "ward:Duxford"))


def test_cli_similar(cli, warehouse_path):
    out = cli("similar", "--area", "South Cambs", "--warehouse", warehouse_path)
    assert out.code == 0, out.err
    assert "South Oxfordshire" in out.out and "(this area)" in out.out
    csv_out = cli(
        "similar", "--area", "E07000012", "--format", "csv", "--warehouse", warehouse_path
    )
    rows = list(csv.DictReader(csv_out.out.splitlines()))
    assert [r["district_name"] for r in rows] == _independent_neighbours("E07000012")
    # CSV numbers are rounded as the table shows them (docs/cli.md): 0.549 to two places.
    assert rows[0]["distance"] == "0.55"
    doc = json.loads(
        cli("similar", "--area", "Cardiff", "--format", "json", "--warehouse", warehouse_path).out
    )
    assert doc["area"]["code"] == "W06000015"
    assert doc["values"]["deprivation_index"] == "WIMD 2019"
    assert len(doc["rows"]) == 15 and doc["rows"][0]["rank"] == 1
    assert {"district_code", "distance", "force_name", "share_rural"} <= set(doc["rows"][0])
    bad = cli("similar", "--area", "Cambridgeshire", "--warehouse", warehouse_path)
    assert bad.code == 1 and bad.err.startswith("Error:") and "not a district" in bad.err


def test_bundled_reference_holds_profiles_and_welsh_deprivation(wh):
    assert wh.scalar("SELECT count(*) FROM ref_district_profile") == 318
    assert wh.scalar("SELECT count(*) FROM ref_wimd") == 1_909
    assert wh.scalar("SELECT count(*) FROM ref_lsoa11_lsoa21") == 1_940
    assert wh.scalar("SELECT imd_rank FROM ref_wimd WHERE lsoa11_code = 'W01000240'") == 1
