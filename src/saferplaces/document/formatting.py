"""Numbers, money, dates and the missing-value mark as a reader sees them: the one place.

Every output adapts this module rather than writing its own: document tables, figures
and sentences (the assessment, the area profile, the agenda pack ...), the CLI's
tables and CSVs (:mod:`saferplaces.cli.output`), the web's template filters
(``web/core/templatetags/govuk.py``) and the spreadsheet number formats
(:data:`EXCEL_FORMATS`).

>>> integer(1234.6), signed(-12), rate(11.126), percentage(5.249), share(40)
('1,235', '-12', '11.13', '+5.2%', '40.0%')
>>> p_value(0.0004), p_value(0.0342), z(1.959), money(1500), money(-2.5)
('<0.001', '0.034', '+1.96', '£1,500.00', '−£2.50')
>>> fmt(None, "int"), fmt(float("nan"), "rate"), fmt("<5", "int")
('–', '–', '<5')
>>> long_date(date(2026, 1, 5)), short_date(date(2026, 1, 5)), weekday_date(date(2026, 1, 5))
('5 January 2026', '5 Jan 2026', 'Monday 5 January 2026')
>>> month_label("2025-03"), long_month("2025-12")
('Mar 2025', 'December 2025')
>>> data_value(19.718309859154928, "rate"), data_value(0.000123456, "p"), data_value(7.0, "int")
(19.72, 0.000123, 7)

Where the five earlier formatters disagreed, the choice made (docs/decisions/0018):

* **Whole numbers round** to the nearest (the CLI and the web template filter truncated:
  a weighted harm of 1,234.7 read 1,234 there and 1,235 in the assessment).
* **Percentages**: ``percentage`` is a change (signed: ``+5.2%``, and ``0.0%`` for no
  change); ``share`` is a part of a whole (``40.0%``). The CLI's ``percent`` kind is a
  share.
* **Data files** (CSV, and the JSON-free CLI CSV) hold numbers rounded as the document
  shows them (:func:`data_value`; p-values to three significant figures so a very small
  one is not zero). The CLI used to keep one place more (rates to 3, changes to 2).
* **The missing-value mark** is an en dash (``–``) everywhere text is shown; a CSV from
  the CLI leaves the cell empty, a document's CSV keeps the mark or the disclosure
  marker the document shows (``<5``, ``[c]``).
* Text that is not a number (a disclosure marker such as ``<5``) passes through
  untouched whatever the kind.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from saferplaces.core.periods import MONTH_NAMES as MONTHS

MISSING = "–"  # en dash: a value that is not held, not applicable, or cannot be computed

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Decimal places a value of each kind is shown with (and a data file keeps).
DECIMALS = {
    "int": 0,
    "signed": 0,
    "rate": 2,
    "index": 2,
    "z": 2,
    "mean": 1,
    "pct": 1,
    "share": 1,
    "percent": 1,
    "money": 2,
}

# How a spreadsheet shows a number of each kind: the same as the text.
EXCEL_FORMATS = {
    "int": "#,##0",
    "signed": "+#,##0;-#,##0;0",
    "rate": "#,##0.00",
    "mean": "#,##0.0",
    "pct": '+0.0"%";-0.0"%";0.0"%"',
    "share": '0.0"%"',
    "percent": '0.0"%"',
    "p": "0.0000",
    "z": "+0.00;-0.00;0.00",
    "index": "0.00",
    "money": '"£"#,##0.00;-"£"#,##0.00',
}


def is_missing(value: Any) -> bool:
    """None or NaN: nothing to show."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def whole(value: Any) -> int:
    """A number as a whole number: rounded to the nearest (half to even, as ``round``)."""
    return value if isinstance(value, int) else round(float(value))


def integer(value: Any) -> str:
    """A count: ``1,235`` (rounded to the nearest whole number)."""
    return f"{whole(value):,}"


def signed(value: Any) -> str:
    """A change in a count: ``+126``, ``-12``, and ``0`` for none."""
    n = whole(value)
    return f"{n:+,}" if n else "0"


