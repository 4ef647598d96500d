"""Financial years (April to March), named as partnerships write them: ``2025/26``.

>>> financial_year(date(2026, 3, 31)), financial_year(date(2026, 4, 1))
('2025/26', '2026/27')
>>> year_bounds("2025/26")
(datetime.date(2025, 4, 1), datetime.date(2026, 3, 31))
"""

from __future__ import annotations

import re
from datetime import date

from saferplaces.core.errors import SaferplacesError

_YEAR = re.compile(r"^(\d{4})/(\d{2})$")


class YearError(SaferplacesError):
    """A financial year that is not written like 2025/26."""


def financial_year(d: date) -> str:
    """The financial year holding ``d``."""
    first = d.year if d.month >= 4 else d.year - 1
    return f"{first}/{(first + 1) % 100:02d}"


def year_bounds(year: str) -> tuple[date, date]:
    """The first and last day of a financial year written like ``2025/26``."""
    m = _YEAR.match(year.strip())
    if not m or (int(m[1]) + 1) % 100 != int(m[2]):
        raise YearError(
            f"{year!r} is not a financial year: write it like 2025/26 (April 2025 to March 2026)"
        )
    first = int(m[1])
    return date(first, 4, 1), date(first + 1, 3, 31)


def year_label(year: str) -> str:
    """``2025/26`` as ``April 2025 to March 2026``."""
    start, end = year_bounds(year)
    return f"April {start.year} to March {end.year}"
