"""XmR charts and seasonality against hand-worked examples (methods.md)."""

import pytest

from saferplaces.indicators.spc import (
    OUTSIDE,
    SHIFT,
    TREND,
    centred_moving_average,
    moving_ranges,
    seasonality,
    xmr,
)


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


def _month(t: int, first_year: int = 2024) -> str:
    return f"{first_year + t // 12}-{t % 12 + 1:02d}"


def test_seasonality_index_is_computed_on_the_detrended_series():
    # Months t = 0..23 from January 2024: a steady rise of 2 a month, 100 + 2t, with
    # January 12 above it and July 12 below. The centred 12-month (2×12) average removes
    # a season that sums to zero over a year and keeps a straight line, so it is exactly
    # 100 + 2t wherever it is defined: July 2024 (t = 6) to June 2025 (t = 17).
    season = {1: 12, 7: -12}
    series = [(_month(t), 100 + 2 * t + season.get(t % 12 + 1, 0)) for t in range(24)]
    cma = centred_moving_average(series)
    assert sorted(cma) == [_month(t) for t in range(6, 18)]
    assert cma["2024-07"] == pytest.approx(112) and cma["2025-06"] == pytest.approx(134)
    # Ratios: July 2024 100/112, January 2025 136/124, the other ten months 1.
    mean_ratio = (10 + 100 / 112 + 136 / 124) / 12
    s = seasonality(series)
    assert s[0].index == pytest.approx((136 / 124) / mean_ratio)
    assert s[6].index == pytest.approx((100 / 112) / mean_ratio)
    for m in (2, 3, 12):
        assert s[m - 1].index == pytest.approx(1 / mean_ratio)
    # The profile is still the raw mean of each calendar month: December 122 and 146.
    assert s[11].mean == 134 and s[11].years == 2 and s[0].mean == (112 + 136) / 2
    # The raw index would have read the rise as a season: December 134 over a mean of 123.
    assert 134 / 123 > 1.08 and s[11].index < 1.01


def test_a_steady_rise_alone_has_no_season():
    s = seasonality([(_month(t), 100 + 2 * t) for t in range(24)])
    assert [m.index for m in s] == pytest.approx([1.0] * 12)


def test_a_gap_leaves_out_the_ratios_whose_window_it_falls_in():
    # 36 months from January 2023, a steady rise, June 2024 (t = 17) not held: the months
    # t = 11..23 have it in their window. December (t = 11, 23; t = 35 has no window)
    # has no ratio left, so no index; every other month is 1.
    series = [(_month(t, 2023), 50 + t) for t in range(36) if t != 17]
    s = seasonality(series)
    assert s[11].index is None and s[11].mean == (61 + 73 + 85) / 3
    assert [m.index for m in s[:11]] == pytest.approx([1.0] * 11)


def test_under_24_months_there_is_no_seasonal_index():
    # Method change (methods.md): 23 months give the profile of means but no index.
    s = seasonality([(_month(t), 10 + t % 12) for t in range(23)])
    assert all(m.index is None for m in s)
    assert s[0].mean == 10 and s[11].mean == 21 and s[11].years == 1
    s = seasonality([("2024-11", 4), ("2024-12", 8), ("2025-01", 6)])
    assert [m.years for m in s] == [1] + [0] * 9 + [1, 1]
    assert s[1].mean is None and s[1].index is None and s[11].index is None


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
