"""Scanning: why the place is on the list, filled in from the data when a plan is opened.

For a ward, its row in the district's latest place flags run: the flags, the category
the rules propose and the one in force, and for each indicator the ward's value against
the threshold and its rank. For an LSOA, its Gi* hot spot result on the indicator. The
result is kept with the plan as it was on the day (``to_dict``), so the plan says what
put the place there even after later runs.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.periods import Period
from saferplaces.geography.areas import Area
from saferplaces.indicators.registry import Indicator
from saferplaces.warehouse.connection import Warehouse


@dataclass
class ScanIndicator:
    indicator: str
    name: str
    count: float
    denominator: float | None
    value: float | None
    rank: int | None
    threshold: float | None
    flagged: bool


@dataclass
class Scanning:
    kind: str  # ward | lsoa
    code: str
    name: str
    source: str  # what put the place on the list, in words
    period: str  # the period's label
    run_id: str | None = None
    flag_count: int | None = None
    flags: list[str] = field(default_factory=list)
    proposed: str | None = None
    category: str | None = None
    indicators: list[ScanIndicator] = field(default_factory=list)
    hotspot: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Scanning:
        d = dict(d)
        d["indicators"] = [ScanIndicator(**i) for i in d.get("indicators", [])]
        return cls(**d)


def latest_run(wh: Warehouse, district: Area) -> str | None:
    from saferplaces.places import store

    if not wh.table_exists("flag_runs"):
        return None
    runs = store.runs_for(wh, district.code)
    if not runs:
        return None
    return max(runs, key=lambda r: (r["period_end"], r["created_at"], r["run_id"]))["run_id"]


def scan_ward(wh: Warehouse, district: Area, ward_code: str, run_id: str | None = None) -> Scanning:
    """The ward in the district's latest flags run (or ``run_id``)."""
    from saferplaces.places import store
    from saferplaces.places.stored_runs import run_values

    run_id = run_id or latest_run(wh, district)
    if run_id is None:
        raise SaferplacesError(
            f"no place flags have been run for {district.name}: run them first, or open the "
            "plan from a hot spot"
        )
    values = run_values(wh, run_id, ward_code)
    run = values.run
    ward = next((w for w in run.wards if w.ward_code == ward_code), None)
    if ward is None:
        raise SaferplacesError(f"ward {ward_code} is not in flags run {run_id}")
    decided = store.decisions_in_force(wh, [ward_code]).get(ward_code)
    names = {i.id: i.name for i in run.indicators}
    return Scanning(
        "ward",
        ward.ward_code,
        ward.ward_name,
        f"the place flags run for {district.name}, {run.period.label} (run {run.id})",
        run.period.label,
        run.id,
        ward.flag_count,
        [names.get(i, i) for i in ward.flags],
        ward.proposed_category,
        decided["category"] if decided else ward.proposed_category,
        [
            ScanIndicator(
                r["indicator"],
                r["indicator_name"],
                r["count"],
                r["denominator"],
                r["value"],
                r["rank"],
                r["threshold"],
                r["flagged"],
            )
            for r in sorted(values.rows, key=lambda r: (not r["flagged"], r["indicator_name"]))
        ],
    )


def scan_hotspot(
    wh: Warehouse, district: Area, lsoa_code: str, indicator: Indicator, period: Period
) -> Scanning:
    """The LSOA's Gi* result among the district's LSOAs (counts, 9,999 permutations)."""
    from saferplaces.places.hotspots import hotspots

    result = hotspots(wh, district, period, indicator)
    row = next((r for r in result.rows if r.lsoa_code == lsoa_code), None)
    if row is None:
        raise SaferplacesError(f"LSOA {lsoa_code} is not among {district.name}'s LSOAs")
    return Scanning(
        "lsoa",
        row.lsoa_code,
        row.lsoa_name,
        f"Gi* hot spots of {indicator.name} in {district.name}, {period.label}",
        period.label,
        hotspot={
            "indicator": indicator.id,
            "indicator_name": indicator.name,
            "ward": row.ward_name,
            "count": row.count,
            "z": row.z,
            "p_value": row.p_value,
            "q_value": row.q_value,
            "classification": row.classification,
            "hot_spots": len(result.hot),
        },
    )
