"""A prioritisation's matrix as CSV and JSON, and a blank workshop sheet of its issues.

CSV cells that a spreadsheet would read as a formula (starting ``=``, ``+``, ``-``, ``@``)
are written with a leading apostrophe, so an export never carries a live formula.
"""

from __future__ import annotations

import csv
import io
import json

from saferplaces.priorities.factors import FACTORS, KEYS
from saferplaces.priorities.sheet import COLUMNS


def _safe(value) -> object:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _write(header: list[str], rows: list[list]) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header)
    for row in rows:
        w.writerow([_safe(v) for v in row])
    return out.getvalue()


def issue_dict(row) -> dict:
    d = row.result.to_dict()
    d["restricted"] = row.issue.restricted
    d["agreed_as"] = [f"Priority {a.priority.number}: {a.priority.title}" for a in row.agreed]
    return d


def matrix_json(pr, rows) -> str:
    return json.dumps(
        {
            "plan_year": pr.plan_year,
            "period": pr.period,
            "baseline": pr.baseline,
            "area": pr.area_name,
            "force": pr.force_name,
            "status": pr.status,
            "issues": [issue_dict(r) for r in rows if r.score is not None],
            "not_scored": [r.issue.name for r in rows if r.score is None],
        },
        indent=2,
    )


def matrix_csv(rows) -> str:
    header = [
        "rank",
        "issue",
        "kind",
        "impact",
        "likelihood",
        "capacity_modifier",
        "score",
        *KEYS,
        "proposed_volume",
        "proposed_trend",
        "proposed_harm",
        "confidence",
        "scorers",
        "scored_by",
        "overrides",
    ]
    out = []
    for r in rows:
        d = issue_dict(r)
        out.append(
            [
                d["rank"],
                d["issue"],
                d["kind"],
                d["impact"],
                d["likelihood"],
                d["capacity_modifier"],
                d["score"],
                *[d["values"].get(k) for k in KEYS],
                d["proposed"]["volume"],
                d["proposed"]["trend"],
                d["proposed"]["harm"],
                d["confidence"],
                d["scorers"],
                "; ".join(d["scorer_names"]),
                "; ".join(
                    f"{o['factor']} {o['median']} -> {o['value']}: {o['reason']}"
                    for o in d["overrides"]
                ),
            ]
        )
    return _write(header, out)


def workshop_sheet(rows) -> str:
    """One row per issue with the scorer to fill in; the proposals in extra columns
    (the sheet reader notes them and reads only its own)."""
    extra = ["proposed_volume", "proposed_trend", "proposed_harm"]
    out = []
    for r in rows:
        i = r.issue
        out.append(
            [
                i.name,
                "",
                *[""] * len(FACTORS),
                "",
                i.proposed_volume,
                i.proposed_trend,
                i.proposed_harm,
            ]
        )
    return _write([*COLUMNS, *extra], out)
