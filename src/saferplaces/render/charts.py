"""Charts and maps as static images (Matplotlib), drawn from a figure's chart spec.

Nothing is computed here: the centre line, limits, signals, classes and value labels
are in the spec the builder made. Colours are the Okabe–Ito palette (distinguishable
with the common colour-vision deficiencies), signals also differ by marker shape, and
maps use a light-to-dark sequential scale, so nothing relies on hue alone. Every image
carries its source line.

>>> from saferplaces.document.model import BarChart, Series
>>> png = chart_png(BarChart(["A", "B"], [Series("n", [3.0, 5.0])], "Count"), "Source: x")
>>> png[:4] == b"\\x89PNG"
True
"""

from __future__ import annotations

import io
import math
import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display; must precede pyplot

import matplotlib.pyplot as plt
import matplotlib.ticker
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.patches import Polygon as MplPolygon
from matplotlib.ticker import MaxNLocator

from saferplaces.document.model import (
    BarChart,
    Chart,
    Document,
    Figure,
    LineChart,
    MapChart,
    XYChart,
)
from saferplaces.document.palette import (
    BLUE,
    GREEN,
    GREY,
    LIGHT_GREY,
    NOT_SHOWN,
    ORANGE,
    SERIES,
    SKY,
    TEXT,
    VERMILLION,
    band_colours,
)
from saferplaces.render.scales import line_range

WIDTH_IN = 6.7
DPI = 150


def _font() -> str:
    """Arial where installed, else Liberation Sans (the same widths), else Matplotlib's
    own DejaVu Sans: the documents' font, chosen once so no lookup warns."""
    from matplotlib import font_manager

    fm = font_manager.fontManager
    if not {"Arial", "Liberation Sans"} & {f.name for f in fm.ttflist}:
        # Matplotlib's font list is cached from its first run: fonts installed since
        # (make sysdeps adds Liberation Sans) are added here for this process.
        for path in font_manager.findSystemFonts(fontext="ttf"):
            if Path(path).name.startswith(("LiberationSans-", "Arial")):
                fm.addfont(path)
    names = {f.name for f in fm.ttflist}
    return next((n for n in ("Arial", "Liberation Sans") if n in names), "DejaVu Sans")


plt.rcParams.update(
    {
        "font.family": _font(),
        "font.size": 9,
        "axes.titlesize": 10,
        "axes.labelsize": 9,
        "axes.edgecolor": GREY,
        "axes.labelcolor": TEXT,
        "xtick.color": TEXT,
        "ytick.color": TEXT,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "svg.fonttype": "none",
    }
)


def _source(fig, source: str) -> None:
    if source:
        fig.text(
            0.01,
            0.01,
            "\n".join(textwrap.wrap(f"Source: {source}", 120)),
            fontsize=7,
            color=GREY,
            ha="left",
            va="bottom",
        )


def _line(chart: LineChart, source: str):
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 4.1))
    x = list(range(len(chart.x_labels)))
    if chart.baseline_points:
        ax.axvspan(-0.5, chart.baseline_points - 0.5, color="#f3f2f1", zorder=0)
        ax.text(
            (chart.baseline_points - 1) / 2,
            1.0,
            "Baseline months",
            transform=ax.get_xaxis_transform(),
            ha="center",
            va="bottom",
            fontsize=8,
            color=GREY,
        )
    if chart.centre is not None:
        ax.axhline(chart.centre, color=TEXT, linewidth=1.2, label="Centre line (mean of baseline)")
    if chart.upper is not None:
        ax.axhline(
            chart.upper,
            color=VERMILLION,
            linewidth=1.1,
            linestyle="--",
            label="Trial limits (under 12 baseline months)"
            if chart.trial_limits
            else "Control limits",
        )
    if chart.lower is not None:
        ax.axhline(chart.lower, color=VERMILLION, linewidth=1.1, linestyle="--")
    styles = {"solid": "-", "dashed": "--", "muted": "-"}
    for j, s in enumerate(chart.series):
        ax.plot(
            x,
            [math.nan if v is None else v for v in s.values],
            color=SERIES[j % len(SERIES)],
            linestyle=styles.get(s.style, "-"),
            marker="o",
            markersize=3.5,
            linewidth=1.6,
            label=s.name,
        )
    if chart.signal_points:
        pts = sorted(chart.signal_points)
        values = chart.series[0].values
        ax.scatter(
            pts,
            [values[i] for i in pts],
            s=60,
            marker="D",
            facecolor=ORANGE,
            edgecolor=TEXT,
            linewidth=0.8,
            zorder=5,
            label="Signal",
        )
    step = max(1, len(x) // 12)
    ax.set_xticks(x[::step])
    ax.set_xticklabels(chart.x_labels[::step], rotation=45, ha="right")
    ax.set_xlim(-0.5, len(x) - 0.5)
    ax.set_ylim(*line_range(chart))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel(chart.y_label)
    ax.set_xlabel(chart.x_label)
    ax.grid(axis="y", color="#e6e6e6", linewidth=0.6)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.36), ncol=2, frameon=False, fontsize=8)
    fig.subplots_adjust(left=0.1, right=0.98, top=0.93, bottom=0.42)
    _source(fig, source)
    return fig


