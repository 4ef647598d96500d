"""ASB case reviews (the Community Trigger): the threshold test, the partnership's
timescales, and the four counts every relevant body must publish each year (Anti-social
Behaviour, Crime and Policing Act 2014, s104).

The threshold is set locally but may not ask for more than three complaints over the six
months before the application (the Act's statutory guidance); a partnership may set a
lower one. The counts are by financial year of the application's received date:

* ``applications``: applications received in the year;
* ``threshold_not_met``: of those, decided as not meeting the threshold;
* ``reviews_carried_out``: of those, reviews held (on or before the day counted);
* ``reviews_with_recommendations``: of those, reviews that made recommendations.

>>> t = Threshold(3, 6)
>>> t.test([date(2025, 1, 5), date(2025, 3, 1), date(2025, 6, 30)], date(2025, 7, 1)).met
True
>>> t.test([date(2024, 12, 31), date(2025, 3, 1), date(2025, 6, 30)], date(2025, 7, 1)).count
2
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from saferplaces.core.errors import SaferplacesError
from saferplaces.reviews.deadlines import Deadline, add_months
from saferplaces.reviews.workdays import add_working_days
from saferplaces.reviews.years import financial_year, year_bounds, year_label

APPLICANTS = [("victim", "The victim"), ("on_behalf", "Someone on the victim's behalf")]
RECEIVED_BY = [
    ("online", "Online form"),
    ("email", "Email"),
    ("phone", "Telephone"),
    ("letter", "Letter"),
    ("in_person", "In person"),
    ("other", "Another way"),
]
STATUTORY_MAX_COMPLAINTS = 3
STATUTORY_MIN_MONTHS = 6


class ThresholdError(SaferplacesError):
    """A threshold stricter than the Act allows."""


@dataclass(frozen=True)
class ThresholdTest:
    count: int  # complaints within the window
    window_start: date
    window_end: date
    required: int
    met: bool

    def describe(self) -> str:
        when = f"{self.window_start:%-d %B %Y} to {self.window_end:%-d %B %Y}"
        verdict = "meets" if self.met else "does not meet"
        return (
            f"{self.count} complaint{'s' if self.count != 1 else ''} from {when}: "
            f"{verdict} the threshold of {self.required}"
        )


@dataclass(frozen=True)
class Threshold:
    """At least ``complaints`` complaints about the ASB in the ``months`` before the
    application (the window includes both ends)."""

    complaints: int = STATUTORY_MAX_COMPLAINTS
    months: int = STATUTORY_MIN_MONTHS

    def __post_init__(self) -> None:
        if not 1 <= self.complaints <= STATUTORY_MAX_COMPLAINTS:
            raise ThresholdError(
                f"a threshold of {self.complaints} complaints is not allowed: it may ask for "
                f"1 to {STATUTORY_MAX_COMPLAINTS} complaints (the Act's statutory guidance)"
            )
        if self.months < STATUTORY_MIN_MONTHS:
            raise ThresholdError(
                f"a threshold over {self.months} months is not allowed: complaints are "
                f"counted over at least {STATUTORY_MIN_MONTHS} months"
            )

    def describe(self) -> str:
        return (
            f"{self.complaints} complaint{'s' if self.complaints != 1 else ''} about the "
            f"anti-social behaviour in the {self.months} months before the application"
        )

    def test(self, complaint_dates: Iterable[date], received: date) -> ThresholdTest:
        start = add_months(received, -self.months)
        n = sum(1 for d in complaint_dates if start <= d <= received)
        return ThresholdTest(n, start, received, self.complaints, n >= self.complaints)


@dataclass(frozen=True)
class Timescales:
    """The partnership's published timescales, in working days."""

    decision_days: int = 10  # threshold decision, from the application received
    review_days: int = 20  # review meeting held, from the threshold decision
    inform_days: int = 5  # applicant told of the outcome, from the review

    def deadlines(self, case: AsbFacts) -> list[Deadline]:
        decided = case.decision_date
        met = case.threshold_met
        review_needed = met is not False
        told_after = case.review_date if met else decided if met is False else None
        return [
            Deadline(
                "Threshold decision",
                add_working_days(case.received, self.decision_days),
                decided,
                f"within {self.decision_days} working days of the application",
            ),
            Deadline(
                "Review held",
                add_working_days(decided, self.review_days) if decided and met else None,
                case.review_date,
                f"within {self.review_days} working days of the threshold decision",
                needed=review_needed,
            ),
            Deadline(
                "Applicant told the outcome",
                add_working_days(told_after, self.inform_days) if told_after else None,
                case.applicant_informed,
                f"within {self.inform_days} working days of the review (or of the decision "
                "when the threshold is not met)",
            ),
        ]


