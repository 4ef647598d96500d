"""Place flags: the data group method, run, stored and explained.

:func:`run_flags` ranks every ward of a district on each indicator, flags the top share
(ties included, zeros never), counts each ward's flags, proposes a category against the
previous run (:mod:`saferplaces.places.categories`), applies the decisions people have
made (:func:`set_category`), and stores the run with its inputs and thresholds.

A run's id is a hash of its inputs: the parameters, every ward's count and denominator
on every indicator, the previous run and the decisions in force. Running again on the
same inputs finds the same run and prints the same output, byte for byte.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.periods import Period
from saferplaces.geography.areas import Area, resolve_area
from saferplaces.indicators.registry import Indicator
from saferplaces.places import queries, store
from saferplaces.places.categories import (
    CATEGORIES,
    CLEAR,
    LISTED,
    Previous,
    entry_for,
    propose,
)
from saferplaces.places.ranking import flag_rule, ward_values
from saferplaces.quality.coverage import coverage
from saferplaces.warehouse.connection import Warehouse


def current_user() -> str:
    """Who is running the command: ``SAFERPLACES_USER``, else the login name."""
    try:
        return os.environ.get("SAFERPLACES_USER") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


@dataclass
class WardFlags:
    ward_code: str
    ward_name: str
    flags: list[str]
    flag_count: int
    previous_flag_count: int | None
    proposed_category: str | None
    category: str | None
    decision: dict[str, Any] | None = None  # the decision in force, if any

    def to_dict(self) -> dict[str, Any]:
        return {
            "ward_code": self.ward_code,
            "ward_name": self.ward_name,
            "flags": self.flags,
            "flag_count": self.flag_count,
            "proposed_category": self.proposed_category,
            "category": self.category,
        }


@dataclass
class IndicatorThreshold:
    indicator: str
    name: str
    threshold: float
    flagged: int


@dataclass
class FlagRun:
    id: str
    area: Area
    period: Period
    indicators: list[Indicator]
    measure: str
    top: float
    min_flags: int
    previous_run_id: str | None
    wards: list[WardFlags]
    thresholds: list[IndicatorThreshold]
    stored: bool  # False when the same run was already held
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract; nothing in it depends on when the run was made."""
        return {
            "run": {
                "id": self.id,
                "area": self.area.to_dict(),
                "period": self.period.to_dict(),
                "indicators": [i.id for i in self.indicators],
                "measure": self.measure,
                "top": self.top,
                "min_flags": self.min_flags,
                "previous_run_id": self.previous_run_id,
            },
            "thresholds": [
                {
                    "indicator": t.indicator,
                    "threshold": t.threshold,
                    "wards_flagged": t.flagged,
                }
                for t in self.thresholds
            ],
            "wards": [w.to_dict() for w in self.wards],
            "notes": self.notes,
        }


def _check_area(area: Area) -> None:
    if area.level not in ("district", "csp"):
        raise SaferplacesError(
            f"{area.describe} is not a district: place flags rank the wards of a district "
            "or CSP (give --area a district name or code)"
        )


def _previous_state(prev_wards: dict[str, dict[str, Any]], code: str) -> Previous | None:
    row = prev_wards.get(code)
    if row is None:
        return None
    return Previous(row["category"], int(row["flag_count"]), row["entry_flags"])


