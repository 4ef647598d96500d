"""Trial limits (fewer than 12 baseline months, methods.md) are named on the chart itself,
on paper (the Matplotlib legend) and on screen (the SVG)."""

import matplotlib.pyplot as plt

from saferplaces.document.model import LineChart, Series
from saferplaces.render.charts import draw
from saferplaces.render.svg import line_svg


def _chart(trial: bool) -> LineChart:
    return LineChart(
        [f"M{i}" for i in range(8)],
        [Series("Count", [9, 11, 9, 11, 9, 11, 10, 30])],
        "Count",
        centre=10.0,
        upper=15.32,
        lower=4.68,
        baseline_points=6,
        trial_limits=trial,
    )


def _legend(chart: LineChart) -> list[str]:
    fig = draw(chart)
    try:
        return [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    finally:
        plt.close(fig)


def test_the_legend_says_trial_limits_only_when_they_are():
    assert "Trial limits (under 12 baseline months)" in _legend(_chart(True))
    settled = _legend(_chart(False))
    assert "Control limits" in settled and not any("Trial" in t for t in settled)


def test_the_svg_marks_trial_limits():
    assert ">Trial limits</text>" in line_svg(_chart(True), title="t", description="d")
    assert "Trial limits" not in line_svg(_chart(False), title="t", description="d")
