"""The plan record of a partnership's plan year, from the web app's registers.

:func:`plan_record` reads the priorities and actions (with RAG history and progress),
the issues that chose each priority, the measures, the plan's text, the meetings held in
the year and the submission log into :class:`saferplaces.planning.records.PlanRecord`,
which the core library's document builders read. Money comes from the finance register
when it is installed, else from the funding written on each action.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.apps import apps
from django.utils import timezone

from saferplaces.planning.records import (
    ActionRecord,
    IssueEvidence,
    MeasureRecord,
    MeetingRecord,
    Money,
    PlanRecord,
    PrioritisationRecord,
    PriorityRecord,
    ProgressItem,
    RagStep,
    ReviewCounts,
    SubmissionRecord,
)
from saferplaces.web.actions.models import Action, Priority, RagChange, quarters
from saferplaces.web.meetings.models import Meeting
from saferplaces.web.planning.matrix import matrix
from saferplaces.web.planning.models import (
    AgreedIssue,
    Measure,
    PartnershipPlan,
    Prioritisation,
    Submission,
)


def _year_end(plan_year: str) -> date:
    return date(int(plan_year[:4]) + 1, 3, 31)


def rag_at(history: list[RagChange], when: datetime) -> str:
    """The RAG status in force at ``when``: the last change made on or before it."""
    status = ""
    for change in sorted(history, key=lambda c: (c.changed_on, c.pk)):
        if change.changed_on <= when:
            status = change.to_status
    return status


def _money(action: Action, finance: dict[int, list[Money]] | None) -> list[Money]:
    if finance is not None:
        return finance.get(action.pk, [])
    if action.funding_line or action.funding_amount:
        return [Money(action.funding_line or "Funding", action.funding_amount)]
    return []


def _finance(p, plan_year: str) -> dict[int, list[Money]] | None:
    """Each action's budget lines from the finance register, when it is installed (None:
    no register, so each action's own funding is used)."""
    if not apps.is_installed("saferplaces.web.finance"):
        return None
    from saferplaces.web.finance.ledger import action_money

    return {
        pk: [
            Money(
                f"Line {m.line.number}: {m.line.item} ({m.line.fund})",
                m.line.revised,
                m.line.spent,
                m.line.committed,
            )
            for m in lines
        ]
        for pk, lines in action_money(p, plan_year).items()
    }


def _issue_evidence(agreed: AgreedIssue, rows: dict) -> IssueEvidence:
    issue = agreed.issue
    row = rows.get(issue.pk)
    d = row.result.to_dict() if row is not None else {}
    return IssueEvidence(
        name=issue.name,
        rank=d.get("rank"),
        score=d.get("score"),
        impact=d.get("impact"),
        likelihood=d.get("likelihood"),
        capacity_modifier=d.get("capacity_modifier"),
        restricted=issue.restricted,
        evidence=dict(issue.evidence or {}),
    )