def run_flags(
    wh: Warehouse,
    area: Area,
    period: Period,
    indicators: list[Indicator],
    *,
    top: float = 0.2,
    min_flags: int = 2,
    measure: str = "rate",
    who: str | None = None,
) -> FlagRun:
    """Rank, flag, categorise and store one run for the wards of ``area``."""
    _check_area(area)
    if not indicators:
        raise SaferplacesError("no indicators to rank: name some with --indicators")
    if min_flags < 1:
        raise SaferplacesError(f"--min-flags must be 1 or more, got {min_flags}")

    names: dict[str, str] = {}
    flags: dict[str, list[str]] = {}
    value_rows: list[tuple] = []
    thresholds: list[IndicatorThreshold] = []
    figures: list[list[Any]] = []
    for ind in indicators:
        values = ward_values(wh, area, period, ind, measure)
        ranked = flag_rule([v.value for v in values], top)
        thresholds.append(
            IndicatorThreshold(ind.id, ind.name, ranked.threshold, sum(ranked.flagged))
        )
        for v, rank, flagged in zip(values, ranked.ranks, ranked.flagged, strict=True):
            names[v.ward_code] = v.ward_name
            flags.setdefault(v.ward_code, [])
            if flagged:
                flags[v.ward_code].append(ind.id)
            value_rows.append(
                [
                    v.ward_code,
                    ind.id,
                    v.count,
                    v.denominator,
                    v.value,
                    rank,
                    ranked.threshold,
                    flagged,
                ]
            )
            figures.append([ind.id, v.ward_code, v.count, v.denominator])

    prev = store.previous_run(wh, area.code, period.end)
    prev_id = prev["run_id"] if prev else None
    prev_wards = store.run_wards(wh, prev_id) if prev_id else {}
    decisions = store.decisions_in_force(wh, list(names))

    inputs = {
        "area": area.code,
        "period": period.spec,
        "indicators": [i.id for i in indicators],
        "measure": measure,
        "top": top,
        "min_flags": min_flags,
        "figures": sorted(figures),
        "previous_run_id": prev_id,
        "decisions": sorted([d["ward_code"], int(d["decision_id"])] for d in decisions.values()),
    }
    digest = hashlib.sha256(
        json.dumps(inputs, sort_keys=True, separators=(",", ":")).encode()
    ).hexdigest()
    run_id = digest[:16]

    wards: list[WardFlags] = []
    ward_rows: list[tuple] = []
    for code in sorted(names, key=lambda c: (-len(flags[c]), names[c], c)):
        count = len(flags[code])
        before = _previous_state(prev_wards, code)
        proposed = propose(count, min_flags, before).category
        decision = decisions.get(code)
        category = decision["category"] if decision else proposed
        wards.append(
            WardFlags(
                code,
                names[code],
                flags[code],
                count,
                before.flag_count if before else None,
                proposed,
                category,
                decision,
            )
        )
        ward_rows.append(
            (
                run_id,
                code,
                names[code],
                count,
                json.dumps(flags[code]),
                before.flag_count if before else None,
                entry_for(category, count, before),
                proposed,
                category,
                int(decision["decision_id"]) if decision else None,
            )
        )

    notes = _notes(wh, area, period, indicators, measure, top, len(names), prev)
    stored = not store.run_exists(wh, run_id)
    if stored:
        store.save_run(
            wh,
            {
                "run_id": run_id,
                "area_code": area.code,
                "area_name": area.name,
                "area_level": area.level,
                "period_start": period.start,
                "period_end": period.end,
                "indicators": [i.id for i in indicators],
                "measure": measure,
                "top": top,
                "min_flags": min_flags,
                "previous_run_id": prev_id,
                "inputs_sha256": digest,
                "loads": queries.loads_in_force(wh),
                "created_at": datetime.now(),
                "created_by": who or current_user(),
            },
            [(run_id, *r) for r in value_rows],
            ward_rows,
        )
    return FlagRun(
        run_id,
        area,
        period,
        indicators,
        measure,
        top,
        min_flags,
        prev_id,
        wards,
        thresholds,
        stored,
        notes,
    )


def _notes(wh, area, period, indicators, measure, top, n_wards, prev) -> list[str]:
    import math

    k = max(1, math.ceil(round(top * n_wards, 9)))
    what = "rate per 1,000" if measure == "rate" else "count"
    notes = [
        f"{n_wards} wards ranked on each indicator by {what} (count where an indicator has "
        f"no denominator); a ward is flagged when its value is at least the value at rank "
        f"{k} (ceil({top:g} × {n_wards})), ties included; a value of zero is never flagged.",
        "Wards are May 2024 electoral wards; figures are those of their best-fit LSOAs (2021).",
    ]
    if prev:
        notes.append(
            f"Categories are proposed against run {prev['run_id']} "
            f"({prev['period_start']} to {prev['period_end']})."
        )
    else:
        notes.append("No earlier run for this area: every ward with enough flags is newly flagged.")
    for source in dict.fromkeys(i.source for i in indicators):
        c = coverage(wh, source, area, period)
        if not c.complete:
            notes.append(f"Incomplete: {c.describe()}.")
    return notes


