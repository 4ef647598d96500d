"""Which months an agency source holds, so no comparison is made over missing months.

A month counts as held when a load still in force covers it. For tables (counts by
period) a month is only usable for a period when every row covering it lies inside the
period: a quarter that straddles the period's edge cannot be split, so its months are
reported as missing for that period rather than counted in part.
"""

from __future__ import annotations

from collections.abc import Callable

from saferplaces.core.periods import Period, format_month
from saferplaces.geography.areas import Area
from saferplaces.quality.coverage import Coverage
from saferplaces.sources.agency import queries as q
from saferplaces.warehouse.connection import Warehouse


def held_months(wh: Warehouse, source: str) -> dict[str, set[int]]:
    """{scope: month indices held} for ``source`` (loads still in force)."""
    out: dict[str, set[int]] = {}
    for scope, month in q.coverage_months(wh, source):
        out.setdefault(scope, set()).add(month)
    return out


def months_usable(wh: Warehouse, source: str, period: Period) -> tuple[set[int], list[str]]:
    """(months of ``period`` the source's data can be counted for, scopes holding data)."""
    held = held_months(wh, source)
    usable: set[int] = set().union(*held.values()) if held else set()
    for first, last in q.straddling_spans(wh, source, period.first, period.last):
        usable -= set(range(first, last + 1))
    return {m for m in usable if period.first <= m <= period.last}, sorted(held)


def source_coverage(source: str) -> Callable[[Warehouse, Area, Period], Coverage]:
    """The coverage rule for one agency source (see :func:`register_coverage`)."""

    def coverage(wh: Warehouse, area: Area, period: Period) -> Coverage:
        usable, scopes = months_usable(wh, source, period)
        missing = tuple(
            format_month(m) for m in range(period.first, period.last + 1) if m not in usable
        )
        providers = tuple(s for s in scopes if s != source)
        return Coverage(source, providers, period, missing)

    return coverage
