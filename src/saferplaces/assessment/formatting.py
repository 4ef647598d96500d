"""The assessment's own words for periods, missing months and classifications; numbers
and dates come from :mod:`saferplaces.document.formatting`.

>>> short_period_label(parse_period("2024/25")), short_period_label(parse_period("2025-03"))
('2024/25', 'Mar 2025')
"""

from __future__ import annotations

from saferplaces.core.periods import Period
from saferplaces.document.formatting import long_month, month_label
from saferplaces.indicators.stats import DECREASE, INCREASE, NO_CHANGE, NOT_COMPARED


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
