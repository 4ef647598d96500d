"""What changes money across several records at once, each in one transaction: a
revision of allocations (and its approval), recording spend with its overspend
warning, closing a year (carrying balances and commitments forward) and reopening it.
And the one place that reads a year's records into
:class:`~saferplaces.finance.figures.YearFigures`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from saferplaces.core.errors import SaferplacesError
from saferplaces.finance.figures import (
    FundInput,
    LineFigures,
    LineInput,
    Movement,
    YearFigures,
    next_year,
    year_figures,
)
from saferplaces.finance.money import ZERO, decimal_string, pounds
from saferplaces.web.actions.models import Action
from saferplaces.web.core.models import AuditEvent
from saferplaces.web.core.permissions import can
from saferplaces.web.finance.models import (
    BudgetLine,
    Entry,
    FinanceSettings,
    FinancialYear,
    Fund,
    FundYear,
    LineAction,
    Revision,
    RevisionLine,
    YearEvent,
)


class YearEndError(SaferplacesError):
    """A year that cannot be closed or reopened yet; says what to do first."""


class NotAYear(SaferplacesError):
    """Text that is not a financial year (April to March, written 2016/17)."""


# -------------------------------------------------------------------------- years


def financial_year(partnership, year: str, *, create: bool = False, user=None):
    """The partnership's financial year ``year`` (``2016/17``); made when ``create``."""
    from saferplaces.web.actions.models import validate_plan_year

    try:
        validate_plan_year(year)
    except ValidationError as e:
        raise NotAYear(e.messages[0]) from None
    fy = FinancialYear.objects.filter(partnership=partnership, year=year).first()
    if fy is None and create:
        fy = FinancialYear(partnership=partnership, year=year)
        fy.save_by(user)
    return fy


def ensure_fund_year(fund: Fund, fy: FinancialYear, user=None) -> FundYear:
    """The fund's record for the year, made (with nothing brought forward or allocated)
    the first time money of that year touches the fund."""
    fyr = FundYear.objects.filter(fund=fund, year=fy).first()
    if fyr is None:
        fyr = FundYear(fund=fund, year=fy)
        fyr.save_by(user, reason=f"{fund} first used in {fy.year}")
    return fyr


# ------------------------------------------------------------------------ figures


def outstanding(commitments, payments) -> dict[int, Decimal]:
    """What each commitment still owes: its amount less the payments settling it."""
    paid: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for p in payments:
        if p.commitment_id:
            paid[p.commitment_id] += p.amount
    return {c.pk: max(ZERO, c.amount - paid[c.pk]) for c in commitments}


def allocations_at(fy: FinancialYear, as_at: date) -> dict[int, Decimal]:
    """For each line revised since ``as_at``, the allocation it had then: the "from" of
    the first revision that took effect after that day (each revision starts from what
    the one before it left, so that is what was in force). Revisions read from an
    imported spreadsheet carry the file's figures, whose dates the file does not give:
    they count as in force from the start of the year."""
    later = (
        RevisionLine.objects.filter(
            revision__year=fy,
            revision__status="approved",
            revision__decided_on__date__gt=as_at,
            revision__source="",
        )
        .order_by("revision__decided_on", "revision_id")
        .values_list("line_id", "before")
    )
    out: dict[int, Decimal] = {}
    for line_id, before in later:
        out.setdefault(line_id, before)
    return out


def figures(fy: FinancialYear, *, as_at: date | None = None, exclude=None) -> YearFigures:
    """The year added up from its live records (up to ``as_at`` when given: payments and
    the like made by then, allocations as they stood that day; without the entry
    ``exclude``, to see a change's effect before it is saved)."""
    lines = list(fy.lines.live().select_related("fund").prefetch_related("action_refs__action"))
    then = allocations_at(fy, as_at) if as_at is not None else {}
    fund_years = list(fy.fund_years.live().select_related("fund").order_by("fund__name"))
    entries = list(fy.entries.live().select_related("fund", "line"))
    if exclude is not None and exclude.pk:
        entries = [e for e in entries if e.pk != exclude.pk]
    if as_at is not None:
        entries = [e for e in entries if e.on <= as_at]
    owed = outstanding(
        [e for e in entries if e.kind == "commitment"],
        [e for e in entries if e.kind == "payment"],
    )
    movements = [
        Movement(
            kind=e.kind,
            amount=owed[e.pk] if e.kind == "commitment" else e.amount,
            fund=e.fund.name,
            line=e.line.number if e.line_id and e.line.archived_on is None else None,
            grant=e.grant_id is not None,
            label=e.description,
            on=e.on,
        )
        for e in entries
    ]
    funds = [
        FundInput(fyr.fund.name, fyr.fund.funder_display, fyr.brought_forward, fyr.allocated)
        for fyr in fund_years
    ]
    known = {f.name for f in funds}
    # Money on a fund with no allocation recorded for the year still counts.
    for name in sorted(({m.fund for m in movements} | {x.fund.name for x in lines}) - known):
        funds.append(FundInput(name, "", ZERO, ZERO))
    return year_figures(
        fy.year,
        [
            LineInput(
                x.number,
                x.item,
                x.fund.name,
                tuple(x.action_numbers()),
                x.original,
                _revised_at(x, then),
                x.notes,
            )
            for x in lines
        ],
        funds,
        movements,
    )


