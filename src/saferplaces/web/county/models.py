"""What a district's partnership publishes to its county, the county's community safety
agreements, and the record of documents sent (to the Police and Crime Commissioner).

A county partnership (``partnerships.Partnership`` serving a county) contains its
districts' partnerships (``Partnership.county``). Each district keeps its own members and
restrictions: its county sees only what it chose to publish (:class:`CountyShare`), read
through one rule (``visibility.py``), and never a record restricted to the district.
"""

from __future__ import annotations

from django.db import models

from saferplaces.web.core.models import Tracked
from saferplaces.web.partnerships.models import Partnership

# What a district may publish to its county, in the order the county pages show it. The
# place flags are evidence (ward by ward); the rest are counts and titles.
KINDS = [
    ("flags", "Place flags summary", "its latest place flags run: wards by category"),
    ("priorities", "Priorities", "its priorities for the latest plan year"),
    (
        "action_plan",
        "Action plan status",
        "how many of its actions are red, amber, green or complete",
    ),
    ("money", "Money", "its budget totals for the plan year (when the finance pages are used)"),
    (
        "reviews",
        "Statutory reviews",
        "how many domestic abuse related death reviews and ASB "
        "case reviews it holds (counts only, never their details)",
    ),
]


class CountyShare(Tracked):
    """What one district's partnership publishes to its county partnership."""

    partnership = models.OneToOneField(
        Partnership, on_delete=models.PROTECT, related_name="county_share"
    )
    flags = models.BooleanField(default=False, verbose_name="Place flags summary")
    priorities = models.BooleanField(default=False, verbose_name="Priorities")
    action_plan = models.BooleanField(default=False, verbose_name="Action plan status")
    money = models.BooleanField(default=False, verbose_name="Money")
    reviews = models.BooleanField(default=False, verbose_name="Statutory reviews (counts)")

    def __str__(self) -> str:
        return f"What {self.partnership.name} publishes to its county"

    def published(self) -> list[str]:
        return [k for k, _, _ in KINDS if getattr(self, k)]


class Agreement(Tracked):
    """A community safety agreement the county partnership generated: its files are in
    ``<assessments folder>/<county slug>/<name>/agreement.html|pdf|docx|xlsx``."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="agreements"
    )
    name = models.CharField(max_length=120, help_text="Its folder under the county's folder.")
    period = models.CharField(max_length=40)
    baseline = models.CharField(max_length=40, blank=True)
    sha256 = models.CharField(max_length=64, help_text="Of the PDF, as sent.")

    class Meta:
        ordering = ["-created_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="agreement_name_unique")
        ]

    def __str__(self) -> str:
        return f"Community safety agreement {self.name}"

    @property
    def period_label(self) -> str:
        from saferplaces.core.periods import parse_period

        return parse_period(self.period).label

    @property
    def baseline_label(self) -> str:
        from saferplaces.core.periods import parse_period

        return parse_period(self.baseline).label if self.baseline else ""


class Submission(Tracked):
    """A document sent to someone outside the partnership (the community safety
    agreement to the Police and Crime Commissioner): what, to whom, when, who sent it and
    the SHA-256 of the file sent, so the copy can be shown to be the one received."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="agreement_submissions"
    )
    document = models.CharField(max_length=200, help_text="What was sent.")
    agreement = models.ForeignKey(
        Agreement, null=True, blank=True, on_delete=models.PROTECT, related_name="submissions"
    )
    sent_to = models.CharField(max_length=200, default="Police and Crime Commissioner")
    sent_on = models.DateField()
    sent_by = models.CharField(max_length=200, help_text="Who sent it.")
    sha256 = models.CharField(max_length=64)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-sent_on", "-id"]

    def __str__(self) -> str:
        return f"{self.document} sent to {self.sent_to} on {self.sent_on:%-d %B %Y}"
