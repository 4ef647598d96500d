"""The four statutory counts against a register counted by hand: applications either
side of the financial year's ends, a decision and a review made after the year ended,
and applications still open."""

from __future__ import annotations

from datetime import date

import pytest

from saferplaces.reviews.asb import AsbFacts, Threshold, ThresholdError, publication_counts
from saferplaces.reviews.years import YearError, financial_year, year_bounds

D = date
REGISTER = [
    # ref, received, met, decided, reviewed, recommendations
    AsbFacts("A", D(2025, 3, 31), True, D(2025, 4, 3), D(2025, 4, 20), True),  # 2024/25
    AsbFacts("B", D(2025, 4, 1), False, D(2025, 4, 10)),  # first day of 2025/26
    AsbFacts("C", D(2025, 6, 15), True, D(2025, 6, 20), D(2025, 7, 10), True),
    AsbFacts("D", D(2025, 9, 1), True, D(2025, 9, 5), D(2025, 10, 1), False),
    AsbFacts("E", D(2026, 3, 20), True, D(2026, 3, 25), D(2026, 4, 15), True),  # reviewed later
    AsbFacts("F", D(2026, 3, 31), None),  # last day, undecided
    AsbFacts("G", D(2026, 4, 1), True, D(2026, 4, 2)),  # 2026/27
    AsbFacts("H", D(2025, 12, 1), False, D(2026, 4, 2)),  # decided after the year ended
]


def test_counts_at_the_end_of_the_year_by_hand():
    c = publication_counts(REGISTER, "2025/26", as_of=D(2026, 3, 31))
    # Received in 2025/26: B C D E F H. Not met by 31 March: B. Reviewed by then: C D.
    assert c.to_dict() == {
        "year": "2025/26",
        "applications": 6,
        "threshold_not_met": 1,
        "reviews_carried_out": 2,
        "reviews_with_recommendations": 1,
    }
    assert (c.awaiting_decision, c.reviews_pending) == (2, 1)  # F and H; E
    assert sorted(c.references["applications"]) == ["B", "C", "D", "E", "F", "H"]


def test_counts_published_after_the_year_include_later_decisions_and_reviews():
    c = publication_counts(REGISTER, "2025/26", as_of=D(2026, 5, 1))
    # H is now not met; E's review (15 April 2026) counts for 2025/26, its application year.
    assert c.to_dict() == {
        "year": "2025/26",
        "applications": 6,
        "threshold_not_met": 2,
        "reviews_carried_out": 3,
        "reviews_with_recommendations": 2,
    }
    assert (c.awaiting_decision, c.reviews_pending) == (1, 0)


def test_the_year_before_and_after():
    before = publication_counts(REGISTER, "2024/25", as_of=D(2026, 5, 1)).to_dict()
    assert before | {"year": ""} == {
        "year": "",
        "applications": 1,
        "threshold_not_met": 0,
        "reviews_carried_out": 1,
        "reviews_with_recommendations": 1,
    }
    after = publication_counts(REGISTER, "2026/27", as_of=D(2026, 5, 1))
    assert (after.applications, after.reviews_pending) == (1, 1)


def test_an_application_received_after_the_day_counted_is_not_counted():
    c = publication_counts(REGISTER, "2025/26", as_of=D(2025, 6, 30))
    assert c.applications == 2  # B and C only


@pytest.mark.parametrize(
    "d, year",
    [(D(2025, 3, 31), "2024/25"), (D(2025, 4, 1), "2025/26"), (D(2000, 1, 1), "1999/00")],
)
def test_financial_year(d, year):
    assert financial_year(d) == year
    start, end = year_bounds(year)
    assert start <= d <= end


@pytest.mark.parametrize("bad", ["2025/27", "2025-26", "25/26", "2025"])
def test_a_badly_written_year_is_refused(bad):
    with pytest.raises(YearError, match="like 2025/26"):
        publication_counts([], bad)


def test_threshold_window_includes_both_ends():
    t = Threshold(3, 6)
    received = D(2025, 8, 31)
    # Six months before 31 August is 28 February (no 31 February): that day counts.
    inside = [D(2025, 2, 28), D(2025, 5, 1), D(2025, 8, 31)]
    assert t.test(inside, received).met
    assert t.test([D(2025, 2, 27), D(2025, 5, 1), D(2025, 8, 31)], received).count == 2
    assert not t.test([D(2025, 9, 1)], received).count  # after the application


@pytest.mark.parametrize("complaints, months", [(4, 6), (0, 6), (3, 5)])
def test_a_threshold_stricter_than_the_act_allows_is_refused(complaints, months):
    with pytest.raises(ThresholdError):
        Threshold(complaints, months)


def test_a_lower_threshold_is_allowed():
    assert Threshold(2, 12).test([D(2024, 9, 1), D(2025, 8, 1)], D(2025, 8, 31)).met
