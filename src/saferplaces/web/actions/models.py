"""Priorities for a plan year and the action plan that delivers them.

An action's RAG status is changed only through :meth:`Action.set_rag`, which keeps every
change (from, to, when, who, why) in :class:`RagChange`, a table nobody edits. Quarterly
progress is a list of entries per action. :class:`ActionPlace` links an action to the
ward (and evidence indicator) it responds to, so a board member can go from a ward on
the evidence pages, or a flagged place, to the actions for it.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from saferplaces.web.core.models import AppendOnly, AuditEvent, Tracked
from saferplaces.web.partnerships.models import Member, Organisation, Partnership

PLAN_YEAR = re.compile(r"^(\d{4})/(\d{2})$")

RAG = [
    ("red", "Red"),
    ("amber", "Amber"),
    ("green", "Green"),
    ("complete", "Complete"),
]
# The four strands a partnership's strategy must cover (Crime and Disorder Act 1998 s6,
# with the serious violence duty of the Police, Crime, Sentencing and Courts Act 2022).
STRANDS = [
    ("crime", "Crime and disorder, including anti-social behaviour"),
    ("substance", "Misuse of drugs, alcohol and other substances"),
    ("reoffending", "Reducing reoffending"),
    ("violence", "Serious violence"),
]
RAG_KEY = [
    ("red", "Red", "Off target, action required"),
    ("amber", "Amber", "Off target within reason, monitor"),
    ("green", "Green", "On target"),
    ("complete", "Complete", "The action is done"),
]


def validate_plan_year(value: str) -> None:
    m = PLAN_YEAR.match(value or "")
    if not m or (int(m.group(1)) + 1) % 100 != int(m.group(2)):
        raise ValidationError(
            f"{value!r} is not a financial year: write it like 2025/26 (April 2025 to March 2026)."
        )


def quarters(plan_year: str) -> list[tuple[str, str]]:
    """The four quarters of a financial plan year, each named with its months."""
    validate_plan_year(plan_year)
    y = int(plan_year[:4])
    return [
        ("Q1", f"Q1: April to June {y}"),
        ("Q2", f"Q2: July to September {y}"),
        ("Q3", f"Q3: October to December {y}"),
        ("Q4", f"Q4: January to March {y + 1}"),
    ]


class Priority(Tracked):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="priorities"
    )
    plan_year = models.CharField(
        max_length=7, validators=[validate_plan_year], help_text="Financial year, e.g. 2025/26."
    )
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    context = models.TextField(blank=True, help_text="Why this is a priority: the evidence.")
    outcomes = models.TextField(blank=True, help_text="What the partnership wants to achieve.")
    strands = models.CharField(
        max_length=100,
        blank=True,
        help_text="The statutory strands it addresses, separated by commas.",
    )

    class Meta:
        ordering = ["plan_year", "number"]
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "plan_year", "number"],
                condition=models.Q(archived_on__isnull=True),
                name="priority_number_unique",
            )
        ]

    def __str__(self) -> str:
        return f"Priority {self.number}: {self.title}"

    @property
    def strand_list(self) -> list[str]:
        return [s for s in self.strands.split(",") if s]

    @property
    def strand_labels(self) -> list[str]:
        names = dict(STRANDS)
        return [names[s] for s in self.strand_list if s in names]


class Action(Tracked):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="actions")
    priority = models.ForeignKey(Priority, on_delete=models.PROTECT, related_name="actions")
    number = models.CharField(max_length=10, help_text="As in the plan, e.g. 1.4 or 3.2 a.")
    text = models.TextField(verbose_name="Action")
    responsible_agency = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    responsible_officer = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    responsible_text = models.CharField(
        max_length=200,
        blank=True,
        verbose_name="Responsible (as written)",
        help_text="For example: ALL partners, or initials used in the plan.",
    )
    timescale = models.CharField(max_length=200, blank=True, help_text="e.g. by March 2026.")
    funding_line = models.CharField(
        max_length=200, blank=True, help_text="Budget line or fund, if the action is funded."
    )
    funding_amount = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, verbose_name="Funding (£)"
    )
    rag = models.CharField(max_length=10, choices=RAG, blank=True, editable=False)
    rag_changed_on = models.DateTimeField(null=True, blank=True, editable=False)
    restricted = models.BooleanField(
        default=False,
        help_text="Only for members who may see restricted items; never in a public document "
        "(an operation, a named person or place).",
    )

    class Meta:
        ordering = ["priority__number", "number"]

    def __str__(self) -> str:
        return f"Action {self.number}"

    @property
    def plan_year(self) -> str:
        return self.priority.plan_year

    @property
    def responsible_display(self) -> str:
        parts = [
            x
            for x in (
                self.responsible_agency.short_name or self.responsible_agency.name
                if self.responsible_agency
                else "",
                self.responsible_officer.name if self.responsible_officer else "",
                self.responsible_text,
            )
            if x
        ]
        return ", ".join(parts)

    def set_rag(self, status: str, user, reason: str) -> RagChange:
        """Change the RAG status, keeping the change and its reason."""
        if status not in dict(RAG):
            raise ValidationError(f"{status!r} is not a RAG status")
        if not reason.strip():
            raise ValidationError("Say why the RAG status is changing.")
        with transaction.atomic():
            change = RagChange.objects.create(
                action=self,
                from_status=self.rag,
                to_status=status,
                reason=reason.strip(),
                changed_by=user if getattr(user, "is_authenticated", False) else None,
            )
            self.rag = status
            self.rag_changed_on = change.changed_on
            self.save_by(user, reason=reason.strip())
        return change


class RagChange(models.Model):
    """One change of an action's RAG status. Never edited or removed."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="rag_history")
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, choices=RAG)
    changed_on = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField()

    class Meta:
        ordering = ["-changed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_status or 'not rated'} to {self.to_status}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnly("RAG history is never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("RAG history is never removed")

    @property
    def from_label(self) -> str:
        return dict(RAG).get(self.from_status, "Not yet rated")

    @property
    def to_label(self) -> str:
        return dict(RAG)[self.to_status]


class ProgressEntry(Tracked):
    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="progress")
    quarter = models.CharField(max_length=2, choices=[(f"Q{i}", f"Q{i}") for i in range(1, 5)])
    text = models.TextField(verbose_name="Progress")

    class Meta:
        ordering = ["quarter", "created_on"]
        verbose_name_plural = "progress entries"

    def __str__(self) -> str:
        return f"{self.action} progress {self.quarter}"

    def audit_partnership(self):
        return self.action.partnership

    def is_restricted(self) -> bool:
        return self.action.restricted

    @property
    def quarter_label(self) -> str:
        return dict(quarters(self.action.plan_year))[self.quarter]


class ActionPlace(Tracked):
    """The ward (and evidence indicator) an action responds to."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="places")
    ward_code = models.CharField(max_length=9, help_text="ONS ward code, e.g. E05011286.")
    ward_name = models.CharField(max_length=200)
    indicator_id = models.CharField(
        max_length=60, blank=True, help_text="The evidence indicator, e.g. burglary."
    )
    note = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"{self.action} in {self.ward_name}"

    def audit_partnership(self):
        return self.action.partnership

    def is_restricted(self) -> bool:
        return self.action.restricted

    @property
    def indicator_name(self) -> str:
        """The evidence indicator's name (its id if it is no longer registered)."""
        from saferplaces.core.errors import SaferplacesError
        from saferplaces.indicators.registry import get_indicator

        if not self.indicator_id:
            return ""
        try:
            return get_indicator(self.indicator_id).name
        except SaferplacesError:
            return self.indicator_id


def record_view(user, obj) -> None:
    AuditEvent.record(user, "view", obj)
