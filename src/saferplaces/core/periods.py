"""Periods: inclusive ranges of whole months, with the named forms analysts use.

Forms accepted by :func:`parse_period` (see ``methods.md``):

* ``2025``: the calendar year, January to December 2025;
* ``2024/25``: the financial year, April 2024 to March 2025;
* ``ye2025-09``: the twelve months ending September 2025;
* ``2025-01..2025-06``: an explicit inclusive range of months;
* ``2025-03``: a single month.

>>> p = parse_period("2024/25")
>>> p.start, p.end, p.months
('2024-04', '2025-03', 12)
>>> p.previous().label
'April 2023 to March 2024'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from saferplaces.core.errors import PeriodError

MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
MONTH_ABBREVIATIONS = [name[:3] for name in MONTH_NAMES]  # Jan, Feb, ...

_YEAR = re.compile(r"^(\d{4})$")
_FINANCIAL = re.compile(r"^(\d{4})/(\d{2})$")
_YEAR_ENDING = re.compile(r"^ye(\d{4})-(\d{2})$", re.IGNORECASE)
_RANGE = re.compile(r"^(\d{4})-(\d{2})\.\.(\d{4})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")

FORMS_HELP = "2025, 2024/25 (financial year), ye2025-09 (year ending), 2025-01..2025-06, 2025-03"


def _index(year: int, month: int) -> int:
    """Months since year 0, so month arithmetic is integer arithmetic."""
    return year * 12 + (month - 1)


def _from_index(i: int) -> tuple[int, int]:
    return i // 12, i % 12 + 1


@dataclass(frozen=True, order=True)
class Period:
    """An inclusive range of months, held as month indices."""

    first: int
    last: int

    @classmethod
    def of(cls, start: tuple[int, int], end: tuple[int, int]) -> Period:
        first, last = _index(*start), _index(*end)
        if last < first:
            raise PeriodError(f"period ends before it starts: {_fmt(first)}..{_fmt(last)}")
        return cls(first, last)

    @property
    def start(self) -> str:
        """First month as ``YYYY-MM``."""
        return _fmt(self.first)

    @property
    def end(self) -> str:
        """Last month as ``YYYY-MM``."""
        return _fmt(self.last)

    @property
    def months(self) -> int:
        return self.last - self.first + 1

    @property
    def start_date(self) -> date:
        y, m = _from_index(self.first)
        return date(y, m, 1)

    @property
    def end_date(self) -> date:
        """The first day of the last month (months are stored as their first day)."""
        y, m = _from_index(self.last)
        return date(y, m, 1)

    def month_list(self) -> list[str]:
        return [_fmt(i) for i in range(self.first, self.last + 1)]

    def previous(self) -> Period:
        """The period of equal length immediately before this one."""
        return Period(self.first - self.months, self.first - 1)

    @property
    def label(self) -> str:
        """The period named with its months, e.g. ``January 2025 to December 2025``."""
        return (
            f"{_long(self.first)} to {_long(self.last)}" if self.months > 1 else _long(self.first)
        )

    @property
    def spec(self) -> str:
        """The canonical range form, ``YYYY-MM..YYYY-MM``."""
        return f"{self.start}..{self.end}"

    def to_dict(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "months": self.months, "label": self.label}

    def __str__(self) -> str:
        return self.label


def _fmt(i: int) -> str:
    y, m = _from_index(i)
    return f"{y:04d}-{m:02d}"


def _long(i: int) -> str:
    y, m = _from_index(i)
    return f"{MONTH_NAMES[m - 1]} {y}"


# Years a period may name: no evidence is older, and the calendar needs a year before
# the first for the default baseline (there is no year 0).
YEARS = (1900, 2999)


def _year(year: str, text: str) -> int:
    y = int(year)
    if not YEARS[0] <= y <= YEARS[1]:
        raise PeriodError(f"period {text!r}: year {year} is not {YEARS[0]} to {YEARS[1]}")
    return y


def _month(year: str, month: str, text: str) -> tuple[int, int]:
    m = int(month)
    if not 1 <= m <= 12:
        raise PeriodError(f"period {text!r}: month {month} is not 01 to 12")
    return _year(year, text), m


def parse_period(text: str) -> Period:
    """Parse a period in one of the named forms; raise :class:`PeriodError` otherwise."""
    t = text.strip()
    if m := _YEAR.match(t):
        y = _year(m[1], text)
        return Period.of((y, 1), (y, 12))
    if m := _FINANCIAL.match(t):
        y = _year(m[1], text)
        if int(m[2]) != (y + 1) % 100:
            raise PeriodError(
                f"period {text!r}: a financial year is written like 2024/25 "
                f"(the second year must follow the first)"
            )
        return Period.of((y, 4), (y + 1, 3))
    if m := _YEAR_ENDING.match(t):
        end = _index(*_month(m[1], m[2], text))
        return Period(end - 11, end)
    if m := _RANGE.match(t):
        return Period.of(_month(m[1], m[2], text), _month(m[3], m[4], text))
    if m := _MONTH.match(t):
        mo = _month(m[1], m[2], text)
        return Period.of(mo, mo)
    raise PeriodError(f"period {text!r} is not understood; use one of: {FORMS_HELP}")


def month_of(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def index_of(d: date) -> int:
    """The month index (year × 12 + month − 1) of a date."""
    return _index(d.year, d.month)


def month_start(i: int) -> date:
    """The first day of month index ``i`` (how months are stored in the warehouse)."""
    y, m = _from_index(i)
    return date(y, m, 1)


def month_index(text: str) -> int:
    """``YYYY-MM`` to a month index."""
    m = _MONTH.match(text)
    if not m:
        raise PeriodError(f"{text!r} is not a month in the form YYYY-MM")
    return _index(*_month(m[1], m[2], text))


def format_month(i: int) -> str:
    return _fmt(i)


def missing_months(present: set[str], period: Period) -> list[str]:
    """Months of ``period`` not in ``present``, in order."""
    return [m for m in period.month_list() if m not in present]
