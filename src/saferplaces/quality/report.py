"""The data-quality report: what is held, what is missing, what could not be placed.

For each source and force: the months held and the months missing inside the covered
range; records with no usable location; records placed outside the force's own
districts; and quarantined or rejected rows by reason. Capabilities that add sources
add their sections through :data:`EXTRA_SECTIONS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from saferplaces.core.periods import format_month, month_index
from saferplaces.geography.areas import Area
from saferplaces.quality.coverage import POLICE_SOURCE, police_forces_for
from saferplaces.warehouse.connection import Warehouse


@dataclass
class QualityReport:
    area: Area | None
    coverage: list[dict] = field(default_factory=list)
    location: list[dict] = field(default_factory=list)
    quarantine: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "area": self.area.to_dict() if self.area else None,
            "coverage": self.coverage,
            "location": self.location,
            "quarantine": self.quarantine,
            "notes": self.notes,
        }


def _gaps(months: list[str]) -> list[str]:
    if not months:
        return []
    idx = sorted(month_index(m) for m in months)
    held = set(idx)
    return [format_month(i) for i in range(idx[0], idx[-1] + 1) if i not in held]


def _police_coverage(wh: Warehouse, forces: list[str] | None) -> list[dict]:
    rows = wh.rows(
        """
        SELECT c.force, list_sort(list(DISTINCT strftime(c.month, '%Y-%m'))), sum(c.rows),
               max(l.finished_at)
        FROM load_coverage c JOIN loads l USING (load_id)
        WHERE c.source = ? AND c.superseded_by IS NULL
          AND (? IS NULL OR c.force IN (SELECT unnest(?)))
        GROUP BY c.force ORDER BY c.force
        """,
        [POLICE_SOURCE, forces, forces or []],
    )
    out = []
    for force, months, n, last_load in rows:
        out.append(
            {
                "source": POLICE_SOURCE,
                "force": force,
                "first_month": months[0],
                "last_month": months[-1],
                "months_present": len(months),
                "missing_months": _gaps(months),
                "rows": int(n),
                "last_loaded": last_load.isoformat(timespec="seconds") if last_load else None,
            }
        )
    return out


def _police_location(wh: Warehouse, forces: list[str] | None) -> list[dict]:
    rows = wh.rows(
        """
        SELECT s.reported_by,
               count(*) AS rows,
               count(*) FILTER (WHERE s.lsoa_code IS NULL) AS no_lsoa,
               count(*) FILTER (WHERE s.lsoa_code IS NOT NULL AND l.lsoa21_code IS NULL),
               count(*) FILTER (WHERE l.lsoa21_code IS NOT NULL AND f.pfa_code IS NOT NULL
                                AND d.pfa_code IS DISTINCT FROM f.pfa_code)
        FROM police_street s
        LEFT JOIN ref_lsoa l ON l.lsoa21_code = s.lsoa_code
        LEFT JOIN (SELECT DISTINCT lad_code, pfa_code FROM ref_lad) d ON d.lad_code = l.lad_code
        LEFT JOIN ref_force f ON f.police_uk_name = s.reported_by
        WHERE (? IS NULL OR s.reported_by IN (SELECT unnest(?)))
        GROUP BY 1 ORDER BY 1
        """,
        [forces, forces or []],
    )
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


def _quarantine(wh: Warehouse, forces: list[str] | None) -> list[dict]:
    rows = wh.rows(
        """
        SELECT q.source, q.kind, q.reason, count(*), count(DISTINCT q.load_id),
               min(q.file_name || ' row ' || coalesce(q.row_number::VARCHAR, '?'))
        FROM quarantine q JOIN loads l USING (load_id)
        WHERE l.status <> 'superseded'
          AND (? IS NULL OR l.force IS NULL OR l.force IN (SELECT unnest(?)))
        GROUP BY 1, 2, 3 ORDER BY 1, 4 DESC
        """,
        [forces, forces or []],
    )
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


# Capabilities with more sources register f(wh, area) -> QualityReport sections here.
EXTRA_SECTIONS: list[Callable[[Warehouse, Area | None, QualityReport], None]] = []


def quality_report(wh: Warehouse, area: Area | None = None) -> QualityReport:
    """What the warehouse holds and what is wrong with it, for ``area``'s forces or all."""
    forces = police_forces_for(wh, area) if area else None
    report = QualityReport(area)
    report.coverage = _police_coverage(wh, forces)
    report.location = _police_location(wh, forces)
    report.quarantine = _quarantine(wh, forces)
    for c in report.coverage:
        if c["missing_months"]:
            report.notes.append(
                f"{c['force']}: police.uk months missing inside {c['first_month']} to "
                f"{c['last_month']}: {', '.join(c['missing_months'])}"
            )
    if not report.coverage:
        report.notes.append(
            "No police.uk data loaded"
            + (f" for {area.name}" if area else "")
            + "; load it with `saferplaces ingest police-uk PATH`."
        )
    for extra in EXTRA_SECTIONS:
        extra(wh, area, report)
    return report
