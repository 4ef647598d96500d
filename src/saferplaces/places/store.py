"""Keeping flag runs and category decisions in the warehouse (tables in ``020_place_flags.sql``).

Runs are written once and never changed; decisions are appended and never deleted, so
the history of every ward can be shown and every run repeated.

Each run and decision has an ``owner``: the partnership that made it (its short name), or
``''`` for the command line's own. Every read here is for one owner: a partnership never
sees, builds on or overrides another's flags (issue 18 §4). The owner is given, or else
the one the warehouse was opened for (:func:`open_for`), so everything read through one
connection (a flags page, a generated assessment's Places chapter) is one owner's.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from saferplaces.warehouse.connection import Warehouse


def open_for(wh: Warehouse, owner: str) -> Warehouse:
    """Read and write place flags through ``wh`` as ``owner``'s (a partnership's short
    name; '' for the command line's own)."""
    wh.flags_owner = owner  # type: ignore[attr-defined]
    return wh


def owner_of(wh: Warehouse, owner: str | None = None) -> str:
    """``owner`` if given, else the one ``wh`` was opened for, else the command line."""
    return owner if owner is not None else getattr(wh, "flags_owner", "")


def _mine(wh: Warehouse, table: str, owner: str | None) -> tuple[str, list[Any]]:
    """The condition selecting ``owner``'s rows of ``table``. A warehouse opened
    read-only before its schema gained owners holds only the command line's own."""
    owner = owner_of(wh, owner)
    if wh.scalar(
        "SELECT count(*) FROM information_schema.columns WHERE table_name = ? "
        "AND column_name = 'owner'",
        [table],
    ):
        return "owner = ?", [owner]
    return ("TRUE" if owner == "" else "FALSE"), []


def run_exists(wh: Warehouse, run_id: str) -> bool:
    return bool(wh.scalar("SELECT count(*) FROM flag_runs WHERE run_id = ?", [run_id]))


def get_run(wh: Warehouse, run_id: str) -> dict[str, Any] | None:
    rows = wh.dicts("SELECT * FROM flag_runs WHERE run_id = ?", [run_id])
    return rows[0] if rows else None


def runs_before(
    wh: Warehouse, area_code: str, period_end: str, owner: str | None = None
) -> list[dict[str, Any]]:
    """Every run of ``owner`` for ``area_code`` over a period ending before
    ``period_end``: the latest period first, then the latest made."""
    cond, params = _mine(wh, "flag_runs", owner)
    return wh.dicts(
        f"SELECT * FROM flag_runs WHERE area_code = ? AND period_end < ? AND {cond} "
        "ORDER BY period_end DESC, created_at DESC, run_id",
        [area_code, period_end, *params],
    )


def runs_over(
    wh: Warehouse, area_code: str, start: str, end: str, owner: str | None = None
) -> list[dict[str, Any]]:
    """Every run of ``owner`` for ``area_code`` over exactly the months ``start``..``end``,
    latest made first."""
    cond, params = _mine(wh, "flag_runs", owner)
    return wh.dicts(
        "SELECT * FROM flag_runs WHERE area_code = ? AND period_start = ? AND period_end = ? "
        f"AND {cond} ORDER BY created_at DESC, run_id",
        [area_code, start, end, *params],
    )


def run_wards(wh: Warehouse, run_id: str) -> dict[str, dict[str, Any]]:
    """{ward code: stored ward row} for a run."""
    return {
        r["ward_code"]: r for r in wh.dicts("SELECT * FROM flag_wards WHERE run_id = ?", [run_id])
    }


def decisions_in_force(
    wh: Warehouse, ward_codes: list[str], owner: str | None = None
) -> dict[str, dict[str, Any]]:
    """{ward code: ``owner``'s latest decision} for wards whose latest decision is not
    'clear'."""
    cond, params = _mine(wh, "flag_decisions", owner)
    rows = wh.dicts(
        "SELECT * FROM flag_decisions WHERE ward_code IN (SELECT unnest(?::VARCHAR[])) "
        f"AND {cond} QUALIFY row_number() OVER (PARTITION BY ward_code ORDER BY decided_at "
        "DESC, decision_id DESC) = 1",
        [ward_codes, *params],
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
            "loads, created_at, created_by, notes, owner) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                owner_of(wh, run.get("owner")),
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
    owner: str | None = None,
) -> int:
    with wh.transaction():
        decision_id = int(wh.scalar("SELECT nextval('flag_decision_id_seq')"))
        wh.execute(
            "INSERT INTO flag_decisions (decision_id, area_code, ward_code, ward_name, "
            "category, reason, decided_by, decided_at, owner) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                decision_id,
                area_code,
                ward_code,
                ward_name,
                category,
                reason,
                decided_by,
                decided_at,
                owner_of(wh, owner),
            ],
        )
    return decision_id


def runs_for(wh: Warehouse, area_code: str, owner: str | None = None) -> list[dict[str, Any]]:
    """Every run of ``owner`` for an area, oldest first."""
    cond, params = _mine(wh, "flag_runs", owner)
    return wh.dicts(
        f"SELECT * FROM flag_runs WHERE area_code = ? AND {cond} "
        "ORDER BY created_at, period_end, run_id",
        [area_code, *params],
    )


def decisions_for(
    wh: Warehouse, ward_codes: list[str], owner: str | None = None
) -> list[dict[str, Any]]:
    """Every decision of ``owner`` on the given wards, oldest first."""
    cond, params = _mine(wh, "flag_decisions", owner)
    return wh.dicts(
        "SELECT * FROM flag_decisions WHERE ward_code IN (SELECT unnest(?::VARCHAR[])) "
        f"AND {cond} ORDER BY decided_at, decision_id",
        [ward_codes, *params],
    )


def run_owner(run: dict[str, Any]) -> str:
    """Whose a stored run is (``''``: the command line's own)."""
    return run.get("owner") or ""


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
