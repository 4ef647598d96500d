"""Concentration: Gini and generalised Gini against worked examples, shares by hand, and
the micro-beat figures against the raw police.uk files read with the standard library."""

from __future__ import annotations

import math
from collections import Counter

import pytest

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.periods import parse_period
from saferplaces.geography.areas import resolve_area
from saferplaces.indicators.registry import get_indicator
from saferplaces.places.concentration import concentration, concentration_stats, gini
from saferplaces.warehouse import Warehouse
from tests.helpers import raw
from tests.places import toy

# Bernasco & Steenbeek (2017), as worked in the authors' lorenzgini package documentation:
# (counts, standard Gini, generalised Gini), both "biased" (no n/(n-1) correction).
WORKED = [
    ([10, 8, 2, 0, 0, 0, 0, 0, 0, 0], 0.78, 0.78),  # 20 crimes >= 10 places: G' = G
    ([5, 2, 1, 0, 0, 0, 0, 0, 0, 0], 0.80, 0.75),  # 8 crimes < 10 places
    ([10, 0, 0, 0, 0, 0, 0, 0, 0, 0], 0.90, 0.90),
    ([10] + [0] * 99, 0.99, 0.90),  # 10 crimes < 100 places: G' = 10 x (0.99 - 1) + 1
]


@pytest.mark.parametrize("counts, g, g_prime", WORKED)
def test_gini_and_generalised_gini_match_the_worked_examples(counts, g, g_prime):
    s = concentration_stats(counts)
    assert s.gini == pytest.approx(g, abs=1e-12)
    assert s.generalised_gini == pytest.approx(g_prime, abs=1e-12)


def _mean_abs_difference_gini(x):
    """Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² x̄): the textbook definition, by hand."""
    n = len(x)
    return sum(abs(a - b) for a in x for b in x) / (2 * n * n * (sum(x) / n))


def test_gini_is_the_mean_absolute_difference():
    x = [7, 3, 3, 1, 0, 12, 4]
    assert gini(x) == pytest.approx(_mean_abs_difference_gini(x), abs=1e-12)
    # One incident in each of c of n places is the most even spread possible: G' = 0.
    assert concentration_stats([1, 1, 1, 0, 0, 0, 0, 0]).generalised_gini == pytest.approx(0)
    assert concentration_stats([0, 0, 0]).gini == 0.0


def test_top_shares_and_places_for_share_by_hand():
    # 20 places: the top 1%, 3% and 5% are ceil(0.2), ceil(0.6), ceil(1.0) = 1 place;
    # the top 10% is ceil(2.0) = 2 places.
    counts = [40, 20, 10, 10, 5, 5, 5, 5] + [0] * 12  # 100 incidents
    s = concentration_stats(counts)
    assert s.top_places == {"1": 1, "3": 1, "5": 1, "10": 2}
    assert s.top_shares == {"1": 40.0, "3": 40.0, "5": 40.0, "10": 60.0}
    # 25% needs the first place (40 >= 25); 50% the first two (60 >= 50).
    assert s.places_for_share == {"25": 5.0, "50": 10.0}
    assert s.places_with_none == 12


def test_lsoa_concentration_counts_every_lsoa_with_zeros(toy_wh):
    grid = resolve_area(toy_wh, "Gridshire")
    ind = toy.indicator(
        "toy-lsoa", {(toy.grid_lsoa(0, 0), "2025-03"): 6, (toy.grid_lsoa(1, 0), "2025-03"): 2}
    )
    c = concentration(toy_wh, grid, parse_period("2025"), ind, by="lsoa")
    assert c.stats.places == 64 and c.stats.incidents == 8
    assert c.stats.places_with_none == 62
    assert c.to_dict()["share_of_places_with_none"] == pytest.approx(100 * 62 / 64)
    # 8 incidents, 64 places: G = 1 - (sum of ranks weighting)/..., by the definition.
    x = [6, 2] + [0] * 62
    assert c.stats.gini == pytest.approx(_mean_abs_difference_gini(x))
    assert c.stats.generalised_gini == pytest.approx(64 / 8 * (c.stats.gini - 1) + 1)
    assert [p.count for p in c.places[:3]] == [6, 2, 0]


def test_location_concentration_matches_the_raw_files(loaded):
    area = resolve_area(loaded, "Cambridge")
    period = parse_period("2025")
    c = concentration(loaded, area, period, get_indicator("all-crime"), by="location")
    lookup = raw.lookup()
    months = raw.months("2025-01", "2025-12")
    points: Counter = Counter()
    for r in raw.street_rows():
        row = lookup.get(r["LSOA code"])
        if (
            row
            and row["ltla24_code"] == "E07000008"
            and r["Month"] in months
            and r["Crime type"] != "Anti-social behaviour"
            and r["Longitude"]
        ):
            points[(float(r["Longitude"]), float(r["Latitude"]))] += 1
    counts = sorted(points.values(), reverse=True)
    n, total = len(counts), sum(counts)
    assert (c.stats.places, c.stats.incidents) == (n, total)
    top10 = math.ceil(10 * n / 100)
    assert c.stats.top_shares["10"] == pytest.approx(100 * sum(counts[:top10]) / total)
    running, need = 0, 0
    for i, k in enumerate(counts, start=1):
        running += k
        if running >= total / 2:
            need = i
            break
    assert c.stats.places_for_share["50"] == pytest.approx(100 * need / n)
    assert c.places[0].count == counts[0]


def test_weighted_and_non_police_indicators_are_refused(loaded, toy_wh):
    area = resolve_area(loaded, "Cambridge")
    with pytest.raises(SaferplacesError, match="weighted measure"):
        concentration(loaded, area, parse_period("2025"), get_indicator("harm"))
    grid = resolve_area(toy_wh, "Gridshire")
    with pytest.raises(SaferplacesError, match="use --by lsoa"):
        concentration(toy_wh, grid, parse_period("2025"), toy.indicator("toy-x", {}))


def test_location_places_are_ordered_reproducibly(loaded_copy):
    with Warehouse.open(loaded_copy, read_only=True) as wh:
        area = resolve_area(wh, "Fenland")
        first = concentration(wh, area, parse_period("2025"), get_indicator("asb"))
        again = concentration(wh, area, parse_period("2025"), get_indicator("asb"))
    assert first.to_dict() == again.to_dict()
