"""Opening the warehouse and naming areas and periods for a command."""

from __future__ import annotations

from pathlib import Path

from saferplaces.cli.output import err_console
from saferplaces.core.periods import Period, parse_period
from saferplaces.geography.areas import Area, resolve_area
from saferplaces.geography.reference import ensure_reference, reference_loaded
from saferplaces.warehouse.connection import Warehouse


def open_warehouse(path: Path | None) -> Warehouse:
    """Open the warehouse, loading the bundled reference data on first use."""
    wh = Warehouse.open(path)
    if not reference_loaded(wh):
        with err_console.status("Loading reference data (lookups, population, boundaries)..."):
            ensure_reference(wh)
    return wh


def area_and_periods(
    wh: Warehouse, area: str, period: str, baseline: str | None
) -> tuple[Area, Period, Period]:
    p = parse_period(period)
    b = parse_period(baseline) if baseline else p.previous()
    return resolve_area(wh, area), p, b
