"""Domestic Abuse Related Death Reviews (DARDR; Domestic Homicide Reviews until the 2024
statutory guidance under the Domestic Violence, Crime and Victims Act 2004, s9): the
stages a review passes through, the guidance's timescales, and the recommendation
tracker's statuses.

The timescales are data (:data:`TIMESCALES`), as the statutory guidance sets them: the
decision whether to hold a review within one month of the notification, the Home Office
told of that decision within the same month, and the review's report completed within
six months of the decision to hold it. A partnership whose review is paused (criminal
proceedings, an inquest) records why; the stage still shows as overdue, with the reason.

>>> f = DardrFacts(notified_on=date(2025, 1, 10), decision="hold", decision_on=date(2025, 2, 20))
>>> [d.status(date(2025, 9, 1)) for d in deadlines(f)]  # decision, Home Office, report
['late', 'overdue', 'overdue']
>>> stage(f).label
'Review under way'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from saferplaces.reviews.deadlines import Deadline, add_months

DECISIONS = [
    ("hold", "Hold a review"),
    ("not_hold", "Do not hold a review"),
]
NOTIFIED_BY = [
    ("police", "Police"),
    ("agency", "Another agency"),
    ("family", "Family or friends"),
    ("coroner", "Coroner"),
    ("other", "Other"),
]
QA_OUTCOMES = [
    ("approved", "Approved for publication"),
    ("approved_changes", "Approved subject to changes"),
    ("resubmit", "To be revised and resubmitted"),
]
REC_STATUSES = [
    ("not_started", "Not started"),
    ("in_progress", "In progress"),
    ("complete", "Complete"),
    ("closed_incomplete", "Closed, not completed"),
]
REC_CLOSED = {"complete", "closed_incomplete"}

# (step, counted from, months, in words). Multi-agency statutory guidance for the conduct
# of Domestic Homicide Reviews (Home Office, 2016), kept in the 2024 revision.
TIMESCALES = [
    (
        "Decision whether to hold a review",
        "notified_on",
        1,
        "within one month of the notification",
    ),
    (
        "Home Office told of the decision",
        "notified_on",
        1,
        "within one month of the notification, with the decision",
    ),
    ("Report completed", "decision_on", 6, "within six months of the decision to hold it"),
]


@dataclass(frozen=True)
class Stage:
    key: str
    label: str
    order: int


STAGES = [
    Stage("notified", "Notified: decision due", 1),
    Stage("not_held", "Not held", 2),
    Stage("under_way", "Review under way", 3),
    Stage("with_home_office", "With the Home Office quality assurance panel", 4),
    Stage("awaiting_publication", "Approved: awaiting publication", 5),
    Stage("action_plan", "Published (or not to be published): action plan open", 6),
    Stage("complete", "Complete: every recommendation closed", 7),
]
_STAGE = {s.key: s for s in STAGES}


def named_review(reference: str) -> str:
    """A review as people name it: the reference with "DARDR" in front, unless the
    partnership's own references already carry it (or the former "DHR").

    >>> named_review("2025/01"), named_review("DARDR 03"), named_review("SC-DHR-7")
    ('DARDR 2025/01', 'DARDR 03', 'SC-DHR-7')
    """
    upper = reference.upper()
    return reference if "DARDR" in upper or "DHR" in upper else f"DARDR {reference}"


@dataclass(frozen=True)
class DardrFacts:
    notified_on: date
    decision: str = ""  # hold | not_hold | "" (not yet decided)
    decision_on: date | None = None
    home_office_notified_on: date | None = None
    report_completed_on: date | None = None
    submitted_to_qa_on: date | None = None
    qa_outcome: str = ""
    qa_outcome_on: date | None = None
    published_on: date | None = None
    not_published_reason: str = ""
    recommendations: int = 0
    recommendations_open: int = 0


def deadlines(f: DardrFacts) -> list[Deadline]:
    """The guidance's timescales for this review, each with its due date and status."""
    done = {
        "Decision whether to hold a review": f.decision_on if f.decision else None,
        "Home Office told of the decision": f.home_office_notified_on,
        "Report completed": f.report_completed_on,
    }
    out = []
    for step, start_field, months, words in TIMESCALES:
        start = getattr(f, start_field)
        needed = step != "Report completed" or f.decision != "not_hold"
        if step == "Report completed" and f.decision != "hold":
            start = None
        due = add_months(start, months) if start else None
        out.append(Deadline(step, due, done[step], words, needed))
    return out


def stage(f: DardrFacts) -> Stage:
    """Where the review stands, from the dates recorded."""
    if not f.decision:
        return _STAGE["notified"]
    if f.decision == "not_hold":
        return _STAGE["not_held"]
    if not f.submitted_to_qa_on:
        return _STAGE["under_way"]
    if f.qa_outcome not in ("approved", "approved_changes"):
        return _STAGE["with_home_office"]
    if not f.published_on and not f.not_published_reason:
        return _STAGE["awaiting_publication"]
    if f.recommendations_open or not f.recommendations:
        return _STAGE["action_plan"]
    return _STAGE["complete"]


def overdue_steps(f: DardrFacts, today: date) -> list[Deadline]:
    return [d for d in deadlines(f) if d.status(today) == "overdue"]


@dataclass(frozen=True)
class RecommendationFacts:
    status: str
    due: date | None
    national: bool = False
    agency: str = ""


def recommendation_overdue(r: RecommendationFacts, today: date) -> bool:
    return r.status not in REC_CLOSED and r.due is not None and r.due < today


@dataclass
class BoardSummary:
    """What the board reads: reviews by stage, overdue steps, recommendations."""

    by_stage: list[tuple[Stage, int]]
    overdue_steps: int
    recommendations: int
    by_status: list[tuple[str, str, int]]  # (key, label, count)
    recommendations_overdue: int
    national: int
    by_agency: list[tuple[str, int, int, int]]  # (agency, total, complete, overdue)


def board_summary(
    reviews: Iterable[DardrFacts],
    recommendations: Iterable[RecommendationFacts],
    today: date,
) -> BoardSummary:
    reviews = list(reviews)
    recs = list(recommendations)
    stages = {s.key: 0 for s in STAGES}
    late = 0
    for f in reviews:
        stages[stage(f).key] += 1
        late += len(overdue_steps(f, today))
    statuses = {k: 0 for k, _ in REC_STATUSES}
    agencies: dict[str, list[int]] = {}
    for r in recs:
        statuses[r.status] += 1
        a = agencies.setdefault(r.agency or "Not assigned", [0, 0, 0])
        a[0] += 1
        a[1] += r.status == "complete"
        a[2] += recommendation_overdue(r, today)
    return BoardSummary(
        [(s, stages[s.key]) for s in STAGES],
        late,
        len(recs),
        [(k, label, statuses[k]) for k, label in REC_STATUSES],
        sum(recommendation_overdue(r, today) for r in recs),
        sum(r.national for r in recs),
        sorted(((k, *v) for k, v in agencies.items()), key=lambda t: (-t[1], t[0])),
    )
