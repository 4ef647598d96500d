"""``saferplaces prioritise``: rank issues from a workshop sheet against the evidence."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from saferplaces.cli.context import area_and_periods, open_warehouse
from saferplaces.cli.options import (
    AreaOption,
    BaselineOption,
    Format,
    FormatOption,
    PeriodOption,
    WarehouseOption,
)
from saferplaces.cli.output import Column, emit
from saferplaces.priorities.factors import FACTORS

ScoresOption = Annotated[
    Path,
    typer.Option(
        "--scores",
        help="Workshop sheet, CSV or .xlsx: one row per issue and scorer with the columns "
        "issue, scorer, physical, psychological, financial, community, vulnerability, "
        "volume, trend, community_concern, capacity, confidence (blank volume or trend: "
        "take the proposed score).",
    ),
]

TABLE_COLUMNS = [
    Column("rank", "Rank", "int"),
    Column("issue", "Issue"),
    Column("impact", "Impact", "rate"),
    Column("likelihood", "Likelihood", "rate"),
    Column("capacity_modifier", "Capacity ×", "rate"),
    Column("score", "Score", "rate"),
    Column("proposed_volume", "Vol. proposed", "int"),
    Column("proposed_trend", "Trend proposed", "int"),
    Column("proposed_harm", "Harm proposed", "int"),
    Column("community_concern", "Concern", "rate"),
    Column("confidence", "Confidence"),
    Column("scorers", "Scorers", "int"),
    Column("spread", "Widest spread"),
]
CSV_COLUMNS = [
    Column("rank", "Rank", "int"),
    Column("issue", "Issue"),
    Column("kind", "Kind"),
    Column("indicators", "Indicators"),
    Column("impact", "Impact", "z"),
    Column("likelihood", "Likelihood", "z"),
    Column("capacity_modifier", "Capacity modifier", "z"),
    Column("score", "Score", "z"),
    *[Column(f.key, f.label, "z") for f in FACTORS],
    Column("proposed_volume", "Proposed volume", "int"),
    Column("proposed_trend", "Proposed trend", "int"),
    Column("proposed_harm", "Proposed harm", "int"),
    Column("confidence", "Confidence"),
    Column("scorers", "Scorers", "int"),
    Column("scorer_names", "Scored by"),
    Column("overrides", "Overrides"),
]


def _spread(issue: dict) -> str:
    wide = [
        (hi - lo, k)
        for k, v in issue["spread"].items()
        for lo, hi in [(v["min"], v["max"])]
        if hi - lo >= 2
    ]
    if not wide:
        return ""
    _, key = max(wide)
    label = next(f.label for f in FACTORS if f.key == key)
    return f"{label}: {issue['spread'][key]['min']} to {issue['spread'][key]['max']}"


def _row(issue: dict) -> dict:
    return {
        **{k: issue[k] for k in ("rank", "issue", "kind", "impact", "likelihood", "score")},
        "capacity_modifier": issue["capacity_modifier"],
        "indicators": " + ".join(issue["indicators"]),
        **issue["values"],
        "proposed_volume": issue["proposed"]["volume"],
        "proposed_trend": issue["proposed"]["trend"],
        "proposed_harm": issue["proposed"]["harm"],
        "confidence": issue["confidence"],
        "scorers": issue["scorers"],
        "scorer_names": "; ".join(issue["scorer_names"]),
        "spread": _spread(issue),
        "overrides": "; ".join(
            f"{o['factor']} {o['median']} -> {o['value']}: {o['reason']}"
            for o in issue["overrides"]
        ),
    }


def prioritise(
    area: AreaOption,
    period: PeriodOption,
    scores: ScoresOption,
    baseline: BaselineOption = None,
    format: FormatOption = Format.table,
    warehouse: WarehouseOption = None,
) -> None:
    """Rank issues (MoRiLE-style) from a workshop sheet of members' scores, with volume and
    trend proposed from the evidence: impact x likelihood x capacity modifier, medians of
    the scorers, ties sharing a rank.

    Example: saferplaces prioritise --area "South Cambs" --period 2025 --scores workshop.csv
    """
    from saferplaces.priorities.prioritise import prioritise as run
    from saferplaces.priorities.sheet import read_sheet

    sheet = read_sheet(scores)  # read and checked whole before the warehouse is opened
    wh = open_warehouse(warehouse)
    a, p, b = area_and_periods(wh, area, period, baseline)
    result = run(wh, a, p, b, sheet)
    issues = [i.to_dict() for i in result.scored]
    notes = [
        "Impact: mean of the medians of the four harms and vulnerability. Likelihood: mean "
        "of the volume and trend medians. Capacity modifier: 0.6 + 0.1 x the capacity "
        "median. Score = impact x likelihood x modifier (0.7 to 16); equal scores share a "
        "rank.",
        f"Volume proposed from {a.name}'s rate against its police force area's in "
        f"{p.label}; trend from the exact test of {p.label} against {b.label}.",
        "Community concern is shown beside the score and is not part of it.",
        *result.notes,
    ]
    unscored = [i.candidate.name for i in result.issues if i.score is None]
    if unscored and format == Format.table:
        notes.append(f"Candidate issues not scored: {', '.join(unscored)}.")
    emit(
        format,
        TABLE_COLUMNS if format == Format.table else CSV_COLUMNS,
        [_row(i) for i in issues],
        payload=result.to_dict,
        title=f"Priorities: {a.name}, {p.label} (baseline {b.label})",
        notes=notes,
    )
