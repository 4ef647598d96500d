"""An area beside its similar areas' average and England and Wales; the funnel across
them (methods.md, "Similar areas"). Figures checked against sums made here from the
files written, with the standard library."""

from __future__ import annotations

import csv
import gzip
import shutil
from collections import Counter
from pathlib import Path

import pytest

from saferplaces.core.periods import parse_period
from saferplaces.geography.areas import resolve_area
from saferplaces.geography.similar import similar_areas
from saferplaces.indicators.benchmarks import benchmarks, national_data_held
from saferplaces.indicators.registry import get_indicator, headline_indicators
from saferplaces.places.overdispersion import overdispersion
from saferplaces.places.similar_funnel import RANDOM_EFFECTS, similar_funnel
from saferplaces.sources.police_uk import ingest_police_uk
from saferplaces.warehouse import Warehouse
from tests.conftest import sample_month, street_row, write_street
from tests.helpers.raw import SAMPLE, lookup, population

JAN = parse_period("2025-01")


def _forces() -> dict[str, tuple[str, str]]:
    """PFA code -> (police.uk name, slug), for the 43 police force areas."""
    with (SAMPLE / "reference" / "police_forces.csv").open(encoding="utf-8") as fh:
        return {
            r["pfa24_code"]: (r["police_uk_name"], r["slug"])
            for r in csv.DictReader(fh)
            if r["pfa24_code"]
        }


def _district_force() -> dict[str, str]:
    with gzip.open(SAMPLE / "geography" / "lad24_csp24_pfa24_ew.csv.gz", "rt") as fh:
        return {r["ltla24_code"]: r["pfa24_code"] for r in csv.DictReader(fh)}


@pytest.fixture(scope="module")
def national(reference_template, tmp_path_factory) -> Path:
    """January 2025 for every force of England and Wales: Cambridgeshire's real file and,
    for each other force, a file with 1 to 7 burglaries and as many ASB incidents in the
    first LSOA of each of its districts."""
    folder = tmp_path_factory.mktemp("national")
    first_lsoa: dict[str, str] = {}
    for lsoa, row in sorted(lookup().items()):
        first_lsoa.setdefault(row["ltla24_code"], lsoa)
    by_force: dict[str, list[list[str]]] = {}
    for i, (lad, pfa) in enumerate(sorted(_district_force().items())):
        if pfa == "E23000023":
            continue  # Cambridgeshire: the real file
        name, _ = _forces()[pfa]
        for crime in ("Burglary", "Anti-social behaviour"):
            for _ in range(1 + i % 7):
                by_force.setdefault(pfa, []).append(
                    street_row(
                        Month="2025-01",
                        Reported_by=name,
                        Falls_within=name,
                        LSOA_code=first_lsoa[lad],
                        LSOA_name="",
                        Crime_type=crime,
                    )
                )
    for pfa, rows in by_force.items():
        slug = _forces()[pfa][1]
        write_street(folder / "files" / f"2025-01-{slug}-street.csv", rows)
    shutil.copy(sample_month("2025-01"), folder / "files")
    path = folder / "warehouse.duckdb"
    shutil.copy(reference_template, path)
    with Warehouse.open(path) as w:
        ingest_police_uk(w, [folder / "files"])
    return path


