"""A bar's 95% interval is drawn as a whisker, named in the legend, with the value label
beyond it (so the label never sits on the whisker)."""

import matplotlib.pyplot as plt
import pytest

from saferplaces.document.model import BarChart, Series
from saferplaces.render.charts import draw


def test_whiskers_span_each_interval_and_the_legend_names_them():
    chart = BarChart(
        ["A", "B"],
        [
            Series(
                "2025", [10.0, 6.0], value_labels=["10.00", "6.00"], intervals=[(8.0, 12.5), None]
            )
        ],
        "Rate per 1,000",
    )
    fig = draw(chart)
    try:
        ax = fig.axes[0]
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        assert "95% confidence interval" in legend
        [bars] = [c for c in ax.containers if c.__class__.__name__ == "ErrorbarContainer"]
        segments = bars.lines[2][0].get_segments()
        assert [tuple(s[:, 0]) for s in segments] == [(8.0, 12.5), (6.0, 6.0)]
        labels = {t.get_text(): t.xy for t in ax.texts}
        assert labels["10.00"][0] == pytest.approx(12.5) and labels["6.00"][0] == 6.0
    finally:
        plt.close(fig)
