"""Prioritisation for a plan year, and the partnership plan's own records.

A :class:`Prioritisation` is opened for a plan year on an evidence period: its issues
(:class:`Issue`) are kept with the scores the evidence proposed and the figures behind
them *as they were when it opened*, so the ranking can be audited later even after the
data is republished. Members score each issue on their own (:class:`Score`); the analyst
may replace a factor's median with a reason (:class:`Override`, history kept: an
override is archived, never edited). The board agrees priorities at a meeting: the
decision is written on that meeting's agenda item, and each agreed priority
(``actions.Priority``) is linked to the issues that chose it (:class:`AgreedIssue`).

The plan of a year (:class:`PartnershipPlan`) holds the text the plan document needs
beside the priorities and actions: the introduction, regard to the Police and Crime
Commissioner's plan, matters for the county strategy group, what residents said; its
:class:`Measure` rows link priorities to indicators with a baseline and the direction
sought. :class:`Submission` is the log of documents sent (the plan to the PCC: when, by
whom), which later documents read.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from saferplaces.priorities.factors import CONFIDENCE, FACTORS, HIGHEST, LOWEST
from saferplaces.web.actions.models import Priority, validate_plan_year
from saferplaces.web.core.models import Tracked
from saferplaces.web.meetings.models import AgendaItem, Decision, Meeting
from saferplaces.web.partnerships.models import Member, Partnership

SCORE_CHOICES = [(i, str(i)) for i in range(LOWEST, HIGHEST + 1)]
FACTOR_CHOICES = [(f.key, f.label) for f in FACTORS]
CONFIDENCE_CHOICES = [(c, c.capitalize()) for c in CONFIDENCE]


class Prioritisation(Tracked):
    STATUSES = [
        ("open", "Open for scoring"),
        ("closed", "Scoring closed"),
        ("agreed", "Priorities agreed"),
    ]
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="prioritisations"
    )
    plan_year = models.CharField(
        max_length=7,
        validators=[validate_plan_year],
        help_text="The plan year the priorities are for, e.g. 2026/27.",
    )
    period = models.CharField(max_length=20, help_text="The evidence period, YYYY-MM..YYYY-MM.")
    baseline = models.CharField(max_length=20)
    area_name = models.CharField(max_length=200)
    force_name = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=STATUSES, default="open")
    closed_on = models.DateTimeField(null=True, blank=True, editable=False)
    agreed_at = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agreed_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-plan_year", "-created_on"]

    def __str__(self) -> str:
        return f"Prioritisation for {self.plan_year}"

    @property
    def is_open(self) -> bool:
        return self.status == "open"


class Issue(Tracked):
    KINDS = [
        ("indicator", "Indicator"),
        ("group", "Indicators counted together"),
        ("added", "Added"),
    ]
    prioritisation = models.ForeignKey(
        Prioritisation, on_delete=models.PROTECT, related_name="issues"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=KINDS)
    indicators = models.CharField(
        max_length=500, blank=True, help_text="Indicator ids, separated by commas."
    )
    description = models.TextField(
        blank=True, help_text="What the issue is, for scorers (an added issue's evidence)."
    )
    restricted = models.BooleanField(
        default=False,
        help_text="Its evidence and scores stay inside the partnership: never in public documents.",
    )
    proposed_volume = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    proposed_trend = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    proposed_harm = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    evidence = models.JSONField(default=dict, blank=True, editable=False)
    notes = models.JSONField(default=list, blank=True, editable=False)
    order = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["prioritisation", "name"],
                condition=models.Q(archived_on__isnull=True),
                name="issue_name_unique",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def audit_partnership(self):
        return self.prioritisation.partnership

    @property
    def indicator_ids(self) -> list[str]:
        return [i for i in self.indicators.split(",") if i]


class Score(Tracked):
    """One scorer's scores for one issue. A blank volume or trend (or harm, where the
    harm index proposes one) takes the proposed score."""

    issue = models.ForeignKey(Issue, on_delete=models.PROTECT, related_name="scores")
    scorer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    scorer_name = models.CharField(max_length=200)
    physical = models.PositiveSmallIntegerField(
        "Physical harm", choices=SCORE_CHOICES, null=True, blank=True
    )
    psychological = models.PositiveSmallIntegerField(
        "Psychological harm", choices=SCORE_CHOICES, null=True, blank=True
    )
    financial = models.PositiveSmallIntegerField(
        "Financial harm", choices=SCORE_CHOICES, null=True, blank=True
    )
    community = models.PositiveSmallIntegerField(
        "Community harm", choices=SCORE_CHOICES, null=True, blank=True
    )
    vulnerability = models.PositiveSmallIntegerField(
        "Vulnerability of victims", choices=SCORE_CHOICES
    )
    volume = models.PositiveSmallIntegerField(choices=SCORE_CHOICES, null=True, blank=True)
    trend = models.PositiveSmallIntegerField(choices=SCORE_CHOICES, null=True, blank=True)
    community_concern = models.PositiveSmallIntegerField("Community concern", choices=SCORE_CHOICES)
    capacity = models.PositiveSmallIntegerField(
        "Capacity to make a difference", choices=SCORE_CHOICES
    )
    confidence = models.CharField(max_length=6, choices=CONFIDENCE_CHOICES)
    source = models.CharField(
        max_length=300, blank=True, help_text="Where it came from: a workshop sheet and row."
    )

    class Meta:
        ordering = ["issue__order", "scorer_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "scorer_name"],
                condition=models.Q(archived_on__isnull=True),
                name="score_once_per_scorer",
            )
        ]

    def __str__(self) -> str:
        return f"{self.scorer_name} on {self.issue}"

    def audit_partnership(self):
        return self.issue.prioritisation.partnership

    def is_restricted(self) -> bool:
        return self.issue.restricted

    def values(self) -> dict[str, int | None]:
        return {f.key: getattr(self, f.key) for f in FACTORS}


class Override(Tracked):
    """An analyst's value for a factor in place of the scorers' median, with the reason.
    Never edited: a later override of the same factor replaces it (both kept), and one
    archived with a reason stops applying."""

    issue = models.ForeignKey(Issue, on_delete=models.PROTECT, related_name="overrides")
    factor = models.CharField(max_length=20, choices=FACTOR_CHOICES)
    value = models.PositiveSmallIntegerField(choices=SCORE_CHOICES)
    reason = models.TextField()

    class Meta:
        ordering = ["issue__order", "factor", "-created_on", "-id"]

    def __str__(self) -> str:
        return f"{self.issue}: {self.get_factor_display()} set to {self.value}"

    def audit_partnership(self):
        return self.issue.prioritisation.partnership

    def is_restricted(self) -> bool:
        return self.issue.restricted

    def clean(self):
        if not (self.reason or "").strip():
            raise ValidationError({"reason": "Say why the score is overridden."})


class AgreedIssue(Tracked):
    """An issue of a prioritisation that chose a priority the board agreed."""

    priority = models.ForeignKey(Priority, on_delete=models.PROTECT, related_name="chosen_by")
    issue = models.ForeignKey(Issue, on_delete=models.PROTECT, related_name="agreed_as")
    rank = models.PositiveIntegerField(null=True, blank=True)
    score = models.DecimalField(max_digits=6, decimal_places=3, null=True, blank=True)

    class Meta:
        ordering = ["priority__number", "rank"]

    def __str__(self) -> str:
        return f"{self.issue} chose {self.priority}"

    def audit_partnership(self):
        return self.priority.partnership


class PartnershipPlan(Tracked):
    """The plan of a year: the text its document carries beside the priorities."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="plans")
    plan_year = models.CharField(max_length=7, validators=[validate_plan_year])
    introduction = models.TextField(
        blank=True, help_text="The plan's opening: what it is for and how it was made."
    )
    pcc_plan = models.TextField(
        "Regard to the Police and Crime Commissioner's plan",
        blank=True,
        help_text="How the priorities relate to the PCC's police and crime plan.",
    )
    county_matters = models.TextField(
        "Matters for the county strategy group",
        blank=True,
        help_text="In two-tier areas: what the partnership asks the county group to take on.",
    )
    residents_views = models.TextField(
        "What residents told us",
        blank=True,
        help_text="How consultation with residents shaped the priorities.",
    )
    review_summary = models.TextField(
        "Annual review summary",
        blank=True,
        help_text="For the annual review: the year in the partnership's own words.",
    )
    published = models.BooleanField(default=False, editable=False)
    published_on = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-plan_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "plan_year"],
                condition=models.Q(archived_on__isnull=True),
                name="one_plan_a_year",
            )
        ]

    def __str__(self) -> str:
        return f"Partnership plan {self.plan_year}"


