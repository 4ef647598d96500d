"""A monthly trend chart drawn as SVG on the server (an image plus its data table)."""

from __future__ import annotations

from html import escape

from saferplaces.core.periods import MONTH_ABBREVIATIONS, month_index


def _nice_max(v: float) -> float:
    if v <= 0:
        return 1
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if v <= step * 5:
            return step * 5 if v > step * 4 else step * int(-(-v // step))
    return v


def trend_svg(
    series: list[tuple[str, int | None]],
    *,
    title: str,
    description: str,
    width: int = 640,
    height: int = 280,
) -> str:
    """A line chart of (``YYYY-MM``, count) with labelled axes; a month whose count is
    None (not held) is a gap in the line, never a zero."""
    if not series:
        return ""
    left, right, top, bottom = 64, 16, 16, 52
    w, h = width - left - right, height - top - bottom
    top_v = _nice_max(max((c for _, c in series if c is not None), default=0))
    n = len(series)

    def x(i):
        return left + (w * i / (n - 1) if n > 1 else w / 2)

    def y(v):
        return top + h - h * v / top_v

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sp-chart" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="chart-title chart-desc">'
        f'<title id="chart-title">{escape(title)}</title>'
        f'<desc id="chart-desc">{escape(description)}</desc>'
    ]
    for k in range(6):
        v = top_v * k / 5
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" '
            f'stroke="#b1b4b6" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end" font-size="14" '
            f'fill="#0b0c0c">{v:,.0f}</text>'
        )
    for i, (m, _) in enumerate(series):
        idx = month_index(m)
        if n <= 12 or idx % 3 == 0:
            label = MONTH_ABBREVIATIONS[idx % 12] + (f" {m[:4]}" if idx % 12 == 0 or i == 0 else "")
            parts.append(
                f'<text x="{x(i):.1f}" y="{height - bottom + 18}" text-anchor="middle" '
                f'font-size="13" fill="#0b0c0c">{escape(label)}</text>'
            )
    runs: list[list[str]] = [[]]
    for i, (_, c) in enumerate(series):
        if c is None:
            runs.append([])
        else:
            runs[-1].append(f"{x(i):.1f},{y(c):.1f}")
    for points in (r for r in runs if r):
        parts.append(
            f'<polyline points="{" ".join(points)}" fill="none" stroke="#1d70b8" '
            'stroke-width="2.5"/>'
        )
    for i, (m, c) in enumerate(series):
        if c is None:
            continue
        parts.append(
            f'<circle cx="{x(i):.1f}" cy="{y(c):.1f}" r="3" fill="#1d70b8">'
            f"<title>{escape(m)}: {c:,}</title></circle>"
        )
    parts.append(
        f'<line x1="{left}" x2="{width - right}" y1="{top + h}" y2="{top + h}" stroke="#0b0c0c"/>'
        f'<text x="{left + w / 2:.0f}" y="{height - 8}" text-anchor="middle" font-size="14" '
        f'fill="#0b0c0c">Month</text>'
    )
    parts.append("</svg>")
    return "".join(parts)
