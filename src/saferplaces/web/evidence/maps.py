"""The evidence pages' ward map: a banded map spec (:func:`saferplaces.document.charts.
choropleth`, the same quantile bands and colours as the printed assessment) drawn as SVG
by :mod:`saferplaces.render.svg`. No JavaScript map library, no tiles: the map is an
image with a text alternative, its key is text, and the table beside it has the figures.
"""

from __future__ import annotations

from saferplaces.document.charts import choropleth
from saferplaces.document.formatting import fmt
from saferplaces.geography.boundaries import boundaries
from saferplaces.render.svg import legend as map_legend
from saferplaces.render.svg import map_svg
from saferplaces.warehouse.connection import Warehouse


def ward_map(
    wh: Warehouse,
    values: dict[str, float | None],
    names: dict[str, str],
    *,
    title: str,
    description: str,
    kind: str = "rate",
    width: int = 640,
) -> tuple[str, list[tuple[str, str, int]]]:
    """SVG markup of the wards in ``values`` shaded by value, and the key: (colour,
    label, wards) of each band."""
    shapes = boundaries(wh, "ward", list(values))
    if not shapes:
        return "", []
    chart = choropleth(shapes, names, values, legend_title=title, kind=kind)
    chart.values = {c: "no data" if v is None else fmt(v, kind) for c, v in values.items()}
    svg = map_svg(chart, title=title, description=description, width=width)
    return svg, map_legend(chart)
