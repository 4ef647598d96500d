"""The data-quality report: what is held, what is missing, what could not be placed.

For each source and force: the months held and the months missing inside the covered
range; records with no usable location; records placed outside the force's own
districts; and quarantined or rejected rows by reason. Capabilities that add sources
add their sections through :func:`register_quality_section`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from saferplaces.geography.areas import Area, force_names, force_of
from saferplaces.quality import queries as q
from saferplaces.warehouse.connection import Warehouse


@dataclass
class QualityReport:
    area: Area | None
    coverage: list[dict] = field(default_factory=list)
    location: list[dict] = field(default_factory=list)
    quarantine: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    broken: list[dict] = field(default_factory=list)  # sources that cannot be read, and why
    # Sources held with no current sharing agreement; None when no register was given.
    without_agreement: list[dict] | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "area": self.area.to_dict() if self.area else None,
            "coverage": self.coverage,
            "location": self.location,
            "quarantine": self.quarantine,
            "notes": self.notes,
            "broken_sources": self.broken,
            "sources_without_agreement": self.without_agreement,
        }


def _quarantine(wh: Warehouse, forces: list[str] | None) -> list[dict]:
    rows = q.rows_not_loaded(wh, forces)
    return [
        {
            "source": source,
            "kind": kind,
            "reason": reason,
            "rows": int(n),
            "files": int(files),
            "example": example,
        }
        for source, kind, reason, n, files, example in rows
    ]


# f(wh, area, report): adds a source's rows and notes to the report.
QualitySection = Callable[[Warehouse, "Area | None", QualityReport], None]

# The sections plugins add (``saferplaces_quality_sections``), in the order registered:
# each source's coverage and location rows and its notes (police.uk's first).
EXTRA_SECTIONS: list[QualitySection] = []


def register_quality_section(section: QualitySection) -> None:
    """Add ``section`` to every data-quality report (once, however often it is given)."""
    if section not in EXTRA_SECTIONS:
        EXTRA_SECTIONS.append(section)


def quality_report(wh: Warehouse, area: Area | None = None) -> QualityReport:
    """What the warehouse holds and what is wrong with it, for ``area``'s forces or all."""
    report = QualityReport(area)
    report.quarantine = _quarantine(wh, _forces(wh, area))
    for section in EXTRA_SECTIONS:
        section(wh, area, report)
    return report


def _forces(wh: Warehouse, area: Area | None) -> list[str] | None:
    """The names the police force around ``area`` records under (``ref_force``: loads of
    police data carry them), or None (every load) for no area or one spanning forces."""
    force = force_of(wh, area) if area else None
    return force_names(wh, force) if force else None
