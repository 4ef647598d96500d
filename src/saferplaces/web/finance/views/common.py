"""What every money page shares: finding the year from the URL, and refusing changes
to a closed year with a page that says so."""

from __future__ import annotations

from functools import wraps

from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from saferplaces.web.core.permissions import can
from saferplaces.web.finance.models import FinancialYear, YearClosed


def get_year(p, slug: str) -> FinancialYear:
    return get_object_or_404(FinancialYear, partnership=p, year=slug.replace("-", "/"))


def year_url(fy: FinancialYear) -> str:
    return reverse("finance:year", args=[fy.partnership.slug, fy.slug])


def closed_page(request, fy: FinancialYear, problem: str = ""):
    return render(
        request,
        "finance/closed.html",
        {
            "fy": fy,
            "problem": problem or str(YearClosed(f"{fy.year} is closed")),
            "can_reopen": can(request.user, fy.partnership, "reopen_year"),
        },
        status=409,
    )


def open_year(view):
    """For pages that change a year: a closed year gets a page saying so (409)."""

    @wraps(view)
    def wrapper(request, p, year, *args, **kwargs):
        fy = get_year(p, year)
        if fy.is_closed:
            return closed_page(request, fy)
        try:
            return view(request, p, fy, *args, **kwargs)
        except YearClosed as e:
            return closed_page(request, fy, str(e))

    return wrapper


def flags(request, p) -> dict:
    """What the signed-in person may do here, for templates."""
    return {
        "can_edit": can(request.user, p, "edit_finance"),
        "can_approve": can(request.user, p, "approve_finance"),
        "can_close": can(request.user, p, "close_year"),
        "can_reopen": can(request.user, p, "reopen_year"),
        "can_publish": can(request.user, p, "publish_finance"),
    }
