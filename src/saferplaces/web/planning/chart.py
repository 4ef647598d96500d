"""The matrix chart on the web page: the core spec drawn as inline SVG."""

from __future__ import annotations


def matrix_svg(rows) -> str:
    from saferplaces.priorities.chart import matrix_chart

    chart = matrix_chart([r.result for r in rows], {r.issue.name for r in rows if r.agreed})
    try:
        from saferplaces.render.svg import xy_svg
    except ImportError:  # the shared SVG renderer draws XY charts once doc-layer lands
        return ""
    return xy_svg(
        chart,
        title="Impact and likelihood of each scored issue",
        description="Each issue is a point at its likelihood (across) and impact (up), "
        "labelled with its rank; the table gives every figure.",
        ident="matrix",
        x_range=(1, 4),
        y_range=(1, 4),
    )
