"""Area profiles: building the area, the figures in it against the raw files, and the
documents as a reader gets them (HTML, PDF text, Word), plus the Places chapter."""

from __future__ import annotations

import csv
import gzip
import json
import math
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from saferplaces.core.errors import InputFileError, SaferplacesError
from saferplaces.core.periods import parse_period
from saferplaces.geography.areas import resolve_area
from saferplaces.indicators.registry import get_indicator
from saferplaces.places.chapter import places_chapter
from saferplaces.places.custom_area import from_geojson, from_lsoas, from_wards
from saferplaces.places.flags import run_flags
from saferplaces.places.profile import build_profile
from saferplaces.places.profile_document import render_profile
from saferplaces.places.ranking import default_indicators
from saferplaces.warehouse import Warehouse
from tests.helpers import raw
from tests.places import toy


def _imd():
    with gzip.open(raw.SAMPLE / "imd" / "imd2025_lsoa21_england.csv.gz", "rt") as fh:
        return {r["lsoa21_code"]: r for r in csv.DictReader(fh)}


def test_custom_areas_from_wards_lsoas_and_geojson(toy_wh, tmp_path):
    q1 = from_wards(toy_wh, "Quarter one", "Quarter 1")
    assert len(q1.lsoas) == 16
    two = from_lsoas(toy_wh, "Two", f"{toy.grid_lsoa(0, 0)}, {toy.grid_lsoa(1, 0).lower()}")
    assert two.lsoas == (toy.grid_lsoa(0, 0), toy.grid_lsoa(1, 0))
    with pytest.raises(SaferplacesError, match=r"unknown LSOA .* E01000000"):
        from_lsoas(toy_wh, "Bad", "E01000000")
    # A polygon over the 2 x 2 squares in the corner (centres inside, edges outside).
    poly = {
        "type": "Polygon",
        "coordinates": [
            [
                [0.1005, 52.0005],
                [0.1195, 52.0005],
                [0.1195, 52.0195],
                [0.1005, 52.0195],
                [0.1005, 52.0005],
            ]
        ],
    }
    path = tmp_path / "corner.geojson"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [{"type": "Feature", "properties": {}, "geometry": poly}],
            }
        )
    )
    corner = from_geojson(toy_wh, "Corner", path)
    assert set(corner.lsoas) == {toy.grid_lsoa(c, r) for c in (0, 1) for r in (0, 1)}
    bad = tmp_path / "bad.geojson"
    bad.write_text("{not json")
    with pytest.raises(InputFileError, match=r"bad\.geojson: is not valid JSON"):
        from_geojson(toy_wh, "Bad", bad)
    point = tmp_path / "point.geojson"
    point.write_text(json.dumps({"type": "Point", "coordinates": [0.1, 52.0]}))
    with pytest.raises(InputFileError, match="feature 1 is a Point, not a polygon"):
        from_geojson(toy_wh, "Bad", point)


def test_geojson_in_british_national_grid(loaded, tmp_path):
    # A box around Bar Hill, given in eastings and northings.
    from saferplaces.geography.boundaries import lonlat_to_bng

    e, n = lonlat_to_bng([0.005, 0.045], [52.245, 52.265])
    box = [[e[0], n[0]], [e[1], n[0]], [e[1], n[1]], [e[0], n[1]], [e[0], n[0]]]
    path = tmp_path / "bng.geojson"
    path.write_text(json.dumps({"type": "Polygon", "coordinates": [box]}))
    area = from_geojson(loaded, "Bar Hill box", path)
    wards = {raw.lookup()[c]["ward24_name"] for c in area.lsoas}
    assert "Bar Hill" in wards


def test_a_profile_over_a_period_with_no_police_data_is_refused(toy_wh, tmp_path):
    area = from_wards(toy_wh, "Quarter one", "Quarter 1")
    assert len(area.lsoas) == 16
    with pytest.raises(SaferplacesError, match=r"missing 12 of 12 months.*an area profile"):
        build_profile(toy_wh, area, parse_period("2025"), tmp_path / "out")
    assert not (tmp_path / "out").exists()


@pytest.fixture(scope="module")
def bar_hill(loaded_path, tmp_path_factory):
    """A profile of Bar Hill and Longstanton wards, 2025, rendered once for the module."""
    folder = tmp_path_factory.mktemp("profile")
    path = folder / "w.duckdb"
    shutil.copy(loaded_path, path)
    with Warehouse.open(path) as wh:
        south = resolve_area(wh, "South Cambridgeshire")
        run_flags(wh, south, parse_period("2025"), default_indicators(wh), who="test")
        area = from_wards(wh, "Bar Hill and Longstanton", "Bar Hill, Longstanton", south)
        p = build_profile(wh, area, parse_period("2025"), folder / "out")
        files = render_profile(p, folder / "out")
    return p, files


