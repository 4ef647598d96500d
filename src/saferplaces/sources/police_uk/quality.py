"""police.uk's section of the data-quality report: the months each force holds (and the
gaps inside them), and records with no usable location or placed outside the force."""

from __future__ import annotations

from saferplaces.core.periods import format_month, month_index
from saferplaces.geography.areas import Area
from saferplaces.quality.report import QualityReport
from saferplaces.sources.police_uk import queries as q
from saferplaces.sources.police_uk.coverage import POLICE_SOURCE, police_forces_for
from saferplaces.warehouse.connection import Warehouse


def police_quality_section(wh: Warehouse, area: Area | None, report: QualityReport) -> None:
    """Add police.uk's coverage and location rows, and its notes, to ``report``."""
    forces = police_forces_for(wh, area) if area else None
    coverage = _police_coverage(wh, forces)
    report.coverage += coverage
    report.location += _police_location(wh, forces)
    for c in coverage:
        if c["missing_months"]:
            report.notes.append(
                f"{c['force']}: police.uk months missing inside {c['first_month']} to "
                f"{c['last_month']}: {', '.join(c['missing_months'])}"
            )
    if not coverage:
        report.notes.append(
            "No police.uk data loaded"
            + (f" for {area.name}" if area else "")
            + "; load it with `saferplaces ingest police-uk PATH`."
        )


def month_gaps(months: list[str]) -> list[str]:
    """The months (``YYYY-MM``) missing between the first and last of ``months``."""
    if not months:
        return []
    idx = sorted(month_index(m) for m in months)
    held = set(idx)
    return [format_month(i) for i in range(idx[0], idx[-1] + 1) if i not in held]


def _police_coverage(wh: Warehouse, forces: list[str] | None) -> list[dict]:
    return coverage_rows(POLICE_SOURCE, q.coverage_by_force(wh, forces))


def coverage_rows(source: str, rows: list[tuple]) -> list[dict]:
    """The report's coverage rows of ``source`` from (force, months held, rows, last
    loaded) rows."""
    out = []
    for force, months, n, last_load in rows:
        out.append(
            {
                "source": source,
                "force": force,
                "first_month": months[0],
                "last_month": months[-1],
                "months_present": len(months),
                "missing_months": month_gaps(months),
                "rows": int(n),
                "last_loaded": last_load.isoformat(timespec="seconds") if last_load else None,
            }
        )
    return out


def _police_location(wh: Warehouse, forces: list[str] | None) -> list[dict]:
    rows = q.locations_by_force(wh, forces)
    return [
        {
            "source": POLICE_SOURCE,
            "force": force,
            "rows": int(n),
            "location_unknown": int(no_lsoa),
            "lsoa_not_in_lookup": int(unmatched),
            "outside_force_area": int(outside),
        }
        for force, n, no_lsoa, unmatched, outside in rows
    ]