def _bar(chart: BarChart, source: str):
    n = len(chart.categories)
    k = len(chart.series)
    if chart.horizontal:
        height = max(2.4, 0.32 * n * max(1, k * 0.8) + 1.3)
        fig, ax = plt.subplots(figsize=(WIDTH_IN, height))
    else:
        fig, ax = plt.subplots(figsize=(WIDTH_IN, 3.4))
    width = 0.8 / k
    colours = [LIGHT_GREY, BLUE] if k == 2 else [BLUE, ORANGE, SKY, GREEN][:k]
    hatches = ["//", None] if k == 2 else [None] * k
    top = 0.0
    for j, s in enumerate(chart.series):
        offs = [i + (j - (k - 1) / 2) * width for i in range(n)]
        vals = [0.0 if v is None else v for v in s.values]
        top = max([top, *vals])
        colors = [
            ORANGE if chart.highlight and c == chart.highlight else colours[j]
            for c in chart.categories
        ]
        draw = ax.barh if chart.horizontal else ax.bar
        bars = draw(
            offs,
            vals,
            width * 0.95,
            color=colors,
            edgecolor=TEXT if k == 2 else "none",
            linewidth=0.4,
            hatch=hatches[j],
            label=s.name,
        )
        if s.intervals:
            ends = _whiskers(ax, offs, vals, s.intervals, chart.horizontal)
            top = max([top, *ends])
            if s.value_labels:
                # Beyond the whisker, so the label never sits on it.
                for pos, end, text in zip(offs, ends, s.value_labels, strict=True):
                    xy = (end, pos) if chart.horizontal else (pos, end)
                    ax.annotate(
                        text,
                        xy,
                        xytext=(4, 0) if chart.horizontal else (0, 4),
                        textcoords="offset points",
                        ha="left" if chart.horizontal else "center",
                        va="center" if chart.horizontal else "bottom",
                        fontsize=7.5,
                    )
        elif s.value_labels:
            ax.bar_label(bars, labels=s.value_labels, padding=2, fontsize=7.5)
    if chart.reference is not None and chart.reference[0] is not None:
        value, label = chart.reference
        line = ax.axvline if chart.horizontal else ax.axhline
        line(value, color=TEXT, linestyle="--", linewidth=1.1, label=f"{label}: {value:,.2f}")
    ticks = list(range(n))
    if chart.horizontal:
        ax.set_yticks(ticks)
        ax.set_yticklabels(chart.categories)
        ax.invert_yaxis()
        ax.set_xlabel(chart.value_label)
        if chart.category_label:
            ax.set_ylabel(chart.category_label)
        ax.set_xlim(0, top * 1.15 if top else 1)
        ax.grid(axis="x", color="#e6e6e6", linewidth=0.6)
    else:
        ax.set_xticks(ticks)
        ax.set_xticklabels(chart.categories)
        ax.set_ylabel(chart.value_label)
        if chart.category_label:
            ax.set_xlabel(chart.category_label)
        ax.set_ylim(0, top * 1.15 if top else 1)
        ax.grid(axis="y", color="#e6e6e6", linewidth=0.6)
    ax.set_axisbelow(True)
    handles, labels = ax.get_legend_handles_labels()
    if any(s.intervals for s in chart.series):
        handles.append(Line2D([], [], color=TEXT, marker="|", markersize=8, linewidth=1))
        labels.append("95% confidence interval")
    if chart.highlight:
        handles.append(Patch(facecolor=ORANGE, label=chart.highlight))
        labels.append(chart.highlight)
    if len(labels) > 1 or chart.highlight or chart.reference:
        # Above the plot, never over a bar or its value label.
        ax.legend(
            handles,
            labels,
            loc="lower left",
            bbox_to_anchor=(0, 1.01),
            ncol=2 if len(labels) > 3 else len(labels),
            fontsize=8,
            frameon=False,
        )
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    _source(fig, source)
    return fig


