"""Proposed volume, trend and harm against figures counted from the raw files.

The expected figures come from the bundled police.uk CSVs, the ONS lookups, the Census
table and the harm weights file, read with the standard library (``tests.helpers.raw``);
the bands are applied here as methods.md writes them.
"""

from __future__ import annotations

import pytest

from saferplaces.core.periods import parse_period
from saferplaces.geography.areas import resolve_area
from saferplaces.indicators.police import indicator_table
from saferplaces.indicators.registry import get_indicator
from saferplaces.priorities.evidence import Candidate, candidates, group, propose, resolve
from tests.helpers import raw
from tests.priorities.evidence_raw import (
    P2024,
    P2025,
    SOUTH,
    force_counts,
    force_denominator,
    harm_band,
    trend_band,
    volume_band,
    weights,
)


@pytest.fixture(scope="module")
def south_2025(loaded_path):
    from saferplaces.warehouse import Warehouse

    with Warehouse.open(loaded_path, read_only=True) as wh:
        area = resolve_area(wh, "South Cambridgeshire")
        issues = candidates(wh, area)
        acquisitive = group("Vehicle and bicycle theft", ["vehicle-crime", "bicycle-theft"])
        p, b = parse_period("2025"), parse_period("2024")
        table = indicator_table(wh, area, p, b)
        yield issues, acquisitive, propose(wh, area, p, b, [*issues, acquisitive]), table


def test_candidates_are_the_area_s_indicators_without_totals(south_2025):
    issues, *_ = south_2025
    names = [c.name for c in issues]
    # police.uk's thirteen crime types and ASB (all crime is a total, harm a weighted sum).
    assert len(names) == 14 and "All crime" not in names and "Crime harm (CCHI days)" not in names
    assert names[0] == "Anti-social behaviour"
    assert all(c.kind == "indicator" for c in issues)


def test_volume_trend_and_harm_for_every_crime_type_against_the_raw_files(south_2025):
    issues, _, proposals, table = south_2025
    res, hh = raw.denominator("ltla24_code", SOUTH)
    fres, fhh = force_denominator()
    now, before = raw.counts("ltla24_code", SOUTH, P2025), raw.counts("ltla24_code", SOUTH, P2024)
    forces = force_counts(frozenset(P2025))
    w = weights()
    for c in issues:
        name = c.name
        prop = proposals[c.key]
        x1, x0, fx = now[name], before[name], forces[name]
        den, fden = (hh, fhh) if name == "Burglary" else (res, fres)
        ratio = (x1 / den) / (fx / fden)
        ev = prop.evidence
        assert (ev["count"], ev["baseline_count"], ev["force_count"]) == (x1, x0, fx), name
        assert (ev["denominator"], ev["force_denominator"]) == (den, fden), name
        assert ev["ratio_to_force"] == pytest.approx(ratio, rel=1e-12), name
        assert prop.volume == volume_band(ratio), name
        assert prop.trend == trend_band(x1, x0), name
        # The same figures as the indicator table's row for the indicator.
        row = table.row(c.indicators[0])
        assert (row.count, row.baseline_count, row.classification) == (
            x1,
            x0,
            ev["classification"],
        )
        assert ev["p_value"] == pytest.approx(row.p_value, rel=1e-12)
        if name in w:
            assert ev["harm_days_per_offence"] == pytest.approx(w[name])
            assert prop.harm == harm_band(w[name]), name
        else:
            assert prop.harm is None and name == "Anti-social behaviour"


def test_a_group_counts_its_indicators_together(south_2025):
    _, acquisitive, proposals, _ = south_2025
    prop = proposals[acquisitive.key]
    now, before = raw.counts("ltla24_code", SOUTH, P2025), raw.counts("ltla24_code", SOUTH, P2024)
    forces = force_counts(frozenset(P2025))
    kinds = ("Vehicle crime", "Bicycle theft")
    x1, x0 = sum(now[k] for k in kinds), sum(before[k] for k in kinds)
    fx = sum(forces[k] for k in kinds)
    res, _ = raw.denominator("ltla24_code", SOUTH)
    fres, _ = force_denominator()
    assert (prop.evidence["count"], prop.evidence["baseline_count"]) == (x1, x0)
    assert prop.volume == volume_band((x1 / res) / (fx / fres))
    assert prop.trend == trend_band(x1, x0)
    w = weights()
    days = sum(now[k] * w[k] for k in kinds) / x1
    assert prop.evidence["harm_days_per_offence"] == pytest.approx(days)
    assert prop.harm == harm_band(days)


def test_a_group_must_share_a_source_and_a_denominator():
    with pytest.raises(Exception, match="share a denominator"):
        group("Mixed", ["burglary", "vehicle-crime"])  # households and residents
    with pytest.raises(Exception, match="total"):
        group("Everything", ["all-crime", "drugs"])


def test_months_not_held_propose_no_trend(loaded):
    area = resolve_area(loaded, "South Cambridgeshire")
    c = Candidate("Burglary", ("burglary",))
    (prop,) = propose(loaded, area, parse_period("2025"), parse_period("2023"), [c]).values()
    assert prop.trend is None and prop.volume is not None
    assert any("does not hold every month" in n for n in prop.notes)


def test_issue_names_resolve_to_candidates_groups_or_added_issues(loaded):
    issues = candidates(loaded, resolve_area(loaded, "South Cambridgeshire"))
    assert resolve("asb", issues)[0].indicators == ("anti-social-behaviour",)
    assert resolve("  Anti-social   behaviour ", issues)[0].name == "Anti-social behaviour"
    g, _ = resolve("vehicle-crime + bicycle-theft", issues)
    assert g.indicators == ("vehicle-crime", "bicycle-theft") and g.kind == "group"
    added, note = resolve("County lines", issues)
    assert added.added and note is None
    typo, note = resolve("Burglery", issues)
    assert typo.added and "did you mean 'Burglary'" in note
    assert get_indicator("burglary").name == "Burglary"
