"""Axis ranges shared by the print charts and the web's SVG, so a chart has the same
scale on paper and on screen.

>>> nice_max(0), nice_max(37), nice_max(651)
(1, 40, 800)
"""

from __future__ import annotations

from saferplaces.document.model import LineChart


def nice_max(v: float) -> float:
    """A round top for an axis from zero: the next multiple of a 1-2-5 step."""
    if v <= 0:
        return 1
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if v <= step * 5:
            return step * 5 if v > step * 4 else step * int(-(-v // step))
    return v


def line_range(chart: LineChart) -> tuple[float, float]:
    """The y range of a control chart: every point and limit inside it with a margin, not
    from zero, so the series fills the height where a change would show."""
    values = [v for s in chart.series for v in s.values if v is not None]
    values += [v for v in (chart.centre, chart.upper, chart.lower) if v is not None]
    if not values:
        return 0.0, 1.0
    lo, hi = min(values), max(values)
    pad = max((hi - lo) * 0.12, 1.0)
    return max(0.0, lo - pad), hi + pad
