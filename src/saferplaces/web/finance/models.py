"""Money records: funds and their yearly allocations, budget lines with revised
allocations kept as history, payments, commitments, income and refunds, grants the
partnership awards, bids it makes, and the year end.

Every record is :class:`~saferplaces.web.core.models.Tracked` (who and when, archive
with a reason, every change in the audit log). Records of a year are
:class:`YearBound`: once the year is closed they refuse every change until the chair
reopens it. Amounts are ``DecimalField`` (NUMERIC in the database), never floats.

What adds up the money is :mod:`saferplaces.finance.figures`; what changes it in more
than one record at once (a revision, closing a year) is :mod:`.ledger`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from saferplaces.core.errors import SaferplacesError
from saferplaces.finance.figures import year_dates
from saferplaces.web.actions.models import Action, validate_plan_year
from saferplaces.web.core.models import AppendOnly, Tracked
from saferplaces.web.partnerships.models import Partnership


def Money(**kwargs) -> models.DecimalField:
    """An amount of money: NUMERIC(12, 2) in the database, a Decimal in Python."""
    return models.DecimalField(max_digits=12, decimal_places=2, **kwargs)


class YearClosed(SaferplacesError):
    """A change to a closed financial year."""


class FinanceSettings(Tracked):
    """A partnership's rules for money: the revision the chair must approve, and who it
    is in the 360Giving standard."""

    partnership = models.OneToOneField(
        Partnership, on_delete=models.PROTECT, related_name="finance_settings"
    )
    approval_threshold = Money(
        default=Decimal("1000.00"),
        verbose_name="Approval threshold (£)",
        help_text="A revision moving more than this waits for the chair's approval.",
    )
    giving_prefix = models.CharField(
        max_length=60,
        blank=True,
        verbose_name="360Giving prefix",
        help_text="Registered with 360Giving, e.g. 360G-southcambscsp.",
    )
    funder_org_id = models.CharField(
        max_length=60,
        blank=True,
        verbose_name="Funding organisation identifier",
        help_text="Its org-id, e.g. GB-LAE-SCA for a council.",
    )
    funder_org_name = models.CharField(
        max_length=200,
        blank=True,
        verbose_name="Funding organisation name",
        help_text="Who awards the grants, e.g. the council that holds the fund.",
    )

    class Meta:
        verbose_name_plural = "finance settings"

    def __str__(self) -> str:
        return f"Finance settings of {self.partnership}"

    @classmethod
    def of(cls, partnership) -> FinanceSettings:
        """The partnership's settings (the defaults until someone changes them)."""
        found = cls.objects.filter(partnership=partnership).first()
        return found or cls(partnership=partnership)


class FinancialYear(Tracked):
    """A partnership's financial year (April to March), open or closed."""

    STATUS = [("open", "Open"), ("closed", "Closed")]
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="financial_years"
    )
    year = models.CharField(
        max_length=7, validators=[validate_plan_year], help_text="For example 2016/17."
    )
    status = models.CharField(max_length=6, choices=STATUS, default="open", editable=False)
    closed_on = models.DateTimeField(null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "year"], name="financial_year_unique_in_partnership"
            )
        ]

    def __str__(self) -> str:
        return f"Financial year {self.year}"

    @property
    def slug(self) -> str:
        return self.year.replace("/", "-")

    @property
    def is_closed(self) -> bool:
        return self.status == "closed"

    @property
    def starts(self) -> date:
        return year_dates(self.year)[0]

    @property
    def ends(self) -> date:
        return year_dates(self.year)[1]

    def check_open(self) -> None:
        if self.is_closed:
            raise YearClosed(
                f"{self.year} is closed: its figures are final. Only the chair can reopen it, "
                "with a reason."
            )

    def delete(self, *args, **kwargs):
        from saferplaces.web.core.models import ArchiveInstead

        raise ArchiveInstead("financial years are closed, not deleted")


