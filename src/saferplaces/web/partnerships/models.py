"""Partnerships, their organisations and members.

Several partnerships live in one instance. Each has its agencies (statutory or not) and
its members, each with a role and a term of office. Only one member per agency votes at
any time (terms of voting members for one agency may not overlap), and only statutory
agencies have a vote (Crime and Disorder Act 1998, s.5).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from saferplaces.web.core.models import Tracked
from saferplaces.web.core.permissions import ROLES


class Partnership(Tracked):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60, unique=True, help_text="Short name used in web links.")
    area_code = models.CharField(
        max_length=9,
        help_text="ONS code of the district or CSP it serves, e.g. E07000012; the evidence "
        "pages count for this area.",
    )
    area_name = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True, help_text="Shown on the public page.")
    illustrative = models.BooleanField(
        default=False, help_text="Demonstration data: every page says so."
    )
    # Two-tier areas: a district's partnership reports to the county's, whose pages show
    # the districts side by side (only what each district publishes to the county).
    county = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="districts",
        help_text="The county partnership this district's partnership reports to.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def audit_partnership(self):
        return self

    @property
    def is_county(self) -> bool:
        """A county partnership: it serves a county (E10, the upper tier of a two-tier
        area) and holds its districts' partnerships."""
        return self.area_code.upper().startswith("E10")


class Organisation(Tracked):
    KINDS = [
        ("district_council", "District council"),
        ("county_council", "County council"),
        ("police", "Police"),
        ("fire", "Fire and rescue"),
        ("health", "Health (integrated care board)"),
        ("probation", "Probation"),
        ("pcc", "Police and Crime Commissioner"),
        ("voluntary", "Voluntary and community sector"),
        ("education", "Education"),
        ("housing", "Housing"),
        ("other", "Other"),
    ]
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="organisations"
    )
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, blank=True, help_text="For example SCDC, CFRS.")
    kind = models.CharField(max_length=20, choices=KINDS, default="other")
    statutory = models.BooleanField(
        default=False,
        help_text="A responsible authority under the Crime and Disorder Act 1998: it may "
        "have a voting member.",
    )

    class Meta:
        ordering = ["-statutory", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"], name="organisation_name_unique_in_partnership"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Member(Tracked):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="memberships",
        help_text="Their sign-in, if they use the web app.",
    )
    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    role = models.CharField(max_length=20, choices=ROLES, default="member")
    voting = models.BooleanField(
        default=False, help_text="The voting member for their agency (one per agency)."
    )
    term_start = models.DateField(null=True, blank=True)
    term_end = models.DateField(null=True, blank=True, help_text="Leave empty if open-ended.")
    email = models.EmailField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        org = (
            f", {self.organisation.short_name or self.organisation.name}"
            if self.organisation
            else ""
        )
        return f"{self.name}{org}"

    def in_office(self, on: date | None = None) -> bool:
        on = on or date.today()
        if self.term_start and on < self.term_start:
            return False
        return not (self.term_end and on > self.term_end)

    def clean(self) -> None:
        errors = {}
        if self.voting:
            if self.organisation is None or not self.organisation.statutory:
                errors["voting"] = "Only a member for a statutory agency can be its voting member."
            else:
                clash = next(iter(self.voting_clashes()), None)
                if clash is not None:
                    errors["voting"] = (
                        f"{self.organisation.name} already has a voting member for part of "
                        f"this term ({clash.name}, {clash.term_label}); end their term first "
                        "or make them non-voting."
                    )
        if self.term_start and self.term_end and self.term_end < self.term_start:
            errors["term_end"] = "The end of the term must be on or after its start."
        if errors:
            raise ValidationError(errors)

    def save_by(self, user, *, reason: str = "") -> None:
        """Save through the voting and term rules, whoever saves (a form, the CLI, the
        demo): terms move, so the database alone cannot hold the one-voter rule."""
        self.clean()
        super().save_by(user, reason=reason)

    def voting_clashes(self):
        """Other voting members for the same agency whose terms overlap this one (an
        open start or end overlaps everything on that side)."""
        qs = Member.objects.live().filter(
            partnership_id=self.partnership_id, organisation=self.organisation, voting=True
        )
        if self.pk:
            qs = qs.exclude(pk=self.pk)
        if self.term_end:
            qs = qs.filter(Q(term_start__isnull=True) | Q(term_start__lte=self.term_end))
        if self.term_start:
            qs = qs.filter(Q(term_end__isnull=True) | Q(term_end__gte=self.term_start))
        return qs

    @property
    def term_label(self) -> str:
        start = f"{self.term_start:%-d %b %Y}" if self.term_start else "open start"
        end = f"{self.term_end:%-d %b %Y}" if self.term_end else "open-ended"
        return f"{start} to {end}"

    @property
    def role_label(self) -> str:
        return self.get_role_display()
