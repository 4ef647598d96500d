"""Stored flag runs read back: a run as it was made, its ward values against the
thresholds (``flags show``), and the run a profile or the assessment should show.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.messages import Note
from saferplaces.core.periods import Period, parse_period
from saferplaces.geography.areas import Area, resolve_area
from saferplaces.indicators.registry import get_indicator
from saferplaces.places import store
from saferplaces.places.flag_decisions import resolve_ward
from saferplaces.places.flags import (
    DEFAULT_MEASURE,
    DEFAULT_MIN_FLAGS,
    DEFAULT_TOP,
    FlagRun,
    IndicatorThreshold,
    WardFlags,
    same_settings,
)
from saferplaces.places.ranking import held_defaults
from saferplaces.warehouse.connection import Warehouse


def stored_run(wh: Warehouse, run_id: str) -> FlagRun:
    """A stored run as a :class:`FlagRun` (as it was made: decisions as they stood then,
    with the notes it printed)."""
    r = store.get_run(wh, run_id)
    if r is None:
        raise SaferplacesError(
            f"no flags run {run_id!r}: see `saferplaces flags history`", code="places.no-such-run"
        )
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
    indicators, names = [], {}
    for i in json.loads(r["indicators"]):
        try:
            ind = get_indicator(i)
        except SaferplacesError:  # an indicator no longer registered: keep the run readable
            continue
        indicators.append(ind)
        names[ind.id] = ind.name
    thresholds = [
        IndicatorThreshold(
            v["indicator_id"],
            names.get(v["indicator_id"], v["indicator_id"]),
            v["threshold"],
            int(v["n"]),
        )
        for v in store.run_thresholds(wh, run_id)
    ]
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
        [Note.from_json(n) for n in json.loads(r.get("notes") or "[]")],
    )


def default_run(wh: Warehouse, district: Area, period: Period) -> dict[str, Any] | None:
    """The latest run for ``district`` over exactly ``period`` made with the default
    settings (default indicators, rate, top 0.2, min-flags 2): the partnership's list for
    that period. ``None`` when there is none (an exploratory run is never taken for it)."""
    ids = [i.id for i in held_defaults(wh, district, period)[0]]
    for r in store.runs_over(wh, district.code, period.start, period.end):
        if same_settings(r, ids, DEFAULT_MEASURE, DEFAULT_TOP, DEFAULT_MIN_FLAGS):
            return r
    return None


@dataclass
class RunValues:
    """Every ward's value on every indicator in a stored run, against the threshold."""

    run: FlagRun
    ward: Area | None
    rows: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return self.run.to_dict() | {"values": self.rows}


def run_values(wh: Warehouse, run_id: str, ward: str | None = None) -> RunValues:
    """What a stored run ranked: for each indicator and ward, the count, denominator,
    value, rank, threshold and whether it flagged (only the ward named ``ward``, a ward of
    the run's district, when given)."""
    run = stored_run(wh, run_id)
    w = resolve_ward(wh, ward, run.area) if ward else None
    names = {i.id: i.name for i in run.indicators}
    rows = []
    for v in store.run_values(wh, run_id):
        if w is not None and v["ward_code"] != w.code:
            continue
        count = v["count"]
        rows.append(
            {
                "indicator": v["indicator_id"],
                "indicator_name": names.get(v["indicator_id"], v["indicator_id"]),
                "ward_code": v["ward_code"],
                "ward_name": v["ward_name"],
                "count": int(count) if float(count).is_integer() else count,
                "denominator": v["denominator"],
                "value": v["value"],
                "rank": v["rank"],
                "threshold": v["threshold"],
                "flagged": bool(v["flagged"]),
            }
        )
    return RunValues(run, w, rows)
