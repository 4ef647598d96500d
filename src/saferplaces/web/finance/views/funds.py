"""Funds (who gives the money, on what conditions) and each year's allocation."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from saferplaces.web.core.access import partnership_view
from saferplaces.web.core.pages import form_page
from saferplaces.web.finance.forms import AllocationForm, FundForm
from saferplaces.web.finance.ledger import figures
from saferplaces.web.finance.models import Fund, FundYear
from saferplaces.web.finance.views.common import flags, open_year, year_url


def _fund(p, pk) -> Fund:
    return get_object_or_404(Fund.objects.live(), pk=pk, partnership=p)


@partnership_view("view_finance")
def fund_detail(request, p, pk):
    fund = _fund(p, pk)
    years = []
    for fyr in fund.years.live().select_related("year").order_by("-year__year"):
        fig = figures(fyr.year)
        years.append((fyr, fig.fund(fund.name), [x for x in fig.lines if x.fund == fund.name]))
    return render(
        request,
        "finance/fund.html",
        {"fund": fund, "years": years, "bids": fund.bids.live(), **flags(request, p)},
    )


@partnership_view("edit_finance")
def fund_edit(request, p, pk=None):
    fund = _fund(p, pk) if pk else None
    form = FundForm(request.POST or None, instance=fund)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.partnership = p
        clash = Fund.objects.live().filter(partnership=p, name__iexact=obj.name)
        if obj.pk:
            clash = clash.exclude(pk=obj.pk)
        if clash.exists():
            form.add_error("name", f"There is already a fund called {obj.name}.")
        else:
            obj.save_by(request.user)
            messages.success(request, f"{obj.name} saved.")
            year = request.GET.get("year")
            if year and not fund:
                return redirect("finance:allocation", p.slug, year, obj.pk)
            return redirect("finance:fund", p.slug, obj.pk)
    return form_page(
        request,
        form,
        title=f"Change {fund}" if fund else "Add a fund",
        caption=p.name,
        back=reverse("finance:fund", args=[p.slug, fund.pk])
        if fund
        else reverse("finance:home", args=[p.slug]),
    )


@partnership_view("edit_finance")
@open_year
def allocation(request, p, fy, pk):
    fund = _fund(p, pk)
    instance = FundYear.objects.filter(fund=fund, year=fy).first() or FundYear(fund=fund, year=fy)
    form = AllocationForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.fund, obj.year = fund, fy
        obj.save_by(request.user)
        messages.success(request, f"{fund}: {fy.year} allocation saved.")
        return redirect(year_url(fy))
    return form_page(
        request,
        form,
        title=f"{fund}: money for {fy.year}",
        caption=p.name,
        back=year_url(fy),
    )
