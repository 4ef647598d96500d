"""Figures for place-based work: hotspot and flag maps, funnel chart, Lorenz curve, trend.

Each function draws one figure with Matplotlib, writes it as a PNG and returns a
:class:`Figure` with its title, alt text (what a screen reader says: the finding, not
the drawing) and source line. Colours are the Okabe–Ito palette, which stays distinct
for colour-blind readers; every axis is labelled; the source line sits under the plot.
Kept small and self-contained so it can move onto the shared ``render`` chart helpers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Patch
from matplotlib.patches import Polygon as MplPolygon

# Okabe & Ito (2008), "Color Universal Design".
BLUE = "#0072B2"
VERMILLION = "#D55E00"
ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
PURPLE = "#CC79A7"
GREY = "#D9D9D9"
DARK = "#333333"

BOUNDARIES_SOURCE = (
    "Boundaries: ONS (OGL v3.0), contains OS data © Crown copyright and database right 2025."
)


@dataclass(frozen=True)
class Figure:
    path: Path
    title: str
    alt_text: str
    source: str

    def to_dict(self) -> dict[str, str]:
        return {
            "path": str(self.path),
            "title": self.title,
            "alt_text": self.alt_text,
            "source": self.source,
        }


def _finish(fig, ax, path: Path, title: str, source: str) -> None:
    ax.set_title(title, loc="left", fontsize=11, fontweight="bold", color=DARK, wrap=True)
    fig.text(0.01, 0.01, source, fontsize=7, color="#555555", ha="left", va="bottom", wrap=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    # No timestamps in the file, so the same figure is the same bytes.
    fig.savefig(path, dpi=150, metadata={"Software": None})
    plt.close(fig)


def _polygons(geom) -> list[np.ndarray]:
    parts = list(geom.geoms) if hasattr(geom, "geoms") else [geom]
    return [np.asarray(p.exterior.coords) for p in parts]


def _draw_areas(ax, geoms: dict[str, Any], colours: dict[str, str], edge: str = "white") -> None:
    for code, geom in geoms.items():
        for ring in _polygons(geom):
            ax.add_patch(
                MplPolygon(
                    ring,
                    closed=True,
                    facecolor=colours.get(code, GREY),
                    edgecolor=edge,
                    linewidth=0.4,
                )
            )


def _map_axes(ax, geoms: dict[str, Any]) -> None:
    xs = np.concatenate([r[:, 0] for g in geoms.values() for r in _polygons(g)])
    ys = np.concatenate([r[:, 1] for g in geoms.values() for r in _polygons(g)])
    pad_x, pad_y = (xs.max() - xs.min()) * 0.03, (ys.max() - ys.min()) * 0.03
    ax.set_xlim(xs.min() - pad_x, xs.max() + pad_x)
    ax.set_ylim(ys.min() - pad_y, ys.max() + pad_y)
    # Longitude and latitude degrees are not the same length at 52°N.
    ax.set_aspect(1 / np.cos(np.radians((ys.min() + ys.max()) / 2)))
    ax.set_xlabel("Longitude (degrees east)")
    ax.set_ylabel("Latitude (degrees north)")
    ax.tick_params(labelsize=7)


def _map_figure(geoms: dict[str, Any]):
    """A figure shaped like the area, so a wide district is not lost in white space."""
    xs = np.concatenate([r[:, 0] for g in geoms.values() for r in _polygons(g)])
    ys = np.concatenate([r[:, 1] for g in geoms.values() for r in _polygons(g)])
    ratio = (ys.max() - ys.min()) / max(1e-9, (xs.max() - xs.min()) * np.cos(np.radians(ys.mean())))
    width = 8.0
    return plt.subplots(figsize=(width, min(11.0, max(4.5, width * ratio + 1.6))))


def _outline(ax, geoms: dict[str, Any]) -> None:
    for geom in geoms.values():
        for ring in _polygons(geom):
            ax.plot(ring[:, 0], ring[:, 1], color=DARK, linewidth=0.8)


def hotspot_map(
    result, lsoa_geoms: dict[str, Any], ward_geoms: dict[str, Any], path: Path
) -> Figure:
    """LSOAs coloured hot (vermillion) / cold (blue) / not significant (grey), wards outlined."""
    from saferplaces.places.hotspots import COLD, HOT

    colours = {
        r.lsoa_code: {HOT: VERMILLION, COLD: BLUE}.get(r.classification, GREY) for r in result.rows
    }
    fig, ax = _map_figure(lsoa_geoms)
    _draw_areas(ax, {c: g for c, g in lsoa_geoms.items() if c in colours}, colours)
    _outline(ax, ward_geoms)
    _map_axes(ax, lsoa_geoms)
    hot, cold = result.hot, result.cold
    ax.legend(
        handles=[
            Patch(facecolor=VERMILLION, label=f"Hot spot ({len(hot)})"),
            Patch(facecolor=BLUE, label=f"Cold spot ({len(cold)})"),
            Patch(facecolor=GREY, label="Not significant"),
            Patch(facecolor="none", edgecolor=DARK, label="Ward boundary"),
        ],
        loc="lower right",
        fontsize=8,
        frameon=True,
    )
    title = (
        f"{result.indicator.name}: Gi* hot and cold spots, {result.area.name}, "
        f"{result.period.label}"
    )
    source = (
        "Source: police.uk (Home Office), OGL v3.0. Gi* with queen contiguity, "
        f"{result.permutations:,} permutations, Benjamini–Hochberg q < 0.05. {BOUNDARIES_SOURCE}"
    )
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    _finish(fig, ax, path, title, source)
    names = ", ".join(r.lsoa_name for r in hot[:5]) + (" and others" if len(hot) > 5 else "")
    alt = (
        f"Map of the {len(result.rows)} LSOAs of {result.area.name} showing "
        f"{len(hot)} hot spot(s) and {len(cold)} cold spot(s) of "
        f"{result.indicator.name.lower()} in {result.period.label}"
        + (f"; hot spots: {names}." if hot else "; no LSOA is a significant hot spot.")
    )
    return Figure(path, title, alt, source)


def funnel_chart(result, path: Path) -> Figure:
    """Ward rates against denominators, with the 95% and 99.8% exact Poisson limits."""
    from saferplaces.places.funnel import poisson_limits

    r = result.reference_rate_per_1000 / 1000
    dens = np.array([row.denominator for row in result.rows], dtype=float)
    rates = np.array([row.rate_per_1000 or 0.0 for row in result.rows])
    grid = np.linspace(max(1.0, dens.min() * 0.8), dens.max() * 1.1, 600)
    lim = poisson_limits(r * grid)
    fig, ax = plt.subplots(figsize=(8, 5.5))
    ax.axhline(
        result.reference_rate_per_1000,
        color=DARK,
        linewidth=1,
        label=f"{result.reference_name} rate",
    )
    ax.plot(
        grid,
        lim["95"][1] / grid * 1000,
        color=ORANGE,
        linestyle="--",
        linewidth=1.2,
        label="95% limits",
    )
    ax.plot(
        grid,
        lim["95"][0] / grid * 1000,
        color=ORANGE,
        linestyle="--",
        linewidth=1.2,
        drawstyle="steps-post",
    )
    ax.plot(
        grid,
        lim["99.8"][1] / grid * 1000,
        color=BLUE,
        linestyle=":",
        linewidth=1.5,
        label="99.8% limits",
    )
    ax.plot(
        grid,
        lim["99.8"][0] / grid * 1000,
        color=BLUE,
        linestyle=":",
        linewidth=1.5,
        drawstyle="steps-post",
    )
    out = [row for row in result.rows if "99.8" in row.position]
    inside = [row for row in result.rows if "99.8" not in row.position]
    ax.scatter(
        [x.denominator for x in inside],
        [x.rate_per_1000 or 0 for x in inside],
        color=SKY,
        edgecolor=DARK,
        s=30,
        zorder=3,
        label="Ward",
    )
    if out:
        ax.scatter(
            [x.denominator for x in out],
            [x.rate_per_1000 or 0 for x in out],
            color=VERMILLION,
            edgecolor=DARK,
            marker="D",
            s=36,
            zorder=4,
            label="Ward outside 99.8% limits",
        )
    for x in out:
        ax.annotate(
            x.ward_name,
            (x.denominator, x.rate_per_1000 or 0),
            fontsize=7,
            xytext=(4, 3),
            textcoords="offset points",
        )
    per = "residents" if result.indicator.denominator == "residents" else "households"
    ax.set_xlabel(f"Denominator (Census 2021 {per})")
    ax.set_ylabel(f"Rate per 1,000 {per}")
    ax.set_ylim(
        bottom=0,
        top=max(rates.max() if len(rates) else 0, float(np.nanmax(lim["99.8"][1] / grid * 1000)))
        * 1.08,
    )
    ax.legend(fontsize=8, loc="upper right")
    ax.grid(alpha=0.3)
    title = f"{result.indicator.name} by ward, {result.area.name}, {result.period.label}"
    source = (
        "Source: police.uk (Home Office), OGL v3.0; Census 2021 (ONS). Limits: exact Poisson "
        f"quantiles around the {result.reference_name} rate."
    )
    fig.subplots_adjust(bottom=0.16)
    _finish(fig, ax, path, title, source)
    above = [x.ward_name for x in out if x.position.startswith("above")]
    below = [x.ward_name for x in out if x.position.startswith("below")]
    alt = (
        f"Funnel plot of {result.indicator.name.lower()} rates for the {len(result.rows)} wards "
        f"of {result.area.name} against the {result.reference_name} rate of "
        f"{result.reference_rate_per_1000:.1f} per 1,000 {per}. "
        + (f"Above the 99.8% limit: {', '.join(above)}. " if above else "")
        + (f"Below the 99.8% limit: {', '.join(below)}. " if below else "")
        + ("Every ward is within the 99.8% limits." if not out else "")
    ).strip()
    return Figure(path, title, alt, source)


def lorenz_curve(result, path: Path) -> Figure:
    """Cumulative share of incidents against cumulative share of places, busiest first."""
    counts = np.array([p.count for p in result.places], dtype=float)
    n, c = len(counts), counts.sum()
    x = np.concatenate([[0], np.arange(1, n + 1) / n * 100]) if n else np.array([0, 100])
    y = np.concatenate([[0], np.cumsum(counts) / c * 100]) if c else np.array([0, 0])
    fig, ax = plt.subplots(figsize=(6.5, 5.5))
    ax.plot(x, y, color=VERMILLION, linewidth=2, label="Places, busiest first")
    ax.plot([0, 100], [0, 100], color=DARK, linestyle="--", linewidth=1, label="Even spread")
    if c and c < n:
        ax.plot(
            [0, c / n * 100, 100],
            [0, 100, 100],
            color=BLUE,
            linestyle=":",
            linewidth=1.5,
            label="Most even spread possible",
        )
    ax.set_xlabel("Share of places (%)")
    ax.set_ylabel("Share of incidents (%)")
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="lower right")
    s = result.stats
    where = "police.uk snap points" if result.by == "location" else "LSOAs"
    title = f"Concentration of {result.indicator.name.lower()} across {where}, {result.area.name}"
    source = f"Source: police.uk (Home Office), OGL v3.0; {result.period.label}."
    fig.subplots_adjust(bottom=0.14)
    _finish(fig, ax, path, title, source)
    if not s.incidents:
        alt = f"Lorenz curve of {s.places:,} {where}: there are no incidents to spread."
    else:
        alt = (
            f"Lorenz curve: the busiest 10% of {s.places:,} {where} hold "
            f"{s.top_shares['10']:.0f}% of {s.incidents:,.0f} incidents; half of incidents are "
            f"at {s.places_for_share['50']:.0f}% of places. Gini {s.gini:.2f}, generalised "
            f"Gini {s.generalised_gini:.2f}."
        )
    return Figure(path, title, alt, source)


def flags_map(run, ward_geoms: dict[str, Any], path: Path) -> Figure:
    """Wards of a flags run coloured by category, with flag counts written on them."""
    palette = {"emerging": VERMILLION, "sustaining": ORANGE, "preventing": GREEN, "off": SKY}
    colours = {w.ward_code: palette.get(w.category or "", GREY) for w in run.wards}
    geoms = {c: g for c, g in ward_geoms.items() if c in colours}
    fig, ax = _map_figure(geoms)
    _draw_areas(ax, geoms, colours, edge=DARK)
    for w in run.wards:
        g = geoms.get(w.ward_code)
        if g is not None and w.flag_count:
            p = g.representative_point()
            ax.text(
                p.x, p.y, str(w.flag_count), fontsize=7, ha="center", va="center", color="black"
            )
    _map_axes(ax, geoms)
    counts = {k: sum(1 for w in run.wards if w.category == k) for k in palette}
    ax.legend(
        handles=[
            Patch(facecolor=v, edgecolor=DARK, label=f"{k.title()} ({counts[k]})")
            for k, v in palette.items()
        ]
        + [Patch(facecolor=GREY, edgecolor=DARK, label="Not listed")],
        loc="lower right",
        fontsize=8,
    )
    title = f"Place flags, {run.area.name}, {run.period.label} (numbers: flags per ward)"
    source = f"Source: saferplaces flags run {run.id}; police.uk (Home Office). {BOUNDARIES_SOURCE}"
    _finish(fig, ax, path, title, source)
    listed = [w for w in run.wards if w.category in ("emerging", "sustaining", "preventing")]
    alt = (
        f"Map of the {len(run.wards)} wards of {run.area.name} by place-flag category for "
        f"{run.period.label}: "
        + "; ".join(f"{w.ward_name} {w.category} ({w.flag_count} flags)" for w in listed)
        + ("." if listed else "no ward is on the list.")
    )
    return Figure(path, title, alt, source)


def trend_chart(
    series: dict[str, list[tuple[str, float]]], title: str, ylabel: str, source: str, path: Path
) -> Figure:
    """Monthly counts, one line per named series (e.g. the area's crime and ASB)."""
    colours = [VERMILLION, BLUE, GREEN, ORANGE, PURPLE]
    styles = ["-", "--", "-.", ":", "-"]
    fig, ax = plt.subplots(figsize=(8, 4.5))
    months: list[str] = []
    for (name, points), colour, style in zip(series.items(), colours, styles, strict=False):
        months = [m for m, _ in points]
        ax.plot(
            range(len(points)),
            [v for _, v in points],
            color=colour,
            linestyle=style,
            marker="o",
            markersize=3,
            linewidth=1.6,
            label=name,
        )
    step = max(1, len(months) // 12)
    ax.set_xticks(range(0, len(months), step))
    ax.set_xticklabels(months[::step], rotation=45, ha="right", fontsize=7)
    ax.set_xlabel("Month")
    ax.set_ylabel(ylabel)
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.subplots_adjust(bottom=0.28)
    _finish(fig, ax, path, title, source)
    parts = []
    for name, points in series.items():
        vals = [v for _, v in points]
        if vals:
            hi = max(range(len(vals)), key=lambda i: vals[i])
            parts.append(
                f"{name}: {vals[0]:,.0f} in {points[0][0]}, {vals[-1]:,.0f} in {points[-1][0]}, "
                f"highest {vals[hi]:,.0f} in {points[hi][0]}"
            )
    return Figure(path, title, f"Line chart of monthly counts. {'; '.join(parts)}.", source)
