"""Per partnership: the published ASB case review threshold and timescales, and the named
review group that alone may read the DARDR register."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from saferplaces.reviews.asb import (
    STATUTORY_MAX_COMPLAINTS,
    STATUTORY_MIN_MONTHS,
    Threshold,
    Timescales,
)
from saferplaces.web.core.models import Tracked
from saferplaces.web.partnerships.models import Member, Partnership


class ReviewSettings(Tracked):
    partnership = models.OneToOneField(
        Partnership, on_delete=models.PROTECT, related_name="review_settings"
    )
    asb_threshold_complaints = models.PositiveSmallIntegerField(
        "Complaints needed",
        default=STATUTORY_MAX_COMPLAINTS,
        validators=[MinValueValidator(1), MaxValueValidator(STATUTORY_MAX_COMPLAINTS)],
        help_text="At most 3 (the Act's statutory guidance); a partnership may set fewer.",
    )
    asb_threshold_months = models.PositiveSmallIntegerField(
        "Over how many months",
        default=STATUTORY_MIN_MONTHS,
        validators=[MinValueValidator(STATUTORY_MIN_MONTHS), MaxValueValidator(24)],
        help_text="At least 6: the months before the application the complaints count over.",
    )
    asb_threshold_text = models.TextField(
        "The published threshold",
        blank=True,
        help_text="As published for the public, if it says more (for example what counts "
        "as a complaint).",
    )
    asb_decision_days = models.PositiveSmallIntegerField(
        "Threshold decision within (working days of the application)", default=10
    )
    asb_review_days = models.PositiveSmallIntegerField(
        "Review held within (working days of the decision)", default=20
    )
    asb_inform_days = models.PositiveSmallIntegerField(
        "Applicant told the outcome within (working days of the review)", default=5
    )

    class Meta:
        verbose_name_plural = "review settings"

    def __str__(self) -> str:
        return f"Review settings of {self.partnership}"

    @classmethod
    def of(cls, partnership) -> ReviewSettings:
        """The partnership's settings, or the defaults (unsaved) when none are recorded."""
        found = cls.objects.live().filter(partnership=partnership).first()
        return found or cls(partnership=partnership)

    @property
    def threshold(self) -> Threshold:
        return Threshold(self.asb_threshold_complaints, self.asb_threshold_months)

    @property
    def timescales(self) -> Timescales:
        return Timescales(self.asb_decision_days, self.asb_review_days, self.asb_inform_days)


class ReviewGroupMember(Tracked):
    """A member of the partnership's named review group: the only people who may read the
    DARDR register (with their role's rights to change it)."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="review_group"
    )
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="review_groups")
    note = models.CharField(
        max_length=200, blank=True, help_text="For example: chair of the review group."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "member"],
                condition=models.Q(archived_on__isnull=True),
                name="review_group_member_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member.name} in the review group"
