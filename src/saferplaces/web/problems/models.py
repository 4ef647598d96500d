"""Problem-solving plans for places (OSARA), opened from a flagged ward or a hot spot.

A plan keeps what put the place on the list as it was when the plan was opened
(``scanning``), and its latest assessment (``assessment``); the analysis is computed from
the warehouse when the plan is read. Its response is the actions of the partnership's
plan linked to it (:class:`PlanAction`). Restricted: members who see the evidence.
"""

from __future__ import annotations

from django.db import models

from saferplaces.problems.places import KINDS
from saferplaces.web.actions.models import Action
from saferplaces.web.core.models import Tracked
from saferplaces.web.partnerships.models import Member, Partnership
from saferplaces.web.reviews.validators import no_personal_data

STATUSES = [
    ("scanning", "Scanning"),
    ("analysis", "Analysis"),
    ("response", "Response under way"),
    ("assessment", "Assessment"),
    ("closed", "Closed"),
]


class ProblemPlan(Tracked):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="problem_plans"
    )
    title = models.CharField(max_length=200, validators=[no_personal_data])
    place_kind = models.CharField(max_length=10, choices=list(KINDS.items()), editable=False)
    place_code = models.CharField(max_length=12, editable=False)
    place_name = models.CharField(max_length=200, editable=False)
    ward_code = models.CharField(max_length=12, editable=False)
    ward_name = models.CharField(max_length=200, editable=False)
    indicator_id = models.CharField(
        "Focus indicator", max_length=60, help_text="The problem the plan works on."
    )
    status = models.CharField(max_length=12, choices=STATUSES, default="scanning")
    owner = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="problem_plans"
    )
    objective = models.TextField(
        blank=True, validators=[no_personal_data], help_text="What the plan is to achieve."
    )
    scanning = models.JSONField(default=dict, blank=True, editable=False)
    scanning_notes = models.TextField(
        blank=True, validators=[no_personal_data], help_text="What else the partners know."
    )
    pat_location = models.TextField(
        "Location", blank=True, validators=[no_personal_data], help_text="Where and when."
    )
    pat_victim = models.TextField(
        "Victims", blank=True, validators=[no_personal_data], help_text="Who is harmed, by type."
    )
    pat_offender = models.TextField(
        "Offenders",
        blank=True,
        validators=[no_personal_data],
        help_text="Who causes it, by type; never names.",
    )
    pat_controllers = models.TextField(
        "Guardians, handlers and place managers",
        blank=True,
        validators=[no_personal_data],
        help_text="Who could act on each side of the triangle.",
    )
    analysis_notes = models.TextField(blank=True, validators=[no_personal_data])
    response_started = models.DateField(
        null=True, blank=True, help_text="When the response began: the assessment counts from it."
    )
    response_notes = models.TextField(blank=True, validators=[no_personal_data])
    assessment = models.JSONField(default=dict, blank=True, editable=False)
    assessment_notes = models.TextField(blank=True, validators=[no_personal_data])

    class Meta:
        ordering = ["-created_on"]
        verbose_name = "problem-solving plan"

    def __str__(self) -> str:
        return f"Problem-solving plan: {self.title}"

    def is_restricted(self) -> bool:
        return True

    @property
    def place_label(self) -> str:
        if self.place_kind == "ward":
            return f"{self.place_name} (ward {self.place_code})"
        return f"{self.place_name} (LSOA {self.place_code}, {self.ward_name})"


class PlanAction(Tracked):
    """An action of the partnership's plan that is part of the response."""

    plan = models.ForeignKey(ProblemPlan, on_delete=models.PROTECT, related_name="actions")
    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="problem_plans")
    note = models.CharField(max_length=300, blank=True, validators=[no_personal_data])

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "action"],
                condition=models.Q(archived_on__isnull=True),
                name="plan_action_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.action} in {self.plan}"

    def audit_partnership(self):
        return self.plan.partnership

    def is_restricted(self) -> bool:
        return True
