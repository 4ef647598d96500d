"""Numbers as a reader sees them, shared by every table, figure and sentence.

>>> fmt(1234, "int"), fmt(-12, "signed"), fmt(5.249, "pct"), fmt(None, "pct")
('1,234', '-12', '+5.2%', '–')
>>> short_period_label(parse_period("2024/25")), month_label("2025-03")
('2024/25', 'Mar 2025')
"""

from __future__ import annotations

import math
from typing import Any

from saferplaces.assessment.model import Cell
from saferplaces.core.periods import MONTH_ABBREVIATIONS, Period, parse_period
from saferplaces.indicators.stats import DECREASE, INCREASE, NO_CHANGE, NOT_COMPARED

MISSING = "–"


def fmt(value: Any, kind: str) -> str:
    """``value`` as text for a table cell or a sentence."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    if kind == "int":
        return f"{round(value):,}"
    if kind == "signed":
        return f"{int(value):+,}" if value else "0"
    if kind == "rate":
        return f"{value:,.2f}"
    if kind == "mean":
        return f"{value:,.1f}"
    if kind == "pct":
        return f"{value:+.1f}%" if round(value, 1) else "0.0%"
    if kind == "share":
        return f"{value:.1f}%"
    if kind == "p":
        return "<0.001" if value < 0.001 else f"{value:.3f}"
    if kind == "index":
        return f"{value:.2f}"
    return str(value)


def cell(value: Any, kind: str = "text") -> Cell:
    """A visible cell; the spreadsheet keeps the number, rounded as shown for rates."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return Cell(MISSING, None)
    if kind in ("int", "signed"):
        return Cell(fmt(value, kind), int(value))
    if kind in ("rate", "pct", "p", "index", "mean", "share"):
        return Cell(fmt(value, kind), float(value))
    return Cell(str(value), value)


def month_label(month: str) -> str:
    """``2025-03`` -> ``Mar 2025``."""
    return f"{MONTH_ABBREVIATIONS[int(month[5:7]) - 1]} {month[:4]}"


def long_month(month: str) -> str:
    """``2025-12`` -> ``December 2025``."""
    return parse_period(month).label


def missing_phrase(months: list[str]) -> str:
    """``December 2025 is missing`` / ``November and December 2025 are missing``."""
    if not months:
        return "months are missing"
    names = [long_month(m) for m in months]
    if len(names) == 1:
        return f"{names[0]} is missing"
    return f"{', '.join(names[:-1])} and {names[-1]} are missing"


def short_period_label(p: Period) -> str:
    """A column-header name for a period: ``2025``, ``2024/25`` or ``Oct 2024–Sep 2025``."""
    if p.months == 12 and p.start.endswith("-01"):
        return p.start[:4]
    if p.months == 12 and p.start.endswith("-04"):
        return f"{p.start[:4]}/{p.end[2:4]}"
    if p.months == 1:
        return month_label(p.start)
    if p.start[:4] == p.end[:4]:
        return f"{month_label(p.start)[:3]}–{month_label(p.end)}"
    return f"{month_label(p.start)}–{month_label(p.end)}"


CLASSIFICATION_SHORT = {
    INCREASE: "Significant increase",
    DECREASE: "Significant decrease",
    NO_CHANGE: "No significant change",
    NOT_COMPARED: "Not compared",
}


def classification_phrase(c: str) -> str:
    """For a sentence: ``a significant increase``, ``no significant change`` ..."""
    if c in (INCREASE, DECREASE):
        return f"a {c}"
    if c == NOT_COMPARED:
        return "not compared (months missing)"
    return c
