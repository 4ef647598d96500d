"""Strategic assessments generated from the web app, and whether each is published.

The evidence itself stays in the DuckDB warehouse (read through the core library, see
``warehouse.py``); what lives here is the record of each assessment the app generated:
who asked for it, for which period and edition, how the generation went, and whether an
officer published it on the partnership's public pages (public edition only).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from saferplaces.web.core.models import Tracked
from saferplaces.web.partnerships.models import Partnership


class GeneratedAssessment(Tracked):
    EDITIONS = [("public", "Public (small numbers suppressed)"), ("restricted", "Restricted")]
    STATUSES = [
        ("queued", "Waiting to start"),
        ("running", "Being generated"),
        ("done", "Ready"),
        ("failed", "Failed"),
    ]
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="assessments"
    )
    name = models.CharField(
        max_length=120, help_text="Its folder under the partnership's assessments folder."
    )
    period = models.CharField(max_length=40)
    baseline = models.CharField(max_length=40, blank=True)
    edition = models.CharField(max_length=12, choices=EDITIONS, default="public")
    status = models.CharField(max_length=10, choices=STATUSES, default="queued")
    error = models.TextField(blank=True)
    started_on = models.DateTimeField(null=True, blank=True)
    finished_on = models.DateTimeField(null=True, blank=True)
    published = models.BooleanField(default=False)
    published_on = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"], name="generated_assessment_name_unique"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        """The name people read (``name`` is its folder, for the machine): the area and
        the period, and the edition when it is the restricted one."""
        from saferplaces.core.errors import SaferplacesError
        from saferplaces.core.periods import parse_period

        area = self.partnership.area_name or self.partnership.name
        try:
            period = parse_period(self.period).label
        except SaferplacesError:
            period = self.period
        edition = " (restricted edition)" if self.edition == "restricted" else ""
        return f"{area}, {period}{edition}"

    def is_restricted(self) -> bool:
        return self.edition != "public"

    @property
    def period_label(self) -> str:
        """The period and its baseline named with their months."""
        from saferplaces.core.periods import parse_period

        p = parse_period(self.period)
        b = parse_period(self.baseline) if self.baseline else p.previous()
        return f"{p.label}, against {b.label}"

    @property
    def stalled(self) -> bool:
        """Still 'running' long after any generation could take: the server stopped."""
        return (
            self.status in ("queued", "running")
            and self.started_on is not None
            and timezone.now() - self.started_on > STALLED_AFTER
        )


STALLED_AFTER = timedelta(minutes=20)
