"""Opening the warehouse and naming areas and periods for a command."""

from __future__ import annotations

from pathlib import Path

from saferplaces import extensions
from saferplaces.cli.output import err_console
from saferplaces.core.errors import WarehouseError
from saferplaces.core.periods import Period, parse_period
from saferplaces.core.settings import warehouse_path
from saferplaces.geography.areas import Area, resolve_area
from saferplaces.geography.reference import (
    ensure_reference,
    reference_complete,
    reference_loaded,
)
from saferplaces.warehouse.connection import Warehouse

# Warehouses this command opened: closed when it ends (closing a write session is what
# makes its writes seen), so a second command in the same process reads them.
_OPENED: list[Warehouse] = []


def close_warehouses() -> None:
    """Close every warehouse the command opened (``main`` calls it when a command ends)."""
    while _OPENED:
        _OPENED.pop().close()


def _waiting(message: str) -> None:
    err_console.print(message, highlight=False, soft_wrap=True)


def _prepare(wh: Warehouse) -> None:
    if not reference_loaded(wh):
        with err_console.status("Loading reference data (lookups, population, boundaries)..."):
            ensure_reference(wh)
    else:
        ensure_reference(wh)  # tables a later saferplaces added, when their file is bundled


def open_warehouse(path: Path | None, *, write: bool = False) -> Warehouse:
    """Open the warehouse for a command, loading the bundled reference data on first use,
    and register the sources its stored dataset specs declare.

    A command that only reads opens it read-only, so it runs beside a load or the web
    app, and on a warehouse it may not write (decision 16). Only a warehouse that is
    missing, made by an older saferplaces or without its reference data is written
    first. ``write`` opens it for a command that writes (a load, a flags run): its
    writes are seen by others when the command ends.
    """
    extensions.load()  # before the reference files are listed: plugins add some
    wh = _open(path, write)
    extensions.load_warehouse(wh)
    return wh


def _open(path: Path | None, write: bool) -> Warehouse:
    if write:
        wh = Warehouse.open(path, on_wait=_waiting)
        _OPENED.append(wh)
        _prepare(wh)
        return wh
    if warehouse_path(path).exists():
        wh = Warehouse.open(path, read_only=True)
        if not wh.pending_migrations() and reference_complete(wh):
            _OPENED.append(wh)
            return wh
        ready = not wh.pending_migrations() and reference_loaded(wh)
        wh.close()
        try:
            with Warehouse.open(path, on_wait=_waiting) as writer:
                _prepare(writer)
        except WarehouseError:
            if not ready:
                raise
            # Only a table added since cannot be filled: read what is there.
    else:
        with Warehouse.open(path, on_wait=_waiting) as writer:
            _prepare(writer)
    wh = Warehouse.open(path, read_only=True)
    _OPENED.append(wh)
    return wh


def area_and_periods(
    wh: Warehouse, area: str, period: str, baseline: str | None
) -> tuple[Area, Period, Period]:
    p = parse_period(period)
    b = parse_period(baseline) if baseline else p.previous()
    return resolve_area(wh, area), p, b
