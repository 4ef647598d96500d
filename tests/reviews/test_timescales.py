"""Working days (England and Wales bank holidays, one-off days included), the partnership's
ASB timescales and the DARDR guidance's, checked against dates worked out on a calendar."""

from __future__ import annotations

from datetime import date

from saferplaces.reviews import dardr
from saferplaces.reviews.asb import AsbFacts, Timescales
from saferplaces.reviews.deadlines import add_months
from saferplaces.reviews.workdays import add_working_days, is_working_day

D = date


def test_bank_holidays_including_one_off_days():
    assert not is_working_day(D(2023, 5, 8))  # the coronation
    assert not is_working_day(D(2022, 9, 19))  # the state funeral
    assert not is_working_day(D(2025, 4, 18))  # Good Friday
    assert not is_working_day(D(2025, 8, 25))  # August bank holiday (England)
    assert is_working_day(D(2025, 8, 4))  # Scotland's August holiday is not England's
    # Thursday 17 April 2025 plus 2 working days: over Good Friday, the weekend and
    # Easter Monday to Wednesday 23 April.
    assert add_working_days(D(2025, 4, 17), 2) == D(2025, 4, 23)


def test_asb_timescales_by_hand():
    t = Timescales(decision_days=10, review_days=20, inform_days=5)
    case = AsbFacts("X", D(2025, 4, 14), True, D(2025, 4, 30), D(2025, 6, 5), False, D(2025, 6, 13))
    decision, review, told = t.deadlines(case)
    # 14 April (Mon) + 10 working days, skipping Good Friday 18th and Easter Monday 21st.
    assert decision.due == D(2025, 4, 30) and decision.status(D(2025, 7, 1)) == "on_time"
    # 30 April + 20 working days, skipping 5 and 26 May: 30 May.
    assert review.due == D(2025, 5, 30) and review.status(D(2025, 7, 1)) == "late"
    assert review.days_late(D(2025, 7, 1)) == 6
    # 5 June + 5 working days: 12 June; told on 13 June.
    assert told.due == D(2025, 6, 12) and told.status(D(2025, 7, 1)) == "late"


def test_asb_not_met_needs_no_review_and_the_applicant_is_told_from_the_decision():
    t = Timescales()
    _, review, told = t.deadlines(AsbFacts("Y", D(2025, 4, 1), False, D(2025, 4, 8)))
    assert review.status(D(2025, 9, 1)) == "not_needed"
    assert told.due == add_working_days(D(2025, 4, 8), 5)
    assert told.status(D(2025, 9, 1)) == "overdue"


def test_asb_open_application_waits_then_is_overdue():
    decision, review, _ = Timescales().deadlines(AsbFacts("Z", D(2025, 4, 1)))
    assert review.status(D(2025, 4, 2)) == "waiting"
    assert decision.status(D(2025, 4, 2)) == "due"
    assert decision.status(D(2025, 4, 16)) == "overdue"  # due 15 April


def test_add_months_keeps_within_the_month():
    assert add_months(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2025, 8, 31), -6) == D(2025, 2, 28)
    assert add_months(D(2025, 11, 15), 2) == D(2026, 1, 15)


def test_dardr_timescales_and_stages():
    f = dardr.DardrFacts(notified_on=D(2025, 1, 10))
    decision, home_office, report = dardr.deadlines(f)
    assert decision.due == D(2025, 2, 10) and home_office.due == D(2025, 2, 10)
    assert report.due is None and report.status(D(2025, 3, 1)) == "waiting"
    assert dardr.stage(f).key == "notified"
    held = dardr.DardrFacts(
        D(2025, 1, 10), "hold", D(2025, 2, 3), D(2025, 2, 5), report_completed_on=D(2025, 9, 1)
    )
    steps = {d.step: d for d in dardr.deadlines(held)}
    assert steps["Report completed"].due == D(2025, 8, 3)
    assert steps["Report completed"].status(D(2025, 9, 2)) == "late"
    assert steps["Decision whether to hold a review"].status(D(2025, 9, 2)) == "on_time"
    assert dardr.stage(held).key == "under_way"


def test_dardr_not_held_needs_no_report():
    f = dardr.DardrFacts(D(2025, 1, 10), "not_hold", D(2025, 1, 30), D(2025, 2, 1))
    assert [d.status(D(2026, 1, 1)) for d in dardr.deadlines(f)] == [
        "on_time",
        "on_time",
        "not_needed",
    ]
    assert dardr.stage(f).key == "not_held"


def test_dardr_stage_through_to_complete():
    base = dict(
        notified_on=D(2024, 1, 10),
        decision="hold",
        decision_on=D(2024, 2, 1),
        submitted_to_qa_on=D(2024, 8, 1),
    )
    assert dardr.stage(dardr.DardrFacts(**base)).key == "with_home_office"
    approved = base | {"qa_outcome": "approved", "qa_outcome_on": D(2024, 11, 1)}
    assert dardr.stage(dardr.DardrFacts(**approved)).key == "awaiting_publication"
    published = approved | {"published_on": D(2025, 1, 6), "recommendations": 4}
    assert dardr.stage(dardr.DardrFacts(**published, recommendations_open=1)).key == "action_plan"
    assert dardr.stage(dardr.DardrFacts(**published, recommendations_open=0)).key == "complete"


def test_board_summary_by_hand():
    today = D(2026, 1, 1)
    reviews = [
        dardr.DardrFacts(D(2025, 10, 1)),  # decision overdue (due 1 Nov), Home Office too
        dardr.DardrFacts(D(2025, 12, 20)),  # decision due 20 January: not yet overdue
    ]
    recs = [
        dardr.RecommendationFacts("complete", D(2025, 6, 1), False, "Police"),
        dardr.RecommendationFacts("in_progress", D(2025, 12, 31), True, "Police"),
        dardr.RecommendationFacts("not_started", D(2026, 6, 1), False, "NHS trust"),
        dardr.RecommendationFacts("closed_incomplete", D(2025, 1, 1), False, "NHS trust"),
    ]
    s = dardr.board_summary(reviews, recs, today)
    assert dict((st.key, n) for st, n in s.by_stage)["notified"] == 2
    assert s.overdue_steps == 2
    assert (s.recommendations, s.recommendations_overdue, s.national) == (4, 1, 1)
    assert s.by_agency == [("NHS trust", 2, 0, 0), ("Police", 2, 1, 1)]
