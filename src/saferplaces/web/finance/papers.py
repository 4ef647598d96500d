"""The money documents from the records: what the core builders need, gathered here,
and each document rendered by the shared renderer into bytes for a download.

Nothing here writes HTML, PDF, Word or XLSX itself: :func:`render` hands the
:class:`Document` to the shared renderer.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.utils import timezone

from saferplaces.finance.documents import (
    ActionDelivery,
    FundDetails,
    RevisionNote,
    budget_monitoring,
    end_of_year_report,
    funder_return,
)
from saferplaces.finance.figures import from_data, year_dates
from saferplaces.finance.giving360 import GrantRecord, Publisher
from saferplaces.finance.money import ZERO
from saferplaces.web.core import downloads
from saferplaces.web.finance.ledger import figures
from saferplaces.web.finance.models import (
    EndOfYearReport,
    Entry,
    FinanceSettings,
    FinancialYear,
    Fund,
    LineAction,
)

FORMATS = downloads.FORMATS
# The document in one format, through the shared renderer.
render = downloads.render


def _who(user) -> str:
    if user is None:
        return "Imported"
    return user.get_full_name() or user.get_username()


def revision_notes(fy: FinancialYear, as_at: date | None = None) -> list[RevisionNote]:
    """The year's revisions (up to ``as_at``: those proposed by then, and the imported
    spreadsheet's, which carry no date of their own)."""
    revisions = fy.revisions.live()
    if as_at is not None:
        revisions = revisions.filter(Q(created_on__date__lte=as_at) | ~Q(source=""))
    out = []
    for r in (
        revisions.select_related("created_by", "decided_by")
        .prefetch_related("changes__line")
        .order_by("created_on", "id")
    ):
        # Decided after the day the document is as at: it was still waiting then.
        later = (
            as_at is not None
            and not r.source
            and r.decided_on
            and timezone.localdate(r.decided_on) > as_at
        )
        out.append(
            RevisionNote(
                on=r.created_on.date(),
                who=_who(r.created_by) if r.created_by else (r.source or "Imported"),
                reason=r.reason,
                changes=[(c.line.number, c.line.item, c.before, c.after) for c in r.changes.all()],
                approved_by=""
                if later
                else (_who(r.decided_by) if r.decided_by else r.decision_note),
                status="pending" if later else r.status,
            )
        )
    return out


def budget_document(fy: FinancialYear, as_at: date | None = None):
    p = fy.partnership
    return budget_monitoring(
        figures(fy, as_at=as_at),
        partnership=p.name,
        revisions=revision_notes(fy, as_at),
        status=fy.status,
        as_at=as_at,
        illustrative=p.illustrative,
    )


def end_of_year_document(fy: FinancialYear):
    p = fy.partnership
    return end_of_year_report(
        figures(fy), partnership=p.name, status=fy.status, illustrative=p.illustrative
    )


def agreed_text(report: EndOfYearReport) -> str:
    m = report.meeting
    return f"Agreed at {m.title} on {m.date.day} {m.date:%B %Y}"


def published_document(report: EndOfYearReport):
    p = report.year.partnership
    return end_of_year_report(
        from_data(report.figures),
        partnership=p.name,
        status="closed",
        agreed=agreed_text(report),
        created=report.created_on.date(),
        illustrative=p.illustrative,
    )


def _quarter_of(fy: FinancialYear, on: date) -> int:
    """1 to 4: the quarter of the financial year ``on`` falls in (4 after its end)."""
    start, end = year_dates(fy.year)
    if on < start:
        return 0
    if on > end:
        return 4
    months = (on.year - start.year) * 12 + on.month - start.month
    return months // 3 + 1


def deliveries(fy: FinancialYear, fund: Fund, as_at: date) -> dict[int, list[ActionDelivery]]:
    """For each line paid from ``fund``, its actions and their progress up to ``as_at``
    (the quarters of the year reached by then)."""
    up_to = _quarter_of(fy, as_at)
    out: dict[int, list[ActionDelivery]] = {}
    refs = (
        LineAction.objects.filter(line__year=fy, line__fund=fund, line__archived_on__isnull=True)
        .select_related("line", "action")
        .prefetch_related("action__progress")
    )
    for ref in refs:
        acts = out.setdefault(ref.line.number, [])
        a = ref.action
        if a is None or a.archived_on is not None:
            acts.append(ActionDelivery(ref.number, "", "", [], in_plan=False))
            continue
        if a.restricted:
            # A return goes to the funder: a restricted action (an operation, a named
            # person or place) is named by its number only, never its text or progress.
            acts.append(ActionDelivery(a.number, "", "", [], restricted=True))
            continue
        progress = [
            (e.quarter_label, e.text)
            for e in a.progress.all()
            if e.archived_on is None and int(e.quarter[1]) <= up_to
        ]
        acts.append(
            ActionDelivery(a.number, a.text, a.get_rag_display() or "Not yet rated", progress)
        )
    return out


def funder_return_document(fy: FinancialYear, fund: Fund, as_at: date):
    p = fy.partnership
    return funder_return(
        figures(fy, as_at=as_at),
        FundDetails(fund.name, fund.funder_display, fund.conditions, fund.spend_by),
        partnership=p.name,
        as_at=as_at,
        deliveries=deliveries(fy, fund, as_at),
        illustrative=p.illustrative,
    )


def publisher(partnership) -> Publisher:
    s = FinanceSettings.of(partnership)
    return Publisher(
        prefix=s.giving_prefix.strip(),
        org_id=s.funder_org_id,
        org_name=s.funder_org_name,
        area_name=partnership.area_name,
        area_code=partnership.area_code,
    )


def grant_records(fy: FinancialYear) -> list[GrantRecord]:
    """The year's awarded grants for the 360Giving export, with what has been paid."""
    grants = list(
        fy.grants.live().filter(status="awarded").select_related("fund").order_by("reference")
    )
    paid: dict[int, object] = {}
    for e in Entry.objects.live().filter(grant__in=grants, kind__in=("payment", "refund")):
        paid[e.grant_id] = paid.get(e.grant_id, ZERO) + e.amount
    return [
        GrantRecord(
            reference=g.reference,
            title=g.project,
            description=g.description or g.project,
            amount_awarded=g.amount_awarded,
            award_date=g.decided_on,
            recipient_name=g.applicant,
            modified=g.modified_on,
            amount_applied_for=g.amount_asked,
            amount_disbursed=paid.get(g.pk, ZERO),
            planned_start=g.planned_start,
            planned_end=g.planned_end,
            charity_number=g.charity_number,
            company_number=g.company_number,
            recipient_org_id=g.recipient_org_id,
            programme=g.fund.name if g.fund_id else "",
        )
        for g in grants
    ]
