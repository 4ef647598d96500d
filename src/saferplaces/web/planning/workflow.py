"""The changes a prioritisation goes through: opened on the evidence, scored (on the web
or from a workshop sheet), overridden, closed, and agreed by the board at a meeting.

Each is one function that saves through ``Tracked.save_by`` (so every change is in the
audit log) inside the request's transaction: a workshop sheet with one bad row adds no
score at all.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.periods import Period
from saferplaces.geography.areas import force_of
from saferplaces.indicators.registry import slug
from saferplaces.priorities.evidence import Candidate, candidates, group, propose
from saferplaces.priorities.factors import KEYS, PROPOSABLE, SCORE_RANGE
from saferplaces.priorities.sheet import SheetError, read_sheet
from saferplaces.web.actions.models import Priority
from saferplaces.web.meetings.models import AgendaItem, Decision
from saferplaces.web.planning.matrix import matrix, proposal_of
from saferplaces.web.planning.models import AgreedIssue, Issue, Override, Prioritisation, Score


def evidence_candidates(wh, area) -> list[Candidate]:
    return candidates(wh, area)


def open_prioritisation(
    partnership,
    user,
    *,
    wh,
    area,
    plan_year: str,
    period: Period,
    baseline: Period,
    chosen: list[Candidate],
    added: list[str],
) -> Prioritisation:
    """A prioritisation for ``plan_year`` with the chosen candidates and the issues the
    partnership adds; the evidence's proposals and figures are kept as they are now."""
    issues = list(chosen) + [Candidate(" ".join(n.split())) for n in added if n.strip()]
    keys = [c.key for c in issues]
    clash = sorted({c.name for c in issues if keys.count(c.key) > 1})
    if clash:
        raise ValidationError(f"{', '.join(clash)} is listed twice.")
    if not issues:
        raise ValidationError("Choose at least one issue, or add one.")
    proposals = propose(wh, area, period, baseline, issues)
    force = force_of(wh, area)
    with transaction.atomic():
        pr = Prioritisation(
            partnership=partnership,
            plan_year=plan_year,
            period=period.spec,
            baseline=baseline.spec,
            area_name=area.name,
            force_name=force.name if force and force != area else "",
        )
        pr.save_by(user)
        for n, c in enumerate(issues):
            add_issue(pr, user, c, proposals[c.key], order=n + 1)
    return pr


def add_issue(pr: Prioritisation, user, c: Candidate, prop, *, order: int | None = None, **extra):
    if order is None:
        order = 1 + max((i.order for i in pr.issues.all()), default=0)
    issue = Issue(
        prioritisation=pr,
        name=c.name,
        kind=c.kind,
        indicators=",".join(c.indicators),
        proposed_volume=prop.volume,
        proposed_trend=prop.trend,
        proposed_harm=prop.harm,
        evidence=prop.evidence,
        notes=prop.notes,
        order=order,
        **extra,
    )
    issue.save_by(user)
    return issue


def group_candidate(name: str, indicator_ids: list[str]) -> Candidate:
    try:
        return group(name, indicator_ids)
    except SaferplacesError as e:
        raise ValidationError(str(e)) from None


def _check_open(pr: Prioritisation) -> None:
    if not pr.is_open:
        raise ValidationError("Scoring is closed for this prioritisation.")


def save_score(issue: Issue, user, scorer_name: str, values: dict, confidence: str, source=""):
    """Record (or replace) one scorer's scores for an issue. A blank a proposal cannot
    fill is refused."""
    _check_open(issue.prioritisation)
    proposed = proposal_of(issue).scores()
    for k in PROPOSABLE:
        if values.get(k) is None and proposed.get(k) is None:
            raise ValidationError({k: f"Give a score: nothing is proposed for {issue.name}."})
    with transaction.atomic():
        s = (
            Score.objects.live()
            .select_for_update()
            .filter(issue=issue, scorer_name=scorer_name)
            .first()
        ) or Score(issue=issue, scorer_name=scorer_name)
        if user is not None and getattr(user, "is_authenticated", False) and s.pk is None:
            s.scorer = user
        for k in KEYS:
            setattr(s, k, values.get(k))
        s.confidence = confidence
        s.source = source
        s.save_by(user)
    return s


