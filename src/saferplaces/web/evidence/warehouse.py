"""Opening the evidence warehouse for one request, read-only, through the core library.

Nothing here writes: loading data is the CLI's job (``saferplaces ingest``), and a
read-only DuckDB connection can sit beside a running load without blocking it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.periods import Period, format_month, month_index
from saferplaces.geography.areas import Area, resolve_area, wards_of
from saferplaces.geography.reference import reference_loaded
from saferplaces.quality.coverage import police_forces_for, police_months
from saferplaces.warehouse.connection import Warehouse


class EvidenceUnavailable(SaferplacesError):
    """The warehouse is missing, has no reference data, or does not know the area."""


@contextmanager
def open_evidence(partnership) -> Iterator[tuple[Warehouse, Area]]:
    """(warehouse, the partnership's area), opened read-only for this request."""
    path = Path(settings.SAFERPLACES_WAREHOUSE)
    if not path.exists():
        raise EvidenceUnavailable(
            f"There is no evidence warehouse at {path} yet. Load data with "
            "`saferplaces ingest police-uk PATH`, then reload this page."
        )
    wh = Warehouse.open(path, read_only=True)
    try:
        if not reference_loaded(wh):
            raise EvidenceUnavailable(
                "The warehouse has no reference data; run `saferplaces reference load`."
            )
        try:
            area = resolve_area(wh, partnership.area_code)
        except SaferplacesError as e:
            raise EvidenceUnavailable(
                f"The partnership's area code {partnership.area_code} is not known: {e}"
            ) from None
        yield wh, area
    finally:
        wh.close()


def partnership_wards(partnership) -> list[tuple[str, str]]:
    with open_evidence(partnership) as (wh, area):
        return [tuple(w) for w in wards_of(wh, area)]


def months_held(wh: Warehouse, area: Area) -> list[str]:
    """police.uk months held for the forces covering ``area``, sorted."""
    return sorted(police_months(wh, police_forces_for(wh, area)))


def suggested_periods(months: list[str]) -> list[tuple[str, str]]:
    """(spec, label) periods fully inside the months held, most recent first: the year
    ending the last month held, then whole financial and calendar years."""
    if not months:
        return []
    held = {month_index(m) for m in months}
    last = max(held)
    out: list[tuple[str, str]] = []

    def full(first: int, end: int) -> bool:
        return all(i in held for i in range(first, end + 1))

    if full(last - 11, last):
        spec = f"ye{format_month(last)}"
        out.append((spec, f"12 months ending {Period(last - 11, last).label.split(' to ')[1]}"))
    years = sorted({int(m[:4]) for m in months}, reverse=True)
    for y in years:
        fy_first = month_index(f"{y}-04")
        if full(fy_first, fy_first + 11):
            out.append((f"{y}/{(y + 1) % 100:02d}", f"Financial year {y}/{(y + 1) % 100:02d}"))
        if full(month_index(f"{y}-01"), month_index(f"{y}-12")):
            out.append((str(y), f"Calendar year {y}"))
    seen: dict[str, str] = {}
    for spec, label in out:
        seen.setdefault(spec, label)
    return list(seen.items())
