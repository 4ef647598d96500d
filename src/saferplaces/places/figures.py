"""Figures for place-based work: hot spot and place-flag maps, the funnel plot, the
Lorenz curve and the monthly trend.

Each ``*_spec`` function describes a chart as data (a
:mod:`saferplaces.document.model` chart, with the palette and map classes of
:mod:`saferplaces.document.charts`), so the assessment's Places chapter, the area profile
and the CLI show the same chart the same way. The functions without ``_spec`` also draw
it as a PNG with the shared renderer (:func:`saferplaces.render.charts.chart_png`) and
return a :class:`Figure`: its file, title, alt text (what a screen reader says: the
finding, not the drawing) and source line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from saferplaces.document.charts import category_map
from saferplaces.document.charts import hotspot_map as hotspot_spec
from saferplaces.document.formatting import month_label
from saferplaces.document.model import Chart, LineChart, Series, XYChart, XYLine, XYPoints
from saferplaces.geography.boundaries import boundaries
from saferplaces.places import queries
from saferplaces.places.hotspots import COLD, HOT, Hotspots
from saferplaces.warehouse.connection import Warehouse

if TYPE_CHECKING:
    from saferplaces.places.funnel import Funnel

BOUNDARIES_SOURCE = (
    "Boundaries: ONS (OGL v3.0), contains OS data © Crown copyright and database right 2025."
)


@dataclass(frozen=True)
class Figure:
    path: Path
    title: str
    alt_text: str
    source: str
    chart: Chart | None = None

    def to_dict(self) -> dict[str, str]:
        return {
            "path": str(self.path),
            "title": self.title,
            "alt_text": self.alt_text,
            "source": self.source,
        }


def _draw(chart: Chart, path: Path, title: str, source: str) -> None:
    from saferplaces.render.charts import chart_png

    path.parent.mkdir(parents=True, exist_ok=True)
    # The renderer writes "Source: " itself.
    path.write_bytes(chart_png(chart, source.removeprefix("Source: "), title=title))


# ------------------------------------------------------------------------------ hot spots


def hotspot_map(
    result, lsoa_geoms: dict[str, Any], ward_geoms: dict[str, Any], path: Path
) -> Figure:
    """LSOAs coloured hot / cold / not significant, their wards outlined."""
    kind = {HOT: "hot", COLD: "cold"}
    spots = {r.lsoa_code: kind.get(r.classification) for r in result.rows}
    chart = hotspot_spec(
        {c: g for c, g in lsoa_geoms.items() if c in spots},
        spots,
        legend_title=f"{result.indicator.name}, Gi* (q < 0.05)",
        outlines=ward_geoms,
        total=len(result.rows),
    )
    hot, cold = result.hot, result.cold
    title = (
        f"{result.indicator.name}: Gi* hot and cold spots, {result.area.name}, "
        f"{result.period.label}"
    )
    source = (
        "Source: police.uk (Home Office), OGL v3.0. Gi* with queen contiguity, "
        f"{result.permutations:,} permutations, Benjamini–Hochberg q < 0.05. {BOUNDARIES_SOURCE}"
    )
    _draw(chart, path, title, source)
    names = ", ".join(r.lsoa_name for r in hot[:5]) + (" and others" if len(hot) > 5 else "")
    alt = (
        f"Map of the {len(result.rows)} LSOAs of {result.area.name} showing "
        f"{len(hot)} hot spot(s) and {len(cold)} cold spot(s) of "
        f"{result.indicator.name.lower()} in {result.period.label}"
        + (f"; hot spots: {names}." if hot else "; no LSOA is a significant hot spot.")
    )
    return Figure(path, title, alt, source, chart)


# --------------------------------------------------------------------------------- funnel


def funnel_spec(result: Funnel, per: str, named: int = 6) -> XYChart:
    """A funnel's wards (rate per 1,000 against denominator), its reference rate and the
    95% and 99.8% limits the funnel computed (:meth:`Funnel.curves`): exact Poisson limits
    are drawn as steps (they are whole counts), and random-effects limits (overdispersed
    wards) as smooth curves, named so in the legend. At most ``named`` wards outside the
    99.8% limits are named on the chart, the furthest from expected, so labels do not pile
    up; a table with the figure names every ward."""
    rows = [r for r in result.rows if r.denominator]
    lim = result.curves()
    xs = lim.denominators
    step = not result.overdispersed
    adjusted = " (allowing for overdispersion)" if result.overdispersed else ""
    ref = result.reference_rate_per_1000
    outlying = [r for r in rows if "99.8" in r.position]
    inside = [r for r in rows if "99.8" not in r.position]
    furthest = sorted(outlying, key=lambda r: -abs(r.count - r.expected) / r.expected)
    shown = {r.ward_code for r in furthest[:named]}
    return XYChart(
        x_label=f"Census 2021 {per} of the ward",
        y_label=f"{result.indicator.name} per 1,000 {per}",
        lines=[
            XYLine(f"{result.reference_name} rate", [xs[0], xs[-1]], [ref, ref]),
            XYLine(f"95% limits{adjusted}", xs, lim.upper_95, "dashed", "limit", step=step),
            XYLine("", xs, lim.lower_95, "dashed", "limit", step=step, legend=False),
            XYLine(f"99.8% limits{adjusted}", xs, lim.upper_998, "dotted", "limit-outer", step),
            XYLine("", xs, lim.lower_998, "dotted", "limit-outer", step, False),
        ],
        points=[
            XYPoints(
                "Ward", [r.denominator for r in inside], [r.rate_per_1000 or 0.0 for r in inside]
            ),
            XYPoints(
                "Ward outside the 99.8% limits",
                [r.denominator for r in outlying],
                [r.rate_per_1000 or 0.0 for r in outlying],
                role="highlight",
                labels=[r.ward_name if r.ward_code in shown else "" for r in outlying],
            ),
        ],
    )


def funnel_chart(result, path: Path) -> Figure:
    """The funnel plot of a :class:`~saferplaces.places.funnel.Funnel` as a PNG."""
    per = "residents" if result.indicator.denominator == "residents" else "households"
    chart = funnel_spec(result, per)
    title = f"{result.indicator.name} by ward, {result.area.name}, {result.period.label}"
    how = (
        "random-effects limits, as the wards are overdispersed (Spiegelhalter 2005)"
        if result.overdispersed
        else "exact Poisson quantiles"
    )
    source = (
        "Source: police.uk (Home Office), OGL v3.0; Census 2021 (ONS). Limits: "
        f"{how}, around the {result.reference_name} rate."
    )
    _draw(chart, path, title, source)
    out = result.outlying
    above = [x.ward_name for x in out if x.position.startswith("above")]
    below = [x.ward_name for x in out if x.position.startswith("below")]
    alt = (
        f"Funnel plot of {result.indicator.name.lower()} rates for the {len(result.rows)} wards "
        f"of {result.area.name} against the {result.reference_name} rate of "
        f"{result.reference_rate_per_1000:.1f} per 1,000 {per}. "
        + (f"Above the 99.8% limit: {', '.join(above)}. " if above else "")
        + (f"Below the 99.8% limit: {', '.join(below)}. " if below else "")
        + ("Every ward is within the 99.8% limits." if not out else "")
        + funnel_limits_sentence(result)
    ).strip()
    return Figure(path, title, alt, source, chart)


def funnel_limits_sentence(result: Funnel) -> str:
    """The sentence a funnel plot's description ends with when its limits allow for
    overdispersion (empty otherwise): a reader must know the limits are wider than chance."""
    if not result.overdispersed:
        return ""
    return (
        f" The wards vary more than chance allows, so the limits allow for the variation "
        f"between wards (random effects); with exact Poisson limits "
        f"{result.exact_outlying} of {len(result.rows)} would be outside the 99.8% limits."
    )


# -------------------------------------------------------------------------- concentration


def lorenz_spec(counts: list[float]) -> XYChart:
    """The Lorenz curve of counts per place: cumulative share of incidents against
    cumulative share of places, busiest first, beside an even spread and the most even
    spread the counts allow."""
    c = np.sort(np.array(counts, dtype=float))[::-1]
    n, total = len(c), c.sum()
    x = np.concatenate([[0], np.arange(1, n + 1) / n * 100]) if n else np.array([0, 100])
    y = np.concatenate([[0], np.cumsum(c) / total * 100]) if total else np.array([0, 0])
    lines = [
        XYLine("Places, busiest first", [float(v) for v in x], [float(v) for v in y], role="data"),
        XYLine("Even spread", [0.0, 100.0], [0.0, 100.0], "dashed"),
    ]
    if total and total < n:
        lines.append(
            XYLine(
                "Most even spread possible",
                [0.0, float(total / n * 100), 100.0],
                [0.0, 100.0, 100.0],
                "dotted",
                "limit-outer",
            )
        )
    return XYChart("Share of places (%)", "Share of incidents (%)", lines=lines)


def lorenz_curve(result, path: Path) -> Figure:
    """The Lorenz curve of a :class:`~saferplaces.places.concentration.Concentration`."""
    chart = lorenz_spec([p.count for p in result.places])
    s = result.stats
    where = "police.uk snap points" if result.by == "location" else "LSOAs"
    title = f"Concentration of {result.indicator.name.lower()} across {where}, {result.area.name}"
    source = f"Source: police.uk (Home Office), OGL v3.0; {result.period.label}."
    _draw(chart, path, title, source)
    if not s.incidents:
        alt = f"Lorenz curve of {s.places:,} {where}: there are no incidents to spread."
    else:
        alt = (
            f"Lorenz curve: the busiest 10% of {s.places:,} {where} hold "
            f"{s.top_shares['10']:.0f}% of {s.incidents:,.0f} incidents; half of incidents are "
            f"at {s.places_for_share['50']:.0f}% of places. Gini {s.gini:.2f}, generalised "
            f"Gini {s.generalised_gini:.2f}."
        )
    return Figure(path, title, alt, source, chart)


# ------------------------------------------------------------------------------ place flags


def flags_map(run, ward_geoms: dict[str, Any], path: Path) -> Figure:
    """Wards of a flags run coloured by category, with flag counts written on them."""
    categories = {w.ward_code: w.category or None for w in run.wards}
    chart = category_map(
        {c: g for c, g in ward_geoms.items() if c in categories},
        {w.ward_code: w.ward_name for w in run.wards},
        categories,
        legend_title="Place-flag category (number: flags)",
        labels={w.ward_code: str(w.flag_count) for w in run.wards if w.flag_count},
    )
    title = f"Place flags, {run.area.name}, {run.period.label} (numbers: flags per ward)"
    source = f"Source: saferplaces flags run {run.id}; police.uk (Home Office). {BOUNDARIES_SOURCE}"
    _draw(chart, path, title, source)
    listed = [w for w in run.wards if w.category in ("emerging", "sustaining", "preventing")]
    alt = (
        f"Map of the {len(run.wards)} wards of {run.area.name} by place-flag category for "
        f"{run.period.label}: "
        + "; ".join(f"{w.ward_name} {w.category} ({w.flag_count} flags)" for w in listed)
        + ("." if listed else "no ward is on the list.")
    )
    return Figure(path, title, alt, source, chart)


# ------------------------------------------------------------------------------------ trend


def trend_spec(series: dict[str, list[tuple[str, float]]], ylabel: str) -> LineChart:
    """Monthly counts, one line per named series (e.g. an area's crime and ASB)."""
    months = [m for m, _ in next(iter(series.values()), [])]
    return LineChart(
        x_labels=[month_label(m) for m in months],
        series=[
            Series(name, [v for _, v in points], style="solid" if i == 0 else "dashed")
            for i, (name, points) in enumerate(series.items())
        ],
        y_label=ylabel,
        x_keys=months,
    )


def trend_alt(series: dict[str, list[tuple[str, float]]]) -> str:
    parts = []
    for name, points in series.items():
        vals = [v for _, v in points]
        if vals:
            hi = max(range(len(vals)), key=lambda i: vals[i])
            parts.append(
                f"{name}: {vals[0]:,.0f} in {points[0][0]}, {vals[-1]:,.0f} in {points[-1][0]}, "
                f"highest {vals[hi]:,.0f} in {points[hi][0]}"
            )
    return f"Line chart of monthly counts. {'; '.join(parts)}."


def trend_chart(
    series: dict[str, list[tuple[str, float]]], title: str, ylabel: str, source: str, path: Path
) -> Figure:
    """Monthly counts, one line per named series, as a PNG."""
    chart = trend_spec(series, ylabel)
    _draw(chart, path, title, source)
    return Figure(path, title, trend_alt(series), source, chart)


def draw_hotspots(wh: Warehouse, result: Hotspots, path: Path) -> Figure:
    """Draw ``result`` as a map PNG at ``path`` (the LSOAs coloured, their wards outlined)
    and return its :class:`Figure`."""
    codes = [r.lsoa_code for r in result.rows]
    return hotspot_map(
        result,
        boundaries(wh, "lsoa", codes),
        boundaries(wh, "ward", queries.wards_of_lsoas(wh, codes)),
        path,
    )
