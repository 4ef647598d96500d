"""Making a partnership: a name, a short name for links, and the area it serves, named
as people name it and resolved against the reference data
(:func:`saferplaces.geography.areas.resolve_area`). The CLI's ``admin
createpartnership`` and the superuser's web page both come here."""

from __future__ import annotations

import re

from django.db import transaction

from saferplaces.core.errors import SaferplacesError
from saferplaces.geography.areas import Area, resolve_area
from saferplaces.warehouse.connection import Warehouse

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LEVELS = ("district", "csp")


class PartnershipError(SaferplacesError):
    """A partnership cannot be made as asked."""


def resolve_partnership_area(wh: Warehouse, text: str) -> Area:
    """The district or CSP ``text`` names (a name or an ONS code, e.g. E07000012)."""
    area = resolve_area(wh, text, levels=LEVELS)
    if area.level not in LEVELS:  # pragma: no cover - resolve_area keeps to the levels
        raise PartnershipError(f"{area.describe} is not a district or CSP")
    return area


def check_slug(slug: str) -> str:
    from saferplaces.web.partnerships.models import Partnership

    slug = slug.strip().lower()
    if not SLUG.match(slug):
        raise PartnershipError(
            f"{slug!r} cannot be a short name: use lower-case letters, digits and hyphens, "
            "e.g. south-cambs"
        )
    if Partnership.objects.filter(slug=slug).exists():
        raise PartnershipError(f"there is already a partnership called {slug!r}")
    return slug


def create_partnership(name: str, slug: str, area: Area, *, description: str = "", user=None):
    """Make the partnership (audited); organisations and members are added in the app."""
    from saferplaces.web.partnerships.models import Partnership

    if not name.strip():
        raise PartnershipError("give the partnership a name")
    p = Partnership(
        name=name.strip(),
        slug=check_slug(slug),
        area_code=area.code,
        area_name=area.name,
        description=description.strip(),
    )
    with transaction.atomic():
        p.save_by(user)
    return p
