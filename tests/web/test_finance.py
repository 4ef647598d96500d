"""Money in the web app: revisions with reasons and the chair's approval above the
threshold, spend with its overspend warning, refunds the only negative amounts, every
change audited, the year closed and carried forward, reopened only by the chair, and
the end-of-year report public only once a meeting agreed it."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.urls import reverse

from saferplaces.web.actions.models import Action, Priority
from saferplaces.web.core.models import AppendOnly, AuditEvent
from saferplaces.web.finance import papers
from saferplaces.web.finance.ledger import (
    close_year,
    figures,
    propose_revision,
    record_entry,
    reopen_year,
)
from saferplaces.web.finance.models import (
    BudgetLine,
    Entry,
    FinanceSettings,
    FundYear,
    Revision,
    YearClosed,
    YearEvent,
)
from tests.web.conftest import login
from tests.web.finance_helpers import YEAR, counts, import_seed_001, line, year


@pytest.fixture
def budget(demo, tmp_path):
    import_seed_001(demo, tmp_path)
    return year(demo)


def _user(name):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=name)


def _money(fy, demo, kind, n, on, amount, what="x", **kw) -> str:
    """Record money on line ``n`` as the officer; return the overspend warning."""
    x = line(demo, n)
    entry = Entry(
        year=fy,
        kind=kind,
        fund=x.fund,
        line=x,
        on=on,
        description=what,
        amount=D(amount),
        **kw,
    )
    return record_entry(entry, _user("officer"))


def test_imported_budget_adds_up_and_keeps_the_revision(budget, demo):
    fig = figures(budget)
    assert fig.line_totals()["original"] == D("15777.00")
    assert fig.line_totals()["revised"] == D("15777.00")
    rev = Revision.objects.get(year=budget)
    assert rev.status == "approved" and "budget-2016-17.csv" in rev.reason
    assert [(c.line.number, c.before, c.after) for c in rev.changes.all()] == [
        (8, D("1277.00"), D("0.00")),
        (9, D("0.00"), D("1277.00")),
    ]
    # The fund's allocation was set from the original allocations, added by hand above.
    assert FundYear.objects.get(year=budget).allocated == D("15777.00")


def test_actions_named_before_they_exist_are_linked_when_added(budget, demo):
    assert line(demo, 2).action_refs.get().action is None
    pr = Priority(partnership=demo, plan_year=YEAR, number=1, title="Vulnerable people")
    pr.save_by(None)
    a = Action(partnership=demo, priority=pr, number="1.6", text="Drama in schools")
    a.save_by(None)
    assert line(demo, 2).action_refs.get().action == a
    # And the action plan shows the action's money.
    page = login("board").get(reverse("actions:plan", args=[demo.slug]) + f"?year={YEAR}")
    text = page.content.decode()
    assert "Budget line 2" in text and "£4,500.00" in text


def test_a_revision_without_a_reason_is_refused(budget, demo):
    before = counts()
    with pytest.raises(ValidationError, match="Say why"):
        propose_revision(budget, {line(demo, 3): D("400.00")}, "  ", _user("officer"))
    c = login("officer")
    url = reverse("finance:revise", args=[demo.slug, budget.slug])
    form = {f"line_{x.pk}": str(x.current) for x in budget.lines.live()}
    form[f"line_{line(demo, 3).pk}"] = "400"
    resp = c.post(url, form)
    assert resp.status_code == 400 and "There is a problem" in resp.content.decode()
    assert counts() == before


def test_a_revision_above_the_threshold_waits_for_the_chair(budget, demo):
    officer = login("officer")
    url = reverse("finance:revise", args=[demo.slug, budget.slug])
    form = {f"line_{x.pk}": str(x.current) for x in budget.lines.live()}
    form[f"line_{line(demo, 1).pk}"] = "2,500.00"  # 1,500 moved: above £1,000
    form[f"line_{line(demo, 10).pk}"] = "£1,500"
    form["reason"] = "Analysis now part-funded by the county; packs need printing."
    resp = officer.post(url, form, follow=True)
    assert "waits for the chair" in resp.content.decode()
    rev = Revision.objects.get(status="pending")
    assert rev.amount == D("1500.00")
    assert line(demo, 1).current == D("4000.00")  # unchanged until approved
    decide = reverse("finance:revision_decide", args=[demo.slug, budget.slug, rev.pk])
    assert officer.post(decide, {"decision": "approve"}).status_code == 403
    chair = login("chair")
    assert chair.post(decide, {"decision": "reject"}).status_code == 400  # no reason
    assert chair.post(decide, {"decision": "approve"}).status_code == 302
    rev.refresh_from_db()
    assert rev.status == "approved" and rev.decided_by.username == "chair"
    assert line(demo, 1).current == D("2500.00") and line(demo, 10).current == D("1500.00")
    assert figures(budget).line_totals()["revised"] == D("15777.00")
    changes = AuditEvent.objects.filter(model="finance.BudgetLine", action="change")
    assert {e.reason for e in changes} >= {rev.reason}
    proposed = AuditEvent.objects.get(
        model="finance.Revision", object_id=str(rev.pk), changes__has_key="lines"
    )
    assert proposed.changes["lines"] == {"1": ["4000.00", "2500.00"], "10": ["0.00", "1500.00"]}


def test_a_revision_within_the_threshold_takes_effect_at_once(budget, demo):
    s = FinanceSettings.of(demo)
    s.approval_threshold = D("100.00")
    s.save_by(_user("chair"))
    rev = propose_revision(
        budget, {line(demo, 3): D("450.00"), line(demo, 5): D("550.00")}, "Swap", _user("officer")
    )
    assert rev.status == "approved" and rev.amount == D("50.00")
    assert "Within the approval threshold of £100.00" in rev.decision_note


@pytest.mark.parametrize(
    "kind, amount, ok",
    [
        ("payment", "-5.00", False),
        ("payment", "0", False),
        ("commitment", "-5", False),
        ("income", "-5", False),
        ("refund", "5.00", False),
        ("refund", "-5.00", True),
        ("payment", "£1,013.70", True),
    ],
)
def test_negative_amounts_only_for_refunds(budget, demo, kind, amount, ok):
    resp = login("officer").post(
        reverse("finance:entry_add", args=[demo.slug, budget.slug]),
        {
            "kind": kind,
            "on": "2016-10-01",
            "line": "" if kind == "income" else line(demo, 4).pk,
            "fund": line(demo, 4).fund.pk if kind == "income" else "",
            "description": "Training",
            "amount": amount,
        },
    )
    assert resp.status_code == (302 if ok else 200)
    assert Entry.objects.filter(year=budget).count() == (1 if ok else 0)
    if not ok:
        assert "There is a problem" in resp.content.decode()


def test_a_payment_beyond_the_line_is_warned_and_recorded(budget, demo):
    resp = login("officer").post(
        reverse("finance:entry_add", args=[demo.slug, budget.slug]),
        {
            "kind": "payment",
            "on": "2017-02-02",
            "line": line(demo, 4).pk,
            "counterparty": "Trainer",
            "description": "Hoarding training for 20 officers",
            "reference": "INV-1",
            "amount": "1013.70",
        },
        follow=True,
    )
    text = resp.content.decode()
    warning = "Line 4 (Hoarding training) is overspent by £13.70 after this payment"
    assert warning in text  # shown to the officer
    e = Entry.objects.get(year=budget)
    assert e.amount == D("1013.70") and warning in e.warning  # and kept
    event = AuditEvent.objects.get(model="finance.Entry", action="create")
    assert warning in event.reason and event.username == "officer"
    assert figures(budget).line(4).remaining == D("-13.70")


def test_a_payment_settling_a_commitment_does_not_count_twice(budget, demo):
    _money(budget, demo, "commitment", 2, date(2016, 9, 1), "4500.00", "Drama booked")
    c = Entry.objects.get(kind="commitment")
    warning = _money(budget, demo, "payment", 2, date(2017, 3, 10), "4500.00", commitment=c)
    assert warning == ""  # no overspend: the commitment is settled
    two = figures(budget).line(2)
    assert (two.spent, two.committed, two.remaining) == (D("4500.00"), D("0.00"), D("0.00"))


def test_closing_carries_forward_and_locks_the_year(budget, demo):
    officer = _user("officer")
    fund = line(demo, 1).fund
    _money(budget, demo, "payment", 1, date(2017, 2, 1), "4000.00", "Assessment")
    _money(budget, demo, "commitment", 3, date(2017, 3, 1), "300.00", "Parish event venue")
    resp = login("officer").post(
        reverse("finance:close", args=[demo.slug, budget.slug]), {"note": "Agreed by T&CG"}
    )
    assert resp.status_code == 302
    budget.refresh_from_db()
    assert budget.is_closed
    nxt = year(demo, "2017/18")
    # 15,777.00 allocated - 4,000.00 paid = 11,777.00 held; 300.00 of it still owed.
    fy_next = FundYear.objects.get(year=nxt, fund=fund)
    assert fy_next.brought_forward == D("11777.00")
    carried = Entry.objects.get(year=nxt, kind="commitment")
    assert carried.amount == D("300.00") and carried.carried_from.description == (
        "Parish event venue"
    )
    assert figures(nxt).fund(fund.name).remaining == D("11477.00")
    event = YearEvent.objects.get(year=budget)
    assert event.action == "close" and event.carried == {fund.name: "11777.00"}
    # Locked: the model refuses, the pages say so.
    one = line(demo, 1)
    one.item = "Changed"
    with pytest.raises(YearClosed):
        one.save_by(officer)
    edit = reverse("finance:line_edit", args=[demo.slug, budget.slug, one.pk])
    assert login("officer").post(edit, {"number": 1, "item": "x"}).status_code == 409
    assert login("officer").get(edit).status_code == 409


def test_only_the_chair_reopens_with_a_reason(budget, demo):
    close_year(budget, _user("officer"))
    url = reverse("finance:reopen", args=[demo.slug, budget.slug])
    assert login("officer").post(url, {"reason": "x"}).status_code == 403
    with pytest.raises(PermissionDenied):
        reopen_year(budget, _user("officer"), "x")
    chair = login("chair")
    assert chair.post(url, {"reason": ""}).status_code == 400
    assert chair.post(url, {"reason": "An invoice was missed"}).status_code == 302
    budget.refresh_from_db()
    assert not budget.is_closed
    reopened = AuditEvent.objects.filter(model="finance.FinancialYear", action="change").first()
    assert reopened.reason == "An invoice was missed" and reopened.username == "chair"
    assert [e.action for e in YearEvent.objects.filter(year=budget)] == ["reopen", "close"]
    # Closed again: carried again. A later closed year must be reopened first.
    close_year(budget, _user("officer"))
    close_year(year(demo, "2017/18"), _user("officer"))
    resp = chair.post(url, {"reason": "Another"})
    assert resp.status_code == 400 and "reopen 2017/18 first" in resp.content.decode()


def test_pending_revisions_stop_the_year_closing(budget, demo):
    propose_revision(budget, {line(demo, 1): D("1000.00")}, "Big move", _user("officer"))
    resp = login("officer").post(reverse("finance:close", args=[demo.slug, budget.slug]), {})
    text = resp.content.decode()
    assert resp.status_code == 400 and "1 revision of 2016/17 awaits the chair" in text, text


def test_history_tables_refuse_change_in_the_database(budget, demo):
    close_year(budget, _user("officer"))
    with pytest.raises(AppendOnly):
        YearEvent.objects.get(year=budget).save()
    for sql in ("UPDATE finance_yearevent SET reason = 'x'", "DELETE FROM finance_revisionline"):
        with pytest.raises(DatabaseError), transaction.atomic():
            from django.db import connection

            with connection.cursor() as cur:
                cur.execute(sql)


def test_every_change_is_audited(budget, demo):
    officer, chair = login("officer"), login("chair")
    audited = AuditEvent.objects.filter(partnership=demo)
    start = audited.count()
    one = line(demo, 1)
    officer.post(
        reverse("finance:line_edit", args=[demo.slug, budget.slug, one.pk]),
        {
            "number": 1,
            "item": "Research",
            "fund": one.fund.pk,
            "original": "4000",
            "notes": "Assessment received",
            "other_actions": "3.1, 3.2, 3.3",
        },
    )
    officer.post(
        reverse("finance:entry_add", args=[demo.slug, budget.slug]),
        {"kind": "income", "on": "2016-05-01", "fund": one.fund.pk, "description": "Top-up",
         "amount": "100"},
    )  # fmt: skip
    chair.post(reverse("finance:settings", args=[demo.slug]), {"approval_threshold": "500"})
    events = list(audited.order_by("id")[start:])
    assert [(e.model, e.action) for e in events] == [
        ("finance.BudgetLine", "change"),
        ("finance.Entry", "create"),
        ("finance.FinanceSettings", "create"),
    ]
    assert events[0].changes["item"] == ["Research and analysis", "Research"]
    assert events[1].changes["amount"] == "100.00" and events[1].changes["kind"] == "income"


def test_the_end_of_year_report_is_public_only_once_agreed(budget, demo, meetings):
    anon = login("officer").__class__()
    listing = reverse("finance:published", args=[demo.slug])
    file = reverse("finance:published_file", args=[demo.slug, budget.slug, "html"])
    assert "No end-of-year report" in anon.get(listing).content.decode()
    assert anon.get(file).status_code == 404
    assert anon.get(reverse("finance:year", args=[demo.slug, budget.slug])).status_code == 302
    officer = login("officer")
    publish = reverse("finance:publish", args=[demo.slug, budget.slug])
    held = meetings[1]
    resp = officer.post(publish, {"meeting": held.pk})
    assert resp.status_code == 400 and "Close 2016/17 first" in resp.content.decode()
    close_year(budget, _user("officer"))
    assert officer.post(publish, {"meeting": meetings[2].pk}).status_code == 400  # not held
    assert officer.post(publish, {"meeting": held.pk}).status_code == 302
    page = anon.get(file)
    assert page.status_code == 200 and "sandbox" in page["Content-Security-Policy"]
    text = page.content.decode()
    assert "End of year financial report 2016/17" in text and "£15,777.00" in text
    assert f"Agreed at {held.title}" in text
    assert "2016/17" in anon.get(listing).content.decode()
    # Kept as agreed: a later change (after reopening) does not alter what is public.
    reopen_year(budget, _user("chair"), "Late invoice")
    _money(budget, demo, "payment", 5, date(2017, 3, 30), "500.00", "Late invoice")
    assert "£15,277.00" not in anon.get(file).content.decode()
    withdraw = reverse("finance:withdraw", args=[demo.slug, budget.slug])
    assert officer.post(withdraw, {"reason": "Figures changed"}).status_code == 302
    assert anon.get(file).status_code == 404


def test_documents_download_in_every_format(budget, demo):
    board = login("board")
    for kind in ("budget", "end-of-year"):
        for fmt, ctype in (("html", "text/html"), ("docx", "wordprocessingml"), ("xlsx", "sheet")):
            url = reverse("finance:document", args=[demo.slug, budget.slug, kind, fmt])
            resp = board.get(url)
            assert resp.status_code == 200 and ctype in resp["Content-Type"], url
    html = board.get(
        reverse("finance:document", args=[demo.slug, budget.slug, "budget", "html"])
    ).content.decode()
    assert "£15,777.00" in html and "Revised allocations as given in budget-2016-17.csv" in html


def test_the_funder_return_names_a_restricted_action_by_its_number_only(budget, demo):
    from saferplaces.web.actions.models import ProgressEntry

    pr = Priority(partnership=demo, plan_year=YEAR, number=1, title="Vulnerable people")
    pr.save_by(None)
    shown = Action(partnership=demo, priority=pr, number="1.6", text="Drama in schools")
    shown.save_by(None)
    hidden = Action(
        partnership=demo, priority=pr, number="1.9", text="Operation Nightjar", restricted=True
    )
    hidden.save_by(None)
    for a, text in ((shown, "Booked for March"), (hidden, "Arrests at the Mill Road flat")):
        ProgressEntry(action=a, quarter="Q1", text=text).save_by(None)
    fund = line(demo, 6).fund  # line 2 serves 1.6, line 6 serves 1.9
    url = reverse("finance:funder_return", args=[demo.slug, budget.slug, fund.pk, "html"])
    html = login("board").get(url).content.decode()
    assert "Drama in schools" in html and "Booked for March" in html
    assert "Operation Nightjar" not in html and "Mill Road" not in html
    assert "restricted; its details are not given in this return" in html


def test_the_funder_return_counts_spend_to_its_date(budget, demo):
    fund = line(demo, 7).fund
    for on, amount in ((date(2016, 8, 1), "600.00"), (date(2016, 11, 1), "400.00")):
        _money(budget, demo, "payment", 7, on, amount, "Kits")
    url = reverse("finance:funder_return", args=[demo.slug, budget.slug, fund.pk, "html"])

    def spent(as_at: str) -> str:
        html = login("board").get(f"{url}?as_at={as_at}").content.decode()
        return re.search(r"Spent to date</t[hd]>\s*<td[^>]*>([^<]+)<", html).group(1)

    assert spent("2016-09-30") == "£600.00"
    assert spent("2017-03-31") == "£1,000.00"


def test_the_year_page_asks_for_the_funder_return_by_fund_date_and_format(budget, demo):
    board = login("board")
    page = reverse("finance:year", args=[demo.slug, budget.slug])
    html = board.get(page).content.decode()
    assert 'id="return-as-at"' in html and 'min="2016-04-01" max="2017-03-31"' in html
    assert 'value="2017-03-31"' in html  # a past year: as at its end, by default
    fund = line(demo, 7).fund
    choose = reverse("finance:funder_return_choice", args=[demo.slug, budget.slug])
    got = board.get(choose, {"fund": fund.pk, "as_at": "2016-09-30", "format": "pdf"})
    want = reverse("finance:funder_return", args=[demo.slug, budget.slug, fund.pk, "pdf"])
    assert got.status_code == 302 and got["Location"] == f"{want}?as_at=2016-09-30"
    # A date outside the year, a fund of nothing, a format there is not: back, saying why.
    for query, says in (
        ({"fund": fund.pk, "as_at": "2017-09-30"}, "from 01/04/2016 to 31/03/2017"),
        ({"fund": fund.pk, "as_at": "30 Sept"}, "Enter the date the figures are as at"),
        ({"fund": 0}, "Choose a fund with money in 2016/17"),
        ({"fund": fund.pk, "format": "exe"}, "Choose a web page, PDF, Word or spreadsheet"),
    ):
        back = board.get(choose, query, follow=True)
        assert back.redirect_chain[-1][0] == page + "#funder-return", query
        assert says in back.content.decode(), query


def test_a_return_as_at_a_date_shows_the_allocations_in_force_that_day(budget, demo):
    officer = _user("officer")
    first = propose_revision(budget, {line(demo, 3): D("400.00")}, "Less needed", officer)
    second = propose_revision(budget, {line(demo, 3): D("550.00")}, "More after all", officer)
    # Decided in July and November 2016 (both within the officer's limit).
    for rev, month in ((first, 7), (second, 11)):
        on = datetime(2016, month, 1, 12, tzinfo=UTC)
        Revision.objects.filter(pk=rev.pk).update(created_on=on, decided_on=on)

    def allocation(n: int, on: date) -> D:
        return next(x.revised for x in figures(budget, as_at=on).lines if x.number == n)

    # Seed 001 gives line 3 £500.00; then £400.00 from July, £550.00 from November.
    assert allocation(3, date(2016, 6, 30)) == D("500.00")
    assert allocation(3, date(2016, 9, 30)) == D("400.00")
    assert allocation(3, date(2017, 3, 31)) == D("550.00")
    # The spreadsheet's own revisions (line 8's £1,277.00 moved to line 9) carry no
    # date: they hold all year.
    assert allocation(8, date(2016, 4, 30)) == D("0.00")
    assert allocation(9, date(2016, 4, 30)) == D("1277.00")
    fund = line(demo, 3).fund
    url = reverse("finance:funder_return", args=[demo.slug, budget.slug, fund.pk, "html"])
    html = login("board").get(f"{url}?as_at=2016-09-30").content.decode()
    row = re.search(r"Parish training event.*?</tr>", html, re.S).group(0)
    assert re.findall(r"£[\d,.]+", row)[:2] == ["£500.00", "£400.00"]
    # The budget as at that day lists the revisions made by then, not November's.
    doc = papers.budget_document(budget, as_at=date(2016, 9, 30))
    reasons = {r[4].text for r in doc.find("revisions").blocks[0].rows}
    assert "Less needed" in reasons and "More after all" not in reasons


def test_grants_export_in_360giving(budget, demo):
    officer = login("officer")
    resp = officer.post(
        reverse("finance:grant_add", args=[demo.slug, budget.slug]),
        {
            "reference": "G-1",
            "applicant": "Youth Project",
            "project": "Youth club",
            "amount_asked": "2,000",
            "status": "awarded",
            "amount_awarded": "1500",
            "decided_on": "2016-06-01",
            "charity_number": "1234567",
        },
    )
    assert resp.status_code == 302
    url = reverse("finance:giving360", args=[demo.slug, budget.slug, "csv"])
    unset = officer.get(url)
    assert unset.status_code == 409 and "360Giving prefix" in unset.content.decode()
    s = FinanceSettings.of(demo)
    s.giving_prefix, s.funder_org_id, s.funder_org_name = "360G-test", "GB-LAE-SCA", "Council"
    s.save_by(_user("chair"))
    body = officer.get(url).content.decode()
    assert body.splitlines()[0].startswith("Identifier,Title,Description,Currency")
    assert "360G-test-g-1,Youth club" in body and ",1500.00," in body


def test_the_web_import_refuses_a_bad_file_and_changes_nothing(demo, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from saferplaces.web.finance.ledger import financial_year
    from saferplaces.web.finance.models import Fund

    fy = financial_year(demo, YEAR, create=True)
    fund = Fund(partnership=demo, name="Budget")
    fund.save_by(None)
    before = counts()
    url = reverse("finance:import", args=[demo.slug, fy.slug])
    bad = b"Line,Item,Original allocation\r\n1,Training,lots\r\n1,Again,5\r\n"
    resp = login("officer").post(
        url, {"fund": fund.pk, "file": SimpleUploadedFile("mine.csv", bad)}
    )
    text = resp.content.decode()
    assert resp.status_code == 400 and "Nothing was changed" in text
    assert "mine.csv, row 2, field &#x27;Original allocation&#x27;" in text
    assert "mine.csv, row 3, field &#x27;Line&#x27;: line 1 is also on row 2" in text
    assert counts() == before
    good = b"Line,Item,Original allocation\r\n1,Training,500\r\n"
    resp = login("officer").post(
        url, {"fund": fund.pk, "file": SimpleUploadedFile("mine.csv", good)}
    )
    assert resp.status_code == 302 and BudgetLine.objects.filter(year=fy).count() == 1


def test_overview_pages_for_a_member(budget, demo):
    board = login("board")
    page = board.get(reverse("finance:home", args=[demo.slug])).content.decode()
    assert "Budget 2016/17" in page and "£15,777.00" in page
    assert "Add a budget line" not in page  # board members read
    officer_page = login("officer").get(reverse("finance:home", args=[demo.slug]))
    assert "Add a budget line" in officer_page.content.decode()
    nav = board.get(reverse("actions:plan", args=[demo.slug])).content.decode()
    assert ">Budget<" in nav
    guest = login("guest").get(reverse("actions:plan", args=[demo.slug])).content.decode()
    assert ">Budget<" not in guest


def test_old_entries_belong_to_their_year(budget, demo):
    resp = login("officer").post(
        reverse("finance:entry_add", args=[demo.slug, budget.slug]),
        {
            "kind": "payment",
            "on": (budget.starts - timedelta(days=1)).isoformat(),
            "line": line(demo, 1).pk,
            "description": "Last year's invoice",
            "amount": "10",
        },
    )
    assert "2016/17 starts on 1 April 2016" in resp.content.decode()


def test_a_commitment_is_paid_from_its_own_line(budget, demo):
    _money(budget, demo, "commitment", 3, date(2016, 9, 1), "300.00", "Venue")
    c = Entry.objects.get(kind="commitment")
    wrong = Entry(
        year=budget,
        kind="payment",
        fund=line(demo, 2).fund,
        line=line(demo, 2),
        on=date(2016, 9, 2),
        description="Venue",
        amount=D("300.00"),
        commitment=c,
    )
    with pytest.raises(ValidationError, match="That commitment is on line 3"):
        wrong.full_clean()
