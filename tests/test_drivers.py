"""What drove a change and when it began, on hand-built series whose contributors and
change month are known by construction (methods.md, "Monthly series")."""

from __future__ import annotations

import math

import pytest

from saferplaces.indicators.drivers import began, contributors

MONTHS = [f"{y}-{m:02d}" for y in (2024, 2025) for m in range(1, 13)]


def test_one_ward_making_most_of_a_rise_is_the_only_contributor():
    # +20 of +30 is two thirds: A alone makes up at least half.
    found = contributors({"A": (10, 30), "B": (5, 15), "C": (20, 25), "D": (8, 3)})
    assert [(c.part, c.change) for c in found] == [("A", 20)]
    assert found[0].share == pytest.approx(20 / 30)


def test_contributors_are_taken_largest_first_until_half_is_reached():
    # +12, +10, +8 of +30: 40% is short of half; with B's 33% it is 73%.
    found = contributors({"C": (0, 8), "A": (0, 12), "B": (0, 10)})
    assert [c.part for c in found] == ["A", "B"]
    assert [c.share for c in found] == pytest.approx([0.4, 1 / 3])


def test_a_fall_is_driven_by_the_parts_that_fell():
    # −30 of −40 is 75%; B rose, so it can never be a driver of the fall.
    found = contributors({"A": (50, 20), "B": (20, 30), "C": (30, 10)})
    assert [(c.part, c.change, c.share) for c in found] == [("A", -30, 0.75)]


def test_exactly_half_is_enough_and_ties_go_by_name():
    found = contributors({"Y": (0, 15), "X": (0, 15)})
    assert [(c.part, c.share) for c in found] == [("X", 0.5)]


def test_parts_moving_against_the_whole_push_the_drivers_past_a_simple_half():
    # Whole +10: A +30 (300%) outweighs B −20; A is the driver.
    found = contributors({"A": (0, 30), "B": (40, 20)})
    assert [(c.part, c.share) for c in found] == [("A", 3.0)]


def test_no_change_has_no_contributors():
    assert contributors({"A": (10, 20), "B": (20, 10)}) == []
    assert contributors({}) == []


def _flat() -> list[int]:
    return [9, 11] * 6  # baseline: mean 10, no run of seven on one side


def test_a_sustained_rise_began_with_the_shift_run():
    # Four months at the baseline mean (on neither side), then eight months at 20: the
    # shift run starts in May 2025.
    counts = _flat() + [10, 10, 10, 10] + [20] * 8
    b = began(MONTHS, counts, 12, rising=True)
    assert (b.month, b.how) == ("2025-05", "shift")


def test_a_late_step_too_short_for_a_shift_is_found_by_two_segments():
    # Seven months at 10, then five at 30 (too few for the shift rule): the step is in
    # August 2025, and the likelihood-ratio test against one rate is worked by hand.
    counts = _flat() + [10] * 7 + [30] * 5
    b = began(MONTHS, counts, 12, rising=True)
    assert (b.month, b.how) == ("2025-08", "segments")

    def ll(xs):  # Poisson log-likelihood at the mean, constants dropped
        return sum(xs) * math.log(sum(xs) / len(xs)) - sum(xs)

    stat = 2 * (ll(counts[:19]) + ll(counts[19:]) - ll(counts))
    # χ² with one degree of freedom: P(X > s) = erfc(√(s/2)).
    assert b.p_value == pytest.approx(math.erfc(math.sqrt(stat / 2)), rel=1e-9)
    assert b.p_value < 0.001


def test_no_change_has_no_start_and_the_wrong_direction_is_not_a_start():
    assert began(MONTHS, [9, 11] * 12, 12, rising=True) is None
    fall = [20] * 12 + [10] * 12
    assert began(MONTHS, fall, 12, rising=True) is None
    b = began(MONTHS, fall, 12, rising=False)
    assert (b.month, b.how) == ("2025-01", "shift")


def test_a_series_too_short_or_mismatched_has_no_start():
    assert began(MONTHS[:3], [1, 2], 1, rising=True) is None
    assert began(MONTHS[:2], [1, 2], 2, rising=True) is None
