"""Which months each source holds, so no comparison is made over missing months."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from saferplaces.core.periods import Period, missing_months
from saferplaces.geography.areas import Area, force_names, force_of
from saferplaces.warehouse.connection import Warehouse

POLICE_SOURCE = "police-uk-street"

# Human names of sources, for notes; capabilities that add sources add theirs.
SOURCE_LABELS: dict[str, str] = {POLICE_SOURCE: "police.uk", "police-uk": "police.uk"}


@dataclass(frozen=True)
class Coverage:
    """Months a source holds for the forces covering an area, against a period."""

    source: str
    forces: tuple[str, ...]
    period: Period
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.missing

    def to_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "forces": list(self.forces),
            "complete": self.complete,
            "missing_months": list(self.missing),
        }

    def describe(self) -> str:
        months = ", ".join(self.missing[:6]) + (" ..." if len(self.missing) > 6 else "")
        label = SOURCE_LABELS.get(self.source, self.source)
        who = f" for {' and '.join(self.forces)}" if self.forces else ""
        return (
            f"{self.period.label}: {label} data{who} is missing "
            f"{len(self.missing)} of {self.period.months} months ({months})"
        )


def police_forces_for(wh: Warehouse, area: Area) -> list[str]:
    """police.uk force names whose data covers ``area``; all loaded forces if unknown."""
    force = force_of(wh, area)
    names = force_names(wh, force) if force else []
    loaded = [
        r[0]
        for r in wh.rows(
            "SELECT DISTINCT force FROM load_coverage WHERE source = ? AND superseded_by IS NULL "
            "ORDER BY 1",
            [POLICE_SOURCE],
        )
    ]
    mine = [n for n in names if n in loaded]
    return mine or ([] if names else loaded)


def police_months(wh: Warehouse, forces: list[str]) -> set[str]:
    """Months held (by every one of ``forces``) in the warehouse, as ``YYYY-MM``."""
    if not forces:
        return set()
    rows = wh.rows(
        "SELECT strftime(month, '%Y-%m') FROM load_coverage "
        "WHERE source = ? AND superseded_by IS NULL AND force IN (SELECT unnest(?)) "
        "GROUP BY 1 HAVING count(DISTINCT force) = ?",
        [POLICE_SOURCE, forces, len(forces)],
    )
    return {r[0] for r in rows}


def police_coverage(wh: Warehouse, area: Area, period: Period) -> Coverage:
    forces = police_forces_for(wh, area)
    present = police_months(wh, forces)
    return Coverage(POLICE_SOURCE, tuple(forces), period, tuple(missing_months(present, period)))


CoverageFn = Callable[[Warehouse, Area, Period], Coverage]

# Indicator source name -> how to tell which months it holds for an area.
_COVERAGE: dict[str, CoverageFn] = {"police-uk": police_coverage}


def register_coverage(source: str, fn: CoverageFn, label: str | None = None) -> None:
    """Declare how to find the months ``source`` holds (used before any comparison)."""
    _COVERAGE[source] = fn
    if label:
        SOURCE_LABELS[source] = label


def coverage(wh: Warehouse, source: str, area: Area, period: Period) -> Coverage:
    """The months of ``period`` that ``source`` holds for ``area``."""
    if source not in _COVERAGE:
        raise KeyError(f"no coverage rule for source {source!r}")
    return _COVERAGE[source](wh, area, period)
