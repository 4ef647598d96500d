"""The impact/likelihood matrix as a chart spec, drawn by the shared renderers.

Each scored issue is a point at (likelihood, impact), labelled with its rank, on axes
from 1 to 4; dashed lines join the points where impact × likelihood is 4, 8 and 12 (the
score before the capacity modifier), so a reader sees which issues sit in the high
corner. The issues the board agreed as priorities are highlighted. The numbers are in
the figure's data table, as for every figure.
"""

from __future__ import annotations

from collections.abc import Iterable

from saferplaces.document.model import XYChart, XYLine, XYPoints
from saferplaces.priorities.prioritise import IssueResult

CONTOURS = (4, 8, 12)


def _contour(k: int) -> XYLine:
    xs = [x / 10 for x in range(10, 41)]
    pts = [(x, k / x) for x in xs if 1 <= k / x <= 4]
    return XYLine(
        f"Impact x likelihood = {k}",
        [p[0] for p in pts],
        [p[1] for p in pts],
        style="dashed",
        role="reference",
        legend=k == CONTOURS[0],
    )


def matrix_chart(results: Iterable[IssueResult], agreed: set[str] = frozenset()) -> XYChart:
    """Points for the scored issues; ``agreed`` names the issues chosen as priorities."""
    scored = [r for r in results if r.score is not None]

    def points(name: str, rows: list[IssueResult], role: str) -> XYPoints:
        return XYPoints(
            name,
            [float(r.score.likelihood) for r in rows],
            [float(r.score.impact) for r in rows],
            role=role,
            labels=[str(r.score.rank) for r in rows],
        )

    chosen = [r for r in scored if r.candidate.name in agreed]
    others = [r for r in scored if r.candidate.name not in agreed]
    series = [points("Issues (by rank)", others, "data")]
    if chosen:
        series.append(points("Agreed as priorities", chosen, "highlight"))
    return XYChart(
        x_label="Likelihood (mean of volume and trend)",
        y_label="Impact (mean of four harms and vulnerability)",
        lines=[_contour(k) for k in CONTOURS],
        points=series,
        y_from_zero=False,
    )
