"""Which months police.uk holds for an area: the months every force covering it holds.

police.uk data is held by force ("Reported by"), so a month counts as held for an area
only when each force whose records cover the area holds it.
"""

from __future__ import annotations

from saferplaces.core.periods import Period, missing_months
from saferplaces.geography.areas import Area, force_names, force_of
from saferplaces.quality.coverage import Coverage
from saferplaces.sources.police_uk import queries as q
from saferplaces.warehouse.connection import Warehouse

# The name police.uk loads carry in ``load_coverage`` and ``quarantine``.
POLICE_SOURCE = q.SOURCE


def police_forces_for(wh: Warehouse, area: Area) -> list[str]:
    """police.uk force names whose data covers ``area``; all loaded forces if unknown."""
    force = force_of(wh, area)
    names = force_names(wh, force) if force else []
    loaded = q.forces_held(wh)
    mine = [n for n in names if n in loaded]
    return mine or ([] if names else loaded)


def police_months(wh: Warehouse, forces: list[str]) -> set[str]:
    """Months held (by every one of ``forces``) in the warehouse, as ``YYYY-MM``."""
    if not forces:
        return set()
    return q.months_held_by_all(wh, forces)


def police_coverage(wh: Warehouse, area: Area, period: Period) -> Coverage:
    forces = police_forces_for(wh, area)
    present = police_months(wh, forces)
    return Coverage(POLICE_SOURCE, tuple(forces), period, tuple(missing_months(present, period)))
