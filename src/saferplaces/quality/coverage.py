"""Which months each source holds, so no comparison is made over missing months."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from saferplaces.core.periods import Period
from saferplaces.geography.areas import Area
from saferplaces.warehouse.connection import Warehouse

# Short names of sources, for notes: each plugin gives its own (``saferplaces_source_labels``).
SOURCE_LABELS: dict[str, str] = {}


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


CoverageFn = Callable[[Warehouse, Area, Period], Coverage]

# Indicator source name -> how to tell which months it holds for an area.
_COVERAGE: dict[str, CoverageFn] = {}


def register_coverage(source: str, fn: CoverageFn, label: str | None = None) -> None:
    """Declare how to find the months ``source`` holds (used before any comparison)."""
    _COVERAGE[source] = fn
    if label:
        register_label(source, label)


def register_label(source: str, label: str) -> None:
    """Name ``source`` in notes ("police.uk", "Fire and rescue incidents")."""
    SOURCE_LABELS[source] = label


# How a table or figure drawn from a source is credited: the text, or f(wh, force area)
# for a credit that names what the warehouse holds (police.uk names the force).
Credit = str | Callable[[Warehouse, Area | None], str | None]
SOURCE_CREDITS: dict[str, Credit] = {}

# What the data notes say about a source after its credit ("monthly street-level records
# from data.police.uk ...").
SOURCE_DESCRIPTIONS: dict[str, str] = {}


def register_credit(source: str, credit: Credit) -> None:
    """Credit ``source`` under the tables and figures drawn from it."""
    SOURCE_CREDITS[source] = credit


def register_description(source: str, text: str) -> None:
    """Say ``text`` about ``source`` in a document's data notes, after its credit."""
    SOURCE_DESCRIPTIONS[source] = text


def credit_of(wh: Warehouse, source: str, force: Area | None = None) -> str:
    """How ``source`` is credited (its label when it gives no credit of its own)."""
    credit = SOURCE_CREDITS.get(source)
    text = credit(wh, force) if callable(credit) else credit
    return text or SOURCE_LABELS.get(source, source)


def coverage(wh: Warehouse, source: str, area: Area, period: Period) -> Coverage:
    """The months of ``period`` that ``source`` holds for ``area``."""
    if source not in _COVERAGE:
        raise KeyError(f"no coverage rule for source {source!r}")
    return _COVERAGE[source](wh, area, period)
