"""The year page (lines, funds, what is pending), starting a year, closing and
reopening it, the partnership's finance settings, and importing a budget file."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from saferplaces.core.errors import SaferplacesError
from saferplaces.finance.budget_file import BudgetFileError, read_budget
from saferplaces.web.core.access import partnership_view
from saferplaces.web.core.pages import form_page
from saferplaces.web.evidence.phrasing import web_text
from saferplaces.web.finance.forms import (
    CloseForm,
    ImportForm,
    ReopenForm,
    SettingsForm,
    YearForm,
)
from saferplaces.web.finance.importer import import_budget
from saferplaces.web.finance.ledger import (
    YearEndError,
    close_year,
    figures,
    financial_year,
    reopen_year,
)
from saferplaces.web.finance.models import EndOfYearReport, FinanceSettings, FinancialYear
from saferplaces.web.finance.views.common import (
    flags,
    get_year,
    open_year,
    year_url,
)


def _year_context(request, p, fy: FinancialYear) -> dict:
    fig = figures(fy)
    lines = {x.number: x for x in fy.lines.live()}
    fund_years = {fyr.fund.name: fyr for fyr in fy.fund_years.live().select_related("fund")}
    return {
        "fy": fy,
        "other_years": FinancialYear.objects.filter(partnership=p)
        .exclude(pk=fy.pk)
        .order_by("-year"),
        "fig": fig,
        "rows": [(x, lines[x.number]) for x in fig.lines],
        "line_totals": fig.line_totals(),
        "funds": [(f, fund_years.get(f.name)) for f in fig.funds],
        "fund_totals": fig.fund_totals(),
        "pending": fy.revisions.live().filter(status="pending").prefetch_related("changes__line"),
        "recent": fy.entries.live().select_related("line", "fund").order_by("-on", "-id")[:8],
        "events": fy.events.select_related("by"),
        "published": EndOfYearReport.objects.live().filter(year=fy).first(),
        "funds_list": [fyr.fund for fyr in fund_years.values()],
        "return_as_at": max(fy.starts, min(date.today(), fy.ends)),
        **flags(request, p),
    }


@partnership_view("view_finance")
def home(request, p):
    """The latest open year (or the latest year) of the partnership."""
    years = list(FinancialYear.objects.filter(partnership=p).order_by("-year"))
    fy = next((y for y in years if not y.is_closed), years[0] if years else None)
    if fy is None:
        return render(request, "finance/empty.html", flags(request, p))
    return render(request, "finance/year.html", _year_context(request, p, fy))


@partnership_view("view_finance")
def year(request, p, year):
    fy = get_year(p, year)
    return render(request, "finance/year.html", _year_context(request, p, fy))


@partnership_view("edit_finance")
def year_add(request, p):
    form = YearForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        y = form.cleaned_data["year"]
        if FinancialYear.objects.filter(partnership=p, year=y).exists():
            form.add_error("year", f"{y} has already been started.")
        else:
            fy = financial_year(p, y, create=True, user=request.user)
            messages.success(request, f"Financial year {fy.year} started.")
            return redirect(year_url(fy))
    return form_page(
        request,
        form,
        title="Start a financial year",
        caption=p.name,
        back=reverse("finance:home", args=[p.slug]),
        submit="Start the year",
    )


@partnership_view("close_year")
@open_year
def close(request, p, fy):
    # The note is optional: an empty POST is still a request to close.
    form = CloseForm(request.POST if request.method == "POST" else None)
    fig = figures(fy)
    pending = fy.revisions.live().filter(status="pending").count()
    if request.method == "POST" and form.is_valid():
        try:
            carried = close_year(fy, request.user, form.cleaned_data["note"])
        except YearEndError as e:
            form.add_error(None, str(e))
        else:
            total = sum(carried.values())
            messages.success(
                request,
                f"{fy.year} is closed. £{total:,.2f} carried forward to the next year.",
            )
            return redirect(year_url(fy))
    return render(
        request,
        "finance/close.html",
        {"fy": fy, "form": form, "fig": fig, "pending": pending},
        status=400 if request.method == "POST" else 200,
    )


@partnership_view("reopen_year")
def reopen(request, p, year):
    fy = get_year(p, year)
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reopen_year(fy, request.user, form.cleaned_data["reason"])
        except (YearEndError, ValidationError) as e:
            form.add_error(None, e.messages[0] if isinstance(e, ValidationError) else str(e))
        else:
            messages.success(request, f"{fy.year} is open again.")
            return redirect(year_url(fy))
    return form_page(
        request,
        form,
        title=f"Reopen {fy.year}",
        caption=p.name,
        back=year_url(fy),
        submit="Reopen the year",
        notice="Reopening lets its figures change. Closing it again carries its balances "
        "forward again.",
        status=400 if request.method == "POST" else None,
    )


@partnership_view("approve_finance")
def settings(request, p):
    instance = FinanceSettings.of(p)
    form = SettingsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.partnership = p
        obj.save_by(request.user)
        messages.success(request, "Finance settings saved.")
        return redirect("finance:home", p.slug)
    return form_page(
        request,
        form,
        title="Finance settings",
        caption=p.name,
        back=reverse("finance:home", args=[p.slug]),
    )


@partnership_view("edit_finance")
@open_year
def budget_import(request, p, fy):
    form = ImportForm(request.POST or None, request.FILES or None, partnership=p)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower() or ".csv"
        with tempfile.TemporaryDirectory(prefix="saferplaces-import-") as tmp:
            path = Path(tmp) / f"budget{suffix}"
            with path.open("wb") as fh:
                for chunk in upload.chunks():
                    fh.write(chunk)
            try:
                budget = read_budget(path, name=Path(upload.name).name)
                result = import_budget(
                    p, fy.year, budget, fund=form.cleaned_data["fund"].name, user=request.user
                )
            except BudgetFileError as e:
                problems = [web_text(x) for x in e.problems]
            except SaferplacesError as e:
                problems = [web_text(e)]
            else:
                for line in result.summary():
                    messages.success(request, line)
                for w in result.warnings:
                    messages.warning(request, w)
                return redirect(year_url(fy))
    return form_page(
        request,
        form,
        title=f"Import a budget for {fy.year}",
        caption=p.name,
        back=year_url(fy),
        template="finance/import.html",
        multipart=True,
        submit="Import",
        problems=problems,
        status=400 if problems else None,
    )
