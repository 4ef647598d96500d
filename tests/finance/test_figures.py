"""A year added up, against figures added by hand from the board papers: seed 002's
end-of-year report (Appendix A) and seed 001's budget."""

from __future__ import annotations

import json
from decimal import Decimal as D

import pytest

from saferplaces.finance.figures import (
    FundInput,
    LineInput,
    Movement,
    from_data,
    next_year,
    previous_year,
    to_data,
    year_figures,
)
from saferplaces.finance.report import report_dict

POOLED, CSF, PCC = "CSP Pooled Fund", "Community Safety Fund", "PCC grant"


def seed_002():
    """Cambridge CSP 2019/20 as Appendix A gives it: nothing from the Commissioner that
    year, two balances brought forward, a review payment and other expenses (the report
    gives their total only through the balance it ends with)."""
    funds = [
        FundInput(PCC, "Police and Crime Commissioner", D("0.00"), D("0.00")),
        FundInput(POOLED, "Partners", D("6984.18"), D("0.00")),
        FundInput(CSF, "Police and Crime Commissioner", D("972.00"), D("0.00")),
    ]
    spend = [
        Movement("payment", D("250.00"), POOLED, label="Additional work on a review"),
        Movement("payment", D("1012.01"), POOLED, label="Other expenses and a workshop"),
    ]
    return year_figures("2019/20", [], funds, spend)


def test_seed_002_year_end_against_the_paper():
    fig = seed_002()
    t = fig.fund_totals()
    # "Total available funding £7,956.18" = 6,984.18 + 972.00 + 0.00, by hand.
    assert t["available"] == D("7956.18")
    assert t["grants_paid"] == D("0.00") and t["grants_committed"] == D("0.00")
    # After the review payment the paper shows £7,706.18 (7,956.18 - 250.00).
    assert t["available"] - D("250.00") == D("7706.18")
    # "balance of the Pooled Fund ... £5,722.17" and "totals £6,694.17".
    assert fig.fund(POOLED).remaining == D("5722.17")
    assert fig.fund(CSF).remaining == D("972.00")
    assert t["remaining"] == D("6694.17")
    assert [(o.label, o.spent) for o in fig.other] == [
        ("Additional work on a review", D("250.00")),
        ("Other expenses and a workshop", D("1012.01")),
    ]
    for v in t.values():
        assert isinstance(v, D)


def seed_001(spend=()):
    raw = [
        (1, "4000.00", None, ("3.1", "3.2", "3.3")),
        (2, "4500.00", None, ("1.6",)),
        (3, "500.00", None, ("1.1",)),
        (4, "1000.00", None, ("1.1", "1.5")),
        (5, "500.00", None, ("1.8",)),
        (6, "2000.00", None, ("1.9",)),
        (7, "2000.00", None, ("2.2",)),
        (8, "1277.00", "0.00", ("3.1", "3.2", "3.3")),
        (9, "0.00", "1277.00", ("1.1", "2.2")),
        (10, "0.00", None, ("1.1",)),
    ]
    lines = [
        LineInput(n, f"Line {n}", "Budget", acts, D(o), None if r is None else D(r))
        for n, o, r, acts in raw
    ]
    return year_figures(
        "2016/17", lines, [FundInput("Budget", "PCC", D("0.00"), D("15777.00"))], list(spend)
    )


def test_seed_001_budget_totals_and_revision():
    fig = seed_001()
    t = fig.line_totals()
    assert t["original"] == D("15777.00") and t["revised"] == D("15777.00")
    assert fig.line(8).revised == D("0.00") and fig.line(8).was_revised
    assert fig.line(10).revised == D("0.00") and not fig.line(10).was_revised
    assert fig.fund("Budget").unallocated == D("0.00")


def test_spend_commitments_refunds_and_an_overspent_line():
    # Line 4's training cost £1,013.70 against £1,000.00 (the paper's own example).
    fig = seed_001(
        [
            Movement("payment", D("1013.70"), "Budget", 4),
            Movement("commitment", D("300.00"), "Budget", 2),
            Movement("payment", D("120.00"), "Budget", 2),
            Movement("refund", D("-20.00"), "Budget", 2),
            Movement("income", D("50.00"), "Budget"),
        ]
    )
    four, two = fig.line(4), fig.line(2)
    assert four.remaining == D("-13.70") and four.overspent
    assert (two.spent, two.committed, two.remaining) == (D("100.00"), D("300.00"), D("4100.00"))
    f = fig.fund("Budget")
    # 15,777.00 + 50.00 income - (1,013.70 + 120.00 - 20.00) spent - 300.00 committed
    assert f.available == D("15827.00")
    assert f.spent == D("1113.70")
    assert f.remaining == D("14413.30")
    assert f.balance == D("14713.30")  # what is carried: commitments go with it
    assert fig.line_totals()["remaining"] == D("14363.30")  # 15,777 - 1,113.70 - 300


def test_report_json_is_the_contract():
    fig = seed_001([Movement("payment", D("1013.70"), "Budget", 4)])
    data = json.loads(json.dumps(report_dict(fig)))
    assert set(data) >= {"year", "lines", "totals", "funds"}
    assert data["year"] == "2016/17"
    assert set(data["lines"][0]) == {
        "line",
        "item",
        "actions",
        "original",
        "revised",
        "spent",
        "committed",
        "remaining",
    }
    assert data["lines"][3]["remaining"] == "-13.70"
    assert data["lines"][0]["actions"] == ["3.1", "3.2", "3.3"]
    assert data["totals"] == {
        "original": "15777.00",
        "revised": "15777.00",
        "spent": "1013.70",
        "committed": "0.00",
        "remaining": "14763.30",
    }
    fund = data["funds"][0]
    assert set(fund) >= {"name", "brought_forward", "allocated", "spent", "committed", "remaining"}
    assert fund["allocated"] == "15777.00" and fund["remaining"] == "14763.30"


def test_kept_as_agreed_round_trip():
    fig = seed_002()
    back = from_data(json.loads(json.dumps(to_data(fig))))
    assert back.fund_totals() == fig.fund_totals()
    assert [o.label for o in back.other] == [o.label for o in fig.other]


def test_money_on_an_unknown_fund_is_a_bug_not_a_guess():
    with pytest.raises(ValueError, match="no allocation"):
        year_figures("2019/20", [], [], [Movement("payment", D("1"), "Nowhere")])


def test_years():
    assert previous_year("2017/18") == "2016/17"
    assert next_year("2099/00") == "2100/01"
