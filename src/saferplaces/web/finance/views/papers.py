"""Downloads: the budget monitoring table, the end-of-year report and the funder
return in every format, the 360Giving export, publishing the end-of-year report once a
meeting has agreed it, and the public page of published reports."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from saferplaces.finance import giving360
from saferplaces.finance.figures import to_data
from saferplaces.web.core import downloads
from saferplaces.web.core.access import partnership_view
from saferplaces.web.core.forms import ReasonForm
from saferplaces.web.core.pages import form_page
from saferplaces.web.finance import papers
from saferplaces.web.finance.forms import PublishForm
from saferplaces.web.finance.ledger import figures
from saferplaces.web.finance.models import EndOfYearReport, FinancialYear, Fund
from saferplaces.web.finance.views.common import get_year, year_url

KINDS = {"budget": "budget", "end-of-year": "end-of-year-report"}


def _send(request, body: bytes, fmt: str, filename: str) -> HttpResponse:
    return downloads.send(request, body, fmt, filename)


def _as_at(request, fy: FinancialYear) -> date:
    text = request.GET.get("as_at", "")
    try:
        d = date.fromisoformat(text) if text else max(fy.starts, min(date.today(), fy.ends))
    except ValueError:
        raise Http404("as_at must be a date like 2016-09-30.") from None
    return d


@partnership_view("view_finance")
def document(request, p, year, kind, fmt):
    fy = get_year(p, year)
    if kind not in KINDS or fmt not in papers.FORMATS:
        raise Http404("No such document.")
    if kind == "budget":
        doc = papers.budget_document(fy, as_at=_as_at(request, fy))
    else:
        doc = papers.end_of_year_document(fy)
    return _send(request, papers.render(doc, fmt), fmt, f"{p.slug}-{KINDS[kind]}-{fy.slug}.{fmt}")


@partnership_view("view_finance")
def funder_return_choice(request, p, year):
    """The year page's funder return form (fund, figures as at, format): on to the
    return itself, or back to the year page saying what to correct."""
    fy = get_year(p, year)
    back = year_url(fy) + "#funder-return"
    fund = Fund.objects.live().filter(partnership=p, pk=request.GET.get("fund") or 0).first()
    if fund is None or not fy.fund_years.filter(fund=fund).exists():
        messages.warning(request, f"Choose a fund with money in {fy.year} for the funder return.")
        return redirect(back)
    fmt = request.GET.get("format", "html")
    if fmt not in papers.FORMATS:
        messages.warning(request, "Choose a web page, PDF, Word or spreadsheet.")
        return redirect(back)
    text = request.GET.get("as_at", "").strip()
    try:
        as_at = date.fromisoformat(text) if text else None
    except ValueError:
        messages.warning(
            request, f"Enter the date the figures are as at, like 30/09/{fy.starts.year}."
        )
        return redirect(back)
    if as_at is not None and not fy.starts <= as_at <= fy.ends:
        messages.warning(
            request,
            f"The figures of {fy.year} are as at a date from {fy.starts:%d/%m/%Y} "
            f"to {fy.ends:%d/%m/%Y}.",
        )
        return redirect(back)
    url = reverse("finance:funder_return", args=[p.slug, fy.slug, fund.pk, fmt])
    return redirect(url + (f"?as_at={as_at.isoformat()}" if as_at else ""))


@partnership_view("view_finance")
def funder_return(request, p, year, pk, fmt):
    fy = get_year(p, year)
    fund = get_object_or_404(Fund.objects.live(), pk=pk, partnership=p)
    if fmt not in papers.FORMATS:
        raise Http404("No such format.")
    if not fy.fund_years.filter(fund=fund).exists():
        raise Http404(f"{fund} has no money recorded in {fy.year}.")
    doc = papers.funder_return_document(fy, fund, _as_at(request, fy))
    return _send(request, papers.render(doc, fmt), fmt, f"{p.slug}-funder-return-{fy.slug}.{fmt}")


@partnership_view("view_finance")
def giving(request, p, year, fmt):
    fy = get_year(p, year)
    records = papers.grant_records(fy)
    pub = papers.publisher(p)
    try:
        if fmt == "csv":
            body = giving360.to_csv(pub, records)
            ctype = "text/csv; charset=utf-8"
        elif fmt == "json":
            body = giving360.to_json(pub, records, title=f"{p.name} grants {fy.year}")
            ctype = "application/json"
        else:
            raise Http404("No such format.")
    except giving360.GivingError as e:
        return render(
            request, "finance/giving_unset.html", {"fy": fy, "problem": str(e)}, status=409
        )
    resp = HttpResponse(body.encode("utf-8"), content_type=ctype)
    resp["Content-Disposition"] = f'attachment; filename="{p.slug}-grants-{fy.slug}.{fmt}"'
    return resp


@partnership_view("publish_finance")
def publish(request, p, year):
    fy = get_year(p, year)
    current = EndOfYearReport.objects.live().filter(year=fy).first()
    form = PublishForm(request.POST or None, partnership=p)
    if request.method == "POST" and form.is_valid():
        if not fy.is_closed:
            form.add_error(None, f"Close {fy.year} first: a published report shows final figures.")
        elif current is not None:
            form.add_error(None, "The report for this year is already published.")
        else:
            report = EndOfYearReport(
                year=fy, meeting=form.cleaned_data["meeting"], figures=to_data(figures(fy))
            )
            report.save_by(request.user, reason=papers.agreed_text(report))
            messages.success(request, f"The {fy.year} end-of-year report is published.")
            return redirect(year_url(fy))
    return form_page(
        request,
        form,
        title=f"Publish the end-of-year report {fy.year}",
        caption=p.name,
        back=year_url(fy),
        submit="Publish",
        notice="Published, the report as it stands is on the partnership's public pages, "
        "with the meeting that agreed it. Its figures are kept as agreed."
        if fy.is_closed
        else f"{fy.year} is still open: close it before publishing its report.",
        status=400 if request.method == "POST" else None,
    )


@partnership_view("publish_finance")
def withdraw(request, p, year):
    fy = get_year(p, year)
    report = get_object_or_404(EndOfYearReport.objects.live(), year=fy)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        report.archive(request.user, form.cleaned_data["reason"])
        messages.success(request, f"The {fy.year} end-of-year report is withdrawn.")
        return redirect(year_url(fy))
    return form_page(
        request,
        form,
        title=f"Withdraw the end-of-year report {fy.year}",
        template="core/archive.html",
        record=report,
        back=year_url(fy),
        submit="Withdraw",
    )


@partnership_view(None, public=True)
def published(request, p):
    reports = (
        EndOfYearReport.objects.live()
        .filter(year__partnership=p)
        .select_related("year", "meeting")
        .order_by("-year__year")
    )
    return render(request, "finance/published.html", {"reports": reports})


@partnership_view(None, public=True)
def published_file(request, p, year, fmt):
    report = get_object_or_404(
        EndOfYearReport.objects.live(), year__partnership=p, year__year=year.replace("-", "/")
    )
    if fmt not in papers.FORMATS:
        raise Http404("No such format.")
    doc = papers.published_document(report)
    return _send(
        request,
        papers.render(doc, fmt),
        fmt,
        f"{p.slug}-end-of-year-report-{report.year.slug}.{fmt}",
    )
