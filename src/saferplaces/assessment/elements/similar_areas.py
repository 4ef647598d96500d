"""The area beside its similar areas: the chart spec of the funnel across them, shared by
the assessment, the web evidence pages and the community safety agreement."""

from __future__ import annotations

import numpy as np

from saferplaces.document.model import XYChart, XYLine, XYPoints
from saferplaces.places.similar_funnel import PER, SimilarFunnel


def funnel_chart(f: SimilarFunnel, points: int = 240) -> XYChart:
    """The districts' rates against their denominators, the area highlighted and named,
    the similar areas' average and the 95% and 99.8% limits (steps when they are exact
    Poisson limits, which are whole counts; curves when they allow for overdispersion).
    Similar areas outside the 99.8% limits are named; the table beside names them all."""
    dens = np.array([p.denominator for p in f.points], dtype=float)
    grid = np.linspace(max(1.0, dens.min() * 0.8), dens.max() * 1.1, points)
    xs = [float(x) for x in grid]
    step = not f.dispersion.overdispersed
    lines = [XYLine("Similar areas' average", [xs[0], xs[-1]], [f.reference_rate_per_1000] * 2)]
    for level, style, role in (("95", "dashed", "limit"), ("99.8", "dotted", "limit-outer")):
        lo, hi = f.limits(grid, level)
        lines.append(XYLine(f"{level}% limits", xs, [float(v) for v in hi], style, role, step))
        lines.append(XYLine("", xs, [float(v) for v in lo], style, role, step, legend=False))
    others = [p for p in f.points if not p.this_area]
    me = f.this_area
    per = PER.get(f.denominator_kind, f.denominator_kind)
    return XYChart(
        x_label=f"Census 2021 {per} of the district",
        y_label=f"{f.indicator} per 1,000 {per}",
        lines=lines,
        points=[
            XYPoints(
                "Similar area",
                [p.denominator for p in others],
                [p.rate_per_1000 for p in others],
                labels=[p.district_name if "99.8" in p.position else "" for p in others],
            ),
            XYPoints(
                me.district_name,
                [me.denominator],
                [me.rate_per_1000],
                role="highlight",
                labels=[me.district_name],
            ),
        ],
    )
