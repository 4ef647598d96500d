"""The counting engine on indicators declared by hand, against counts done by hand."""

from __future__ import annotations

import pytest

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.periods import parse_period
from saferplaces.geography.areas import resolve_area
from saferplaces.indicators import engine
from saferplaces.indicators.police import indicator_table
from saferplaces.indicators.registry import Indicator, get_indicator

# A tiny source of our own: three located events, one district-only, one unlocated.
EVENTS = """
SELECT * FROM (VALUES
  (DATE '2025-01-01', 'E01018238', NULL, NULL, 1),  -- Duxford, South Cambridgeshire
  (DATE '2025-02-01', 'E01018238', NULL, NULL, 2),
  (DATE '2024-05-01', 'E01017977', NULL, NULL, 1),  -- King's Hedges, Cambridge
  (DATE '2025-03-01', NULL, 'E07000012', NULL, 4),  -- held only by district
  (DATE '2025-03-01', NULL, NULL, NULL, 9)          -- no location at all
) AS t(month, lsoa_code, lad_code, force, n)
"""
TEST = Indicator(id="test-events", name="Test events", source="police-uk", events=EVENTS)
DISTRICT_ONLY = Indicator(
    id="test-district",
    name="District only",
    source="police-uk",
    resolution="district",
    events=EVENTS.replace("'E01018238'", "NULL").replace("'E01017977'", "NULL"),
)
Y2025, Y2024 = parse_period("2025"), parse_period("2024")


def test_area_counts_by_lsoa_and_district(wh):
    south = resolve_area(wh, "South Cambridgeshire")
    assert engine.area_counts(wh, TEST, south, [Y2025, Y2024]) == [1 + 2 + 4, 0]
    cambridge = resolve_area(wh, "Cambridge")
    assert engine.area_counts(wh, TEST, cambridge, [Y2025, Y2024]) == [0, 1]
    force = resolve_area(wh, "Cambridgeshire")
    # The unlocated event has no force, so it counts for no area, the force included.
    assert engine.area_counts(wh, TEST, force, [Y2025, Y2024]) == [7, 1]
    ward = resolve_area(wh, "Duxford")
    assert engine.area_counts(wh, TEST, ward, [Y2025]) == [3]


def test_unit_counts_zero_fill_and_district_events(wh):
    south = resolve_area(wh, "South Cambridgeshire")
    wards = engine.unit_counts(wh, TEST, south, "ward", [Y2025])
    assert len(wards) == 26
    assert {r[1]: r[4] for r in wards if r[4]} == {"Duxford": 3}
    force = resolve_area(wh, "Cambridgeshire")
    districts = {r[1]: r[4] for r in engine.unit_counts(wh, TEST, force, "lad", [Y2025])}
    assert districts["South Cambridgeshire"] == 7 and districts["Cambridge"] == 0
    assert len(districts) == 6


def test_district_only_data_has_no_ward_figures(wh):
    south = resolve_area(wh, "South Cambridgeshire")
    assert engine.area_counts(wh, DISTRICT_ONLY, south, [Y2025]) == [4]
    with pytest.raises(SaferplacesError, match="only held by district"):
        engine.unit_counts(wh, DISTRICT_ONLY, south, "ward", [Y2025])
    with pytest.raises(SaferplacesError, match="only held by district"):
        engine.area_counts(wh, DISTRICT_ONLY, resolve_area(wh, "Duxford"), [Y2025])


def test_monthly_counts(wh):
    south = resolve_area(wh, "South Cambridgeshire")
    series = dict(engine.monthly_counts(wh, TEST, south, parse_period("2025-01..2025-04")))
    assert series == {"2025-01": 1, "2025-02": 2, "2025-03": 4, "2025-04": 0}


def test_indicator_table_takes_any_indicators(loaded):
    south = resolve_area(loaded, "South Cambridgeshire")
    t = indicator_table(loaded, south, Y2025, Y2024, [TEST, get_indicator("burglary")])
    assert [r.indicator for r in t.rows] == ["Test events", "Burglary"]
    assert (t.rows[0].count, t.rows[0].baseline_count) == (7, 0)
    assert t.row("burglary").denominator_kind == "households"


def test_get_indicator_by_id_name_alias():
    assert get_indicator("Anti-social behaviour").id == "anti-social-behaviour"
    assert get_indicator("ASB").id == "anti-social-behaviour"
    assert get_indicator("all-crime").name == "All crime"
    with pytest.raises(SaferplacesError, match="unknown indicator 'jaywalking'"):
        get_indicator("jaywalking")
