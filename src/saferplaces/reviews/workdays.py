"""Working days in England and Wales: Monday to Friday, less bank holidays.

Bank holidays come from the ``holidays`` package (England; Wales has the same days),
which knows the one-off days too (a coronation, a state funeral, a moved May holiday).

>>> add_working_days(date(2025, 12, 19), 5)  # a Friday; over Christmas and Boxing Day
datetime.date(2025, 12, 30)
>>> working_days_between(date(2025, 12, 19), date(2026, 1, 2))  # New Year's Day too
7
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    import holidays

    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(d: date) -> bool:
    return d.weekday() < 5 and d not in _bank_holidays(d.year)


def add_working_days(start: date, days: int) -> date:
    """The day ``days`` working days after ``start`` (``start`` itself not counted)."""
    d = start
    left = days
    while left > 0:
        d += timedelta(days=1)
        if is_working_day(d):
            left -= 1
    return d


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when end ≤ start)."""
    n = 0
    d = start
    while d < end:
        d += timedelta(days=1)
        if is_working_day(d):
            n += 1
    return n