class History(models.Model):
    """A record that is written once and never changed or removed (the database refuses
    too: see ``core.appendonly``)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnly(f"{self._meta.verbose_name_plural} are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly(f"{self._meta.verbose_name_plural} are never removed")


class YearEvent(History):
    """A year closed or reopened: when, who, why, and (on closing) what was carried
    forward. Never changed or removed."""

    ACTIONS = [("close", "Closed"), ("reopen", "Reopened")]
    year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(max_length=6, choices=ACTIONS)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)
    carried = models.JSONField(default=dict, blank=True)  # fund -> amount (decimal strings)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.year.year} {self.get_action_display().lower()}"


class YearBound(Tracked):
    """A record of one financial year: refused once that year is closed."""

    class Meta:
        abstract = True

    def financial_year(self) -> FinancialYear:
        return self.year

    def audit_partnership(self):
        return self.financial_year().partnership

    def save_by(self, user, *, reason: str = "") -> None:
        self.financial_year().check_open()
        super().save_by(user, reason=reason)

    def archive(self, user, reason: str) -> None:
        self.financial_year().check_open()
        super().archive(user, reason)


class Fund(Tracked):
    """A source of money: who gives it, on what conditions, by when it must be spent."""

    FUNDERS = [
        ("pcc", "Police and Crime Commissioner"),
        ("council", "District or city council"),
        ("county", "County council"),
        ("home_office", "Home Office"),
        ("partners", "Partners (pooled)"),
        ("other", "Other"),
    ]
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="funds")
    name = models.CharField(max_length=200, help_text="As the papers name it.")
    funder_kind = models.CharField(
        max_length=20, choices=FUNDERS, default="other", verbose_name="Kind of funder"
    )
    funder = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who gives it, e.g. the Police and Crime Commissioner.",
    )
    conditions = models.TextField(blank=True, help_text="What it may be spent on; reporting.")
    spend_by = models.DateField(null=True, blank=True, verbose_name="Spend by")
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"],
                condition=models.Q(archived_on__isnull=True),
                name="fund_name_unique_in_partnership",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def funder_display(self) -> str:
        return self.funder or self.get_funder_kind_display()


class FundYear(YearBound):
    """A fund's money in one year: the balance brought forward and the allocation."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="years")
    year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="fund_years")
    brought_forward = Money(default=Decimal("0.00"), verbose_name="Brought forward (£)")
    allocated = Money(default=Decimal("0.00"), verbose_name="Allocation this year (£)")
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["fund__name"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "year"], name="fund_year_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.fund} {self.year.year}"

    def clean(self) -> None:
        if self.allocated is not None and self.allocated < 0:
            raise ValidationError({"allocated": "An allocation cannot be negative."})


class BudgetLine(YearBound):
    """A line of the year's budget. Its original allocation is set when it is made; its
    revised allocation changes only through a :class:`Revision` (kept as history)."""

    year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="lines")
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="lines")
    number = models.PositiveIntegerField(verbose_name="Line")
    item = models.CharField(max_length=300)
    original = Money(default=Decimal("0.00"), verbose_name="Original allocation (£)")
    revised = Money(
        null=True, blank=True, editable=False, verbose_name="Revised allocation (£)"
    )  # None: never revised
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "number"],
                condition=models.Q(archived_on__isnull=True),
                name="budget_line_number_unique_in_year",
            )
        ]

    def __str__(self) -> str:
        return f"Line {self.number}: {self.item}"

    @property
    def current(self) -> Decimal:
        """The allocation in force."""
        return self.original if self.revised is None else self.revised

    def action_numbers(self) -> list[str]:
        return [ref.display for ref in self.action_refs.all()]


class LineAction(models.Model):
    """An action a line serves, as its number; linked to the action once the plan year
    holds it (a budget may name actions before they are added)."""

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="action_refs")
    number = models.CharField(max_length=10)
    action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.SET_NULL, related_name="budget_refs"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.line} serves action {self.display}"

    @property
    def display(self) -> str:
        if self.action_id and self.action.archived_on is None:
            return self.action.number
        return self.number


class Revision(YearBound):
    """One revision of allocations: one reason, one or more lines changed ("re-allocated
    from line 8 to lines 9 and 10" is one revision of two lines). Above the partnership's
    threshold it waits for the chair's approval; lines change only when it is approved."""

    STATUS = [("pending", "Awaiting approval"), ("approved", "Approved"), ("rejected", "Rejected")]
    year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="revisions")
    reason = models.TextField(verbose_name="Why")
    status = models.CharField(max_length=8, choices=STATUS, default="pending", editable=False)
    decided_on = models.DateTimeField(null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    decision_note = models.TextField(blank=True, editable=False)
    source = models.CharField(max_length=200, blank=True, editable=False)  # e.g. an import

    class Meta:
        ordering = ["-created_on", "-id"]

    def __str__(self) -> str:
        lines = ", ".join(str(c.line.number) for c in self.changes.all())
        return f"Revision of line{'s' if ',' in lines else ''} {lines} ({self.year.year})"

    @property
    def amount(self) -> Decimal:
        """The money it moves: the larger of what it adds and what it takes away."""
        up = sum((c.after - c.before for c in self.changes.all() if c.after > c.before), Decimal(0))
        down = sum(
            (c.before - c.after for c in self.changes.all() if c.after < c.before), Decimal(0)
        )
        return max(up, down)


class RevisionLine(History):
    """One line's allocation before and after a revision. Never changed once made."""

    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="changes")
    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="revisions")
    before = Money()
    after = Money()

    class Meta:
        ordering = ["line__number"]

    def __str__(self) -> str:
        return f"{self.line}: {self.before} to {self.after}"


