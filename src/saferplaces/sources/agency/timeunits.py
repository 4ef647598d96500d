"""Time units for tables: year, financial year, academic year, quarter and month.

Months are indices (year × 12 + month − 1). Each unit maps a month to a bucket, names
the bucket (quarters by their months: "Jan–Mar 2025", never "Q1"), and lists its
months, so a table can say when it holds only part of a year.
"""

from __future__ import annotations

from saferplaces.core.periods import MONTH_ABBREVIATIONS, Period
from saferplaces.sources.agency.coverage import held_months
from saferplaces.sources.agency.queries import bucket_sql
from saferplaces.sources.agency.spec import Spec
from saferplaces.warehouse.connection import Warehouse

TIME_UNITS = ("year", "financial-year", "academic-year", "quarter", "month")
__all__ = ["TIME_UNITS", "bucket_label", "bucket_months", "bucket_of_month", "bucket_sql"]


def bucket_months(unit: str, b: int) -> range:
    first = {"year": b * 12, "financial-year": b * 12 + 3, "academic-year": b * 12 + 8}.get(unit)
    if first is not None:
        return range(first, first + 12)
    if unit == "quarter":
        return range(b * 3, b * 3 + 3)
    return range(b, b + 1)


def bucket_label(unit: str, b: int) -> str:
    if unit == "year":
        return str(b)
    if unit in ("financial-year", "academic-year"):
        return f"{b}/{(b + 1) % 100:02d}"
    if unit == "quarter":
        y, q = divmod(b, 4)
        return f"{MONTH_ABBREVIATIONS[q * 3]}–{MONTH_ABBREVIATIONS[q * 3 + 2]} {y}"
    y, m = divmod(b, 12)
    return f"{y:04d}-{m + 1:02d}"


def bucket_of_month(unit: str, m: int) -> int:
    return {
        "year": m // 12,
        "financial-year": (m - 3) // 12,
        "academic-year": (m - 8) // 12,
        "quarter": m // 3,
        "month": m,
    }[unit]


def all_buckets(unit: str, period: Period | None, held: set[int]) -> list[int]:
    if period is not None:
        months = range(period.first, period.last + 1)
    elif held:
        months = range(min(held), max(held) + 1)
    else:
        return []
    return sorted({bucket_of_month(unit, m) for m in months})


def part_period_notes(wh: Warehouse, spec: Spec, unit: str, period: Period | None) -> list[str]:
    """A note for each time bucket the source holds only part of, so a part year is never
    read as a whole one."""
    from saferplaces.sources.agency.quality import month_name

    held_map = held_months(wh, spec.name)
    held = set().union(*held_map.values()) if held_map else set()
    out = []
    for b in all_buckets(unit, period, held):
        months = [
            m
            for m in bucket_months(unit, b)
            if m in held and (period is None or period.first <= m <= period.last)
        ]
        if months and len(months) < len(bucket_months(unit, b)):
            out.append(
                f"{bucket_label(unit, b)} is part of a {unit.replace('-', ' ')}: "
                f"{month_name(months[0])} to {month_name(months[-1])} only."
            )
    return out
