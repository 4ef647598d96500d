"""The register of information-sharing agreements a partnership works under.

Each agreement names the parties, its purpose and legal bases, the warehouse sources it
covers, its signed and review dates, its owner and its status. Records are saved and
archived through :class:`~saferplaces.web.core.models.Tracked`, so every change is in
the append-only audit log. What an agreement's dates mean (its tag, whether it covers
its sources) is the core library's rule (:mod:`saferplaces.quality.agreements`), the
same one the data-quality command applies to the register's download.
"""

from __future__ import annotations

from datetime import date

from django.db import models

from saferplaces.quality import agreements as rule
from saferplaces.web.core.models import Tracked
from saferplaces.web.partnerships.models import Partnership


class SharingAgreement(Tracked):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="sharing_agreements"
    )
    title = models.CharField(max_length=200, help_text="As the agreement names itself.")
    parties = models.TextField(help_text="The organisations that signed it, one a line.")
    purpose = models.TextField(help_text="What the data is shared for.")
    legal_bases = models.CharField(max_length=200, verbose_name="Legal bases")
    legal_basis_other = models.CharField(
        max_length=300,
        blank=True,
        verbose_name="Other legal basis",
        help_text="If you chose Other: the basis, as the agreement states it.",
    )
    sources = models.CharField(
        max_length=500,
        blank=True,
        verbose_name="Warehouse sources covered",
        help_text="Source names as `saferplaces sources` lists them, separated by commas.",
    )
    signed_on = models.DateField(null=True, blank=True, verbose_name="Signed on")
    review_on = models.DateField(null=True, blank=True, verbose_name="Review by")
    owner = models.CharField(
        max_length=200, blank=True, help_text="Who keeps the agreement and leads its review."
    )
    status = models.CharField(max_length=10, choices=rule.STATUSES, default="draft")

    class Meta:
        ordering = ["review_on", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def source_list(self) -> list[str]:
        return [s for s in self.sources.split(",") if s]

    @property
    def legal_basis_list(self) -> list[str]:
        return [b for b in self.legal_bases.split(",") if b]

    @property
    def legal_basis_labels(self) -> list[str]:
        names = dict(rule.LEGAL_BASES)
        return [
            self.legal_basis_other or names[b] if b == "other" else names.get(b, b)
            for b in self.legal_basis_list
        ]

    @property
    def party_list(self) -> list[str]:
        return [line.strip() for line in self.parties.splitlines() if line.strip()]

    def as_rule(self) -> rule.Agreement:
        return rule.Agreement(
            title=self.title,
            status=self.status,
            sources=tuple(self.source_list),
            signed_on=self.signed_on,
            review_on=self.review_on,
        )

    def tag_on(self, today: date) -> str:
        return rule.tag(self.status, self.signed_on, self.review_on, today)
