"""A ward choropleth drawn as SVG on the server: no JavaScript map library, no tiles.

Boundaries come from ``saferplaces.geography.boundaries`` (WGS84), are projected to
British National Grid metres (so shapes are not stretched), simplified to about a
tenth of the drawing's pixel, and shaded in five classes. The map is an image with a
text alternative; the data table beside it carries the figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from saferplaces.geography.boundaries import boundaries, lonlat_to_bng
from saferplaces.warehouse.connection import Warehouse

# ColorBrewer PuBu (5 classes): ordered light to dark; text never relies on them alone.
PALETTE = ["#f1eef6", "#bdc9e1", "#74a9cf", "#2b8cbe", "#045a8d"]
NO_DATA = "#ffffff"


@dataclass
class LegendClass:
    low: float
    high: float
    colour: str
    count: int


def class_breaks(values: list[float], k: int = 5) -> list[float]:
    """Upper bounds of up to ``k`` quantile classes (duplicates removed)."""
    v = sorted(values)
    if not v:
        return []
    qs = [v[min(len(v) - 1, int(np.ceil(len(v) * (i + 1) / k)) - 1)] for i in range(k)]
    return sorted(set(qs))


def _project(geom: BaseGeometry) -> BaseGeometry:
    coords = shapely.get_coordinates(geom)
    e, n = lonlat_to_bng(coords[:, 0], coords[:, 1])
    return shapely.set_coordinates(geom, np.column_stack([e, n]))


def _path(geom: BaseGeometry, x0: float, y1: float, s: float) -> str:
    parts = []
    polys = getattr(geom, "geoms", [geom])
    for poly in polys:
        for ring in [poly.exterior, *poly.interiors]:
            xy = np.asarray(ring.coords)
            pts = " ".join(f"{(x - x0) * s:.1f},{(y1 - y) * s:.1f}" for x, y in xy)
            parts.append(f"M{pts}Z")
    return "".join(parts)


def ward_map(
    wh: Warehouse,
    values: dict[str, float | None],
    names: dict[str, str],
    *,
    title: str,
    description: str,
    fmt=lambda v: f"{v:,.2f}",
    width: int = 640,
) -> tuple[str, list[LegendClass]]:
    """SVG markup of the wards in ``values`` shaded by value, and the legend classes."""
    geoms = {c: _project(g) for c, g in boundaries(wh, "ward", list(values)).items()}
    if not geoms:
        return "", []
    minx, miny, maxx, maxy = shapely.total_bounds(list(geoms.values()))
    s = width / (maxx - minx)
    height = int((maxy - miny) * s) + 1
    tolerance = 0.1 / s
    present = [v for v in values.values() if v is not None]
    breaks = class_breaks(present)
    legend = []
    low = min(present) if present else 0.0
    for i, b in enumerate(breaks):
        colour = (
            PALETTE[i + len(PALETTE) - len(breaks)] if len(breaks) < len(PALETTE) else PALETTE[i]
        )
        n = sum(1 for v in present if (v <= b and (i == 0 or v > breaks[i - 1])))
        legend.append(LegendClass(low, b, colour, n))
        low = b

    def colour_of(v):
        if v is None:
            return NO_DATA
        for c in legend:
            if v <= c.high:
                return c.colour
        return legend[-1].colour

    paths = []
    for code, geom in sorted(geoms.items(), key=lambda kv: names.get(kv[0], kv[0])):
        v = values.get(code)
        simple = geom.simplify(tolerance, preserve_topology=True)
        label = f"{names.get(code, code)}: {'no data' if v is None else fmt(v)}"
        paths.append(
            f'<path d="{_path(simple, minx, maxy, s)}" fill="{colour_of(v)}" '
            f'stroke="#0b0c0c" stroke-width="0.6" data-code="{escape(code)}">'
            f"<title>{escape(label)}</title></path>"
        )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sp-map" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="map-title map-desc" '
        f'preserveAspectRatio="xMidYMid meet">'
        f'<title id="map-title">{escape(title)}</title>'
        f'<desc id="map-desc">{escape(description)}</desc>' + "".join(paths) + "</svg>"
    )
    return svg, legend
