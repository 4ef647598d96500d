import json

import pytest

from saferplaces.core.periods import parse_period
from saferplaces.geography.areas import resolve_area
from saferplaces.geography.boundaries import (
    PointLocator,
    bng_to_lonlat,
    boundaries,
    lonlat_to_bng,
)
from saferplaces.indicators.engine import monthly_counts
from saferplaces.indicators.police import police_indicators
from saferplaces.indicators.registry import get_indicator
from tests.helpers import raw


def test_boundaries_load_as_polygons(wh):
    wards = boundaries(wh, "ward")
    assert len(wards) == 120
    assert all(g.is_valid or g.buffer(0).is_valid for g in wards.values())
    two = boundaries(wh, "lsoa", ["E01018238", "E01018239"])
    assert set(two) == {"E01018238", "E01018239"}


def test_points_land_in_their_police_uk_lsoa(loaded):
    """police.uk assigns each record's LSOA from the full-resolution boundaries; the
    bundled boundaries are generalised (BGC), so points near an edge can fall either
    side. On the real data about 96% agree."""
    locator = PointLocator(boundaries(loaded, "lsoa"))
    rows = [r for r in raw.street_rows()[:3000] if r["Longitude"] and r["LSOA code"]]
    got = locator.locate(
        [float(r["Longitude"]) for r in rows], [float(r["Latitude"]) for r in rows]
    )
    inside = [r for r, g in zip(rows, got, strict=True) if g is not None]
    agree = sum(1 for r, g in zip(rows, got, strict=True) if g == r["LSOA code"])
    assert len(inside) > 0.95 * len(rows)
    assert agree > 0.94 * len(inside)


def test_point_outside_and_missing_coordinates(wh):
    locator = PointLocator(boundaries(wh, "lsoa"))
    assert locator.locate([-3.0, float("nan")], [51.5, 52.2]) == [None, None]


def test_british_national_grid_round_trip():
    # Great St Mary's, Cambridge: TL 4484 5846 is roughly 0.1184 E, 52.2053 N.
    lon, lat = bng_to_lonlat([544840], [258460])
    assert lon[0] == pytest.approx(0.1184, abs=0.002)
    assert lat[0] == pytest.approx(52.2053, abs=0.002)
    e, n = lonlat_to_bng(lon, lat)
    assert (e[0], n[0]) == (pytest.approx(544840, abs=0.01), pytest.approx(258460, abs=0.01))


def test_monthly_counts_sum_to_the_indicator(loaded):
    area = resolve_area(loaded, "South Cambridgeshire")
    series = monthly_counts(
        loaded, get_indicator("Anti-social behaviour"), area, parse_period("2025")
    )
    assert [m for m, _ in series] == sorted(raw.months("2025-01", "2025-12"))
    for month, n in series:
        assert n == raw.counts("ltla24_code", "E07000012", {month})["Anti-social behaviour"]
    table = police_indicators(loaded, area, parse_period("2025"))
    assert sum(n for _, n in series) == table.row("Anti-social behaviour").count


def test_monthly_counts_for_the_force_match_force_indicators(loaded):
    force = resolve_area(loaded, "Cambridgeshire")
    series = monthly_counts(loaded, get_indicator("All crime"), force, parse_period("2025"))
    assert (
        sum(n for _, n in series)
        == police_indicators(loaded, force, parse_period("2025")).row("All crime").count
    )


def test_months_with_no_data_are_zero(loaded):
    area = resolve_area(loaded, "South Cambridgeshire")
    series = monthly_counts(loaded, get_indicator("Drugs"), area, parse_period("2023-11..2024-02"))
    assert [m for m, _ in series] == ["2023-11", "2023-12", "2024-01", "2024-02"]
    assert series[0][1] == 0 and series[1][1] == 0 and series[2][1] > 0
    json.dumps(series)