@dataclass(frozen=True)
class AsbFacts:
    """What the counts and timescales need to know of one application."""

    reference: str
    received: date
    threshold_met: bool | None = None
    decision_date: date | None = None
    review_date: date | None = None
    recommendations_made: bool | None = None
    applicant_informed: date | None = None


@dataclass
class PublicationCounts:
    year: str
    applications: int
    threshold_not_met: int
    reviews_carried_out: int
    reviews_with_recommendations: int
    as_of: date
    awaiting_decision: int = 0  # received in the year, no threshold decision yet
    reviews_pending: int = 0  # threshold met, review not yet held
    references: dict[str, list[str]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The published counts: exactly the statutory four and the year."""
        return {
            "year": self.year,
            "applications": self.applications,
            "threshold_not_met": self.threshold_not_met,
            "reviews_carried_out": self.reviews_carried_out,
            "reviews_with_recommendations": self.reviews_with_recommendations,
        }

    def notes(self) -> list[str]:
        out = [
            f"Applications received {year_label(self.year)}, counted by the day the "
            "application was received; decisions and reviews as recorded on "
            f"{self.as_of:%-d %B %Y}."
        ]
        if self.awaiting_decision:
            out.append(
                f"{self.awaiting_decision} application{_s(self.awaiting_decision)} still "
                "awaiting a threshold decision (counted as applications only)."
            )
        if self.reviews_pending:
            out.append(
                f"{self.reviews_pending} review{_s(self.reviews_pending)} met the threshold "
                "but not yet held (not counted as carried out)."
            )
        return out


def _s(n: int) -> str:
    return "" if n == 1 else "s"


def publication_counts(
    cases: Iterable[AsbFacts], year: str, as_of: date | None = None
) -> PublicationCounts:
    """The four statutory counts for the financial ``year`` (``2025/26``), as the register
    stands on ``as_of`` (default today): a decision or review dated later is not yet made."""
    year_bounds(year)  # refuse a badly written year
    as_of = as_of or date.today()
    refs: dict[str, list[str]] = {
        k: []
        for k in (
            "applications",
            "threshold_not_met",
            "reviews_carried_out",
            "reviews_with_recommendations",
            "awaiting_decision",
            "reviews_pending",
        )
    }
    for c in cases:
        if c.received > as_of or financial_year(c.received) != year:
            continue
        refs["applications"].append(c.reference)
        decided = c.threshold_met is not None and (
            c.decision_date is None or c.decision_date <= as_of
        )
        if not decided:
            refs["awaiting_decision"].append(c.reference)
            continue
        if c.threshold_met is False:
            refs["threshold_not_met"].append(c.reference)
            continue
        if c.review_date is None or c.review_date > as_of:
            refs["reviews_pending"].append(c.reference)
            continue
        refs["reviews_carried_out"].append(c.reference)
        if c.recommendations_made:
            refs["reviews_with_recommendations"].append(c.reference)
    return PublicationCounts(
        year,
        len(refs["applications"]),
        len(refs["threshold_not_met"]),
        len(refs["reviews_carried_out"]),
        len(refs["reviews_with_recommendations"]),
        as_of,
        len(refs["awaiting_decision"]),
        len(refs["reviews_pending"]),
        refs,
    )


def check_consistent(c: AsbFacts) -> list[tuple[str, str]]:
    """(field, problem) for facts that contradict each other; empty when consistent."""
    out = []
    if c.decision_date and c.decision_date < c.received:
        out.append(("decision_date", "is before the application was received"))
    if c.threshold_met is None and c.decision_date:
        out.append(("threshold_met", "is blank but a decision date is given: say yes or no"))
    if c.review_date:
        if c.threshold_met is False:
            out.append(("review_date", "is given but the threshold was not met: no review"))
        elif c.threshold_met is None:
            out.append(("review_date", "is given but there is no threshold decision"))
        if c.review_date < c.received:
            out.append(("review_date", "is before the application was received"))
        if c.decision_date and c.review_date < c.decision_date:
            out.append(("review_date", "is before the threshold decision"))
    if c.recommendations_made and not c.review_date:
        out.append(("recommendations_made", "is yes but no review date is given"))
    if c.applicant_informed and c.applicant_informed < c.received:
        out.append(("applicant_informed", "is before the application was received"))
    return out