def test_profile_figures_match_the_raw_files(bar_hill):
    p, _ = bar_hill
    lookup = raw.lookup()
    lsoas = sorted(
        c
        for c, r in lookup.items()
        if r["ward24_name"] in ("Bar Hill", "Longstanton") and r["ltla24_code"] == "E07000012"
    )
    assert list(p.area.lsoas) == lsoas
    pop = raw.population()
    assert p.residents == sum(pop[c][0] for c in lsoas)
    assert p.households == sum(pop[c][1] for c in lsoas)
    months = raw.months("2025-01", "2025-12")
    crimes = sum(
        1
        for r in raw.street_rows()
        if r["LSOA code"] in lsoas
        and r["Month"] in months
        and r["Crime type"] != "Anti-social behaviour"
    )
    row = next(r for r in p.rates if r.indicator_id == "all-crime")
    assert row.count == crimes
    assert row.rate == pytest.approx(crimes / p.residents * 1000)
    district = raw.counts("ltla24_code", "E07000012", months)
    d_crimes = sum(n for t, n in district.items() if t != "Anti-social behaviour")
    assert row.district_rate == pytest.approx(
        d_crimes / raw.denominator("ltla24_code", "E07000012")[0] * 1000
    )
    assert sum(n for _, n in p.trend["All crime"][-12:]) == crimes


def test_profile_deprivation_against_the_imd_file(bar_hill):
    p, _ = bar_hill
    imd = _imd()
    lookup = raw.lookup()
    for r in p.deprivation:
        src = imd[r["lsoa21_code"]]
        assert r["imd_rank"] == int(src["IMD_rank"])
        assert r["imd_decile"] == int(src["IMD_decile"])
        assert r["crime_rank"] == int(src["Crime_rank"])
    # Local decile: the LSOA's IMD rank among the force area's LSOAs, in tenths.
    force_lads = {"E07000008", "E07000009", "E07000010", "E07000011", "E07000012", "E06000031"}
    ranks = sorted(
        int(imd[c]["IMD_rank"])
        for c, r in lookup.items()
        if r["ltla24_code"] in force_lads and c in imd
    )
    for r in p.deprivation:
        position = ranks.index(r["imd_rank"]) + 1
        assert r["local_decile"] == math.ceil(10 * position / len(ranks))
    assert [r["imd_rank"] for r in p.deprivation] == sorted(r["imd_rank"] for r in p.deprivation)


def test_profile_flags_are_the_wards_in_the_run_for_its_period(bar_hill):
    p, _ = bar_hill
    assert [w["ward_name"] for w in p.flags] == ["Bar Hill", "Longstanton"]
    assert p.flags_run is not None and p.flags_run["period"] == "2025-01 to 2025-12"


@pytest.mark.slow  # a flags run and a rendered profile
def test_profile_shows_the_default_run_for_its_period_or_none(loaded_copy, tmp_path):
    with Warehouse.open(loaded_copy) as wh:
        south = resolve_area(wh, "South Cambridgeshire")
        regular = run_flags(wh, south, parse_period("2025"), default_indicators(wh), who="t")
        # Made later: an exploratory run over the same period, and a run over a later period.
        burglary = [get_indicator("burglary")]
        run_flags(wh, south, parse_period("2025"), burglary, top=0.5, min_flags=1, who="t")
        run_flags(wh, south, parse_period("2025-04..2025-12"), burglary, who="t")
        area = from_wards(wh, "Longstanton", "Longstanton", south)
        p = build_profile(wh, area, parse_period("2025"), tmp_path / "a")
        assert p.flags_run is not None and p.flags_run["run_id"] == regular.id
        row = next(w for w in regular.wards if w.ward_name == "Longstanton")
        assert p.flags[0]["flag_count"] == row.flag_count
        other = build_profile(wh, area, parse_period("ye2025-09"), tmp_path / "b")
    assert other.flags_run is None and other.flags == []
    assert any("No flags run for South Cambridgeshire" in n for n in other.notes)


def test_profile_html_is_accessible_and_complete(bar_hill):
    p, files = bar_hill
    html = files["html"].read_text()
    assert '<html lang="en-GB">' in html
    for heading in (
        "Summary",
        "Population and geography",
        "Deprivation",
        "Crime and anti-social behaviour",
        "Monthly trend",
        "Place flags",
        "Hot spots",
        "Concentration",
        "Harm",
        "Notes and sources",
    ):
        assert f">{heading}</h2>" in html
    for f in p.figures:
        assert f'alt="{f.alt_text}"'.replace("'", "&#39;") in html
        assert (files["html"].parent / f.path.name).exists()
    assert "<caption>Table 4" in html and 'scope="col"' in html
    assert "http://" not in html and "https://" not in html  # nothing fetched from a network


