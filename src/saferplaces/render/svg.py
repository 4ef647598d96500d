"""Charts and maps as inline SVG for web pages, from the same specs and palette as the
printed documents (:mod:`saferplaces.render.charts` draws those with Matplotlib).

No JavaScript and no map tiles: the SVG is an image (``role="img"``) named by a title
and a description, each point and area carries its value as a tooltip, and the page
shows the numbers in a table beside it. Colours never carry meaning alone: a map's
legend names its bands (:func:`legend`), a line's gaps are months not held.

>>> from saferplaces.document.model import LineChart, Series
>>> svg = line_svg(LineChart(["Jan", "Feb", "Mar"], [Series("n", [3, None, 9])], "Count"),
...                title="t", description="d")
>>> svg.count("<circle"), svg.count("<polyline")
(2, 2)
"""

from __future__ import annotations

import math
from html import escape

from saferplaces.document.formatting import fmt
from saferplaces.document.model import BarChart, LineChart, MapChart
from saferplaces.document.palette import (
    BLUE,
    GREY,
    LIGHT_GREY,
    NOT_SHOWN,
    ORANGE,
    SERIES,
    TEXT,
    VERMILLION,
    band_colours,
)
from saferplaces.render.scales import line_range, nice_max

_DASH = {"solid": "", "dashed": ' stroke-dasharray="6 4"', "dotted": ' stroke-dasharray="2 3"'}


def _open(css: str, width: int, height: int, title: str, description: str, ident: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css}" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="{ident}-title {ident}-desc" '
        'preserveAspectRatio="xMidYMid meet">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(description)}</desc>'
    )


