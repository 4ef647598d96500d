"""What every evidence page shares: the warehouse opened for the request, the period and
baseline pickers (periods held only), and the indicator picker."""

from __future__ import annotations

from datetime import date
from functools import wraps
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import render

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.periods import Period, parse_period
from saferplaces.indicators.registry import get_indicator, headline_indicators
from saferplaces.web.agreements.register import warnings as sharing_warnings
from saferplaces.web.evidence.forms import PeriodForm
from saferplaces.web.evidence.warehouse import (
    EvidenceUnavailable,
    months_held,
    no_months_message,
    open_evidence,
    suggested_periods,
)


def month_label(month: str) -> str:
    """``2025-03`` as ``March 2025``."""
    return parse_period(month).label


def indicator_choices() -> list[tuple[str, str]]:
    return [(i.id, i.name) for i in headline_indicators()]


def unavailable(request, problem: str, status: int = 503):
    return render(request, "evidence/unavailable.html", {"problem": problem}, status=status)


def evidence_page(view=None, *, needs_months: bool = False):
    """Open the warehouse (read-only) for the view; show a plain explanation if it cannot
    be read, or, with ``needs_months``, if it holds no police.uk months for the area."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, p, *args, **kwargs):
            try:
                with open_evidence(p) as (wh, area):
                    # Sources held with no current sharing agreement: shown at the top
                    # of every evidence page (evidence/_warnings.html).
                    request.sharing_warnings = sharing_warnings(p, wh, date.today())
                    if needs_months and not months_held(wh, area):
                        return unavailable(request, no_months_message(area))
                    return view(request, p, wh, area, *args, **kwargs)
            except EvidenceUnavailable as e:
                return unavailable(request, str(e))

        return wrapper

    return decorate(view) if view is not None else decorate


def periods(request, wh, area):
    """The period form bound to the query string, with its periods or its errors."""
    suggestions = suggested_periods(months_held(wh, area))
    data = request.GET.copy()
    if not data.get("period") and not data.get("other_period") and suggestions:
        data["period"] = suggestions[0][0]
    form = PeriodForm(data, suggestions)
    if form.is_valid():
        return form, form.cleaned_data["period_obj"], form.cleaned_data["baseline_obj"]
    return form, None, None


def indicator_from(request):
    try:
        return get_indicator(request.GET.get("indicator") or "all-crime")
    except SaferplacesError:
        raise Http404("No such indicator") from None


def query(period: Period | None, baseline: Period | None, **extra) -> str:
    """The query string that keeps the chosen period and baseline across pages."""
    q = {}
    if period:
        q["other_period"] = period.spec
    if baseline:
        q["other_baseline"] = baseline.spec
    q.update({k: v for k, v in extra.items() if v})
    return urlencode(q)