def plan_record(
    p, plan_year: str, *, restricted: bool = True, as_of: date | None = None
) -> PlanRecord:
    """The record of ``plan_year``; without ``restricted``, restricted actions and issues
    are left out (for a reader who may not see them)."""
    as_of = as_of or timezone.localdate()
    end = min(as_of, _year_end(plan_year))
    cutoff = timezone.make_aware(datetime.combine(end, time.max))
    plan = PartnershipPlan.objects.live().filter(partnership=p, plan_year=plan_year).first()
    priorities = list(
        Priority.objects.live().filter(partnership=p, plan_year=plan_year).order_by("number")
    )
    actions = (
        Action.objects.live()
        .filter(partnership=p, priority__in=priorities)
        .select_related("responsible_agency", "responsible_officer")
        .prefetch_related("progress", "places", "rag_history__changed_by")
        .order_by("number")
    )
    if not restricted:
        actions = actions.filter(restricted=False)
    names = dict(quarters(plan_year))
    finance = _finance(p, plan_year)
    by_priority: dict[int, list[ActionRecord]] = {pr.pk: [] for pr in priorities}
    for a in actions:
        history = list(a.rag_history.all())
        by_priority[a.priority_id].append(
            ActionRecord(
                number=a.number,
                text=a.text,
                responsible=a.responsible_display,
                timescale=a.timescale,
                restricted=a.restricted,
                rag=rag_at(history, cutoff),
                rag_history=[
                    RagStep(
                        timezone.localtime(c.changed_on).date(),
                        c.from_status,
                        c.to_status,
                        c.reason,
                        c.changed_by.get_full_name() or c.changed_by.get_username()
                        if c.changed_by
                        else "",
                    )
                    for c in sorted(history, key=lambda c: (c.changed_on, c.pk))
                    if c.changed_on <= cutoff
                ],
                progress=[
                    ProgressItem(e.quarter, names[e.quarter], e.text)
                    for e in a.progress.all()
                    if not e.is_archived
                ],
                money=_money(a, finance),
                places=[pl.ward_name for pl in a.places.all() if not pl.is_archived],
            )
        )
    agreed = list(
        AgreedIssue.objects.live()
        .filter(priority__in=priorities)
        .select_related("issue__prioritisation")
    )
    rows = {}
    for pr in {a.issue.prioritisation for a in agreed}:
        rows |= {r.issue.pk: r for r in matrix(pr)}
    measures = (
        list(Measure.objects.live().filter(plan=plan).select_related("priority")) if plan else []
    )
    records = [
        PriorityRecord(
            number=pr.number,
            title=pr.title,
            context=pr.context,
            outcomes=pr.outcomes,
            strands=pr.strand_list,
            chosen_by=[
                _issue_evidence(a, rows)
                for a in agreed
                if a.priority_id == pr.pk and (restricted or not a.issue.restricted)
            ],
            actions=by_priority[pr.pk],
            measures=[_measure(m) for m in measures if m.priority_id == pr.pk],
        )
        for pr in priorities
    ]
    unlinked = [_measure(m) for m in measures if m.priority_id is None]
    if unlinked and records:
        records[0].measures += unlinked
    return PlanRecord(
        partnership=p.name,
        area=p.area_name or p.name,
        area_code=p.area_code,
        plan_year=plan_year,
        as_of=as_of,
        illustrative=p.illustrative,
        two_tier=_two_tier(p),
        county=_county(p),
        priorities=records,
        introduction=plan.introduction if plan else "",
        residents_views=plan.residents_views if plan else "",
        pcc_plan=plan.pcc_plan if plan else "",
        county_matters=plan.county_matters if plan else "",
        review_summary=plan.review_summary if plan else "",
        prioritisation=_prioritisation(p, plan_year),
        submissions=[
            SubmissionRecord(
                s.document,
                s.plan_year,
                s.sent_to,
                s.sent_on,
                s.sent_by_display,
                s.edition,
                s.note,
            )
            for s in Submission.objects.live()
            .filter(partnership=p, plan_year=plan_year)
            .select_related("sent_by")
        ],
        meetings=[
            MeetingRecord(
                m.title,
                m.get_body_display(),
                m.date,
                m.status,
                sum(len(i.decisions.live()) for i in m.agenda_items.live()),
            )
            for m in Meeting.objects.live()
            .filter(
                partnership=p,
                date__gte=date(int(plan_year[:4]), 4, 1),
                date__lte=end,
                status="held",
            )
            .order_by("date")
        ],
        money_source="finance register"
        if apps.is_installed("saferplaces.web.finance")
        else "the action plan's funding",
        reviews=_review_counts(p, plan_year),
        consultation_held=_consultation_held(p),
    )


def _measure(m: Measure) -> MeasureRecord:
    return MeasureRecord(
        indicator_id=m.indicator_id,
        indicator_name=m.indicator_name,
        direction=m.direction,
        baseline_period=m.baseline_period,
        baseline_count=m.baseline_count,
        baseline_rate=m.baseline_rate,
        per=m.per,
        note=m.note,
        source=m.baseline_source,
    )


def _prioritisation(p, plan_year: str) -> PrioritisationRecord | None:
    pr = (
        Prioritisation.objects.live()
        .filter(partnership=p, plan_year=plan_year, status="agreed")
        .select_related("agreed_at", "decision")
        .first()
    )
    if pr is None:
        return None
    rows = matrix(pr)
    scored = [r for r in rows if r.score is not None]
    return PrioritisationRecord(
        period=pr.period,
        baseline=pr.baseline,
        area=pr.area_name,
        force=pr.force_name,
        issues_scored=len(scored),
        scorers=len({s.scorer_name for r in scored for s in r.scores}),
        agreed_at=f"{pr.agreed_at.title}, {pr.agreed_at.date:%-d %B %Y}" if pr.agreed_at else "",
        decision=pr.decision.text if pr.decision else "",
    )


def _two_tier(p) -> bool:
    return bool(_county(p))


def _county(p) -> str:
    """The county council whose area holds the partnership's district, if any."""
    from saferplaces.web.planning.evidence import county_of

    return county_of(p)


def _consultation_held(p) -> bool:
    from saferplaces.web.planning.evidence import consultation_held

    return consultation_held(p)


def _review_counts(p, plan_year: str) -> list[ReviewCounts]:
    """Published yearly counts from the reviews register, when it is installed."""
    if not apps.is_installed("saferplaces.web.reviews"):
        return []
    from saferplaces.web.reviews.registers import asb_counts

    counts = asb_counts(p.slug, plan_year).to_dict()
    counts.pop("year", None)
    return [ReviewCounts("ASB case reviews", counts)]
