"""The outcomes and stop and search files' section of the data-quality report: the months
each force holds and misses (inside its range, and the street months it has no file
for), searches with no location or placed outside the force, and outcomes whose Crime ID
no street record held has. Their quarantined rows are listed with every source's."""

from __future__ import annotations

from saferplaces.core.periods import format_month, month_index
from saferplaces.geography.areas import Area
from saferplaces.quality.report import QualityReport
from saferplaces.sources.police_uk import queries as street
from saferplaces.sources.police_uk.coverage import police_forces_for
from saferplaces.sources.police_uk.other_files import queries as oq
from saferplaces.sources.police_uk.quality import coverage_rows
from saferplaces.warehouse.connection import Warehouse

LABELS = {oq.OUTCOMES_SOURCE: "outcomes", oq.STOP_SEARCH_SOURCE: "stop and search"}


def other_files_quality_section(wh: Warehouse, area: Area | None, report: QualityReport) -> None:
    """Add the outcomes and stop and search rows and notes to ``report``."""
    forces = police_forces_for(wh, area) if area else None
    street_months = {f: set(m) for f, m, _, _ in street.coverage_by_force(wh, forces)}
    for source in (oq.OUTCOMES_SOURCE, oq.STOP_SEARCH_SOURCE):
        held_rows = oq.coverage_by_force(wh, source, forces)
        held_by_force = {f: set(m) for f, m, _, _ in held_rows}
        coverage = coverage_rows(source, held_rows)
        report.coverage += coverage
        for c in coverage:
            if c["missing_months"]:
                report.notes.append(
                    f"{c['force']}: police.uk {LABELS[source]} months missing inside "
                    f"{c['first_month']} to {c['last_month']}: {', '.join(c['missing_months'])}"
                )
        for force, months in street_months.items():
            held = held_by_force.get(force, set())
            if not held:
                report.notes.append(
                    f"{force}: no police.uk {LABELS[source]} files held (load them with the "
                    "street files: `saferplaces ingest police-uk PATH`)."
                )
            elif no_file := sorted(months - held):
                report.notes.append(
                    f"{force}: {len(no_file)} street months with no {LABELS[source]} file: "
                    f"{_ranges(no_file)}."
                )
    report.location += [
        {
            "source": oq.STOP_SEARCH_SOURCE,
            "force": force,
            "rows": int(n),
            "location_unknown": int(no_point),
            "lsoa_not_in_lookup": 0,  # a search's LSOA comes from the boundaries loaded
            "outside_force_area": int(outside) + int(elsewhere),
        }
        for force, n, no_point, outside, elsewhere in oq.search_locations(wh, forces)
    ]
    for force, n, ids, unmatched in oq.unmatched_outcomes(wh, forces):
        if unmatched:
            report.notes.append(
                f"{force}: {unmatched:,} of the {ids:,} Crime IDs in the {n:,} outcome rows "
                "held match no street record held (their crimes may be in months not loaded)."
            )


def _ranges(months: list[str]) -> str:
    """``YYYY-MM`` months (sorted) as runs: 2024-01 to 2024-05, 2024-07."""
    runs: list[list[int]] = []
    for i in map(month_index, months):
        if runs and i == runs[-1][1] + 1:
            runs[-1][1] = i
        else:
            runs.append([i, i])
    return ", ".join(
        format_month(a) if a == b else f"{format_month(a)} to {format_month(b)}" for a, b in runs
    )
