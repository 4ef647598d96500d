"""Counting many indicators in one query gives exactly what counting each one gives:
police.uk types, agency indicators placed by ward or by district, and weighted harm."""

from __future__ import annotations

import pytest

from saferplaces.core.periods import parse_period
from saferplaces.geography.areas import resolve_area
from saferplaces.indicators import engine
from saferplaces.indicators.registry import all_indicators
from saferplaces.sources.agency.indicators import register_stored_specs
from saferplaces.warehouse import Warehouse


@pytest.mark.slow  # every indicator counted twice, for a force
@pytest.mark.parametrize("area_name", ["South Cambridgeshire", "Cambridgeshire", "Cambourne"])
def test_many_at_once_equals_one_at_a_time(agency_loaded, area_name):
    periods = [parse_period("2025"), parse_period("2024"), parse_period("2025-03")]
    with Warehouse.open(agency_loaded.path, read_only=True) as wh:
        register_stored_specs(wh)
        area = resolve_area(wh, area_name)
        inds = [
            i
            for i in all_indicators()
            if not i.is_proportion and not (area.level == "ward" and i.resolution == "district")
        ]
        assert any(i.weighted for i in inds) and any(i.ward_events for i in inds)
        many = engine.area_counts_many(wh, inds, area, periods)
        assert set(many) == {i.id for i in inds}
        for ind in inds:
            one = engine.area_counts(wh, ind, area, periods)
            assert many[ind.id] == pytest.approx(one), ind.id
            assert [type(v) for v in many[ind.id]] == [float if ind.weighted else int] * 3
