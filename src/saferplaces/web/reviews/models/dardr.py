"""The DARDR register: each review with its stages and costs, and the recommendation
tracker (each recommendation's status kept with every change, who made it, why, and the
evidence when it closes). Visible only to the partnership's named review group."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from saferplaces.reviews import dardr as rules
from saferplaces.web.core.models import AppendOnly, Tracked
from saferplaces.web.partnerships.models import Partnership
from saferplaces.web.reviews.models.agency import WithAgency
from saferplaces.web.reviews.validators import no_personal_data


class Dardr(Tracked):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="dardrs")
    reference = models.CharField(
        max_length=40, help_text="The review's reference, e.g. DARDR 2025/01 (never a name)."
    )
    notified_on = models.DateField("Notification received on")
    notified_by = models.CharField(max_length=10, choices=rules.NOTIFIED_BY, blank=True)
    notification = models.TextField(
        "What the notification said",
        blank=True,
        validators=[no_personal_data],
        help_text="Depersonalised: the circumstances in a line, no names or dates of birth.",
    )
    decision = models.CharField(max_length=10, choices=rules.DECISIONS, blank=True)
    decision_on = models.DateField("Decision made on", null=True, blank=True)
    decision_reason = models.TextField(blank=True, validators=[no_personal_data])
    home_office_notified_on = models.DateField("Home Office told on", null=True, blank=True)
    chair = models.CharField(
        "Independent chair", max_length=200, blank=True, validators=[no_personal_data]
    )
    author = models.CharField(
        "Report author (if not the chair)",
        max_length=200,
        blank=True,
        validators=[no_personal_data],
    )
    panel_agencies = models.TextField(
        blank=True, validators=[no_personal_data], help_text="One agency a line."
    )
    terms_of_reference = models.TextField(
        blank=True, validators=[no_personal_data], help_text="In summary."
    )
    terms_of_reference_agreed_on = models.DateField(null=True, blank=True)
    family_invited_on = models.DateField("Family invited to take part on", null=True, blank=True)
    panel_first_met_on = models.DateField(null=True, blank=True)
    report_completed_on = models.DateField("Report completed and agreed on", null=True, blank=True)
    submitted_to_qa_on = models.DateField(
        "Sent to the Home Office quality assurance panel on", null=True, blank=True
    )
    qa_outcome = models.CharField(
        "Quality assurance panel outcome", max_length=20, choices=rules.QA_OUTCOMES, blank=True
    )
    qa_outcome_on = models.DateField("Outcome received on", null=True, blank=True)
    published_on = models.DateField(null=True, blank=True)
    publication_url = models.URLField(
        "Published report (web address)", blank=True, help_text="Shown on the public page."
    )
    not_published_reason = models.TextField(
        "Why it is not published", blank=True, validators=[no_personal_data]
    )
    paused_reason = models.TextField(
        "Why timescales are not being met",
        blank=True,
        validators=[no_personal_data],
        help_text="For example: waiting for the criminal trial or the inquest.",
    )
    notes = models.TextField(blank=True, validators=[no_personal_data])
    imported_from = models.CharField(max_length=300, blank=True, editable=False)

    class Meta:
        ordering = ["-notified_on", "reference"]
        verbose_name = "domestic abuse related death review"
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "reference"],
                condition=models.Q(archived_on__isnull=True),
                name="dardr_reference_unique",
            )
        ]

    def __str__(self) -> str:
        return rules.named_review(self.reference)

    def is_restricted(self) -> bool:
        return True

    def clean(self) -> None:
        errors = {}
        for f in (
            "decision_on",
            "home_office_notified_on",
            "terms_of_reference_agreed_on",
            "family_invited_on",
            "panel_first_met_on",
            "report_completed_on",
            "submitted_to_qa_on",
            "qa_outcome_on",
            "published_on",
        ):
            v = getattr(self, f)
            if v and self.notified_on and v < self.notified_on:
                errors[f] = "This is before the notification was received."
        if self.decision_on and not self.decision:
            errors["decision"] = "Say what was decided, or clear the decision date."
        if self.decision and not self.decision_on:
            errors["decision_on"] = "Give the date of the decision."
        if self.published_on and self.not_published_reason:
            errors["not_published_reason"] = "It is published: clear the reason, or the date."
        if self.decision == "not_hold" and (self.report_completed_on or self.published_on):
            errors["decision"] = "A review not held has no report or publication."
        if errors:
            raise ValidationError(errors)

    def facts(self, recommendations=None) -> rules.DardrFacts:
        recs = list(recommendations if recommendations is not None else self.live_recs())
        return rules.DardrFacts(
            self.notified_on,
            self.decision,
            self.decision_on,
            self.home_office_notified_on,
            self.report_completed_on,
            self.submitted_to_qa_on,
            self.qa_outcome,
            self.qa_outcome_on,
            self.published_on,
            self.not_published_reason,
            len(recs),
            sum(r.status not in rules.REC_CLOSED for r in recs),
        )

    def live_recs(self):
        return self.recommendations.live()

    @property
    def is_public(self) -> bool:
        """Published on or before today: the public page lists it."""
        return bool(self.published_on and self.published_on <= timezone.localdate())


class DardrCost(Tracked):
    """A cost of the review (chair and author fees, venue, translation ...)."""

    dardr = models.ForeignKey(Dardr, on_delete=models.PROTECT, related_name="costs")
    # The line of the partnership's budget (web/finance) the cost is paid from. One way
    # only (no reverse accessor): a budget line is read by every member who sees the
    # money, and must not lead to a restricted review.
    line = models.ForeignKey(
        "finance.BudgetLine",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Budget line",
        help_text="The line of that year's budget it is paid from, when the budget is kept here.",
    )
    description = models.CharField(max_length=200, validators=[no_personal_data])
    amount = models.DecimalField("Amount (£)", max_digits=10, decimal_places=2)
    incurred_on = models.DateField()
    funded_from = models.CharField(
        "Paid from",
        max_length=200,
        blank=True,
        help_text="Otherwise, the fund or budget as the papers name it, e.g. pooled fund 2025/26.",
    )

    class Meta:
        ordering = ["incurred_on", "id"]

    def __str__(self) -> str:
        return f"{self.description} ({self.dardr.reference})"

    @property
    def paid_from(self) -> str:
        """The budget line (with its year), else what was written, else nothing."""
        if self.line_id:
            return f"{self.line.year.year} budget, line {self.line.number}: {self.line.item}"
        return self.funded_from

    def audit_partnership(self):
        return self.dardr.partnership

    def is_restricted(self) -> bool:
        return True


class DardrRecommendation(Tracked, WithAgency):
    dardr = models.ForeignKey(Dardr, on_delete=models.PROTECT, related_name="recommendations")
    number = models.CharField(max_length=10, help_text="As numbered in the report, e.g. 3.")
    text = models.TextField("Recommendation", validators=[no_personal_data])
    owner = models.CharField(
        "Lead officer (post)",
        max_length=200,
        blank=True,
        validators=[no_personal_data],
        help_text="The post that answers for it, e.g. Head of Safeguarding.",
    )
    due = models.DateField("Due by", null=True, blank=True)
    national = models.BooleanField(
        "National recommendation", default=False, help_text="For government or a national body."
    )
    status = models.CharField(
        max_length=20, choices=rules.REC_STATUSES, default="not_started", editable=False
    )
    status_changed_on = models.DateTimeField(null=True, blank=True, editable=False)
    evidence = models.TextField(blank=True, editable=False)
    evidence_link = models.CharField(max_length=300, blank=True, editable=False)

    class Meta:
        ordering = ["number", "id"]

    def __str__(self) -> str:
        return f"Recommendation {self.number} of {rules.named_review(self.dardr.reference)}"

    def audit_partnership(self):
        return self.dardr.partnership

    def is_restricted(self) -> bool:
        return True

    def facts(self) -> rules.RecommendationFacts:
        return rules.RecommendationFacts(self.status, self.due, self.national, self.agency_name)

    def overdue(self, today) -> bool:
        return rules.recommendation_overdue(self.facts(), today)

    def set_status(
        self, status: str, user, reason: str, evidence: str = "", link: str = ""
    ) -> RecommendationStatusChange:
        """Change the status, keeping the change; closing as complete needs evidence."""
        if status not in dict(rules.REC_STATUSES):
            raise ValidationError(f"{status!r} is not a recommendation status")
        if not reason.strip():
            raise ValidationError("Say why the status is changing.")
        if status == "complete" and not evidence.strip():
            raise ValidationError(
                "Give the evidence that it is complete (what was done, and where it is kept)."
            )
        for text in (reason, evidence):
            no_personal_data(text)
        with transaction.atomic():
            change = RecommendationStatusChange.objects.create(
                recommendation=self,
                from_status=self.status,
                to_status=status,
                reason=reason.strip(),
                evidence=evidence.strip(),
                evidence_link=link.strip(),
                changed_by=user if getattr(user, "is_authenticated", False) else None,
            )
            self.status = status
            self.status_changed_on = change.changed_on
            if evidence.strip() or link.strip():
                self.evidence = evidence.strip()
                self.evidence_link = link.strip()
            self.save_by(user, reason=reason.strip())
        return change


class RecommendationStatusChange(models.Model):
    """One change of a recommendation's status. Never edited or removed (the database
    refuses too: see ``core/appendonly.py``)."""

    recommendation = models.ForeignKey(
        DardrRecommendation, on_delete=models.PROTECT, related_name="history"
    )
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, choices=rules.REC_STATUSES)
    changed_on = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField()
    evidence = models.TextField(blank=True)
    evidence_link = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-changed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.recommendation}: {self.from_status or 'new'} to {self.to_status}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnly("recommendation status history is never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("recommendation status history is never removed")

    @property
    def from_label(self) -> str:
        return dict(rules.REC_STATUSES).get(self.from_status, "New")

    @property
    def to_label(self) -> str:
        return dict(rules.REC_STATUSES)[self.to_status]
