"""A prioritisation's matrix, from its stored issues, scores and overrides.

The arithmetic is the core library's (:func:`saferplaces.priorities.prioritise.evaluate`),
fed with what was stored: the proposals and evidence kept when the prioritisation
opened, every live score, and the latest live override of each factor.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from saferplaces.priorities.evidence import Candidate
from saferplaces.priorities.prioritise import IssueResult, evaluate
from saferplaces.priorities.proposals import Proposal
from saferplaces.priorities.scoring import Override as CoreOverride
from saferplaces.priorities.scoring import ScorerScores
from saferplaces.web.planning.models import AgreedIssue, Issue, Override, Prioritisation, Score


def proposal_of(issue: Issue) -> Proposal:
    return Proposal(
        volume=issue.proposed_volume,
        trend=issue.proposed_trend,
        harm=issue.proposed_harm,
        evidence=dict(issue.evidence or {}),
        notes=list(issue.notes or []),
    )


def candidate_of(issue: Issue) -> Candidate:
    return Candidate(issue.name, tuple(issue.indicator_ids))


def live_overrides(issue: Issue, overrides: list[Override]) -> list[Override]:
    """The override in force for each factor: the latest one not archived."""
    latest: dict[str, Override] = {}
    for o in sorted(overrides, key=lambda o: (o.created_on, o.pk)):
        if o.issue_id == issue.pk and not o.is_archived:
            latest[o.factor] = o
    return list(latest.values())


@dataclass
class Row:
    """One issue of the matrix: the stored issue and the core library's result."""

    issue: Issue
    result: IssueResult
    scores: list[Score]
    overrides: list[Override]  # in force
    agreed: list = field(default_factory=list)  # the priorities it chose (AgreedIssue)

    @property
    def score(self):
        return self.result.score


def matrix(prioritisation: Prioritisation) -> list[Row]:
    """Every live issue ranked (unscored ones last, in their order). Restricted issues
    are ranked with the rest; a page hides them from readers who may not see them (the
    ranks stay as the board saw them)."""
    issues = list(prioritisation.issues.live())
    scores = list(Score.objects.live().filter(issue__in=issues).select_related("scorer"))
    overrides = list(
        Override.objects.filter(issue__in=issues).select_related("created_by").order_by("id")
    )
    agreed: dict[int, list] = {i.pk: [] for i in issues}
    for a in AgreedIssue.objects.live().filter(issue__in=issues).select_related("priority"):
        agreed[a.issue_id].append(a)
    by_issue: dict[int, list[Score]] = {i.pk: [] for i in issues}
    for s in scores:
        by_issue[s.issue_id].append(s)
    rows: dict[str, Row] = {}
    inputs = []
    for issue in issues:
        in_force = live_overrides(issue, overrides)
        cand = candidate_of(issue)
        inputs.append(
            (
                cand,
                proposal_of(issue),
                [ScorerScores(s.scorer_name, s.values(), s.confidence) for s in by_issue[issue.pk]],
                [
                    CoreOverride(
                        o.factor,
                        o.value,
                        o.reason,
                        by=o.created_by.get_username() if o.created_by else "",
                        on=o.created_on.date().isoformat(),
                    )
                    for o in in_force
                ],
            )
        )
        rows[cand.key] = Row(issue, None, by_issue[issue.pk], in_force, agreed[issue.pk])  # type: ignore[arg-type]
    out = []
    for result in evaluate(inputs):
        row = rows[result.candidate.key]
        row.result = result
        out.append(row)
    return out
