"""The history of place flags for a district: every run and every decision, oldest first."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from saferplaces.core.errors import SaferplacesError
from saferplaces.geography.areas import Area, wards_of
from saferplaces.places import store
from saferplaces.places.categories import CATEGORIES, LISTED
from saferplaces.places.flags import check_district
from saferplaces.warehouse.connection import Warehouse


@dataclass
class FlagHistory:
    area: Area
    ward: Area | None
    runs: list[dict[str, Any]]
    decisions: list[dict[str, Any]]

    def events(self) -> list[dict[str, Any]]:
        """Runs and decisions in one list, oldest first."""
        out = []
        for r in self.runs:
            out.append({"kind": "run", "when": r["created_at"], **r})
        for d in self.decisions:
            out.append({"kind": "decision", "when": d["decided_at"], **d})
        return sorted(out, key=lambda e: (e["when"], e["kind"] == "decision"))

    def to_dict(self) -> dict[str, Any]:
        return {
            "area": self.area.to_dict(),
            "ward": self.ward.to_dict() if self.ward else None,
            "runs": self.runs,
            "decisions": self.decisions,
        }


def run_summary(r: dict[str, Any]) -> dict[str, Any]:
    """A stored run's settings, as the history and ``flags show`` print them."""
    return {
        "run_id": r["run_id"],
        "period_start": r["period_start"],
        "period_end": r["period_end"],
        "indicators": json.loads(r["indicators"]),
        "measure": r["measure"],
        "top": r["top"],
        "min_flags": r["min_flags"],
        "previous_run_id": r["previous_run_id"],
        "created_at": r["created_at"],
        "created_by": r["created_by"],
    }


def flags_history(wh: Warehouse, area: Area, ward: Area | None = None) -> FlagHistory:
    """Every run for a district and every decision on its wards (or on one ward)."""
    check_district(area)
    codes = [c for c, _ in wards_of(wh, area)]
    if ward is not None:
        if ward.code not in codes:
            raise SaferplacesError(f"{ward.name} is not a ward of {area.name}")
        codes = [ward.code]
    runs = []
    for r in store.runs_for(wh, area.code):
        summary = run_summary(r)
        rows = store.run_wards(wh, r["run_id"])
        summary["wards_listed"] = sum(1 for w in rows.values() if w["category"] in LISTED)
        if ward is not None:
            w = rows.get(ward.code)
            summary["ward"] = (
                None
                if w is None
                else {
                    "flags": json.loads(w["flags"]),
                    "flag_count": w["flag_count"],
                    "previous_flag_count": w["previous_flags"],
                    "proposed_category": w["proposed_category"],
                    "category": w["category"],
                }
            )
        else:
            summary["categories"] = {
                c: sorted(w["ward_name"] for w in rows.values() if w["category"] == c)
                for c in CATEGORIES
            }
        runs.append(summary)
    return FlagHistory(area, ward, runs, store.decisions_for(wh, codes))
