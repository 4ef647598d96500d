"""The register of information-sharing agreements: members read it, officers keep it.
Every page goes through :func:`~saferplaces.web.core.access.partnership_view`."""

from __future__ import annotations

import io
from datetime import date

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from saferplaces.document.safe_text import csv_writer
from saferplaces.quality import agreements as rule
from saferplaces.web.agreements import register
from saferplaces.web.agreements.forms import AgreementForm, ArchiveForm
from saferplaces.web.agreements.models import SharingAgreement
from saferplaces.web.core.access import partnership_view
from saferplaces.web.core.permissions import can
from saferplaces.web.evidence.warehouse import EvidenceUnavailable, reading_warehouse


def held_sources() -> list[str] | None:
    """Agency sources the warehouse holds, or None when it cannot be read now (the
    register still works; the check is then said to be unavailable)."""
    try:
        with reading_warehouse() as wh:
            return rule.shared_sources_held(wh)
    except EvidenceUnavailable:
        return None


@partnership_view("view")
def register_list(request, p):
    today = date.today()
    held = held_sources()
    agreements = [a.as_rule() for a in register.live(p)]
    uncovered = rule.uncovered(held, agreements, today) if held is not None else None
    return render(
        request,
        "agreements/list.html",
        {
            "rows": register.rows(p, today),
            "reminders": register.reminders(p, today),
            "checked": uncovered is not None,
            "uncovered": register.lines(uncovered or []),
            "due_days": rule.REVIEW_DUE_DAYS,
            "can_edit": can(request.user, p, "edit_agreements"),
        },
    )


@partnership_view("view")
def detail(request, p, pk):
    a = get_object_or_404(SharingAgreement.objects.live(), pk=pk, partnership=p)
    row = register.Row(a, a.tag_on(date.today()))
    return render(
        request,
        "agreements/detail.html",
        {"a": a, "row": row, "can_edit": can(request.user, p, "edit_agreements")},
    )


@partnership_view("edit_agreements")
def edit(request, p, pk=None):
    a = get_object_or_404(SharingAgreement.objects.live(), pk=pk, partnership=p) if pk else None
    form = AgreementForm(request.POST or None, instance=a, held=held_sources() or [])
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.partnership = p
        obj.save_by(request.user)
        messages.success(request, f"{obj.title} saved.")
        return redirect("agreements:detail", p.slug, obj.pk)
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": f"Change {a.title}" if a else "Add a sharing agreement",
            "caption": p.name,
            "back": reverse("agreements:detail", args=[p.slug, a.pk])
            if a
            else reverse("agreements:list", args=[p.slug]),
        },
    )


@partnership_view("edit_agreements")
def archive(request, p, pk):
    a = get_object_or_404(SharingAgreement.objects.live(), pk=pk, partnership=p)
    form = ArchiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        a.archive(request.user, form.cleaned_data["reason"])
        messages.success(request, f"{a.title} removed from the register.")
        return redirect("agreements:list", p.slug)
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": f"Remove {a.title} from the register",
            "caption": p.name,
            "submit": "Remove",
            "back": reverse("agreements:detail", args=[p.slug, a.pk]),
        },
    )


@partnership_view("view")
def download(request, p, fmt):
    """The register as the data-quality command reads it (docs/agreements.md)."""
    if fmt == "json":
        body, ctype = register.export_json(p), "application/json"
    elif fmt == "csv":
        buf = io.StringIO()
        w = csv_writer(buf, lineterminator="\n")
        w.writerow(rule.CSV_COLUMNS)
        for r in register.export_rows(p):
            w.writerow([r[c] for c in rule.CSV_COLUMNS])
        body, ctype = buf.getvalue(), "text/csv; charset=utf-8"
    else:
        raise Http404("No such format.")
    resp = HttpResponse(body.encode("utf-8"), content_type=ctype)
    resp["Content-Disposition"] = f'attachment; filename="agreements-{p.slug}.{fmt}"'
    return resp
