"""Charts a person can read: a control chart fills its height and shows every point; a
bar chart's legend sits clear of the bars."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

from saferplaces.document.model import BarChart, LineChart, Series
from saferplaces.render.charts import draw


def test_a_control_chart_starts_near_its_data_and_clips_no_point():
    values = [600.0, 640, 580, 610, 701, 590]
    chart = LineChart(
        x_labels=[f"m{i}" for i in range(6)],
        series=[Series("All crime", values)],
        y_label="Crimes per month",
        centre=603.0,
        upper=690.0,
        lower=516.0,
        baseline_points=4,
    )
    fig = draw(chart)
    bottom, top = fig.axes[0].get_ylim()
    assert 400 < bottom < 516  # not from zero, below the lower limit
    assert top > 701  # the highest point is inside the plot


def test_a_bar_legend_sits_above_the_plot():
    chart = BarChart(
        categories=["A", "B", "C"],
        series=[Series("2025", [6.34, 0.39, 3.0], value_labels=["6.34", "0.39", "3.00"])],
        value_label="Rate per 1,000",
        horizontal=True,
        highlight="B",
        reference=(3.12, "Force"),
    )
    fig = draw(chart)
    fig.canvas.draw()
    ax = fig.axes[0]
    legend = ax.get_legend()
    assert legend.get_window_extent().y0 >= ax.get_window_extent().y1
    assert "Force: 3.12" in [t.get_text() for t in legend.get_texts()]
