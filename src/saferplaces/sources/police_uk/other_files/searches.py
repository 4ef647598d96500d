"""Stop and search counts for an area and period by one field (``saferplaces table
searches``): each search is placed by the LSOA its point lies in, as the loader stores it;
a search with no location, or a point in no LSOA loaded, is in no area and is counted
apart for the forces covering the area."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from saferplaces.core.periods import Period
from saferplaces.geography.areas import Area
from saferplaces.sources.police_uk.coverage import police_forces_for
from saferplaces.sources.police_uk.other_files import queries as oq
from saferplaces.warehouse.connection import Warehouse

# Grouped by these, a row also says how often the outcome was linked to the object.
LINKED_GROUPS = ("object", "outcome")
NOT_RECORDED = "Not recorded"


@dataclass(frozen=True)
class SearchRow:
    value: str
    searches: int
    share: float  # of the area's searches in the period, a part of one
    outcome_linked: int | None  # searches whose outcome was linked to the object
    linked_recorded: int | None  # searches for which the file says whether it was
    linked_share: float | None  # outcome_linked / linked_recorded


@dataclass(frozen=True)
class SearchTable:
    by: str
    rows: list[SearchRow]
    total: int
    forces: list[str]
    no_location: int  # the forces' searches in the period with no point given
    outside_boundaries: int  # with a point in no LSOA loaded
    first_month: str | None  # stop and search months held for the forces
    last_month: str | None

    def row_dicts(self) -> list[dict[str, Any]]:
        out = []
        for r in self.rows:
            d = asdict(r)
            d[self.by] = d.pop("value")
            if self.by not in LINKED_GROUPS:
                for k in ("outcome_linked", "linked_recorded", "linked_share"):
                    d.pop(k)
            out.append({self.by: d.pop(self.by), **d})
        return out


def search_table(wh: Warehouse, area: Area, period: Period, by: str) -> SearchTable:
    counted = oq.search_counts(wh, by, area.predicate("l"), period.start_date, period.end_date)
    total = sum(int(n) for _, n, _, _ in counted)
    linked = by in LINKED_GROUPS
    rows = [
        SearchRow(
            value if value is not None else NOT_RECORDED,
            int(n),
            n / total,
            int(yes) if linked else None,
            int(recorded) if linked else None,
            (yes / recorded if recorded else None) if linked else None,
        )
        for value, n, yes, recorded in counted
    ]
    forces = police_forces_for(wh, area)
    no_point, outside = oq.unplaced_searches(wh, forces, period.start_date, period.end_date)
    first, last = oq.search_months(wh, forces)
    return SearchTable(
        by,
        rows,
        total,
        forces,
        int(no_point),
        int(outside),
        f"{first:%Y-%m}" if first else None,
        f"{last:%Y-%m}" if last else None,
    )