def import_sheet(pr: Prioritisation, user, path: Path, display: str) -> int:
    """Add every score of a workshop sheet, or none: each row's issue must be one of the
    prioritisation's, each scorer new to the issue, and each blank one a proposal fills.
    Returns the number of scores added."""
    _check_open(pr)
    sheet = read_sheet(path)
    issues = {slug(i.name): i for i in pr.issues.live()}
    taken = {
        (s.issue_id, s.scorer_name.casefold())
        for s in Score.objects.live().filter(issue__prioritisation=pr)
    }
    planned = []
    for row in sheet.rows:
        issue = issues.get(slug(row.issue))
        if issue is None:
            raise SheetError(
                display,
                row.row,
                "issue",
                row.issue,
                "an issue of this prioritisation: " + ", ".join(i.name for i in issues.values()),
            )
        if (issue.pk, row.scorer.casefold()) in taken:
            raise SheetError(
                display,
                row.row,
                "scorer",
                row.scorer,
                f"a scorer who has not yet scored {issue.name} here (archive the earlier score "
                "first to replace it)",
            )
        proposed = proposal_of(issue).scores()
        for k in PROPOSABLE:
            if row.scores.get(k) is None and proposed.get(k) is None:
                raise SheetError(
                    display,
                    row.row,
                    k,
                    "",
                    f"{SCORE_RANGE} (nothing is proposed for {issue.name}, so a blank cannot "
                    "take a proposal)",
                )
        planned.append((issue, row))
    with transaction.atomic():
        for issue, row in planned:
            s = Score(
                issue=issue,
                scorer_name=row.scorer,
                confidence=row.confidence,
                source=f"{display}, row {row.row}",
                **{k: row.scores.get(k) for k in KEYS},
            )
            s.save_by(user)
    return len(planned)


def override(issue: Issue, user, factor: str, value: int, reason: str) -> Override:
    if issue.prioritisation.status == "agreed":
        raise ValidationError("The board has agreed these priorities: the scores are final.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the score is overridden."})
    o = Override(issue=issue, factor=factor, value=value, reason=reason.strip())
    o.save_by(user, reason=reason.strip())
    return o


def close(pr: Prioritisation, user) -> None:
    _check_open(pr)
    if not Score.objects.live().filter(issue__prioritisation=pr).exists():
        raise ValidationError("Nobody has scored an issue yet.")
    pr.status = "closed"
    pr.closed_on = timezone.now()
    pr.save_by(user)


def reopen(pr: Prioritisation, user, reason: str) -> None:
    if pr.status != "closed":
        raise ValidationError("Only a prioritisation whose scoring is closed can be reopened.")
    pr.status = "open"
    pr.closed_on = None
    pr.save_by(user, reason=reason)


def agree(
    pr: Prioritisation,
    user,
    *,
    item: AgendaItem,
    priorities: list[tuple[str, list[Issue]]],
    note: str = "",
) -> Decision:
    """The board agrees priorities from the matrix at the meeting of ``item``: each
    (title, issues) becomes a priority of the plan year, numbered in order and linked to
    the issues that chose it; the decision is recorded on the agenda item, so it is in
    that meeting's minutes."""
    if pr.status != "closed":
        raise ValidationError("Close scoring before the board agrees priorities.")
    meeting = item.meeting
    if meeting.partnership_id != pr.partnership_id:
        raise ValidationError("That meeting is another partnership's.")
    if not meeting.has_taken_place():
        raise ValidationError("The meeting has not taken place yet.")
    if not priorities or any(not t.strip() or not issues for t, issues in priorities):
        raise ValidationError("Give each priority a title and the issues that chose it.")
    ranked = {row.issue.pk: row for row in matrix(pr)}
    existing = Priority.objects.live().filter(partnership=pr.partnership, plan_year=pr.plan_year)
    start = 1 + max((x.number for x in existing), default=0)
    lines = []
    with transaction.atomic():
        for n, (title, issues) in enumerate(priorities):
            # A restricted issue is counted, never named: the decision becomes public
            # with the minutes.
            shown = [i for i in issues if not i.restricted]
            hidden = len(issues) - len(shown)
            context = "; ".join(
                f"{i.name} (rank {ranked[i.pk].result.rank}, score "
                f"{float(ranked[i.pk].score.score):.2f})"
                if ranked[i.pk].score
                else i.name
                for i in shown
            )
            if hidden:
                context += ("; " if context else "") + (
                    f"{hidden} restricted issue{'s' if hidden > 1 else ''}"
                )
            priority = Priority(
                partnership=pr.partnership,
                plan_year=pr.plan_year,
                number=start + n,
                title=title.strip(),
                context=f"Chosen at prioritisation from: {context}.",
            )
            priority.save_by(user)
            for i in issues:
                row = ranked[i.pk]
                AgreedIssue(
                    priority=priority,
                    issue=i,
                    rank=row.result.rank,
                    score=Decimal(str(round(float(row.score.score), 3))) if row.score else None,
                ).save_by(user)
            lines.append(f"{priority.number}. {priority.title} ({context})")
        text = (
            f"The board agreed the partnership's priorities for {pr.plan_year} from the "
            f"prioritisation matrix (evidence {pr.period.replace('..', ' to ')}):\n"
            + "\n".join(lines)
        )
        if note.strip():
            text += "\n" + note.strip()
        decision = Decision(item=item, text=text)
        decision.save_by(user)
        pr.status = "agreed"
        pr.agreed_at = meeting
        pr.agreed_item = item
        pr.decision = decision
        pr.save_by(user)
    return decision
