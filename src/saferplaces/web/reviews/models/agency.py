"""The agency a complaint was made to or a recommendation is for: one of the
partnership's organisations, or another named as written (a GP practice, a housing
association)."""

from __future__ import annotations

from django.db import models

from saferplaces.web.partnerships.models import Organisation
from saferplaces.web.reviews.validators import no_personal_data


class WithAgency(models.Model):
    agency = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agency_text = models.CharField(
        "Agency (if not listed)", max_length=200, blank=True, validators=[no_personal_data]
    )

    class Meta:
        abstract = True

    @property
    def agency_name(self) -> str:
        if self.agency:
            return self.agency.short_name or self.agency.name
        return self.agency_text