class Measure(Tracked):
    DIRECTIONS = [
        ("down", "Down (fewer)"),
        ("up", "Up (more, e.g. reporting or referrals)"),
        ("hold", "Hold (no increase)"),
    ]
    plan = models.ForeignKey(PartnershipPlan, on_delete=models.PROTECT, related_name="measures")
    priority = models.ForeignKey(
        Priority, null=True, blank=True, on_delete=models.PROTECT, related_name="measures"
    )
    indicator_id = models.CharField("Indicator", max_length=60)
    indicator_name = models.CharField(max_length=200, editable=False)
    direction = models.CharField("Direction sought", max_length=4, choices=DIRECTIONS)
    baseline_period = models.CharField(max_length=20, help_text="e.g. 2025 or 2025/26.")
    baseline_count = models.IntegerField(null=True, blank=True, editable=False)
    baseline_rate = models.FloatField(null=True, blank=True, editable=False)
    per = models.CharField(max_length=40, blank=True, editable=False)
    baseline_source = models.CharField(max_length=300, blank=True, editable=False)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["priority__number", "indicator_name"]

    def __str__(self) -> str:
        return f"{self.indicator_name} ({self.get_direction_display()})"

    def audit_partnership(self):
        return self.plan.partnership


class Submission(Tracked):
    """A document sent outside the partnership: the plan to the PCC, say."""

    DOCUMENTS = [
        ("plan", "Partnership plan"),
        ("assessment", "Strategic assessment"),
        ("review", "Annual review"),
    ]
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="plan_submissions"
    )
    document = models.CharField(max_length=12, choices=DOCUMENTS, default="plan")
    plan_year = models.CharField(max_length=7, validators=[validate_plan_year])
    sent_to = models.CharField(max_length=200, default="Police and Crime Commissioner")
    sent_on = models.DateField()
    sent_by = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_by_text = models.CharField("Sent by (as written)", max_length=200, blank=True)
    edition = models.CharField(
        max_length=10,
        choices=[("public", "Public"), ("restricted", "Restricted")],
        default="public",
    )
    note = models.CharField(max_length=300, blank=True, help_text="How it was sent; reference.")

    class Meta:
        ordering = ["-sent_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_document_display()} {self.plan_year} to {self.sent_to}"

    @property
    def sent_by_display(self) -> str:
        return self.sent_by.name if self.sent_by else self.sent_by_text
