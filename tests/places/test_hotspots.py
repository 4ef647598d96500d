"""Gi* hotspots on a hand-built 8 × 8 grid of LSOAs: the contiguity and z-scores by hand,
the wrapper against a direct call of PySAL esda, and Benjamini–Hochberg by hand."""

from __future__ import annotations

import math
import warnings

import esda
import numpy as np
import pytest

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.periods import parse_period
from saferplaces.geography.areas import resolve_area
from saferplaces.geography.boundaries import boundaries
from saferplaces.indicators.registry import get_indicator
from saferplaces.places import figures
from saferplaces.places.hotspots import SEED, hotspots, queen_weights
from tests.helpers import raw
from tests.places import toy

HIGH = {(c, r) for c in (2, 3, 4) for r in (2, 3, 4)}  # a 3 x 3 block of high counts


def _value(col, row):
    return 20 if (col, row) in HIGH else 1


GRID_EVENTS = toy.indicator(
    "toy-grid",
    {(toy.grid_lsoa(c, r), "2025-05"): _value(c, r) for c in range(8) for r in range(8)},
)


def _neighbours(col, row):
    """Queen neighbours of a grid square, and the square itself (Gi*)."""
    return [
        (c, r)
        for c in range(col - 1, col + 2)
        for r in range(row - 1, row + 2)
        if 0 <= c < 8 and 0 <= r < 8
    ]


def _gi_star_z(col, row):
    """Getis & Ord (1992, 1995) Gi* z-score with binary weights including the square."""
    x = [_value(c, r) for c in range(8) for r in range(8)]
    n = len(x)
    mean = sum(x) / n
    s = math.sqrt(sum(v * v for v in x) / n - mean**2)
    hood = _neighbours(col, row)
    w = len(hood)
    local = sum(_value(c, r) for c, r in hood)
    return (local - mean * w) / (s * math.sqrt((n * w - w * w) / (n - 1)))


def _bh(p):
    """Benjamini–Hochberg q-values by hand: min over j >= i of p(j) n / j, capped at 1."""
    order = sorted(range(len(p)), key=lambda i: p[i])
    q = [0.0] * len(p)
    running = 1.0
    for rank in range(len(p), 0, -1):
        i = order[rank - 1]
        running = min(running, p[i] * len(p) / rank)
        q[i] = running
    return q


@pytest.fixture
def grid_result(toy_wh):
    area = resolve_area(toy_wh, "Gridshire")
    return hotspots(toy_wh, area, parse_period("2025"), GRID_EVENTS)


def _cell(code):
    return int(code[5]), int(code[6:8])


def test_queen_contiguity_from_the_boundaries(toy_wh, grid_result):
    nb = {_cell(r.lsoa_code): r.neighbours for r in grid_result.rows}
    assert nb[(0, 0)] == 3 and nb[(7, 7)] == 3  # corners
    assert nb[(0, 4)] == 5 and nb[(4, 7)] == 5  # edges
    assert nb[(3, 3)] == 8  # inside
    w = queen_weights(boundaries(toy_wh, "lsoa"))
    assert sorted(_cell(c) for c in w.neighbors[toy.grid_lsoa(0, 0)]) == [(0, 1), (1, 0), (1, 1)]


def test_z_scores_are_the_hand_calculated_gi_star(grid_result):
    for r in grid_result.rows:
        assert r.z == pytest.approx(_gi_star_z(*_cell(r.lsoa_code)), rel=1e-9)


def test_wrapper_matches_a_direct_call_of_esda(toy_wh, grid_result):
    polys = boundaries(toy_wh, "lsoa")
    w = queen_weights(polys)
    y = np.array([_value(*_cell(code)) for code in w.id_order], dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # esda's note on its future default
        direct = esda.G_Local(
            y, w, transform="B", star=True, permutations=9999, seed=SEED, n_jobs=1
        )
    ours = {r.lsoa_code: r for r in grid_result.rows}
    p_two = [min(1.0, 2 * p) for p in direct.p_sim]
    q = _bh(p_two)
    for i, code in enumerate(w.id_order):
        assert ours[code].z == pytest.approx(direct.Zs[i])
        assert ours[code].p_value == pytest.approx(p_two[i])
        assert ours[code].q_value == pytest.approx(q[i])
        expected = (
            ("hot spot" if direct.Zs[i] > 0 else "cold spot") if q[i] < 0.05 else "not significant"
        )
        assert ours[code].classification == expected


def test_the_high_block_is_hot_and_far_squares_are_not(grid_result):
    by_cell = {_cell(r.lsoa_code): r for r in grid_result.rows}
    assert by_cell[(3, 3)].classification == "hot spot"  # its whole neighbourhood is high
    assert all(by_cell[c].classification != "hot spot" for c in [(7, 7), (0, 7), (7, 0)])
    assert grid_result.rows[0].lsoa_code == toy.grid_lsoa(3, 3)  # highest z first


def test_results_repeat_exactly(toy_wh, grid_result):
    again = hotspots(toy_wh, resolve_area(toy_wh, "Gridshire"), parse_period("2025"), GRID_EVENTS)
    assert again.to_dict() == grid_result.to_dict()


def test_map_is_drawn_with_alt_text(toy_wh, grid_result, tmp_path):
    fig = figures.hotspot_map(
        grid_result, boundaries(toy_wh, "lsoa"), boundaries(toy_wh, "ward"), tmp_path / "h.png"
    )
    assert fig.path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert f"{len(grid_result.hot)} hot spot(s)" in fig.alt_text
    assert "Grid 3,3" in fig.alt_text


def test_a_ward_is_too_small(toy_wh):
    ward = resolve_area(toy_wh, "Quarter 1")
    with pytest.raises(SaferplacesError, match="is a ward"):
        hotspots(toy_wh, ward, parse_period("2025"), GRID_EVENTS)


@pytest.mark.slow
def test_bundled_district_hotspots_use_every_lsoa(loaded):
    area = resolve_area(loaded, "Peterborough")
    h = hotspots(loaded, area, parse_period("2025"), get_indicator("asb"), permutations=999)
    lookup = raw.lookup()
    assert len(h.rows) == sum(1 for r in lookup.values() if r["ltla24_code"] == "E06000031")
    expected = sum(
        1
        for r in raw.street_rows()
        if r["Crime type"] == "Anti-social behaviour"
        and r["Month"].startswith("2025")
        and lookup.get(r["LSOA code"], {}).get("ltla24_code") == "E06000031"
    )
    assert sum(r.count for r in h.rows) == expected