def test_profile_pdf_reads_as_a_document(bar_hill, tmp_path):
    _, files = bar_hill
    text = subprocess.run(
        ["pdftotext", "-layout", str(files["pdf"]), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Area profile: Bar Hill and Longstanton" in text
    assert "Table 4: Counts and rates per 1,000" in text
    assert "Page 1 of" in text
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "40",
            "-f",
            "1",
            "-l",
            "1",
            "-png",
            str(files["pdf"]),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    assert any(tmp_path.glob("page*.png"))


def test_profile_docx_has_headings_tables_and_alt_text(bar_hill):
    from docx import Document

    p, files = bar_hill
    doc = Document(str(files["docx"]))
    headings = [x.text for x in doc.paragraphs if x.style.name.startswith("Heading")]
    assert "Deprivation" in headings and "Harm" in headings
    assert len(doc.tables) >= 7
    alts = [s._inline.docPr.get("descr") for s in doc.inline_shapes]
    assert alts == [f.alt_text for f in p.figures]
    crime_table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Indicator")
    all_crime = next(r for r in crime_table.rows if r.cells[0].text == "All crime")
    row = next(r for r in p.rates if r.indicator_id == "all-crime")
    assert all_crime.cells[1].text == f"{row.count:,.0f}"


def test_profile_json_holds_the_figures_of_the_raw_files(bar_hill):
    _, files = bar_hill
    data = json.loads(files["json"].read_text())
    assert data["area"]["level"] == "custom"
    lsoas = data["area"]["lsoas"]
    pop = raw.population()
    assert data["residents"] == sum(pop[c][0] for c in lsoas)
    assert data["households"] == sum(pop[c][1] for c in lsoas)
    months = raw.months("2025-01", "2025-12")
    by_type = Counter(
        r["Crime type"]
        for r in raw.street_rows()
        if r["LSOA code"] in set(lsoas) and r["Month"] in months
    )
    path = raw.SAMPLE / "harm_weights" / "cchi2026_police_uk_category_cambridgeshire_derived.csv"
    with open(path, newline="") as fh:
        weights = {r["crime_type"]: float(r["cchi_days"]) for r in csv.DictReader(fh)}
    assert data["harm"]["harm"] == pytest.approx(sum(by_type[t] * w for t, w in weights.items()))
    rates = {r["indicator_id"]: r for r in data["rates"]}
    assert rates["burglary"]["count"] == by_type["Burglary"]
    assert rates["anti-social-behaviour"]["count"] == by_type["Anti-social behaviour"]


@pytest.mark.slow  # a flags run and a rendered profile
def test_profile_cli(cli, loaded_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("SAFERPLACES_WAREHOUSE", str(loaded_copy))
    r = cli(
        "profile",
        "--name",
        "Littleport",
        "--wards",
        "Littleport",
        "--period",
        "2025",
        "--out",
        str(tmp_path / "lp"),
    )
    assert r.code == 0, r.err
    assert "crimes in January 2025 to December 2025" in r.out
    assert {p.name for p in (tmp_path / "lp").iterdir()} >= {
        "profile.html",
        "profile.pdf",
        "profile.docx",
        "profile.json",
        "trend.png",
    }
    bad = cli("profile", "--name", "X", "--period", "2025")
    assert bad.code == 1 and "exactly one of --wards, --lsoas or --geojson" in bad.err


@pytest.mark.slow  # the whole Places chapter
def test_places_chapter(loaded_copy, tmp_path):
    with Warehouse.open(loaded_copy) as wh:
        area = resolve_area(wh, "East Cambridgeshire")
        ch = places_chapter(wh, area, parse_period("2025"), tmp_path / "fig")
        assert wh.scalar("SELECT count(*) FROM flag_runs") == 1
        again = places_chapter(wh, area, parse_period("2025"), tmp_path / "fig")
        assert wh.scalar("SELECT count(*) FROM flag_runs") == 1  # the stored run is reused
    assert again["flags"]["run"]["id"] == ch["flags"]["run"]["id"]
    assert {Path(f["path"]).name for f in ch["figures"]} == {
        "places-flags-map.png",
        "places-hotspots.png",
        "places-concentration.png",
        "places-funnel.png",
    }
    assert all(Path(f["path"]).exists() and f["alt_text"] for f in ch["figures"])
    assert ch["deprivation"]["lsoas"] == sum(
        1 for r in raw.lookup().values() if r["ltla24_code"] == "E07000009"
    )
    assert sum(ch["deprivation"]["national_deciles"].values()) == ch["deprivation"]["lsoas"]
    listed = ch["flags"]["listed"]
    assert listed and all(w["flag_count"] >= 2 for w in listed if w["category"] == "emerging")
    assert len(ch["flags"]["history"]) == 1
