"""Concentration: Gini and generalised Gini against worked examples, shares by hand, and
the micro-beat figures against the raw police.uk files read with the standard library."""

from __future__ import annotations

import math
from collections import Counter

import pytest

from saferplaces.cli.phrasing import cli_text
from saferplaces.core.errors import SaferplacesError
from saferplaces.core.periods import parse_period
from saferplaces.geography.areas import resolve_area
from saferplaces.indicators.registry import get_indicator
from saferplaces.places.concentration import concentration, concentration_stats, gini
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


def test_no_incidents_gives_no_shares_and_no_gini():
    # Nothing to spread: 0 of 3 places hold "50%" of nothing, and n/c is undefined.
    s = concentration_stats([0, 0, 0])
    assert s.gini is None and s.generalised_gini is None
    assert s.top_shares == {"1": None, "3": None, "5": None, "10": None}
    assert s.places_for_share == {"25": None, "50": None}
    assert (s.places, s.incidents, s.places_with_none) == (3, 0, 3)


def test_places_for_share_when_a_cumulative_share_hits_the_target_exactly():
    # Four places of 25 each: the first place holds exactly 25%, the first two exactly 50%:
    # the fewest places reaching 25% is 1 of 4 (25%), reaching 50% is 2 of 4 (50%).
    assert concentration_stats([25, 25, 25, 25]).places_for_share == {"25": 25.0, "50": 50.0}
    # 3, 2, 1, 1, 1, 1, 1 (10 incidents): 2.5 needs the first place (3); 5 is hit exactly
    # by the first two (3 + 2): 2 of 7 places.
    s = concentration_stats([1, 3, 1, 2, 1, 1, 1])
    assert s.places_for_share == {"25": pytest.approx(100 / 7), "50": pytest.approx(200 / 7)}
    # Exactly on paper, not in floating point: 0.1 x 3 = 0.30000000000000004 of 3 counts
    # of 0.1 (a cumulative 0.30000000000000004 must still reach 50% of 0.6).
    s = concentration_stats([0.1, 0.1, 0.1, 0.1, 0.1, 0.1])
    assert s.places_for_share["50"] == pytest.approx(50.0)


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
    with pytest.raises(SaferplacesError, match="snapped locations") as e:
        concentration(toy_wh, grid, parse_period("2025"), toy.indicator("toy-x", {}))
    assert "use --by lsoa" in cli_text(e.value)  # the command line's wording


def test_busiest_places_are_ordered_and_named_as_the_raw_files_say(loaded):
    """Most first; ties by location name, then by the point; each named with its ward."""
    area = resolve_area(loaded, "Fenland")
    c = concentration(loaded, area, parse_period("2025"), get_indicator("asb"))
    lookup = raw.lookup()
    months = raw.months("2025-01", "2025-12")
    points: dict = {}
    for r in raw.street_rows():
        row = lookup.get(r["LSOA code"])
        if (
            row
            and row["ltla24_code"] == "E07000010"
            and r["Month"] in months
            and r["Crime type"] == "Anti-social behaviour"
            and r["Longitude"]
        ):
            key = (float(r["Longitude"]), float(r["Latitude"]))
            n, name, ward = points.get(key, (0, None, None))
            points[key] = (
                n + 1,
                r["Location"] if name is None else min(name, r["Location"]),
                row["ward24_name"] if ward is None else min(ward, row["ward24_name"]),
            )
    expected = sorted(
        (
            (-n, name, f"{lon:.6f},{lat:.6f}", ward)
            for (lon, lat), (n, name, ward) in points.items()
        ),
    )
    got = [(-p.count, p.name, p.code, p.ward) for p in c.places]
    assert got == expected
    doc = c.to_dict(top=3)
    assert [b["ward"] for b in doc["busiest"]] == [e[3] for e in expected[:3]]
    assert all(isinstance(b["count"], int) for b in doc["busiest"])
    assert c.places[0].label == f"{expected[0][1]} ({expected[0][3]})"


def test_incomplete_and_missing_periods(loaded, toy_wh):
    area = resolve_area(loaded, "Fenland")
    # The bundled files hold 2024-01 to 2025-12: 2025-07..2026-06 misses six months.
    c = concentration(loaded, area, parse_period("2025-07..2026-06"), get_indicator("asb"))
    assert c.coverage[0].missing == (
        "2026-01",
        "2026-02",
        "2026-03",
        "2026-04",
        "2026-05",
        "2026-06",
    )
    assert any(n.startswith("Incomplete:") and "missing 6 of 12 months" in n for n in c.notes)
    doc = c.to_dict()
    assert doc["coverage"][0]["complete"] is False
    assert doc["coverage"][0]["missing_months"][0] == "2026-01"
    with pytest.raises(SaferplacesError, match=r"missing 12 of 12 months.*no data at all"):
        concentration(loaded, area, parse_period("2030"), get_indicator("asb"))
    complete = concentration(loaded, area, parse_period("2025"), get_indicator("asb"))
    assert complete.coverage[0].complete and not any("Incomplete" in n for n in complete.notes)