def resolve_ward(wh: Warehouse, text: str, area: Area | None = None) -> Area:
    """A ward named by code or name (within ``area`` when given, e.g. ``Castle``)."""
    if area is not None and "," not in text and not text.upper().startswith(("E05", "W05")):
        text = f"{text}, {area.name}"
    return resolve_area(wh, text, levels=("ward",))


def _district_of_ward(wh: Warehouse, ward: Area) -> str:
    return str(
        wh.scalar("SELECT any_value(lad_code) FROM ref_lsoa WHERE ward_code = ?", [ward.code])
    )


def set_category(
    wh: Warehouse,
    ward: Area,
    category: str,
    reason: str,
    *,
    who: str | None = None,
    when: datetime | None = None,
) -> dict[str, Any]:
    """Record a person's decision on a ward's category; it stands in every later run
    until another decision replaces it (``clear`` hands the ward back to the rules)."""
    cat = category.strip().lower()
    if cat not in (*CATEGORIES, CLEAR):
        raise SaferplacesError(
            f"unknown category {category!r}; choose one of: {', '.join((*CATEGORIES, CLEAR))}"
        )
    if not reason or not reason.strip():
        raise SaferplacesError("a decision needs a reason: give --reason TEXT")
    decided_at = when or datetime.now()
    decided_by = who or current_user()
    decision_id = store.add_decision(
        wh,
        area_code=_district_of_ward(wh, ward),
        ward_code=ward.code,
        ward_name=ward.name,
        category=cat,
        reason=reason.strip(),
        decided_by=decided_by,
        decided_at=decided_at,
    )
    return {
        "decision_id": decision_id,
        "ward_code": ward.code,
        "ward_name": ward.name,
        "category": cat,
        "reason": reason.strip(),
        "decided_by": decided_by,
        "decided_at": decided_at,
    }


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


def _run_summary(r: dict[str, Any]) -> dict[str, Any]:
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
    _check_area(area)
    from saferplaces.geography.areas import wards_of

    codes = [c for c, _ in wards_of(wh, area)]
    if ward is not None:
        if ward.code not in codes:
            raise SaferplacesError(f"{ward.describe} is not a ward of {area.name}")
        codes = [ward.code]
    runs = []
    for r in store.runs_for(wh, area.code):
        summary = _run_summary(r)
        rows = store.run_wards(wh, r["run_id"])
        listed = [w for w in rows.values() if w["category"] in LISTED]
        summary["wards_listed"] = len(listed)
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


def stored_run(wh: Warehouse, run_id: str) -> FlagRun:
    """A stored run as a :class:`FlagRun` (as it was made: decisions as they stood then)."""
    from saferplaces.core.periods import parse_period
    from saferplaces.indicators.registry import get_indicator

    rows = wh.dicts("SELECT * FROM flag_runs WHERE run_id = ?", [run_id])
    if not rows:
        raise SaferplacesError(f"no flags run {run_id!r}")
    r = rows[0]
    area = resolve_area(wh, r["area_code"])
    period = parse_period(f"{r['period_start']}..{r['period_end']}")
    wards = [
        WardFlags(
            w["ward_code"],
            w["ward_name"],
            json.loads(w["flags"]),
            int(w["flag_count"]),
            w["previous_flags"],
            w["proposed_category"],
            w["category"],
            None,
        )
        for w in store.run_wards(wh, run_id).values()
    ]
    wards.sort(key=lambda w: (-w.flag_count, w.ward_name, w.ward_code))
    thresholds = [
        IndicatorThreshold(v["indicator_id"], v["indicator_id"], v["threshold"], int(v["n"]))
        for v in wh.dicts(
            "SELECT indicator_id, any_value(threshold) AS threshold, "
            "count(*) FILTER (WHERE flagged) AS n FROM flag_values WHERE run_id = ? "
            "GROUP BY 1 ORDER BY 1",
            [run_id],
        )
    ]
    indicators = []
    for i in json.loads(r["indicators"]):
        try:
            indicators.append(get_indicator(i))
        except SaferplacesError:  # an indicator no longer registered: keep the run readable
            continue
    return FlagRun(
        run_id,
        area,
        period,
        indicators,
        r["measure"],
        r["top"],
        r["min_flags"],
        r["previous_run_id"],
        wards,
        thresholds,
        False,
        [],
    )
