"""The ASB case review register: each application, the complaints behind it, the threshold
decision, the review, each agency's recommendation and response, the outcome, and the
counts published each year."""

from __future__ import annotations

from django.db import models

from saferplaces.reviews.asb import APPLICANTS, RECEIVED_BY, AsbFacts, ThresholdTest
from saferplaces.reviews.deadlines import Deadline
from saferplaces.web.core.models import Tracked
from saferplaces.web.partnerships.models import Organisation, Partnership
from saferplaces.web.reviews.models.agency import WithAgency
from saferplaces.web.reviews.validators import no_personal_data

YES_NO = [(True, "Yes"), (False, "No")]


class AsbCaseReview(Tracked):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="asb_case_reviews"
    )
    reference = models.CharField(
        max_length=40, help_text="The case reference, e.g. ASBCR-2025-004 (as in ECINS)."
    )
    received = models.DateField("Application received")
    applicant = models.CharField(max_length=10, choices=APPLICANTS)
    received_by = models.CharField(
        "How it was made", max_length=10, choices=RECEIVED_BY, blank=True
    )
    threshold_met = models.BooleanField(null=True, blank=True, choices=YES_NO)
    decision_date = models.DateField("Threshold decision made on", null=True, blank=True)
    decision_reason = models.TextField(
        "Why", blank=True, validators=[no_personal_data], help_text="Depersonalised."
    )
    review_date = models.DateField("Review meeting held on", null=True, blank=True)
    review_lead = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The agency that led the review.",
    )
    recommendations_made = models.BooleanField(null=True, blank=True, choices=YES_NO)
    outcome = models.TextField(blank=True, validators=[no_personal_data])
    applicant_informed = models.DateField("Applicant told the outcome on", null=True, blank=True)
    escalated = models.BooleanField(
        "Escalated",
        default=False,
        help_text="The applicant asked for the decision or the "
        "review to be looked at again (for example by the Police and Crime Commissioner).",
    )
    escalation = models.TextField(
        "Escalation: what happened", blank=True, validators=[no_personal_data]
    )
    notes = models.TextField(blank=True, validators=[no_personal_data])
    imported_from = models.CharField(max_length=300, blank=True, editable=False)

    audit_label = "ASB case review"

    class Meta:
        ordering = ["-received", "reference"]
        verbose_name = "ASB case review"
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "reference"],
                condition=models.Q(archived_on__isnull=True),
                name="asb_reference_unique",
            )
        ]

    def __str__(self) -> str:
        return f"ASB case review {self.reference}"

    def is_restricted(self) -> bool:
        return True

    def facts(self) -> AsbFacts:
        return AsbFacts(
            self.reference,
            self.received,
            self.threshold_met,
            self.decision_date,
            self.review_date,
            self.recommendations_made,
            self.applicant_informed,
        )

    def threshold_test(self, settings) -> ThresholdTest | None:
        dates = [c.reported_on for c in self.complaints.live()]
        return settings.threshold.test(dates, self.received) if dates else None

    def deadlines(self, settings) -> list[Deadline]:
        return settings.timescales.deadlines(self.facts())

    @property
    def stage(self) -> str:
        if self.threshold_met is None:
            return "Awaiting the threshold decision"
        if self.threshold_met is False:
            told = "" if self.applicant_informed else ": applicant to be told"
            return "Threshold not met" + told
        if self.review_date is None:
            return "Threshold met: review to be held"
        if self.applicant_informed is None:
            return "Reviewed: applicant to be told"
        return "Closed: applicant told"


class AsbComplaint(Tracked, WithAgency):
    """One complaint the applicant made about the behaviour, as the threshold counts them."""

    case = models.ForeignKey(AsbCaseReview, on_delete=models.PROTECT, related_name="complaints")
    reported_on = models.DateField("Reported on")
    agency_reference = models.CharField(
        "The agency's reference", max_length=60, blank=True, validators=[no_personal_data]
    )

    class Meta:
        ordering = ["reported_on", "id"]

    def __str__(self) -> str:
        return f"Complaint of {self.reported_on:%-d %b %Y} ({self.case.reference})"

    def audit_partnership(self):
        return self.case.partnership

    def is_restricted(self) -> bool:
        return True


class AsbRecommendation(Tracked, WithAgency):
    """A review's recommendation to one agency, and the agency's response."""

    case = models.ForeignKey(
        AsbCaseReview, on_delete=models.PROTECT, related_name="recommendations"
    )
    text = models.TextField("Recommendation", validators=[no_personal_data])
    response = models.TextField("The agency's response", blank=True, validators=[no_personal_data])
    responded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["created_on", "id"]

    def __str__(self) -> str:
        return f"Recommendation to {self.agency_name or 'an agency'} ({self.case.reference})"

    def audit_partnership(self):
        return self.case.partnership

    def is_restricted(self) -> bool:
        return True


class AsbPublication(Tracked):
    """The four counts as published for a financial year: kept as published, so a later
    change to the register shows as a difference rather than silently changing what the
    public read. Publishing again archives the earlier one (with the reason)."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="asb_publications"
    )
    year = models.CharField(max_length=7)
    applications = models.PositiveIntegerField()
    threshold_not_met = models.PositiveIntegerField()
    reviews_carried_out = models.PositiveIntegerField()
    reviews_with_recommendations = models.PositiveIntegerField()
    as_of = models.DateField(help_text="The register as it stood on this day.")
    statement = models.TextField(
        blank=True,
        validators=[no_personal_data],
        help_text="Shown with the counts: for example how to apply, and the threshold.",
    )

    class Meta:
        ordering = ["-year", "-created_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "year"],
                condition=models.Q(archived_on__isnull=True),
                name="asb_publication_one_per_year",
            )
        ]

    def __str__(self) -> str:
        return f"ASB case reviews {self.year}: published counts"

    @property
    def year_slug(self) -> str:
        """``2025/26`` as it appears in web links: ``2025-26``."""
        return self.year.replace("/", "-")

    def counts(self) -> dict[str, object]:
        return {
            "year": self.year,
            "applications": self.applications,
            "threshold_not_met": self.threshold_not_met,
            "reviews_carried_out": self.reviews_carried_out,
            "reviews_with_recommendations": self.reviews_with_recommendations,
        }
