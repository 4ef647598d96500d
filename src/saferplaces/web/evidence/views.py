"""Evidence pages: indicators, wards (table and map), a ward, trend, quality, assessments.

Every page opens the warehouse read-only for the request and reads it only through the
core library (``saferplaces.indicators``, ``saferplaces.quality``,
``saferplaces.geography``). Figures are shown unsuppressed, so these pages are for
members of the partnership (``view_evidence``), never public.
"""

from __future__ import annotations

from functools import wraps

from django.http import FileResponse, Http404
from django.shortcuts import render

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.periods import Period, month_index, parse_period
from saferplaces.geography.areas import Area, wards_of
from saferplaces.indicators import engine
from saferplaces.indicators.police import indicator_table
from saferplaces.indicators.registry import POLICE_INDICATORS, get_indicator
from saferplaces.indicators.tables import ward_table
from saferplaces.quality.report import quality_report
from saferplaces.web.core.access import partnership_view
from saferplaces.web.evidence import assessments as files
from saferplaces.web.evidence.charts import trend_svg
from saferplaces.web.evidence.forms import PeriodForm
from saferplaces.web.evidence.maps import ward_map
from saferplaces.web.evidence.warehouse import (
    EvidenceUnavailable,
    months_held,
    open_evidence,
    suggested_periods,
)


def month_label(month: str) -> str:
    """``2025-03`` as ``March 2025``."""
    return parse_period(month).label


def indicator_choices() -> list[tuple[str, str]]:
    return [(i, get_indicator(i).name) for i in POLICE_INDICATORS]


def evidence_page(view):
    """Open the warehouse for the view; show a plain explanation if it cannot be read."""

    @wraps(view)
    def wrapper(request, p, *args, **kwargs):
        try:
            with open_evidence(p) as (wh, area):
                return view(request, p, wh, area, *args, **kwargs)
        except EvidenceUnavailable as e:
            return render(request, "evidence/unavailable.html", {"problem": str(e)}, status=503)

    return wrapper


def _periods(request, wh, area):
    """The period form bound to the query string, with its periods or its errors."""
    suggestions = suggested_periods(months_held(wh, area))
    data = request.GET.copy()
    if not data.get("period") and not data.get("other_period") and suggestions:
        data["period"] = suggestions[0][0]
    form = PeriodForm(data, suggestions)
    if form.is_valid():
        return form, form.cleaned_data["period_obj"], form.cleaned_data["baseline_obj"]
    return form, None, None


def _indicator(request):
    try:
        return get_indicator(request.GET.get("indicator") or "all-crime")
    except SaferplacesError:
        raise Http404("No such indicator") from None


def _query(period: Period | None, baseline: Period | None, **extra) -> str:
    from urllib.parse import urlencode

    q = {}
    if period:
        q["other_period"] = period.spec
    if baseline:
        q["other_baseline"] = baseline.spec
    q.update({k: v for k, v in extra.items() if v})
    return urlencode(q)


@partnership_view("view_evidence")
@evidence_page
def indicators(request, p, wh, area):
    form, period, baseline = _periods(request, wh, area)
    table = indicator_table(wh, area, period, baseline) if period else None
    return render(
        request,
        "evidence/indicators.html",
        {
            "form": form,
            "area": area,
            "table": table,
            "query": _query(period, baseline),
        },
    )


@partnership_view("view_evidence")
@evidence_page
def wards(request, p, wh, area):
    indicator = _indicator(request)
    form, period, baseline = _periods(request, wh, area)
    table = svg = legend = None
    if period:
        try:
            table = ward_table(wh, area, indicator, period, baseline)
        except SaferplacesError as e:
            return render(request, "evidence/unavailable.html", {"problem": str(e)}, status=400)
        values = {r.code: r.rate_per_1000 for r in table.rows}
        names = {r.code: r.name for r in table.rows}
        svg, legend = ward_map(
            wh,
            values,
            names,
            title=f"{indicator.name} per 1,000 {indicator.denominator or 'residents'} by ward, "
            f"{period.label}",
            description="Wards shaded from light (lowest rate) to dark (highest rate). "
            "The figures are in the table that follows the map.",
        )
    return render(
        request,
        "evidence/wards.html",
        {
            "form": form,
            "area": area,
            "indicator": indicator,
            "indicators": indicator_choices(),
            "table": table,
            "svg": svg,
            "legend": legend,
            "query": _query(period, baseline),
            "period": period,
        },
    )


@partnership_view("view_evidence")
@evidence_page
def ward(request, p, wh, area, code):
    from saferplaces.web.actions.models import ActionPlace

    names = dict(wards_of(wh, area))
    if code not in names:
        raise Http404("That ward is not in this partnership's area.")
    ward_area = Area(code, names[code], "ward", area.name)
    form, period, baseline = _periods(request, wh, area)
    table = indicator_table(wh, ward_area, period, baseline) if period else None
    places = (
        ActionPlace.objects.live()
        .filter(ward_code=code, action__partnership=p, action__archived_on__isnull=True)
        .select_related("action__priority")
    )
    return render(
        request,
        "evidence/ward.html",
        {
            "form": form,
            "area": area,
            "ward": ward_area,
            "table": table,
            "places": places,
            "query": _query(period, baseline),
        },
    )


@partnership_view("view_evidence")
@evidence_page
def trend(request, p, wh, area):
    indicator = _indicator(request)
    months = months_held(wh, area)
    if not months:
        return render(
            request,
            "evidence/unavailable.html",
            {"problem": "No police.uk months are held for this area yet."},
            status=503,
        )
    first, last = month_index(months[0]), month_index(months[-1])
    period = Period(max(first, last - 35), last)
    series = engine.monthly_counts(wh, indicator, area, period)
    svg = trend_svg(
        series,
        title=f"{indicator.name} each month in {area.name}, {period.label}",
        description=f"A line chart of the monthly count of {indicator.name.lower()}; "
        "the figures are in the table below.",
    )
    missing = [m for m in period.month_list() if m not in set(months)]
    return render(
        request,
        "evidence/trend.html",
        {
            "area": area,
            "indicator": indicator,
            "indicators": indicator_choices(),
            "series": series,
            "rows": [(month_label(m), c) for m, c in series],
            "svg": svg,
            "period": period,
            "missing": missing,
        },
    )


@partnership_view("view_evidence")
@evidence_page
def quality(request, p, wh, area):
    return render(
        request, "evidence/quality.html", {"area": area, "report": quality_report(wh, area)}
    )


@partnership_view("view_evidence")
def assessment_list(request, p):
    return render(
        request,
        "evidence/assessments.html",
        {"assessments": files.list_assessments(p), "folder": files.folder(p)},
    )


@partnership_view("view_evidence")
def assessment_file(request, p, name, fmt):
    found = files.find(p, name)
    f = found.file(fmt) if found else None
    if f is None:
        raise Http404("No such assessment file.")
    _, content_type = files.FORMATS[fmt]
    inline = fmt in ("html", "pdf") and request.GET.get("download") != "1"
    resp = FileResponse(
        f.path.open("rb"),
        as_attachment=not inline,
        filename=f"{p.slug}-{name}.{fmt}",
        content_type=content_type,
    )
    if fmt == "html":
        # A generated document is shown as it is, but it may not run scripts or reach
        # the app's cookies: the browser treats it as a page from nowhere.
        resp["Content-Security-Policy"] = (
            "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'"
        )
    return resp
