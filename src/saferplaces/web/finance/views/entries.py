"""Payments, commitments, income and refunds: the year's list, recording one (with a
warning kept when it overspends a line or fund), correcting and archiving."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from saferplaces.finance.money import total
from saferplaces.web.core.access import partnership_view
from saferplaces.web.core.forms import ReasonForm
from saferplaces.web.core.pages import form_page
from saferplaces.web.finance.forms import EntryForm
from saferplaces.web.finance.ledger import outstanding, record_entry
from saferplaces.web.finance.models import Entry
from saferplaces.web.finance.views.common import flags, get_year, open_year


@partnership_view("view_finance")
def entries(request, p, year):
    fy = get_year(p, year)
    kind = request.GET.get("kind", "")
    rows = fy.entries.live().select_related("fund", "line", "grant", "commitment")
    everything = list(rows)
    owed = outstanding(
        [e for e in everything if e.kind == "commitment"],
        [e for e in everything if e.kind == "payment"],
    )
    if kind in dict(Entry.KINDS):
        rows = [e for e in everything if e.kind == kind]
    else:
        kind, rows = "", everything
    for e in rows:
        e.owed = owed.get(e.pk)
    return render(
        request,
        "finance/entries.html",
        {
            "fy": fy,
            "rows": rows,
            "kind": kind,
            "kinds": Entry.KINDS,
            "sum": total(e.amount for e in rows),
            **flags(request, p),
        },
    )


def _entry(fy, pk) -> Entry:
    return get_object_or_404(Entry.objects.live(), pk=pk, year=fy)


@partnership_view("edit_finance")
@open_year
def entry_edit(request, p, fy, pk=None):
    entry = _entry(fy, pk) if pk else None
    initial = {}
    if entry is None:
        if request.GET.get("kind") in dict(Entry.KINDS):
            initial["kind"] = request.GET["kind"]
        if request.GET.get("line"):
            initial["line"] = request.GET["line"]
    form = EntryForm(request.POST or None, instance=entry, year=fy, initial=initial)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.year = fy
        warning = record_entry(obj, request.user)
        messages.success(request, f"{obj.get_kind_display()} of £{obj.amount:,.2f} recorded.")
        if warning:
            messages.warning(request, warning)
        return redirect(reverse("finance:entries", args=[p.slug, fy.slug]))
    return form_page(
        request,
        form,
        title="Correct an entry" if entry else "Record money in or out",
        caption=f"{p.name}: {fy.year}",
        back=reverse("finance:entries", args=[p.slug, fy.slug]),
    )


@partnership_view("edit_finance")
@open_year
def entry_archive(request, p, fy, pk):
    entry = _entry(fy, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if entry.kind == "commitment" and entry.settled_by.live().exists():
            form.add_error(None, "Payments settle this commitment: archive them first.")
        else:
            entry.archive(request.user, form.cleaned_data["reason"])
            messages.success(request, "Entry archived.")
            return redirect("finance:entries", p.slug, fy.slug)
    return form_page(
        request,
        form,
        title="Archive an entry",
        template="core/archive.html",
        record=entry,
        back=reverse("finance:entries", args=[p.slug, fy.slug]),
        submit="Archive",
        status=400 if request.method == "POST" else None,
    )