def line_svg(
    chart: LineChart,
    *,
    title: str,
    description: str,
    width: int = 640,
    height: int = 280,
    ident: str = "chart",
) -> str:
    """A line chart: one line per series (a value of None is a gap, never a zero), the
    centre line and control limits when the spec has them, signals as diamonds."""
    n = len(chart.x_labels)
    if not n:
        return ""
    left, right, top, bottom = 64, 16, 16, 52
    w, h = width - left - right, height - top - bottom
    if chart.upper is not None or chart.centre is not None:
        lo, hi = line_range(chart)
    else:
        values = [v for s in chart.series for v in s.values if v is not None]
        lo, hi = 0.0, nice_max(max(values, default=0))

    def x(i: int) -> float:
        return left + (w * i / (n - 1) if n > 1 else w / 2)

    def y(v: float) -> float:
        return top + h - h * (v - lo) / ((hi - lo) or 1)

    parts = [_open("sp-chart", width, height, title, description, ident)]
    for k in range(6):
        v = lo + (hi - lo) * k / 5
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" '
            f'stroke="{LIGHT_GREY}" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end" font-size="14" '
            f'fill="{TEXT}">{v:,.0f}</text>'
        )
    step = max(1, math.ceil(n / 12))
    for i in range(0, n, step):
        parts.append(
            f'<text x="{x(i):.1f}" y="{height - bottom + 18}" text-anchor="middle" '
            f'font-size="13" fill="{TEXT}">{escape(chart.x_labels[i])}</text>'
        )
    if chart.baseline_points:
        parts.append(
            f'<rect x="{left}" y="{top}" width="{x(chart.baseline_points - 1) - left:.1f}" '
            f'height="{h}" fill="#f3f2f1"/>'
        )
    for value, colour, dash in (
        (chart.centre, TEXT, "solid"),
        (chart.upper, VERMILLION, "dashed"),
        (chart.lower, VERMILLION, "dashed"),
    ):
        if value is not None:
            parts.append(
                f'<line x1="{left}" x2="{width - right}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
                f'stroke="{colour}" stroke-width="1.5"{_DASH[dash]}/>'
            )
    if chart.upper is not None and chart.trial_limits:
        # Limits from under 12 points are provisional: say so on the chart itself.
        parts.append(
            f'<text x="{width - right - 4}" y="{y(chart.upper) - 5:.1f}" text-anchor="end" '
            f'font-size="13" fill="{TEXT}">Trial limits</text>'
        )
    keys = chart.x_keys or chart.x_labels
    for j, s in enumerate(chart.series):
        colour = SERIES[j % len(SERIES)]
        runs: list[list[str]] = [[]]
        for i, v in enumerate(s.values):
            if v is None:
                runs.append([])
            else:
                runs[-1].append(f"{x(i):.1f},{y(v):.1f}")
        for points in (r for r in runs if r):
            parts.append(
                f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" '
                f'stroke-width="2.5"{_DASH.get(s.style, "")}/>'
            )
        for i, v in enumerate(s.values):
            if v is None:
                continue
            name = f"{s.name}, " if len(chart.series) > 1 else ""
            parts.append(
                f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}">'
                f"<title>{escape(name + keys[i])}: {v:,}</title></circle>"
            )
    values = chart.series[0].values if chart.series else []
    for i in sorted(chart.signal_points):
        if i < len(values) and values[i] is not None:
            cx, cy = x(i), y(values[i])
            parts.append(
                f'<polygon points="{cx:.1f},{cy - 7:.1f} {cx + 7:.1f},{cy:.1f} '
                f'{cx:.1f},{cy + 7:.1f} {cx - 7:.1f},{cy:.1f}" fill="{ORANGE}" stroke="{TEXT}">'
                f"<title>{escape(keys[i])}: signal</title></polygon>"
            )
    parts.append(
        f'<line x1="{left}" x2="{width - right}" y1="{top + h}" y2="{top + h}" stroke="{TEXT}"/>'
        f'<text x="{left + w / 2:.0f}" y="{height - 8}" text-anchor="middle" font-size="14" '
        f'fill="{TEXT}">{escape(chart.x_label)}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def bar_svg(
    chart: BarChart, *, title: str, description: str, width: int = 640, ident: str = "chart"
) -> str:
    """Horizontal bars, one row per category (the first series), the highlighted one in
    orange, each bar's value written beside it."""
    s = chart.series[0]
    row = 26
    left, right, top = 200, 70, 10
    height = top + row * len(chart.categories) + 10
    top_v = nice_max(max((v for v in s.values if v is not None), default=0))
    parts = [_open("sp-chart", width, height, title, description, ident)]
    for i, (cat, v) in enumerate(zip(chart.categories, s.values, strict=True)):
        yy = top + i * row
        colour = ORANGE if cat == chart.highlight else BLUE
        bar = 0 if v is None else (width - left - right) * v / top_v
        label = s.value_labels[i] if s.value_labels else fmt(v, "rate")
        parts.append(
            f'<text x="{left - 8}" y="{yy + 17}" text-anchor="end" font-size="13" '
            f'fill="{TEXT}">{escape(cat)}</text>'
            f'<rect x="{left}" y="{yy + 4}" width="{bar:.1f}" height="{row - 8}" fill="{colour}">'
            f"<title>{escape(cat)}: {escape(label)}</title></rect>"
            f'<text x="{left + bar + 6:.1f}" y="{yy + 17}" font-size="13" '
            f'fill="{TEXT}">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _rings(geom):
    if geom.geom_type == "Polygon":
        yield geom.exterior.coords
        for ring in geom.interiors:
            yield ring.coords
    elif geom.geom_type in ("MultiPolygon", "GeometryCollection"):
        for g in geom.geoms:
            yield from _rings(g)


def map_colours(chart: MapChart) -> list[str]:
    """The colour of each class of a map: its categories' colours, or the light-to-dark
    bands (the same as on paper)."""
    return chart.colours if chart.colours is not None else band_colours(len(chart.class_labels))


def legend(chart: MapChart) -> list[tuple[str, str, int]]:
    """(colour, label, areas) of each class, lowest first: the map's key as text."""
    colours = map_colours(chart)
    return [
        (colours[k], label, sum(1 for c in chart.classes.values() if c == k))
        for k, label in enumerate(chart.class_labels)
    ]


def map_svg(
    chart: MapChart, *, title: str, description: str, width: int = 640, ident: str = "map"
) -> str:
    """The map's areas shaded by class (white where hidden or not held), each a path
    named by ``data-code`` with its name and value as a tooltip. Longitude is scaled by
    the cosine of the latitude, as the printed map is, so shapes keep their proportions;
    outlines are simplified to a tenth of a pixel."""
    if not chart.shapes:
        return ""
    bounds = [g.bounds for g in chart.shapes.values()]
    minx, miny = min(b[0] for b in bounds), min(b[1] for b in bounds)
    maxx, maxy = max(b[2] for b in bounds), max(b[3] for b in bounds)
    aspect = math.cos(math.radians((miny + maxy) / 2))
    s = width / ((maxx - minx) * aspect or 1)
    height = int((maxy - miny) * s) + 1
    colours = map_colours(chart)

    def path(geom) -> str:
        simple = geom.simplify(0.1 / s, preserve_topology=True)
        return "".join(
            "M"
            + " ".join(f"{(px - minx) * aspect * s:.1f},{(maxy - py) * s:.1f}" for px, py in ring)
            + "Z"
            for ring in _rings(simple)
        )

    parts = [_open("sp-map", width, height, title, description, ident)]
    for code, geom in sorted(chart.shapes.items(), key=lambda kv: chart.names.get(kv[0], kv[0])):
        k = chart.classes.get(code)
        fill = NOT_SHOWN if k is None else colours[k]
        value = chart.values.get(code, "not shown" if k is None else chart.class_labels[k])
        tip = f"{chart.names.get(code, code)}: {value}"
        parts.append(
            f'<path d="{path(geom)}" fill="{fill}" stroke="{TEXT}" stroke-width="0.6" '
            f'data-code="{escape(code)}"><title>{escape(tip)}</title></path>'
        )
    for geom in chart.outlines.values():
        parts.append(f'<path d="{path(geom)}" fill="none" stroke="{GREY}" stroke-width="1.2"/>')
    parts.append("</svg>")
    return "".join(parts)
