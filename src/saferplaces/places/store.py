"""Keeping flag runs and category decisions in the warehouse (tables in ``020_place_flags.sql``).

Runs are written once and never changed; decisions are appended and never deleted, so
the history of every ward can be shown and every run repeated.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from saferplaces.warehouse.connection import Warehouse


def run_exists(wh: Warehouse, run_id: str) -> bool:
    return bool(wh.scalar("SELECT count(*) FROM flag_runs WHERE run_id = ?", [run_id]))


def get_run(wh: Warehouse, run_id: str) -> dict[str, Any] | None:
    rows = wh.dicts("SELECT * FROM flag_runs WHERE run_id = ?", [run_id])
    return rows[0] if rows else None


def runs_before(wh: Warehouse, area_code: str, period_end: str) -> list[dict[str, Any]]:
    """Every run for ``area_code`` over a period ending before ``period_end``: the latest
    period first, then the latest made."""
    return wh.dicts(
        "SELECT * FROM flag_runs WHERE area_code = ? AND period_end < ? "
        "ORDER BY period_end DESC, created_at DESC, run_id",
        [area_code, period_end],
    )


def runs_over(wh: Warehouse, area_code: str, start: str, end: str) -> list[dict[str, Any]]:
    """Every run for ``area_code`` over exactly the months ``start``..``end``, latest made
    first."""
    return wh.dicts(
        "SELECT * FROM flag_runs WHERE area_code = ? AND period_start = ? AND period_end = ? "
        "ORDER BY created_at DESC, run_id",
        [area_code, start, end],
    )


def run_wards(wh: Warehouse, run_id: str) -> dict[str, dict[str, Any]]:
    """{ward code: stored ward row} for a run."""
    return {
        r["ward_code"]: r for r in wh.dicts("SELECT * FROM flag_wards WHERE run_id = ?", [run_id])
    }


def decisions_in_force(wh: Warehouse, ward_codes: list[str]) -> dict[str, dict[str, Any]]:
    """{ward code: its latest decision} for wards whose latest decision is not 'clear'."""
    rows = wh.dicts(
        "SELECT * FROM flag_decisions WHERE ward_code IN (SELECT unnest(?::VARCHAR[])) "
        "QUALIFY row_number() OVER (PARTITION BY ward_code ORDER BY decided_at DESC, "
        "decision_id DESC) = 1",
        [ward_codes],
    )
    return {r["ward_code"]: r for r in rows if r["category"] != "clear"}


def save_run(
    wh: Warehouse,
    run: dict[str, Any],
    values: list[tuple],
    wards: list[tuple],
) -> None:
    """Write one run, its ward values and its ward results, in one transaction."""
    with wh.transaction():
        wh.execute(
            "INSERT INTO flag_runs (run_id, area_code, area_name, area_level, period_start, "
            "period_end, indicators, measure, top, min_flags, previous_run_id, inputs_sha256, "
            "loads, created_at, created_by, notes) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                run["run_id"],
                run["area_code"],
                run["area_name"],
                run["area_level"],
                run["period_start"],
                run["period_end"],
                json.dumps(run["indicators"]),
                run["measure"],
                run["top"],
                run["min_flags"],
                run["previous_run_id"],
                run["inputs_sha256"],
                json.dumps(run["loads"]),
                run["created_at"],
                run["created_by"],
                json.dumps(run["notes"]),
            ],
        )
        if values:
            wh.con.executemany("INSERT INTO flag_values VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", values)
        if wards:
            wh.con.executemany(
                "INSERT INTO flag_wards VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", wards
            )


def add_decision(
    wh: Warehouse,
    *,
    area_code: str,
    ward_code: str,
    ward_name: str,
    category: str,
    reason: str,
    decided_by: str,
    decided_at: datetime,
) -> int:
    with wh.transaction():
        decision_id = int(wh.scalar("SELECT nextval('flag_decision_id_seq')"))
        wh.execute(
            "INSERT INTO flag_decisions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                decision_id,
                area_code,
                ward_code,
                ward_name,
                category,
                reason,
                decided_by,
                decided_at,
            ],
        )
    return decision_id


def runs_for(wh: Warehouse, area_code: str) -> list[dict[str, Any]]:
    """Every run for an area, oldest first."""
    return wh.dicts(
        "SELECT * FROM flag_runs WHERE area_code = ? ORDER BY created_at, period_end, run_id",
        [area_code],
    )


def decisions_for(wh: Warehouse, ward_codes: list[str]) -> list[dict[str, Any]]:
    """Every decision on the given wards, oldest first."""
    return wh.dicts(
        "SELECT * FROM flag_decisions WHERE ward_code IN (SELECT unnest(?::VARCHAR[])) "
        "ORDER BY decided_at, decision_id",
        [ward_codes],
    )


def run_values(wh: Warehouse, run_id: str) -> list[dict[str, Any]]:
    """Every ward's figures on every indicator in a run, with the ward's name."""
    return wh.dicts(
        "SELECT v.*, w.ward_name FROM flag_values v JOIN flag_wards w USING (run_id, ward_code) "
        "WHERE v.run_id = ? ORDER BY v.indicator_id, v.rank NULLS LAST, w.ward_name, v.ward_code",
        [run_id],
    )


def run_thresholds(wh: Warehouse, run_id: str) -> list[dict[str, Any]]:
    """(indicator, threshold, wards flagged) for each indicator of a run."""
    return wh.dicts(
        "SELECT indicator_id, any_value(threshold) AS threshold, "
        "count(*) FILTER (WHERE flagged) AS n FROM flag_values WHERE run_id = ? "
        "GROUP BY 1 ORDER BY 1",
        [run_id],
    )


def district_of_ward(wh: Warehouse, ward_code: str) -> str | None:
    """The district (LAD) code a ward's LSOAs belong to."""
    return wh.scalar("SELECT any_value(lad_code) FROM ref_lsoa WHERE ward_code = ?", [ward_code])