class Grant(YearBound):
    """A grant the partnership awards (or an application for one)."""

    STATUS = [
        ("applied", "Applied"),
        ("awarded", "Awarded"),
        ("declined", "Declined"),
        ("withdrawn", "Withdrawn"),
    ]
    year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="grants")
    reference = models.CharField(max_length=40, help_text="Your reference, e.g. CSF-2025-03.")
    applicant = models.CharField(max_length=200, help_text="The organisation applying.")
    project = models.CharField(max_length=200, help_text="What the money is for, briefly.")
    description = models.TextField(blank=True)
    amount_asked = Money(verbose_name="Amount asked for (£)")
    status = models.CharField(max_length=10, choices=STATUS, default="applied")
    amount_awarded = Money(null=True, blank=True, verbose_name="Amount awarded (£)")
    decided_on = models.DateField(null=True, blank=True, verbose_name="Date of the decision")
    conditions = models.TextField(blank=True)
    monitoring_due = models.DateField(null=True, blank=True, verbose_name="Monitoring return due")
    monitoring_received = models.DateField(
        null=True, blank=True, verbose_name="Monitoring return received"
    )
    fund = models.ForeignKey(
        Fund, null=True, blank=True, on_delete=models.PROTECT, related_name="grants"
    )
    line = models.ForeignKey(
        BudgetLine, null=True, blank=True, on_delete=models.PROTECT, related_name="grants"
    )
    charity_number = models.CharField(max_length=20, blank=True)
    company_number = models.CharField(max_length=20, blank=True)
    recipient_org_id = models.CharField(
        max_length=60,
        blank=True,
        verbose_name="Recipient org-id",
        help_text="If it has one other than a charity or company number.",
    )
    planned_start = models.DateField(null=True, blank=True)
    planned_end = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "reference"],
                condition=models.Q(archived_on__isnull=True),
                name="grant_reference_unique_in_year",
            )
        ]

    def __str__(self) -> str:
        return f"Grant {self.reference}: {self.applicant}"

    def clean(self) -> None:
        errors = {}
        if self.status == "awarded":
            if self.amount_awarded is None:
                errors["amount_awarded"] = "Enter the amount awarded."
            if self.decided_on is None:
                errors["decided_on"] = "Enter the date the grant was awarded."
        elif self.status == "declined" and self.decided_on is None:
            errors["decided_on"] = "Enter the date of the decision."
        if self.status != "awarded" and self.amount_awarded not in (None, Decimal(0)):
            errors["amount_awarded"] = "Only an awarded grant has an amount awarded."
        if self.line_id and self.fund_id and self.line.fund_id != self.fund_id:
            errors["line"] = "That line is paid from another fund."
        elif self.line_id and not self.fund_id:
            self.fund = self.line.fund
        if errors:
            raise ValidationError(errors)

    @property
    def monitoring_overdue(self) -> bool:
        return bool(
            self.status == "awarded"
            and self.monitoring_due
            and not self.monitoring_received
            and self.monitoring_due < date.today()
        )


