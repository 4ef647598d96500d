"""The colours every chart, map and tag uses, and the one way maps are banded.

Okabe & Ito (2008), "Color Universal Design": colours that stay distinct with the
common colour-vision deficiencies. A module of its own, below ``render/``, so builders
can name colours (a map's categories) without importing Matplotlib, and so the print
charts (Matplotlib), the web's SVG and the web's GOV.UK tags agree: the same chart or
map looks the same on paper and on screen.

>>> quantile_breaks([1, 2, 3, 4, 5]), quantile_breaks([0, 0, 0, 10]), quantile_breaks([])
([1, 2, 3, 4, 5], [0, 10], [])
>>> band_colours(2) == SEQUENTIAL[3:]
True
>>> CATEGORIES["preventing"].colour == GREEN, CATEGORIES["preventing"].tag
(True, 'govuk-tag--green')
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

BLUE = "#0072B2"
ORANGE = "#E69F00"
VERMILLION = "#D55E00"
SKY = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
PURPLE = "#CC79A7"
GREY = "#6b6b6b"
LIGHT_GREY = "#bdbdbd"
PALE_GREY = "#ececec"  # areas in no category (not listed, not significant)
TEXT = "#0b0c0c"
GRID = "#e6e6e6"
SHADE = "#f3f2f1"  # the baseline months behind a control chart

# Lines and bars of several series, in order (the first is the main one).
SERIES = [BLUE, VERMILLION, GREEN, ORANGE, PURPLE]

# Light to dark (viridis, reversed), five classes: a map's bands, on paper and on screen.
SEQUENTIAL = ["#fde725", "#5ec962", "#21918c", "#3b528b", "#440154"]
NOT_SHOWN = "#ffffff"  # a map area whose value is hidden (hatched) or not held


def quantile_breaks(values: Sequence[float], classes: int = 5) -> list[float]:
    """Upper bounds of up to ``classes`` quantile bands (about equal numbers of areas in
    each), lowest first; a bound equal to the one before it is dropped."""
    ordered = sorted(values)
    out: list[float] = []
    for k in range(1, classes + 1) if ordered else ():
        b = ordered[max(0, math.ceil(k * len(ordered) / classes) - 1)]
        if not out or b > out[-1]:
            out.append(b)
    return out


def band_of(value: float, breaks: Sequence[float]) -> int:
    """The band (0 = lowest) ``value`` falls in."""
    return next((k for k, b in enumerate(breaks) if value <= b), len(breaks) - 1)


def band_colours(n: int) -> list[str]:
    """The colours of ``n`` bands: the darkest ``n`` of :data:`SEQUENTIAL`, so a map with
    fewer bands still ends at the darkest."""
    return SEQUENTIAL[len(SEQUENTIAL) - n :]


@dataclass(frozen=True)
class Category:
    label: str
    colour: str  # fill on a map or chart
    tag: str  # the GOV.UK Frontend tag of the same hue, for web pages


# One colour per place-flag category, everywhere: the assessment's maps, the area
# profile, the web's tags. (Before: "preventing" was green in print, purple on the web.)
CATEGORIES = {
    "emerging": Category("Emerging", VERMILLION, "govuk-tag--red"),
    "sustaining": Category("Sustaining", ORANGE, "govuk-tag--orange"),
    "preventing": Category("Preventing", GREEN, "govuk-tag--green"),
    "off": Category("Off the list", SKY, ""),  # GOV.UK's default tag is blue
    None: Category("Not listed", PALE_GREY, "govuk-tag--grey"),
}
CATEGORY_ORDER = ("emerging", "sustaining", "preventing", "off")

# Gi* hot and cold spots.
HOT, COLD, NOT_SIGNIFICANT = VERMILLION, BLUE, PALE_GREY
