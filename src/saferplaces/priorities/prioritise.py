"""A prioritisation: the issues, what the evidence proposes, the scores, the ranking.

:func:`prioritise` is what ``saferplaces prioritise`` runs: the candidate issues and
their proposed scores from the warehouse, a workshop sheet's scores combined by median,
overrides applied, the issues ranked. :func:`evaluate` does the scoring alone, for a
caller (the web app) that keeps the proposals it showed when the prioritisation opened.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from saferplaces.core.periods import Period
from saferplaces.geography.areas import Area
from saferplaces.priorities.evidence import Candidate, candidates, propose, resolve
from saferplaces.priorities.factors import KEYS, PROPOSABLE, SCORE_RANGE
from saferplaces.priorities.proposals import Proposal
from saferplaces.priorities.scoring import IssueScore, Override, ScorerScores, combine, rank
from saferplaces.priorities.sheet import Sheet, SheetError
from saferplaces.warehouse.connection import Warehouse


@dataclass
class IssueResult:
    candidate: Candidate
    proposal: Proposal
    score: IssueScore | None  # None: nobody scored it yet

    @property
    def rank(self) -> int | None:
        return self.score.rank if self.score else None

    def to_dict(self) -> dict[str, Any]:
        s = self.score
        out: dict[str, Any] = {
            "issue": self.candidate.name,
            "kind": self.candidate.kind,
            "indicators": list(self.candidate.indicators),
            "impact": _num(s.impact) if s else None,
            "likelihood": _num(s.likelihood) if s else None,
            "capacity_modifier": _num(s.capacity_modifier) if s else None,
            "score": _num(s.score) if s else None,
            "rank": s.rank if s else None,
            "scores": {k: _num(v) for k, v in s.medians.items()} if s else {},
            "values": {k: _num(v) for k, v in s.values.items()} if s else {},
            "spread": {k: {"min": lo, "max": hi} for k, (lo, hi) in s.spread.items()} if s else {},
            "confidence": s.confidence if s else None,
            "scorers": len(s.scorers) if s else 0,
            "scorer_names": list(s.scorers) if s else [],
            "took_proposed": dict(s.filled) if s else {},
            "overrides": [
                {
                    "factor": o.factor,
                    "median": _num(s.medians[o.factor]),
                    "value": o.value,
                    "reason": o.reason,
                    "by": o.by,
                    "on": o.on,
                }
                for o in s.overrides
            ]
            if s
            else [],
            "proposed": self.proposal.to_dict(),
            "evidence": self.proposal.evidence,
            "notes": list(self.proposal.notes),
        }
        return out


def _num(v: Fraction) -> float | int:
    return int(v) if v.denominator == 1 else float(v)


@dataclass
class Prioritisation:
    area: Area
    period: Period
    baseline: Period
    issues: list[IssueResult]  # scored ones ranked first, then the rest in candidate order
    notes: list[str] = field(default_factory=list)

    @property
    def scored(self) -> list[IssueResult]:
        return [i for i in self.issues if i.score is not None]

    def to_dict(self) -> dict[str, Any]:
        return {
            "area": self.area.to_dict(),
            "period": self.period.to_dict(),
            "baseline": self.baseline.to_dict(),
            "issues": [i.to_dict() for i in self.scored],
            "not_scored": [
                {"issue": i.candidate.name, "indicators": list(i.candidate.indicators)}
                for i in self.issues
                if i.score is None
            ],
            "notes": self.notes,
        }


def evaluate(
    issues: list[tuple[Candidate, Proposal, list[ScorerScores], list[Override]]],
) -> list[IssueResult]:
    """Score and rank: each issue's medians, spread and score from its scorers (blanks
    taking the proposals), overrides applied; ranked, unscored issues last."""
    results = []
    for cand, prop, sheets, overrides in issues:
        s = combine(cand.name, sheets, prop.scores(), overrides) if sheets else None
        results.append(IssueResult(cand, prop, s))
    ordered = rank([r.score for r in results if r.score is not None])
    by_score = {id(s): i for i, s in enumerate(ordered)}
    scored = sorted((r for r in results if r.score), key=lambda r: by_score[id(r.score)])
    return scored + [r for r in results if r.score is None]


def prioritise(
    wh: Warehouse,
    area: Area,
    period: Period,
    baseline: Period,
    sheet: Sheet,
    *,
    overrides: dict[str, list[Override]] | None = None,
    alpha: float | None = None,
) -> Prioritisation:
    """Score a workshop sheet against the evidence for ``area`` in ``period``."""
    known = candidates(wh, area)
    notes = list(sheet.notes)
    chosen: dict[str, Candidate] = {}
    rows_of: dict[str, list] = {}
    for row in sheet.rows:
        cand, note = resolve(row.issue, known)
        if note and note not in notes:
            notes.append(note)
        chosen.setdefault(cand.key, cand)
        rows_of.setdefault(cand.key, []).append(row)
    everything = {c.key: c for c in known} | chosen
    proposals = propose(wh, area, period, baseline, list(everything.values()), alpha=alpha)
    for key, rows in rows_of.items():
        wanted = proposals[key].scores()
        for row in rows:
            for k in PROPOSABLE:
                if row.scores.get(k) is None and wanted.get(k) is None:
                    why = "; ".join(proposals[key].notes) or "no indicator gives one"
                    raise SheetError(
                        sheet.file,
                        row.row,
                        k,
                        "",
                        f"{SCORE_RANGE} (a blank takes the proposed score, and none is "
                        f"proposed for {chosen[key].name}: {why.rstrip('.')})",
                    )
    overrides = overrides or {}
    results = evaluate(
        [
            (
                c,
                proposals[c.key],
                [
                    ScorerScores(
                        r.scorer, {k: r.scores.get(k) for k in KEYS}, r.confidence, f"row {r.row}"
                    )
                    for r in rows_of.get(c.key, [])
                ],
                overrides.get(c.key, []),
            )
            for c in everything.values()
        ]
    )
    return Prioritisation(area, period, baseline, results, notes)
