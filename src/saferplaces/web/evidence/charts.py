"""The evidence pages' monthly trend: a line chart spec drawn as SVG by the shared
renderer (:mod:`saferplaces.render.svg`), with the palette and scale of the printed
documents."""

from __future__ import annotations

from saferplaces.core.periods import MONTH_ABBREVIATIONS, month_index
from saferplaces.document.model import LineChart, Series
from saferplaces.render.svg import line_svg


def trend_chart(series: list[tuple[str, int | None]], name: str = "Count") -> LineChart:
    """The spec of a monthly count: a month whose count is None (not held) is a gap in
    the line, never a zero. Over a year, only quarters are labelled (Jan, Apr, Jul, Oct),
    with the year on January and the first month."""
    n = len(series)
    labels = []
    for i, (m, _) in enumerate(series):
        idx = month_index(m)
        shown = n <= 12 or idx % 3 == 0
        year = f" {m[:4]}" if idx % 12 == 0 or i == 0 else ""
        labels.append(MONTH_ABBREVIATIONS[idx % 12] + year if shown else "")
    return LineChart(
        x_labels=labels,
        series=[Series(name, [c for _, c in series])],
        y_label=name,
        x_keys=[m for m, _ in series],
    )


def trend_svg(
    series: list[tuple[str, int | None]],
    *,
    title: str,
    description: str,
    width: int = 640,
    height: int = 280,
) -> str:
    """A line chart of (``YYYY-MM``, count) with labelled axes, as inline SVG."""
    if not series:
        return ""
    return line_svg(
        trend_chart(series), title=title, description=description, width=width, height=height
    )