def _whiskers(ax, offs, vals, intervals, horizontal: bool) -> list[float]:
    """Draw each bar's 95% interval as a whisker with caps; the far end of each bar or
    whisker, whichever is further (where its value label goes)."""
    lows = [v - iv[0] if iv else 0.0 for v, iv in zip(vals, intervals, strict=True)]
    highs = [iv[1] - v if iv else 0.0 for v, iv in zip(vals, intervals, strict=True)]
    err = [lows, highs]
    ax.errorbar(
        vals if horizontal else offs,
        offs if horizontal else vals,
        xerr=err if horizontal else None,
        yerr=None if horizontal else err,
        fmt="none",
        ecolor=TEXT,
        elinewidth=0.9,
        capsize=2.5,
    )
    return [max(v, iv[1]) if iv else v for v, iv in zip(vals, intervals, strict=True)]


def _rings(geom):
    if geom.geom_type == "Polygon":
        yield geom.exterior.coords
    elif geom.geom_type in ("MultiPolygon", "GeometryCollection"):
        for g in geom.geoms:
            yield from _rings(g)


def _map(chart: MapChart, source: str):
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 5.6))
    lats = []
    colours = chart.colours if chart.colours is not None else band_colours(len(chart.class_labels))

    def colour(k: int) -> str:
        return colours[k]

    for code, geom in chart.shapes.items():
        k = chart.classes.get(code)
        for ring in _rings(geom):
            xy = list(ring)
            lats += [p[1] for p in xy]
            patch = MplPolygon(
                xy,
                closed=True,
                facecolor=NOT_SHOWN if k is None else colour(k),
                edgecolor=GREY if k is None else "white",
                hatch="///" if k is None else None,
                linewidth=0.6 if chart.colours is None else 0.3,
            )
            ax.add_patch(patch)
    for geom in chart.outlines.values():
        for ring in _rings(geom):
            xs, ys = zip(*ring, strict=False)
            ax.plot(xs, ys, color=TEXT, linewidth=0.7)
    ax.autoscale_view()
    mid = (min(lats) + max(lats)) / 2 if lats else 52.0
    ax.set_aspect(1 / math.cos(math.radians(mid)))
    for code, text in chart.labels.items():
        geom = chart.shapes.get(code)
        if geom is None:
            continue
        p = geom.representative_point()
        ax.annotate(
            text,
            (p.x, p.y),
            fontsize=7.5,
            ha="center",
            va="center",
            color=TEXT,
            bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": GREY, "lw": 0.5, "alpha": 0.9},
        )
    ax.set_axis_off()
    handles = [
        Patch(facecolor=colour(i), edgecolor=GREY, label=label)
        for i, label in enumerate(chart.class_labels)
    ]
    if any(v is None for v in chart.classes.values()):
        handles.append(Patch(facecolor="white", edgecolor=GREY, hatch="///", label="Not shown"))
    if chart.outlines and chart.outline_label:
        handles.append(Patch(facecolor="none", edgecolor=TEXT, label=chart.outline_label))
    ax.legend(
        handles=handles,
        title="\n".join(textwrap.wrap(chart.legend_title, 28)),
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        fontsize=8,
        title_fontsize=8,
        frameon=False,
    )
    fig.subplots_adjust(left=0.01, right=0.68, top=0.98, bottom=0.08)
    _source(fig, source)
    return fig


# How each role of an XY chart is drawn: colour, and line style or marker shape (so
# nothing relies on colour alone).
_XY_LINES = {
    "reference": (TEXT, 1.2),
    "limit": (ORANGE, 1.2),
    "limit-outer": (BLUE, 1.4),
    "data": (BLUE, 1.6),
}
_XY_STYLES = {"solid": "-", "dashed": "--", "dotted": ":"}