def _revised_at(line: BudgetLine, then: dict[int, Decimal]) -> Decimal | None:
    """The line's revised allocation as it stood (None: not revised by then)."""
    if line.pk not in then:
        return line.revised
    return None if then[line.pk] == line.original else then[line.pk]


@dataclass(frozen=True)
class ActionMoney:
    """A budget line serving an action: its figures and where its page is."""

    line: LineFigures
    pk: int
    year: str  # the year's slug, e.g. 2016-17


def action_money(partnership, plan_year: str) -> dict[int, list[ActionMoney]]:
    """For each action of a plan year, the budget lines that serve it and their figures
    (a line serving several actions is shown with each)."""
    fy = FinancialYear.objects.filter(partnership=partnership, year=plan_year).first()
    if fy is None:
        return {}
    fig = figures(fy)
    by_number = {x.number: x for x in fig.lines}
    out: dict[int, list[ActionMoney]] = defaultdict(list)
    for ref in LineAction.objects.filter(
        line__year=fy, line__archived_on__isnull=True, action__isnull=False
    ).select_related("line"):
        out[ref.action_id].append(ActionMoney(by_number[ref.line.number], ref.line_id, fy.slug))
    return dict(out)


# ------------------------------------------------------------------- line actions


def set_line_actions(line: BudgetLine, numbers: list[str], user=None) -> list[str]:
    """Set the actions a line serves, by number; return the numbers the plan year does
    not hold yet (kept, and linked when those actions are added)."""
    numbers = list(dict.fromkeys(n.strip() for n in numbers if n.strip()))
    before = [r.display for r in line.action_refs.select_related("action")] if line.pk else []
    actions = {
        a.number: a
        for a in Action.objects.live().filter(
            partnership=line.year.partnership, priority__plan_year=line.year.year
        )
    }
    if before == numbers and all(
        (r.action_id is None) == (r.number not in actions) for r in line.action_refs.all()
    ):
        return [n for n in numbers if n not in actions]
    with transaction.atomic():
        line.action_refs.all().delete()
        LineAction.objects.bulk_create(
            LineAction(line=line, number=n, action=actions.get(n), position=i)
            for i, n in enumerate(numbers)
        )
        if before != numbers:
            AuditEvent.record(user, "change", line, changes={"actions": [before, numbers]})
    return [n for n in numbers if n not in actions]


def link_new_action(action: Action) -> int:
    """Link budget lines that named this action's number before it was added."""
    return LineAction.objects.filter(
        action__isnull=True,
        number=action.number,
        line__year__partnership_id=action.partnership_id,
        line__year__year=action.priority.plan_year,
    ).update(action=action)


# ---------------------------------------------------------------------- revisions


