"""Who sees which review record: the one rule every review page, export and document
goes through.

* The ASB case review register: members who may see restricted items (not guests).
* The DARDR register and its recommendation tracker: only the partnership's named review
  group (members in office, not guests, listed in the group); superusers as everywhere.
* The public: the ASB counts a partnership has published, and DARDRs published on or
  before today (reference, date, the report's web address), nothing else.

Every restricted record a reader is shown or downloads is written to the audit log.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from saferplaces.web.core.access import partnership_view
from saferplaces.web.core.models import AuditEvent
from saferplaces.web.core.permissions import can


def in_review_group(user, partnership) -> bool:
    """A member in office today, not a guest, listed in the partnership's review group."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser and user.is_active:
        return True
    if not can(user, partnership, "view_restricted"):
        return False
    from saferplaces.web.reviews.models import ReviewGroupMember

    return (
        ReviewGroupMember.objects.live()
        .filter(
            partnership=partnership,
            member__user=user,
            member__archived_on__isnull=True,
            member__partnership=partnership,
        )
        .filter(*_in_office(timezone.localdate()))
        .exists()
    )


def _in_office(on: date):
    from django.db.models import Q

    return Q(member__term_start__isnull=True) | Q(member__term_start__lte=on), Q(
        member__term_end__isnull=True
    ) | Q(member__term_end__gte=on)


@dataclass(frozen=True)
class ReviewReader:
    user: object
    partnership: object
    asb: bool
    asb_edit: bool
    dardr: bool
    dardr_edit: bool
    publish: bool

    @classmethod
    def of(cls, user, partnership) -> ReviewReader:
        group = in_review_group(user, partnership)
        return cls(
            user,
            partnership,
            can(user, partnership, "view_reviews"),
            can(user, partnership, "edit_reviews"),
            group,
            group and can(user, partnership, "edit_reviews"),
            can(user, partnership, "publish_reviews"),
        )

    def asb_cases(self):
        from saferplaces.web.reviews.models import AsbCaseReview

        if not self.asb:
            raise PermissionDenied("Your role does not allow reading ASB case reviews.")
        return AsbCaseReview.objects.live().filter(partnership=self.partnership)

    def dardrs(self):
        from saferplaces.web.reviews.models import Dardr

        if not self.dardr:
            raise PermissionDenied(
                "The DARDR register is for the partnership's named review group only."
            )
        return Dardr.objects.live().filter(partnership=self.partnership)


def public_dardrs(partnership):
    """DARDRs the public may know of: published on or before today."""
    from saferplaces.web.reviews.models import Dardr

    return (
        Dardr.objects.live()
        .filter(partnership=partnership, published_on__lte=timezone.localdate())
        .order_by("-published_on", "reference")
    )


def public_publications(partnership):
    from saferplaces.web.reviews.models import AsbPublication

    return AsbPublication.objects.live().filter(partnership=partnership).order_by("-year")


def log_reads(user, records: Iterable, action: str = "view") -> None:
    """One audit event per restricted record the reader was shown (or downloaded)."""
    seen = set()
    for r in records:
        key = (r._meta.label, r.pk)
        if key in seen or not r.is_restricted():
            continue
        seen.add(key)
        AuditEvent.record(user, action, r)


def reviews_view(capability: str):
    """A review page: the capability checked, and ``request.reader`` set for the view."""

    def decorate(view):
        @partnership_view(capability)
        @wraps(view)
        def wrapper(request, p, *args, **kwargs):
            request.reader = ReviewReader.of(request.user, p)
            return view(request, p, *args, **kwargs)

        return wrapper

    return decorate


def dardr_view(*, edit: bool = False):
    """A DARDR page: signed-in members of the named review group only (and, to change
    anything, a role that may change review records)."""

    def decorate(view):
        @partnership_view("view_restricted")
        @wraps(view)
        def wrapper(request, p, *args, **kwargs):
            reader = ReviewReader.of(request.user, p)
            if not reader.dardr or (edit and not reader.dardr_edit):
                raise PermissionDenied(
                    "The DARDR register is for the partnership's named review group only."
                    if not reader.dardr
                    else "Your role does not allow changing the DARDR register."
                )
            request.reader = reader
            return view(request, p, *args, **kwargs)

        return wrapper

    return decorate