class Bid(Tracked):
    """A bid the partnership makes for money: to whom, for what, and the decision."""

    DECISIONS = [
        ("pending", "Awaiting a decision"),
        ("successful", "Successful"),
        ("partly", "Partly successful"),
        ("unsuccessful", "Unsuccessful"),
        ("withdrawn", "Withdrawn"),
    ]
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="bids")
    to = models.CharField(max_length=200, verbose_name="To whom", help_text="The funder.")
    purpose = models.CharField(max_length=300, verbose_name="For what")
    amount = Money(verbose_name="Amount bid for (£)")
    submitted_on = models.DateField(verbose_name="Date submitted")
    decision = models.CharField(max_length=12, choices=DECISIONS, default="pending")
    decided_on = models.DateField(null=True, blank=True, verbose_name="Date of the decision")
    amount_awarded = Money(null=True, blank=True, verbose_name="Amount awarded (£)")
    fund = models.ForeignKey(
        Fund,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bids",
        help_text="The fund the money went into, if successful.",
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-submitted_on", "-id"]

    def __str__(self) -> str:
        return f"Bid to {self.to}: {self.purpose}"

    def clean(self) -> None:
        errors = {}
        if self.decision in ("successful", "partly"):
            if self.amount_awarded is None:
                errors["amount_awarded"] = "Enter the amount awarded."
        elif self.amount_awarded not in (None, Decimal(0)):
            errors["amount_awarded"] = "Only a successful bid has an amount awarded."
        if self.decision != "pending" and self.decided_on is None:
            errors["decided_on"] = "Enter the date of the decision."
        if self.decided_on and self.submitted_on and self.decided_on < self.submitted_on:
            errors["decided_on"] = "The decision cannot come before the bid."
        if errors:
            raise ValidationError(errors)


class Entry(YearBound):
    """Money in or out: a payment, a commitment not yet paid, income or a refund.

    Amounts are positive except a refund, which is money back and negative. A payment
    may settle a commitment (which then owes less) and may pay a grant."""

    KINDS = [
        ("payment", "Payment"),
        ("commitment", "Commitment (not yet paid)"),
        ("income", "Income"),
        ("refund", "Refund"),
    ]
    year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(max_length=10, choices=KINDS)
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="entries")
    line = models.ForeignKey(
        BudgetLine, null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    on = models.DateField(verbose_name="Date")
    counterparty = models.CharField(
        max_length=200,
        blank=True,
        verbose_name="Payee or payer",
        help_text="Who was paid, or paid us.",
    )
    description = models.CharField(max_length=300, verbose_name="What for")
    reference = models.CharField(
        max_length=60, blank=True, help_text="Invoice, order or finance system reference."
    )
    amount = Money(verbose_name="Amount (£)")
    commitment = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="settled_by",
        limit_choices_to={"kind": "commitment"},
        help_text="The commitment this payment settles, if any.",
    )
    grant = models.ForeignKey(
        Grant, null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    carried_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carried_to",
        editable=False,
    )
    warning = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["on", "id"]
        verbose_name_plural = "entries"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on:%d/%m/%Y} £{self.amount}: {self.description}"

    def clean(self) -> None:
        errors = {}
        if self.amount is not None:
            if self.kind == "refund" and self.amount >= 0:
                errors["amount"] = (
                    "A refund is money back: enter it as a negative amount, e.g. -50.00."
                )
            elif self.kind != "refund" and self.amount <= 0:
                errors["amount"] = (
                    f"A {self.get_kind_display().split(' (')[0].lower()} must be more than "
                    "£0.00; only a refund is negative."
                )
        if self.line_id and self.fund_id and self.line.fund_id != self.fund_id:
            errors["line"] = f"Line {self.line.number} is paid from {self.line.fund}."
        if self.commitment_id and self.kind != "payment":
            errors["commitment"] = "Only a payment settles a commitment."
        elif self.commitment_id and (
            self.commitment.fund_id != self.fund_id or self.commitment.line_id != self.line_id
        ):
            where = (
                f"line {self.commitment.line.number}"
                if self.commitment.line_id
                else f"{self.commitment.fund} (no line)"
            )
            errors["commitment"] = f"That commitment is on {where}: pay it from there."
        if self.kind == "income" and (self.line_id or self.grant_id):
            errors["line"] = "Income goes to a fund, not a budget line or grant."
        if self.on and self.year_id and self.on < self.year.starts:
            errors["on"] = (
                f"{self.year.year} starts on {self.year.starts:%-d %B %Y}: "
                "record earlier money in its own year."
            )
        if errors:
            raise ValidationError(errors)


class EndOfYearReport(Tracked):
    """The end-of-year report as a meeting agreed it: its figures are kept as they were
    agreed, and only then is it public."""

    year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="reports")
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.PROTECT, related_name="finance_reports"
    )
    figures = models.JSONField(editable=False)  # saferplaces.finance.figures.to_data

    class Meta:
        ordering = ["-year__year"]
        constraints = [
            models.UniqueConstraint(
                fields=["year"],
                condition=models.Q(archived_on__isnull=True),
                name="one_published_report_per_year",
            )
        ]

    def __str__(self) -> str:
        return f"End of year financial report {self.year.year}"

    def audit_partnership(self):
        return self.year.partnership