def _xy(chart: XYChart, source: str):
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 4.6))
    top = 0.0
    for line in chart.lines:
        colour, width = _XY_LINES.get(line.role, (GREY, 1.0))
        ax.plot(
            line.xs,
            line.ys,
            color=colour,
            linewidth=width,
            linestyle=_XY_STYLES.get(line.style, "-"),
            drawstyle="steps-post" if line.step else "default",
            label=line.name if line.legend else "_nolegend_",
        )
    for pts in chart.points:
        if not pts.xs:
            continue
        highlight = pts.role == "highlight"
        ax.scatter(
            pts.xs,
            pts.ys,
            s=40 if highlight else 28,
            marker="D" if highlight else "o",
            facecolor=VERMILLION if highlight else SKY,
            edgecolor=TEXT,
            linewidth=0.7,
            zorder=4 if highlight else 3,
            label=pts.name,
        )
        top = max([top, *pts.ys])
        for x, y, text in zip(pts.xs, pts.ys, pts.labels, strict=False):
            if text:
                ax.annotate(text, (x, y), fontsize=7, xytext=(4, 3), textcoords="offset points")
    if chart.y_from_zero:
        lines_top = max((max(line.ys) for line in chart.lines if line.ys), default=0.0)
        ax.set_ylim(0, max(top, lines_top) * 1.08 or 1)
    ax.set_xlabel(chart.x_label)
    ax.set_ylabel(chart.y_label)
    ax.xaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
    ax.grid(color="#e6e6e6", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3, frameon=False, fontsize=8)
    fig.subplots_adjust(left=0.1, right=0.98, top=0.96, bottom=0.3)
    _source(fig, source)
    return fig


def draw(chart: Chart, source: str = ""):
    """The Matplotlib figure for a chart spec (callers close it)."""
    if isinstance(chart, LineChart):
        return _line(chart, source)
    if isinstance(chart, BarChart):
        return _bar(chart, source)
    if isinstance(chart, MapChart):
        return _map(chart, source)
    if isinstance(chart, XYChart):
        return _xy(chart, source)
    raise TypeError(f"no drawing for {type(chart).__name__}")


def chart_png(chart: Chart, source: str = "", dpi: int = DPI, title: str = "") -> bytes:
    """The chart as PNG bytes: RGB with no alpha channel (the background is white), so
    the PDF writer embeds it as it is rather than splitting out a transparency mask.

    ``title`` is written in a band above the chart, for an image that travels alone
    (a document gives its figures captions instead)."""
    from PIL import Image

    fig = draw(chart, source)
    try:
        fig.set_dpi(dpi)
        fig.patch.set_facecolor("white")
        fig.canvas.draw()
        width, height = fig.canvas.get_width_height(physical=True)
        image = Image.frombuffer(
            "RGBA", (width, height), fig.canvas.buffer_rgba(), "raw", "RGBA", 0, 1
        ).convert("RGB")
    finally:
        plt.close(fig)
    if title:
        image = _titled(image, title, dpi)
    buf = io.BytesIO()
    image.save(buf, format="PNG", dpi=(dpi, dpi))
    return buf.getvalue()


def _titled(image, title: str, dpi: int):
    """``image`` with ``title`` (wrapped, bold) in a white band above it."""
    from matplotlib import font_manager
    from PIL import Image, ImageDraw, ImageFont

    size = int(11 / 72 * dpi)
    path = font_manager.findfont(
        font_manager.FontProperties(family=plt.rcParams["font.family"], weight="bold")
    )
    font = ImageFont.truetype(path, size)
    lines = textwrap.wrap(title, max(20, int(image.width / (size * 0.55))))
    band = int(size * 1.35 * len(lines) + size)
    out = Image.new("RGB", (image.width, image.height + band), "white")
    out.paste(image, (0, band))
    draw = ImageDraw.Draw(out)
    for i, line in enumerate(lines):
        draw.text((int(0.01 * image.width), int(size * 0.5 + i * size * 1.35)), line, TEXT, font)
    return out


def figure_file_name(fig: Figure) -> str:
    return f"figure-{fig.number or 0:02d}-{fig.id}.png"


def render_figures(doc: Document, folder: Path, dpi: int = DPI) -> dict[str, Path]:
    """Draw every figure of ``doc`` once into ``folder``; {figure id: PNG path}."""
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for fig in doc.figures():
        path = folder / figure_file_name(fig)
        path.write_bytes(chart_png(fig.chart, fig.source, dpi))
        out[fig.id] = path
    return out