def rate(value: Any, places: int = 2) -> str:
    """A rate (per 1,000): ``11.13``."""
    return f"{float(value):,.{places}f}"


def mean(value: Any) -> str:
    """An average per month: ``12.5``."""
    return f"{float(value):,.1f}"


def percentage(value: Any) -> str:
    """A percentage change: ``+5.2%``, ``-3.0%``, and ``0.0%`` when it rounds to none."""
    v = float(value)
    return f"{v:+.1f}%" if round(v, 1) else "0.0%"


def share(value: Any) -> str:
    """A share of a whole, in percent: ``40.0%``."""
    return f"{float(value):.1f}%"


def p_value(value: Any) -> str:
    """A p- or q-value: ``0.034``, and ``<0.001`` below a thousandth."""
    v = float(value)
    return "<0.001" if v < 0.001 else f"{v:.3f}"


def z(value: Any) -> str:
    """A z-score: ``+1.96``."""
    return f"{float(value):+.2f}"


def index(value: Any) -> str:
    """An index or ratio (a seasonal index, a Gini): ``0.95``."""
    return f"{float(value):.2f}"


def money(value: Any) -> str:
    """Pounds and pence as a board paper prints them: ``£1,500.00``, and ``−£2.50`` with a
    minus sign (U+2212) before the pound sign. Exact to the penny (a ``Decimal`` is
    rounded half up, never through a float)."""
    v = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    v = v.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"−£{-v:,.2f}" if v < 0 else f"£{v:,.2f}"


_BY_KIND = {
    "int": integer,
    "signed": signed,
    "rate": rate,
    "mean": mean,
    "pct": percentage,
    "share": share,
    "percent": share,
    "p": p_value,
    "z": z,
    "index": index,
    "money": money,
}
KINDS = ("text", *_BY_KIND)


def fmt(value: Any, kind: str) -> str:
    """``value`` as text for a table cell or a sentence; :data:`MISSING` for nothing.

    A string given for a number kind is a marker (``<5``, ``[c]``) and is kept."""
    if is_missing(value):
        return MISSING
    if isinstance(value, str) and kind != "text":
        return value
    f = _BY_KIND.get(kind)
    return f(value) if f else str(value)


def data_value(value: Any, kind: str) -> Any:
    """A number as a CSV or spreadsheet cell holds it: rounded as it is shown (a count as
    an ``int``; a p-value to three significant figures). Anything else unchanged."""
    if isinstance(value, bool) or not isinstance(value, int | float) or is_missing(value):
        return value
    if kind in ("int", "signed"):
        return whole(value)
    if not isinstance(value, float):
        return value
    if kind == "p":
        return float(f"{value:.3g}")
    return round(value, DECIMALS.get(kind, 4))


# ---------------------------------------------------------------------------------- dates


def _as_date(d: date | datetime | str) -> date:
    if isinstance(d, str):
        return date.fromisoformat(d[:10])
    return d


def long_date(d: date | datetime | str) -> str:
    """``5 January 2026`` (GOV.UK style: no leading zero, no comma)."""
    d = _as_date(d)
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def short_date(d: date | datetime | str) -> str:
    """``5 Jan 2026``, for table cells."""
    d = _as_date(d)
    return f"{d.day} {MONTHS[d.month - 1][:3]} {d.year}"


def weekday_date(d: date | datetime | str) -> str:
    """``Monday 5 January 2026``, for a meeting."""
    d = _as_date(d)
    return f"{WEEKDAYS[d.weekday()]} {long_date(d)}"


def time_of_day(t: Any) -> str:
    """``14:30`` (24-hour clock)."""
    return f"{t.hour:02d}:{t.minute:02d}"


def month_label(month: str) -> str:
    """``2025-03`` -> ``Mar 2025``."""
    return f"{MONTHS[int(month[5:7]) - 1][:3]} {month[:4]}"


def long_month(month: str) -> str:
    """``2025-12`` -> ``December 2025``."""
    return f"{MONTHS[int(month[5:7]) - 1]} {month[:4]}"
