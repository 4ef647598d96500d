"""Making a partnership: a name, a short name for links, and the area it serves, named
as people name it and resolved against the reference data
(:func:`saferplaces.geography.areas.resolve_area`). The CLI's ``admin
createpartnership`` and the superuser's web page both come here.

A partnership serves a district or CSP, or, in two-tier areas, a county (the county
strategy group); a district's partnership may report to the county partnership of the
county it lies in (:func:`set_county`)."""

from __future__ import annotations

import re

from django.db import transaction

from saferplaces.core.errors import SaferplacesError
from saferplaces.geography.areas import Area, districts_of, resolve_area
from saferplaces.warehouse.connection import Warehouse
from saferplaces.web.core.models import TooLong

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LEVELS = ("district", "csp", "county")


class PartnershipError(SaferplacesError):
    """A partnership cannot be made as asked."""


def resolve_partnership_area(wh: Warehouse, text: str) -> Area:
    """The district, CSP or county ``text`` names (a name or an ONS code, e.g. E07000012;
    a county as "Cambridgeshire County Council", E10000003 or county:Cambridgeshire)."""
    area = resolve_area(wh, text, levels=LEVELS)
    if area.level not in LEVELS:  # pragma: no cover - resolve_area keeps to the levels
        raise PartnershipError(f"{area.describe} is not a district, CSP or county")
    return area


def _area_of(p) -> Area:
    level = "county" if p.is_county else "district"
    return Area(p.area_code, p.area_name or p.area_code, level)


def county_districts(wh: Warehouse, county) -> set[str]:
    """The district (LAD 2024) codes of a county partnership's county."""
    return {code for code, _ in districts_of(wh, _area_of(county))}


def may_join(wh: Warehouse, district, county) -> bool:
    """True when ``district``'s partnership serves only districts of ``county``'s."""
    if not county.is_county or district.is_county or district.pk == county.pk:
        return False
    # A CSP serving several districts is resolved to them through the lookup.
    area = resolve_area(wh, district.area_code, levels=("district", "csp"))
    mine = {code for code, _ in districts_of(wh, area)}
    return bool(mine) and mine <= county_districts(wh, county)


def set_county(wh: Warehouse, district, county, *, user=None) -> None:
    """Make ``district``'s partnership report to ``county``'s (None: to none), audited.
    Refused when the district does not lie in that county."""
    if county is not None and not may_join(wh, district, county):
        raise PartnershipError(
            f"{district.name} ({district.area_name or district.area_code}) cannot report to "
            f"{county.name}: "
            + (
                f"{county.name} is not a county partnership"
                if not county.is_county
                else f"it does not lie in {county.area_name or county.area_code}"
            )
        )
    district.county = county
    with transaction.atomic():
        district.save_by(user)


def check_slug(slug: str) -> str:
    from saferplaces.web.partnerships.models import Partnership

    slug = slug.strip().lower()
    limit = Partnership._meta.get_field("slug").max_length
    if len(slug) > limit:
        raise PartnershipError(
            f"the short name {slug[:20]}... is {len(slug)} characters long: at most {limit}"
        )
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
    try:
        with transaction.atomic():
            p.save_by(user)
    except TooLong as e:
        raise PartnershipError(str(e)) from None
    return p
