"""Gi* hotspots on a hand-built 8 × 8 grid of LSOAs: the contiguity and z-scores by hand,
the wrapper against a direct call of PySAL esda, and Benjamini–Hochberg by hand."""

from __future__ import annotations

import json
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


def _tie_aware_p(observed, simulated):
    """Two-sided permutation p-value with ties counted as extreme in both tails, by hand:
    (1 + #draws at or beyond the observed value) / (1 + draws) for each tail, doubled from
    the smaller tail, capped at 1; a draw within 1e-12 + 1e-9 x |observed| is a tie."""
    tol = 1e-12 + 1e-9 * abs(observed)
    high = sum(1 for s in simulated if s >= observed - tol)
    low = sum(1 for s in simulated if s <= observed + tol)
    b = len(simulated)
    p_high, p_low = (1 + high) / (b + 1), (1 + low) / (b + 1)
    tail = "high" if p_high < p_low else "low" if p_low < p_high else None
    return min(1.0, 2 * min(p_high, p_low)), tail


def test_wrapper_matches_a_direct_call_of_esda(toy_wh, grid_result):
    polys = boundaries(toy_wh, "lsoa")
    w = queen_weights(polys)
    y = np.array([_value(*_cell(code)) for code in w.id_order], dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # esda's note on its future default
        direct = esda.G_Local(
            y,
            w,
            transform="B",
            star=True,
            permutations=9999,
            seed=SEED,
            n_jobs=1,
            keep_simulations=True,
        )
    ours = {r.lsoa_code: r for r in grid_result.rows}
    tested = [_tie_aware_p(float(direct.Gs[i]), direct.rGs[i].tolist()) for i in range(w.n)]
    q = _bh([p for p, _ in tested])
    for i, code in enumerate(w.id_order):
        assert ours[code].z == pytest.approx(direct.Zs[i])
        assert ours[code].p_value == pytest.approx(tested[i][0])
        assert ours[code].q_value == pytest.approx(q[i])
        tail = tested[i][1]
        expected = "not significant"
        if q[i] < 0.05 and tail == "high" and direct.Zs[i] > 0:
            expected = "hot spot"
        elif q[i] < 0.05 and tail == "low" and direct.Zs[i] < 0:
            expected = "cold spot"
        assert ours[code].classification == expected


# A sparse grid: a 4 x 4 block of fives in the corner (4..7, 4..7), zeros elsewhere.
SPARSE = toy.indicator(
    "toy-sparse",
    {(toy.grid_lsoa(c, r), "2025-05"): 5 for c in range(4, 8) for r in range(4, 8)},
)


def _all_zero_draw(neighbours, zeros_among_others, others=63):
    """P(every one of ``neighbours`` drawn without replacement from the other 63 LSOAs is
    a zero): the chance a permutation repeats an all-zero neighbourhood exactly."""
    return math.comb(zeros_among_others, neighbours) / math.comb(others, neighbours)


def test_all_zero_neighbourhoods_are_ties_not_cold_spots(toy_wh):
    """An LSOA with nothing in it or around it is as low as any draw can be, but most draws
    repeat it exactly. Ties count as extreme in the low tail, so its two-sided p-value is
    about twice the chance of an all-zero draw, not esda's folded p_sim of 1/(B+1)."""
    h = hotspots(toy_wh, resolve_area(toy_wh, "Gridshire"), parse_period("2025"), SPARSE)
    by_cell = {_cell(r.lsoa_code): r for r in h.rows}
    # (0, 0): 3 neighbours, all zero; 47 of the other 63 LSOAs are zero.
    corner = by_cell[(0, 0)]
    assert corner.p_value == pytest.approx(2 * _all_zero_draw(3, 47), abs=0.03)  # 0.817
    assert corner.classification == "not significant"
    # (1, 1): 8 neighbours, all zero.
    inside = by_cell[(1, 1)]
    assert inside.p_value == pytest.approx(2 * _all_zero_draw(8, 47), abs=0.03)  # 0.188
    assert inside.classification == "not significant"
    assert h.cold == []
    # (5, 5): itself and all 8 neighbours are fives; an all-five draw of 8 from the 15
    # other fives among 63 has chance C(15,8)/C(63,8) = 1.7e-6, so no draw reaches it:
    # p = 2 x (1 + 0) / 10,000.
    centre = by_cell[(5, 5)]
    assert centre.p_value == pytest.approx(2 / 10_000)
    assert centre.classification == "hot spot"


def test_nothing_to_test_when_every_lsoa_is_the_same(toy_wh):
    empty = toy.indicator("toy-empty", {})
    h = hotspots(toy_wh, resolve_area(toy_wh, "Gridshire"), parse_period("2025"), empty)
    assert len(h.rows) == 64
    assert all(r.z is None and r.p_value is None and r.q_value is None for r in h.rows)
    assert h.hot == [] and h.cold == []
    assert any("no pattern to test" in n for n in h.notes)
    text = json.dumps(h.to_dict(), allow_nan=False)  # valid JSON: no NaN tokens
    assert json.loads(text)["rows"][0]["z"] is None


def test_lsoas_without_residents_are_left_out_of_rates(toy_wh):
    empty_square = toy.grid_lsoa(7, 7)
    toy_wh.execute("UPDATE ref_population SET residents = 0 WHERE lsoa21_code = ?", [empty_square])
    h = hotspots(
        toy_wh,
        resolve_area(toy_wh, "Gridshire"),
        parse_period("2025"),
        GRID_EVENTS,
        measure="rate",
        permutations=99,
    )
    assert len(h.rows) == 63 and empty_square not in {r.lsoa_code for r in h.rows}
    assert h.left_out == [empty_square]
    assert any(f"left out: {empty_square}" in n for n in h.notes)
    # Rates are counts over 1,500 residents (x 1,000): the same ordering as the counts.
    r33 = next(r for r in h.rows if _cell(r.lsoa_code) == (3, 3))
    assert r33.rate_per_1000 == pytest.approx(20 / 1500 * 1000)


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
