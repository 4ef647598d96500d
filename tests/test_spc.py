"""XmR charts and seasonality against hand-worked examples (methods.md)."""

import pytest

from saferplaces.indicators.spc import OUTSIDE, SHIFT, TREND, moving_ranges, seasonality, xmr


def test_centre_and_limits_by_hand():
    # Baseline 20, 24, 22, 18, 26, 22: mean 132/6 = 22.
    # Moving ranges 4, 2, 4, 8, 4: mean 22/5 = 4.4; limits 22 ± 2.66 × 4.4 = 22 ± 11.704.
    r = xmr([20, 24, 22, 18, 26, 22, 21, 23], baseline=6)
    assert r.centre == pytest.approx(22.0)
    assert r.mean_moving_range == pytest.approx(4.4)
    assert r.upper == pytest.approx(33.704)
    assert r.lower == pytest.approx(10.296)
    assert r.moving_ranges == [None, 4, 2, 4, 8, 4, 1, 2]
    assert r.signals == []


def test_moving_range_uses_only_baseline_months():
    # A wild month after the baseline must not widen the limits.
    a = xmr([10, 12, 10, 12, 10], baseline=5)
    b = xmr([10, 12, 10, 12, 10, 90], baseline=5)
    # centre 54/5 = 10.8, mean MR 2
    assert a.upper == b.upper == pytest.approx(10.8 + 2.66 * 2)
    assert [s.kind for s in b.signals] == [OUTSIDE]
    assert b.signals[0].points == (5,) and b.signals[0].direction == "up"


def test_point_below_lower_limit():
    r = xmr([50, 52, 50, 52, 50, 52, 30], baseline=6)
    # centre 51, mean MR 2, limits 51 ± 5.32
    assert r.lower == pytest.approx(45.68)
    out = [s for s in r.signals if s.kind == OUTSIDE]
    assert len(out) == 1 and out[0].points == (6,) and out[0].direction == "down"


def test_shift_of_seven_points_is_a_signal_and_six_is_not():
    base = [14, 10, 14, 10, 14, 10]  # centre 12, mean MR 4, limits 12 ± 10.64
    six_above = xmr([*base, 13, 15, 13, 15, 13, 15, 11], baseline=6)
    assert [s.kind for s in six_above.signals] == []
    seven_above = xmr([*base, 13, 15, 13, 15, 13, 15, 13], baseline=6)
    shifts = [s for s in seven_above.signals if s.kind == SHIFT]
    assert len(shifts) == 1
    assert shifts[0].points == tuple(range(6, 13)) and shifts[0].direction == "up"


def test_a_point_on_the_centre_line_breaks_a_shift():
    base = [10, 14, 10, 14]  # centre 12
    r = xmr([*base, 13, 13, 13, 12, 13, 13, 13], baseline=4)
    assert not [s for s in r.signals if s.kind == SHIFT]


def test_trend_of_six_rising_points():
    base = [20, 10, 20, 10, 20, 10]  # centre 15, mean MR 10, wide limits
    r = xmr([*base, 11, 12, 13, 14, 15], baseline=6)
    trends = [s for s in r.signals if s.kind == TREND]
    # 10 (index 5), 11, 12, 13, 14, 15: six points each higher than the one before.
    assert len(trends) == 1 and trends[0].points == (5, 6, 7, 8, 9, 10)
    assert trends[0].direction == "up"
    five = xmr([*base, 11, 12, 13, 14], baseline=6)
    assert not [s for s in five.signals if s.kind == TREND]


def test_equal_neighbours_break_a_trend():
    r = xmr([30, 20, 30, 20, 19, 18, 18, 17, 16, 15], baseline=4)
    assert not [s for s in r.signals if s.kind == TREND]
    falling = xmr([30, 20, 30, 20, 19, 18, 17, 16, 15], baseline=4)
    t = [s for s in falling.signals if s.kind == TREND]
    # 30 (index 2) down to 15: seven points, each lower than the one before.
    assert t and t[0].direction == "down" and t[0].points == (2, 3, 4, 5, 6, 7, 8)


def test_needs_two_baseline_points():
    with pytest.raises(ValueError):
        xmr([1, 2, 3], baseline=1)


def test_moving_ranges():
    assert moving_ranges([3, 7, 4]) == [None, 4, 3]


def test_seasonality_by_hand():
    series = [(f"2024-{m:02d}", 10) for m in range(1, 13)] + [
        (f"2025-{m:02d}", 20 if m == 7 else 10) for m in range(1, 13)
    ]
    s = seasonality(series)
    # overall mean = (23 × 10 + 20) / 24 = 250/24
    overall = 250 / 24
    july = s[6]
    assert july.month == 7 and july.years == 2 and july.mean == 15.0
    assert july.index == pytest.approx(15 / overall)
    assert s[0].mean == 10 and s[0].index == pytest.approx(10 / overall)


def test_seasonality_with_a_partial_year():
    s = seasonality([("2024-11", 4), ("2024-12", 8), ("2025-01", 6)])
    assert [m.years for m in s] == [1] + [0] * 9 + [1, 1]
    assert s[1].mean is None and s[1].index is None
    assert s[11].index == pytest.approx(8 / 6)


def test_limits_from_fewer_than_twelve_baseline_points_are_trial_limits():
    # Eleven baseline months: centre 10, moving ranges all 2, limits 10 ± 5.32: trial.
    eleven = xmr([9, 11] * 5 + [9, 30], baseline=11)
    assert eleven.centre == pytest.approx((9 * 6 + 11 * 5) / 11)
    assert eleven.mean_moving_range == pytest.approx(2.0)
    assert eleven.trial and eleven.limits_name == "trial limits"
    # Twelve baseline months settle them.
    twelve = xmr([9, 11] * 6 + [30], baseline=12)
    assert not twelve.trial and twelve.limits_name == "control limits"
    # Signals are still found against trial limits (10 + 5.32 < 30).
    assert [s.kind for s in eleven.signals] == [OUTSIDE]