def _raw_counts(folder: Path) -> Counter:
    """(district, crime type) -> records located in the district, from every file."""
    lk = lookup()
    c: Counter = Counter()
    for f in sorted(folder.glob("*.csv*")):
        opener = gzip.open if f.name.endswith(".gz") else open
        with opener(f, "rt", encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                if r["Month"] == "2025-01" and r["LSOA code"] in lk:
                    c[(lk[r["LSOA code"]]["ltla24_code"], r["Crime type"])] += 1
    return c


def _households() -> Counter:
    pop = population()
    c: Counter = Counter()
    for lsoa, row in lookup().items():
        c[row["ltla24_code"]] += pop[lsoa][1]
    return c


def test_similar_areas_average_and_england_and_wales(national):
    raw = _raw_counts(national.parent / "files")
    households = _households()
    with Warehouse.open(national, read_only=True) as wh:
        assert national_data_held(wh, JAN)
        area = resolve_area(wh, "South Cambridgeshire")
        peers = [r.district_code for r in similar_areas(wh, area).rows]
        result = benchmarks(wh, area, JAN, headline_indicators())
        burglary = result.row("burglary")
    assert result.national and result.held["police-uk"] == peers
    assert burglary.similar_held == 15
    expected_similar = (
        1000 * sum(raw[(p, "Burglary")] for p in peers) / sum(households[p] for p in peers)
    )
    assert burglary.similar_rate_per_1000 == pytest.approx(expected_similar, rel=1e-12)
    expected_ew = (
        1000 * sum(n for (_, t), n in raw.items() if t == "Burglary") / sum(households.values())
    )
    assert burglary.england_wales_rate_per_1000 == pytest.approx(expected_ew, rel=1e-12)
    mine = 1000 * raw[("E07000012", "Burglary")] / households["E07000012"]
    assert burglary.rate_per_1000 == pytest.approx(mine, rel=1e-12)
    assert [d.district_code for d in burglary.districts] == ["E07000012", *peers]
    assert any("England and Wales: every record located" in n for n in result.notes)


def test_only_similar_areas_held_make_the_average(loaded):
    """With Cambridgeshire's data alone, Huntingdonshire and East Cambridgeshire are the
    similar areas held; the others (other forces) have no figures, not zeros."""
    area = resolve_area(loaded, "South Cambs")
    period = parse_period("2025")
    result = benchmarks(loaded, area, period, headline_indicators())
    assert result.held["police-uk"] == ["E07000011", "E07000009"]
    assert not result.national
    from tests.helpers.raw import counts, denominator, months

    ym = months("2025-01", "2025-12")
    hunts, east = counts("ltla24_code", "E07000011", ym), counts("ltla24_code", "E07000009", ym)
    res = denominator("ltla24_code", "E07000011")[0] + denominator("ltla24_code", "E07000009")[0]
    asb = result.row("anti-social-behaviour")
    expected = 1000 * (hunts["Anti-social behaviour"] + east["Anti-social behaviour"]) / res
    assert asb.similar_rate_per_1000 == pytest.approx(expected, rel=1e-12)
    assert asb.similar_held == 2 and asb.england_wales_rate_per_1000 is None
    assert any("2 of the 15 similar areas" in n for n in result.notes)
    assert any("Thames Valley" in n and "load the police.uk files" in n for n in result.notes)


def test_no_similar_areas_for_a_force(loaded):
    result = benchmarks(
        loaded, resolve_area(loaded, "Cambridgeshire"), parse_period("2025"), headline_indicators()
    )
    assert result.similar is None and result.rows[0].similar_rate_per_1000 is None


def test_funnel_across_similar_areas(national):
    with Warehouse.open(national, read_only=True) as wh:
        area = resolve_area(wh, "South Cambridgeshire")
        result = benchmarks(wh, area, JAN, [get_indicator("burglary")])
    f = similar_funnel(result.row("burglary"), area, JAN)
    assert f is not None and len(f.points) == 16 and f.points[0].this_area
    r = result.row("burglary").similar_rate_per_1000 / 1000
    disp = overdispersion([p.count for p in f.points], [p.denominator for p in f.points], r)
    assert f.dispersion == disp
    for p in f.points:
        assert p.expected == pytest.approx(r * p.denominator)
        assert p.lower_998 <= p.lower_95 <= p.upper_95 <= p.upper_998
        inside = p.lower_998 <= p.rate_per_1000 <= p.upper_998
        assert inside == ("99.8" not in p.position), p
    assert "South Cambridgeshire" in f.alt_text()
    assert f.to_dict()["limits"] == f.method


def test_overdispersion_by_hand():
    # z = -2.236, 0, 4.472; winsorised at their 10th and 90th percentiles (-1.789, 3.578):
    # phi = (3.2 + 0 + 12.8) / 3 = 5.333 > chi2(0.95; 2) / 3 = 1.997; tau2 = (16 - 2) /
    # (150,000 - 50,000) = 0.00014.
    o = overdispersion([10, 20, 40], [1000, 1000, 1000], 0.02)
    assert o.phi == pytest.approx(16 / 3)
    assert o.threshold == pytest.approx(5.991464547 / 3)
    assert o.overdispersed and o.tau2 == pytest.approx(0.00014)
    calm = overdispersion([19, 20, 21], [1000, 1000, 1000], 0.02)
    assert not calm.overdispersed and calm.tau2 == 0.0


def test_random_effects_limits_when_overdispersed(loaded):
    area = resolve_area(loaded, "South Cambs")
    result = benchmarks(loaded, area, parse_period("2025"), [get_indicator("shoplifting")])
    f = similar_funnel(result.row("shoplifting"), area, parse_period("2025"))
    assert f.method == RANDOM_EFFECTS and f.dispersion.overdispersed
    assert any("Spiegelhalter" in n for n in f.notes)
