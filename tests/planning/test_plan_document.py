"""The partnership plan as a Document, from a hand-made plan record: every section, the
figures as the record holds them, totals worked by hand, and the public edition free of
restricted actions and issues even when the record holds them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from saferplaces.document.model import Table
from saferplaces.planning.documents import partnership_plan
from saferplaces.planning.records import (
    ActionRecord,
    IssueEvidence,
    MeasureRecord,
    Money,
    PlanRecord,
    PriorityRecord,
    SubmissionRecord,
)

SECRET_ACTION = "Operation Kestrel: disrupt the named supply line."
SECRET_ISSUE = "Named organised crime group"


def record() -> PlanRecord:
    return PlanRecord(
        partnership="Test CSP",
        area="South Cambridgeshire",
        area_code="E07000012",
        plan_year="2026/27",
        as_of=date(2026, 5, 1),
        two_tier=True,
        county="Cambridgeshire County Council",
        introduction="Our plan for **the year**.",
        pcc_plan="Victims first.",
        priorities=[
            PriorityRecord(
                1,
                "Keep homes safe",
                strands=["crime"],
                chosen_by=[
                    IssueEvidence("Burglary", 1, 9.6, 3.2, 3.0, 1.0),
                    IssueEvidence(SECRET_ISSUE, 2, 8.4, 3.5, 3.0, 0.8, restricted=True),
                ],
                actions=[
                    ActionRecord(
                        "1.1",
                        "Visit every repeat address.",
                        "Police",
                        "Quarterly",
                        rag="green",
                        money=[Money("Community Safety Fund", Decimal("1500.00"), Decimal("250"))],
                    ),
                    ActionRecord(
                        "1.2",
                        SECRET_ACTION,
                        "Police",
                        restricted=True,
                        money=[Money("Pooled fund", Decimal("4000"), Decimal("0"))],
                    ),
                ],
                measures=[
                    MeasureRecord("burglary", "Burglary", "down", "2025-01..2025-12", 412, 5.12)
                ],
            ),
            PriorityRecord(
                2,
                "Less violence",
                strands=["violence", "substance"],
                actions=[
                    ActionRecord(
                        "2.1",
                        "Night-time economy patrols.",
                        "SCDC",
                        money=[Money("Community Safety Fund", Decimal("750.50"))],
                    )
                ],
            ),
        ],
        submissions=[
            SubmissionRecord(
                "plan", "2026/27", "Police and Crime Commissioner", date(2026, 4, 20), "Sam Patel"
            )
        ],
    )


def _text(doc) -> str:
    out = []
    for s, _ in doc.walk():
        out.append(s.title)
        for b in s.blocks:
            if isinstance(b, Table):
                out += [c.text for row in b.rows for c in row]
            elif hasattr(b, "blocks"):
                out += [getattr(x, "text", "") for x in b.blocks]
    return "\n".join(out)


def _table(doc, table_id) -> Table:
    return next(t for t in doc.tables() if t.id == table_id)


def test_every_section_and_figure_comes_from_the_record():
    doc = partnership_plan(record(), edition="restricted")
    ids = [s.id for s, _ in doc.walk()]
    for wanted in (
        "introduction",
        "priorities",
        "strands",
        "action-plan",
        "resources",
        "measures",
        "residents",
        "pcc",
        "county",
        "submissions",
    ):
        assert wanted in ids
    assert doc.marking and "RESTRICTED" in doc.marking.upper()
    chosen = _table(doc, "chosen-1")
    assert [c.text for c in chosen.rows[0]] == [
        "Burglary",
        "1",
        "3.20",
        "3.00",
        "1.00",
        "9.60",
    ]
    money = _table(doc, "resources")
    # allocated 1500.00 + 4000 + 750.50; spent 250 + 0 (2.1 has no spend recorded)
    assert [c.text for c in money.rows[-1]] == ["Total", "", "£6,250.50", "£250.00"]
    assert money.total_rows == frozenset({3})
    strands = {r[0].text: r[1].text for r in _table(doc, "strands").rows}
    assert strands["Serious violence"] == "2" and strands["Reducing reoffending"] == "None"
    [m] = _table(doc, "measures").rows
    assert [c.text for c in m][:5] == ["Burglary", "1", "2025-01..2025-12", "412", "5.12"]
    assert "20 April 2026" in _text(doc) and "Sam Patel" in _text(doc)
    text = _text(doc)
    assert SECRET_ACTION + " (restricted)" in text and SECRET_ISSUE + " (restricted)" in text
    residents = doc.find("residents").blocks[0]
    assert residents.draft  # not written yet: says so rather than leaving a gap


def test_the_public_edition_never_holds_a_restricted_action_or_issue():
    doc = partnership_plan(record(), edition="public")
    text = _text(doc)
    assert SECRET_ACTION not in text and SECRET_ISSUE not in text and "Operation" not in text
    assert doc.marking is None
    assert [r[0].text for r in _table(doc, "actions-1").rows] == ["1.1"]
    # the restricted action's money is left out of the total too: 1500.00 + 750.50
    assert _table(doc, "resources").rows[-1][2].text == "£2,250.50"
    with pytest.raises(ValueError):
        partnership_plan(record(), edition="secret")


def test_the_annual_review_counts_each_status_at_the_year_end_without_restricted_actions():
    from saferplaces.planning.documents import annual_review
    from saferplaces.planning.records import MeetingRecord, ProgressItem

    r = record()
    r.as_of = date(2027, 6, 1)  # the year is over
    r.priorities[0].actions[0].progress = [
        ProgressItem("Q1", "Q1: April to June 2026", "Started."),
        ProgressItem("Q4", "Q4: January to March 2027", "All 37 addresses visited."),
    ]
    r.meetings = [MeetingRecord("Partnership board", "Board", date(2026, 9, 8), "held", 3)]
    doc = annual_review(r)
    assert doc.edition == "public" and doc.marking is None
    text = _text(doc)
    assert SECRET_ACTION not in text and "Operation" not in text
    # public actions: 1.1 green, 2.1 not yet rated (1.2 is restricted)
    status = {row[0].text: row[1].value for row in _table(doc, "status").rows}
    assert status == {"Green": 1, "Not yet rated": 1}
    assert _table(doc, "status").caption.startswith(
        "The plan's 2 actions by their status at 31 March 2027"
    )
    [row] = [x for x in _table(doc, "delivered-1").rows]
    assert row[4].text == "Q4: January to March 2027: All 37 addresses visited."
    [m] = _table(doc, "meetings").rows
    assert [c.text for c in m] == ["8 September 2026", "Partnership board", "3"]
    assert "The year is not over" not in text
    r.as_of = date(2026, 10, 1)
    assert doc.find("details").blocks and any(
        getattr(b, "title", "") == "The year is not over"
        for b in annual_review(r).find("details").blocks
    )
