"""Grants the partnership awards and bids it makes."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from saferplaces.finance.money import ZERO, total
from saferplaces.web.core.access import partnership_view
from saferplaces.web.core.pages import form_page
from saferplaces.web.finance.forms import BidForm, GrantForm
from saferplaces.web.finance.models import Bid, Grant
from saferplaces.web.finance.views.common import flags, get_year, open_year


def _paid(grant: Grant):
    return total(e.amount for e in grant.entries.live() if e.kind in ("payment", "refund"))


@partnership_view("view_finance")
def grants(request, p, year):
    fy = get_year(p, year)
    rows = list(fy.grants.live().select_related("fund", "line").prefetch_related("entries"))
    for g in rows:
        g.paid = _paid(g)
    awarded = [g for g in rows if g.status == "awarded"]
    return render(
        request,
        "finance/grants.html",
        {
            "fy": fy,
            "rows": rows,
            "awarded_total": total(g.amount_awarded for g in awarded),
            "paid_total": total(g.paid for g in awarded),
            **flags(request, p),
        },
    )


@partnership_view("view_finance")
def grant_detail(request, p, year, pk):
    fy = get_year(p, year)
    grant = get_object_or_404(Grant.objects.live(), pk=pk, year=fy)
    payments = grant.entries.live().order_by("on", "id")
    return render(
        request,
        "finance/grant.html",
        {
            "fy": fy,
            "grant": grant,
            "payments": payments,
            "paid": _paid(grant),
            "left": (grant.amount_awarded or ZERO) - _paid(grant),
            **flags(request, p),
        },
    )


@partnership_view("edit_finance")
@open_year
def grant_edit(request, p, fy, pk=None):
    grant = get_object_or_404(Grant.objects.live(), pk=pk, year=fy) if pk else None
    form = GrantForm(request.POST or None, instance=grant, year=fy)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.year = fy
        obj.save_by(request.user)
        messages.success(request, f"Grant {obj.reference} saved.")
        return redirect("finance:grant", p.slug, fy.slug, obj.pk)
    return form_page(
        request,
        form,
        title=f"Change grant {grant.reference}" if grant else "Add a grant",
        caption=f"{p.name}: {fy.year}",
        back=reverse("finance:grants", args=[p.slug, fy.slug]),
    )


@partnership_view("view_finance")
def bids(request, p):
    rows = list(Bid.objects.live().filter(partnership=p).select_related("fund"))
    won = [b for b in rows if b.decision in ("successful", "partly")]
    return render(
        request,
        "finance/bids.html",
        {
            "rows": rows,
            "bid_total": total(b.amount for b in rows),
            "won_total": total(b.amount_awarded for b in won),
            **flags(request, p),
        },
    )


@partnership_view("edit_finance")
def bid_edit(request, p, pk=None):
    bid = get_object_or_404(Bid.objects.live(), pk=pk, partnership=p) if pk else None
    form = BidForm(request.POST or None, instance=bid, partnership=p)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.partnership = p
        obj.save_by(request.user)
        messages.success(request, f"Bid to {obj.to} saved.")
        return redirect("finance:bids", p.slug)
    return form_page(
        request,
        form,
        title="Change a bid" if bid else "Record a bid",
        caption=p.name,
        back=reverse("finance:bids", args=[p.slug]),
    )
