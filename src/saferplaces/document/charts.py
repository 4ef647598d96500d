"""Map specs every document and page builds the same way: banded (choropleth), by
place-flag category, and Gi* hot and cold spots.

A spec is data (:class:`~saferplaces.document.model.MapChart`): the classes, their
legend text and their colours are decided here, once, with the palette and class breaks
of :mod:`saferplaces.document.palette`; :mod:`saferplaces.render.charts` draws it for
print and :mod:`saferplaces.render.svg` for the web. Line charts (monthly counts with XmR
limits), bar charts and XY charts (funnel plots, Lorenz curves) are built directly as
:class:`~saferplaces.document.model.LineChart`, ``BarChart`` and ``XYChart``.

>>> m = choropleth({}, {"a": "A", "b": "B", "c": "C"}, {"a": 1.0, "b": 2.5, "c": None},
...                legend_title="Rate", kind="rate", classes=2)
>>> m.classes, m.class_labels
({'a': 0, 'b': 1, 'c': None}, ['up to 1.00', 'over 1.00 to 2.50'])
>>> from saferplaces.document.palette import PALE_GREY, VERMILLION
>>> f = category_map({}, {"a": "A", "b": "B"}, {"a": "emerging", "b": None}, legend_title="")
>>> f.class_labels, f.colours == [VERMILLION, PALE_GREY]
(['Emerging (1)', 'Not listed (1)'], True)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from saferplaces.document.formatting import fmt
from saferplaces.document.model import MapChart
from saferplaces.document.palette import (
    CATEGORIES,
    CATEGORY_ORDER,
    COLD,
    HOT,
    NOT_SIGNIFICANT,
    band_of,
    quantile_breaks,
)


def band_labels(breaks: list[float], kind: str) -> list[str]:
    """Legend text of quantile bands: ``up to 4.10``, ``over 4.10 to 6.25`` ..."""
    return [
        f"up to {fmt(b, kind)}" if k == 0 else f"over {fmt(breaks[k - 1], kind)} to {fmt(b, kind)}"
        for k, b in enumerate(breaks)
    ]


def choropleth(
    shapes: Mapping[str, Any],
    names: Mapping[str, str],
    values: Mapping[str, float | None],
    *,
    legend_title: str,
    kind: str = "rate",
    classes: int = 5,
    outlines: Mapping[str, Any] | None = None,
    outline_label: str = "",
) -> MapChart:
    """Areas shaded light to dark in quantile bands of ``values``; an area whose value is
    None (hidden by disclosure control, or not held) is left out of the bands and drawn
    hatched."""
    present = [float(v) for v in values.values() if v is not None]
    breaks = quantile_breaks(present, classes)
    return MapChart(
        shapes=dict(shapes),
        names=dict(names),
        classes={
            code: None if v is None else band_of(float(v), breaks) for code, v in values.items()
        },
        class_labels=band_labels(breaks, kind),
        legend_title=legend_title,
        outlines=dict(outlines or {}),
        outline_label=outline_label,
    )


def category_map(
    shapes: Mapping[str, Any],
    names: Mapping[str, str],
    categories: Mapping[str, str | None],
    *,
    legend_title: str,
    labels: Mapping[str, str] | None = None,
    label_of=None,
) -> MapChart:
    """Areas coloured by place-flag category (emerging, sustaining, preventing, off, or
    none), one colour each from the palette; the legend counts the areas in each.
    ``label_of`` names a category in the legend (default: the palette's label)."""
    name = label_of or (lambda c: CATEGORIES[c].label)
    categories = {k: v if v in CATEGORIES else None for k, v in categories.items()}
    present = [c for c in (*CATEGORY_ORDER, None) if c in categories.values()]
    counts = {c: sum(1 for v in categories.values() if v == c) for c in present}
    return MapChart(
        shapes=dict(shapes),
        names=dict(names),
        classes={code: present.index(c) for code, c in categories.items()},
        class_labels=[f"{name(c)} ({counts[c]})" for c in present],
        legend_title=legend_title,
        labels=dict(labels or {}),
        colours=[CATEGORIES[c].colour for c in present],
    )


def hotspot_map(
    shapes: Mapping[str, Any],
    spots: Mapping[str, str | None],
    *,
    legend_title: str,
    outlines: Mapping[str, Any] | None = None,
    outline_label: str = "Ward boundary",
    total: int | None = None,
) -> MapChart:
    """Areas coloured hot spot (vermillion), cold spot (blue) or not significant (pale
    grey), with the legend counting each; ``spots`` maps a code to ``"hot"``, ``"cold"``
    or None. ``total``: the areas tested, when some have no shape to draw."""
    order = ("hot", "cold", None)
    n = {k: sum(1 for v in spots.values() if v == k) for k in order}
    total = len(shapes) if total is None else total
    return MapChart(
        shapes=dict(shapes),
        names={},
        classes={code: order.index(spots.get(code)) for code in shapes},
        class_labels=[
            f"Hot spot ({n['hot']})",
            f"Cold spot ({n['cold']})",
            f"Not significant ({total - n['hot'] - n['cold']})",
        ],
        legend_title=legend_title,
        colours=[HOT, COLD, NOT_SIGNIFICANT],
        outlines=dict(outlines or {}),
        outline_label=outline_label,
    )