def propose_revision(
    fy: FinancialYear,
    new: dict[BudgetLine, Decimal],
    reason: str,
    user,
    *,
    source: str = "",
    preapproved: str = "",
) -> Revision:
    """Revise allocations: one reason, one or more lines. Within the partnership's
    approval threshold (or proposed by someone who may approve) it takes effect now;
    above it, it waits for the chair. ``preapproved`` records revisions agreed
    elsewhere (a budget spreadsheet imported), with that note."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Say why the allocations are changing.")
    fy.check_open()
    changes = [(line, line.current, amount) for line, amount in new.items()]
    changes = [(line, b, a) for line, b, a in changes if b != a]
    if not changes:
        raise ValidationError("No allocation has changed: enter the new amount for a line.")
    for line, _, a in changes:
        if a is None or a < 0:
            raise ValidationError(f"Line {line.number}: an allocation cannot be negative.")
    p = fy.partnership
    with transaction.atomic():
        rev = Revision(year=fy, reason=reason, source=source)
        rev.save_by(user, reason=reason)
        proposed = {}
        for line, b, a in sorted(changes, key=lambda c: c[0].number):
            RevisionLine.objects.create(revision=rev, line=line, before=b, after=a)
            proposed[str(line.number)] = [decimal_string(b), decimal_string(a)]
        # What was proposed, line by line, whatever happens to it next.
        AuditEvent.record(user, "change", rev, changes={"lines": proposed}, reason=reason)
        threshold = FinanceSettings.of(p).approval_threshold
        if preapproved:
            _apply(rev, user, None, preapproved)
        elif can(user, p, "approve_finance"):
            _apply(rev, user, user, "Proposed by someone who may approve revisions")
        elif rev.amount <= threshold:
            _apply(rev, user, None, f"Within the approval threshold of {pounds(threshold)}")
        else:
            AuditEvent.record(
                user,
                "change",
                rev,
                changes={"status": [None, "pending"]},
                reason=f"{pounds(rev.amount)} is above the approval threshold of "
                f"{pounds(threshold)}: waits for the chair",
            )
    return rev


def _apply(rev: Revision, user, approver, note: str) -> None:
    for change in rev.changes.select_related("line"):
        line = BudgetLine.objects.select_for_update().get(pk=change.line_id)
        if line.archived_on is not None:
            raise ValidationError(f"Line {line.number} has been archived since.")
        if line.current != change.before:
            raise ValidationError(
                f"Line {line.number} has changed since this revision was proposed (it was "
                f"{pounds(change.before)}, it is now {pounds(line.current)}): reject this "
                "revision and propose it again."
            )
        line.revised = change.after
        line.save_by(user, reason=rev.reason)
    rev.status = "approved"
    rev.decided_on = timezone.now()
    rev.decided_by = approver if getattr(approver, "is_authenticated", False) else None
    rev.decision_note = note
    rev.save_by(approver or user, reason=note)


def decide_revision(rev: Revision, user, *, approve: bool, note: str = "") -> None:
    """The chair approves (the lines change now) or rejects (saying why) a revision."""
    p = rev.year.partnership
    if not can(user, p, "approve_finance"):
        raise PermissionDenied("Only the chair approves revisions above the threshold.")
    if rev.status != "pending":
        raise ValidationError("This revision has already been decided.")
    note = (note or "").strip()
    with transaction.atomic():
        if approve:
            _apply(rev, user, user, note or "Approved by the chair")
        else:
            if not note:
                raise ValidationError("Say why the revision is rejected.")
            rev.status = "rejected"
            rev.decided_on = timezone.now()
            rev.decided_by = user
            rev.decision_note = note
            rev.save_by(user, reason=note)


# -------------------------------------------------------------------------- spend


def overspend_warning(entry: Entry) -> str:
    """What recording ``entry`` does to its line's (or fund's) balance, when it takes it
    below nothing: the warning the officer sees and the record keeps."""
    if entry.kind not in ("payment", "commitment"):
        return ""
    fig = figures(entry.year, exclude=entry)
    change = -entry.amount
    if entry.kind == "payment" and entry.commitment_id:
        commitment = Entry.objects.get(pk=entry.commitment_id)
        owed = outstanding(
            [commitment],
            [p for p in commitment.settled_by.live() if p.pk != entry.pk],
        )[commitment.pk]
        change += min(entry.amount, owed)
    if change >= 0:
        return ""
    what = "payment" if entry.kind == "payment" else "commitment"
    out = []
    if entry.line_id:
        x = fig.line(entry.line.number) if entry.line.archived_on is None else None
        if x is not None and x.remaining + change < 0:
            out.append(
                f"Line {x.number} ({x.item}) is overspent by {pounds(-(x.remaining + change))} "
                f"after this {what}: its allocation is {pounds(x.revised)}."
            )
    names = {f.name for f in fig.funds}
    if entry.fund.name in names:
        f = fig.fund(entry.fund.name)
        if f.remaining + change < 0:
            out.append(
                f"{f.name} is overspent by {pounds(-(f.remaining + change))} after this {what}."
            )
    return " ".join(out)


def record_entry(entry: Entry, user) -> str:
    """Save a payment, commitment, income or refund (checked by ``full_clean``); return
    the overspend warning, if any, which is kept with it and in the audit log."""
    entry.year.check_open()
    with transaction.atomic():
        ensure_fund_year(entry.fund, entry.year, user)
        entry.warning = overspend_warning(entry)
        entry.save_by(user, reason=entry.warning)
    return entry.warning


# ----------------------------------------------------------------------- year end


def close_year(fy: FinancialYear, user, reason: str = "") -> dict[str, Decimal]:
    """Close a year: lock it and carry each fund's balance into the next year, with the
    commitments still owed (they are paid from that balance next year). Returns what
    was carried, by fund."""
    p = fy.partnership
    if user is not None and not can(user, p, "close_year"):
        raise PermissionDenied("Your role does not allow closing the year.")
    with transaction.atomic():
        fy = FinancialYear.objects.select_for_update().get(pk=fy.pk)
        fy.check_open()
        pending = fy.revisions.live().filter(status="pending").count()
        if pending:
            several = pending > 1
            raise YearEndError(
                f"{pending} revision{'s' if several else ''} of {fy.year} "
                f"{'await' if several else 'awaits'} the chair's decision: approve or reject "
                f"{'them' if several else 'it'} before closing the year."
            )
        nxt = financial_year(p, next_year(fy.year), create=True, user=user)
        if nxt.is_closed:
            raise YearEndError(
                f"{nxt.year} is already closed and its balances come from {fy.year}: "
                f"reopen {nxt.year} first."
            )
        fig = figures(fy)
        carried: dict[str, Decimal] = {}
        why = f"Balance carried forward at the close of {fy.year}"
        funds = {f.name: f for f in Fund.objects.live().filter(partnership=p)}
        for f in fig.funds:
            fund = funds.get(f.name)
            if fund is None:
                continue
            target = ensure_fund_year(fund, nxt, user)
            if target.brought_forward != f.balance:
                target.brought_forward = f.balance
                target.save_by(user, reason=why)
            carried[f.name] = f.balance
        _carry_commitments(fy, nxt, user)
        fy.status = "closed"
        fy.closed_on = timezone.now()
        fy.closed_by = user if getattr(user, "is_authenticated", False) else None
        fy.save_by(user, reason=reason or f"{fy.year} closed")
        YearEvent.objects.create(
            year=fy,
            action="close",
            by=fy.closed_by,
            reason=reason,
            carried={k: decimal_string(v) for k, v in carried.items()},
        )
    return carried


def _carry_commitments(fy: FinancialYear, nxt: FinancialYear, user) -> None:
    commitments = list(fy.entries.live().filter(kind="commitment"))
    payments = list(fy.entries.live().filter(kind="payment", commitment__isnull=False))
    owed = outstanding(commitments, payments)
    for c in commitments:
        copy = Entry.objects.live().filter(carried_from=c).first()
        due = owed[c.pk]
        if due > 0 and copy is None:
            Entry(
                year=nxt,
                kind="commitment",
                fund=c.fund,
                on=nxt.starts,
                counterparty=c.counterparty,
                description=f"{c.description} (committed in {fy.year})",
                reference=c.reference,
                amount=due,
                grant=c.grant,
                carried_from=c,
            ).save_by(user, reason=f"Commitment still owed at the close of {fy.year}")
        elif due > 0 and copy.amount != due:
            copy.amount = due
            copy.save_by(user, reason=f"Still owed at the close of {fy.year}")
        elif due == 0 and copy is not None and not copy.settled_by.live().exists():
            copy.archive(user, f"No longer owed at the close of {fy.year}")


def reopen_year(fy: FinancialYear, user, reason: str) -> None:
    """Reopen a closed year (the chair only, with a reason). Closing it again carries
    its balances forward again."""
    p = fy.partnership
    if not can(user, p, "reopen_year"):
        raise PermissionDenied("Only the chair can reopen a closed year.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Say why the year is being reopened.")
    with transaction.atomic():
        fy = FinancialYear.objects.select_for_update().get(pk=fy.pk)
        if not fy.is_closed:
            raise YearEndError(f"{fy.year} is not closed.")
        nxt = FinancialYear.objects.filter(partnership=p, year=next_year(fy.year)).first()
        if nxt is not None and nxt.is_closed:
            raise YearEndError(
                f"{nxt.year} is closed and its balances were carried from {fy.year}: "
                f"reopen {nxt.year} first."
            )
        fy.status = "open"
        fy.closed_on = None
        fy.closed_by = None
        fy.save_by(user, reason=reason)
        YearEvent.objects.create(year=fy, action="reopen", by=user, reason=reason)
