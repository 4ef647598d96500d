"""Illustrative money for the demo partnership (``saferplaces admin seed-demo``).

Invented funds, lines, payments, grants and bids, labelled illustrative wherever they are
shown (the partnership is marked illustrative, and so is every money document). Last
year is closed, its balances carried forward and its end-of-year report published as
agreed at the last board meeting; this year has a budget whose lines serve the demo
plan's actions, one revision within the officer's limit, one waiting for the chair, a
payment that overspends a line (and the refund that puts it right), a grant, bids.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

from saferplaces.finance.figures import previous_year, to_data
from saferplaces.web.finance.ledger import (
    close_year,
    ensure_fund_year,
    figures,
    financial_year,
    propose_revision,
    record_entry,
    set_line_actions,
)
from saferplaces.web.finance.models import (
    Bid,
    BudgetLine,
    EndOfYearReport,
    Entry,
    FinanceSettings,
    Fund,
    Grant,
)

THIS_YEAR_LINES = [
    # number, item, actions, original
    (1, "Research and analysis for the strategic assessment", ["2.1", "3.1"], D("3000.00")),
    (2, "Domestic abuse awareness campaign", ["1.1"], D("2500.00")),
    (3, "Scams and hoarding support", ["1.2", "1.3"], D("2000.00")),
    (4, "Vehicle crime prevention", ["2.2"], D("750.00")),
    (5, "Engagement events in new communities", ["3.1"], D("1500.00")),
    (6, "Rural crime reporting", ["3.2"], D("1150.00")),
    (7, "Crime prevention kits for repeat victims", ["2.1", "4.1"], D("2000.00")),
]


def _record(entry: Entry, user, *, check: bool = False) -> None:
    """Record money as the app does; the overspend check (which adds the year up again)
    only where the demo means to show one."""
    if check:
        record_entry(entry, user)
    else:
        ensure_fund_year(entry.fund, entry.year, user)
        entry.save_by(user)


def seed_finance(p, users) -> str:
    """Add the illustrative money; return a phrase for the seed summary."""
    from saferplaces.web.meetings.models import Meeting

    officer, chair = users["officer"], users["chair"]
    meetings = list(Meeting.objects.live().filter(partnership=p).order_by("date"))
    today = date.today()
    fy_start = today.year if today.month >= 4 else today.year - 1
    year = f"{fy_start}/{(fy_start + 1) % 100:02d}"
    last = previous_year(year)

    FinanceSettings(
        partnership=p,
        approval_threshold=D("1000.00"),
        giving_prefix="360G-illustrative-southcambs",
        funder_org_id="GB-LAE-SCA",
        funder_org_name="South Cambridgeshire District Council (illustrative)",
    ).save_by(chair)
    csf = Fund(
        partnership=p,
        name="Community Safety Fund",
        funder_kind="pcc",
        funder="Police and Crime Commissioner",
        conditions="Spent on the partnership plan's priorities; a return to the "
        "Commissioner at mid-year and at year end.",
    )
    csf.save_by(officer)
    pooled = Fund(
        partnership=p,
        name="Pooled Fund",
        funder_kind="partners",
        funder="Partners' contributions",
        conditions="Statutory reviews and partnership events, as the board agrees.",
    )
    pooled.save_by(officer)

    # Last year: spent, closed, carried forward, its report agreed and published.
    ly = financial_year(p, last, create=True, user=officer)
    start = ly.starts
    fyr = ensure_fund_year(csf, ly, officer)
    fyr.allocated = D("10000.00")
    fyr.save_by(officer)
    fyr = ensure_fund_year(pooled, ly, officer)
    fyr.brought_forward = D("5000.00")
    fyr.save_by(officer)
    old = {}
    for n, item, amount in [
        (1, "Research and analysis", D("4000.00")),
        (2, "Awareness campaigns", D("6000.00")),
    ]:
        old[n] = BudgetLine(year=ly, fund=csf, number=n, item=item, original=amount)
        old[n].save_by(officer)
    for on, line, fund, who, what, amount in [
        (start + timedelta(days=200), old[1], csf, "County research team", "Analysis", "4000"),
        (start + timedelta(days=150), old[2], csf, "Print supplier", "Campaign print", "5100"),
        (start + timedelta(days=300), None, pooled, "Review author", "Review work", "250"),
    ]:
        _record(
            Entry(
                year=ly,
                kind="payment",
                fund=fund,
                line=line,
                on=on,
                counterparty=who,
                description=what,
                amount=D(amount),
            ),
            officer,
        )
    close_year(ly, officer, "Year-end figures agreed by the delivery group")
    held = [m for m in meetings if m.date <= today]
    if held:
        EndOfYearReport(year=ly, meeting=held[-1], figures=to_data(figures(ly))).save_by(officer)

    # This year: the budget, revisions, spend, a grant.
    fy = financial_year(p, year, create=True, user=officer)
    ensure_fund_year(csf, fy, officer)
    c = csf.years.get(year=fy)
    c.allocated = D("12000.00")
    c.save_by(officer)
    lines = {}
    for n, item, acts, amount in THIS_YEAR_LINES:
        lines[n] = BudgetLine(year=fy, fund=csf, number=n, item=item, original=amount)
        lines[n].save_by(officer)
        set_line_actions(lines[n], acts, officer)
    propose_revision(
        fy,
        {lines[5]: D("1000.00"), lines[7]: D("2500.00")},
        "Engagement events cost less than planned; crime prevention kits are in demand.",
        officer,
    )
    propose_revision(
        fy,
        {lines[1]: D("1800.00"), lines[2]: D("3700.00")},
        "The county team's analysis is now funded centrally; the campaign extends to "
        "licensed premises.",
        officer,
    )

    def day(n: int) -> date:
        return min(fy.starts + timedelta(days=n), today)

    spend = [
        ("payment", 40, 1, None, "County research team", "Quarterly analysis", "INV-101", "750"),
        ("payment", 60, 2, None, "Print supplier", "Campaign leaflets", "INV-214", "2600"),
        ("refund", 75, 2, None, "Village hall", "Venue deposit returned", "CR-12", "-100"),
        ("payment", 90, 4, None, "Event stall hire", "Vehicle crime events", "INV-233", "750"),
        ("commitment", 100, 7, None, "Security supplier", "Prevention kits", "PO-5521", "1200"),
        ("income", 30, None, pooled, "Partners", "Partner contributions", "", "1000"),
    ]
    for kind, days, line, fund, who, what, ref, amount in spend:
        _record(
            Entry(
                year=fy,
                kind=kind,
                fund=fund or lines[line].fund,
                line=lines[line] if line else None,
                on=day(days),
                counterparty=who,
                description=what,
                reference=ref,
                amount=D(amount),
            ),
            officer,
            check=(kind, line) == ("payment", 2),
        )
    grant = Grant(
        year=fy,
        reference="PF-01",
        applicant="Histon Youth Project (illustrative)",
        project="Friday night youth club",
        description="Detached youth work and a Friday club in the village hall.",
        amount_asked=D("2000.00"),
        status="awarded",
        amount_awarded=D("1500.00"),
        decided_on=day(45),
        conditions="A monitoring return on attendance and outcomes.",
        monitoring_due=fy.ends,
        fund=pooled,
        charity_number="1234567",
    )
    grant.save_by(officer)
    _record(
        Entry(
            year=fy,
            kind="payment",
            fund=pooled,
            on=day(50),
            counterparty=grant.applicant,
            description="First half of the youth club grant",
            amount=D("750.00"),
            grant=grant,
        ),
        officer,
    )
    Grant(
        year=fy,
        reference="PF-02",
        applicant="Cambourne Neighbourhood Watch (illustrative)",
        project="Signs and window stickers",
        amount_asked=D("400.00"),
    ).save_by(officer)
    for to, purpose, amount, submitted, decision, awarded in [
        (
            "Home Office Safer Streets Fund",
            "Lighting and CCTV in two flagged wards",
            D("24000.00"),
            day(20),
            "pending",
            None,
        ),
        (
            "Police and Crime Commissioner",
            "Community Safety Fund allocation",
            D("12000.00"),
            fy.starts - timedelta(days=60),
            "successful",
            D("12000.00"),
        ),
    ]:
        Bid(
            partnership=p,
            to=to,
            purpose=purpose,
            amount=amount,
            submitted_on=submitted,
            decision=decision,
            decided_on=None if decision == "pending" else submitted + timedelta(days=30),
            amount_awarded=awarded,
            fund=csf if decision == "successful" else None,
        ).save_by(officer)
    return f"illustrative money for {last} (closed) and {year}"
