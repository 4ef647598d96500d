"""Budget lines, their history of allocations, and revisions (with the chair's
approval above the partnership's threshold)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from saferplaces.web.core.access import partnership_view
from saferplaces.web.core.forms import ReasonForm
from saferplaces.web.core.pages import form_page
from saferplaces.web.finance.forms import DecisionForm, LineForm, RevisionForm
from saferplaces.web.finance.ledger import (
    decide_revision,
    ensure_fund_year,
    figures,
    propose_revision,
    set_line_actions,
)
from saferplaces.web.finance.models import BudgetLine, FinanceSettings, Revision
from saferplaces.web.finance.views.common import flags, get_year, open_year, year_url


def _line(fy, pk) -> BudgetLine:
    return get_object_or_404(BudgetLine.objects.live().select_related("fund"), pk=pk, year=fy)


@partnership_view("view_finance")
def line_detail(request, p, year, pk):
    fy = get_year(p, year)
    line = _line(fy, pk)
    fig = figures(fy).line(line.number)
    history = [("Original allocation", line.created_on, line.created_by, line.original, "", "")]
    changes = (
        line.revisions.filter(revision__archived_on__isnull=True)
        .select_related("revision__created_by", "revision__decided_by")
        .order_by("revision__created_on", "id")
    )
    refs = list(line.action_refs.select_related("action"))
    return render(
        request,
        "finance/line.html",
        {
            "fy": fy,
            "line": line,
            "fig": fig,
            "original": history[0],
            "changes": changes,
            "refs": refs,
            "entries": line.entries.live().order_by("on", "id"),
            "grants": line.grants.live(),
            **flags(request, p),
        },
    )


@partnership_view("edit_finance")
@open_year
def line_edit(request, p, fy, pk=None):
    line = _line(fy, pk) if pk else None
    form = LineForm(request.POST or None, instance=line, year=fy)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.year = fy
        with transaction.atomic():
            obj.save_by(request.user)
            ensure_fund_year(obj.fund, fy, request.user)
            missing = set_line_actions(obj, form.action_numbers(), request.user)
        messages.success(request, f"Line {obj.number} saved.")
        if missing:
            messages.warning(
                request,
                f"Action{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                f"{'are' if len(missing) > 1 else 'is'} not in the {fy.year} plan yet: kept, "
                "and linked when added.",
            )
        return redirect("finance:line", p.slug, fy.slug, obj.pk)
    return form_page(
        request,
        form,
        title=f"Change line {line.number}" if line else "Add a budget line",
        caption=f"{p.name}: budget {fy.year}",
        back=reverse("finance:line", args=[p.slug, fy.slug, line.pk]) if line else year_url(fy),
    )


@partnership_view("edit_finance")
@open_year
def line_archive(request, p, fy, pk):
    line = _line(fy, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if line.entries.live().exists():
            form.add_error(
                None,
                f"Line {line.number} has payments or commitments: archive them (or move them "
                "to another line) first.",
            )
        else:
            line.archive(request.user, form.cleaned_data["reason"])
            messages.success(request, f"Line {line.number} archived.")
            return redirect(year_url(fy))
    return form_page(
        request,
        form,
        title=f"Archive line {line.number}",
        template="core/archive.html",
        record=line,
        back=reverse("finance:line", args=[p.slug, fy.slug, line.pk]),
        submit="Archive",
        status=400 if request.method == "POST" else None,
    )


@partnership_view("edit_finance")
@open_year
def revise(request, p, fy):
    lines = list(fy.lines.live().select_related("fund").order_by("number"))
    form = RevisionForm(request.POST or None, lines=lines)
    threshold = FinanceSettings.of(p).approval_threshold
    if request.method == "POST" and form.is_valid():
        try:
            rev = propose_revision(
                fy, form.new_allocations(), form.cleaned_data["reason"], request.user
            )
        except ValidationError as e:
            form.add_error(None, e.messages[0])
        else:
            if rev.status == "approved":
                messages.success(request, "Allocations revised.")
            else:
                messages.warning(
                    request,
                    f"The revision moves £{rev.amount:,.2f}, more than the approval threshold "
                    f"of £{threshold:,.2f}: it waits for the chair's approval.",
                )
            return redirect("finance:revision", p.slug, fy.slug, rev.pk)
    return form_page(
        request,
        form,
        title=f"Revise allocations {fy.year}",
        caption=p.name,
        back=year_url(fy),
        submit="Revise",
        notice=f"Change the lines that change, and say why once. A revision moving more than "
        f"£{threshold:,.2f} waits for the chair's approval.",
        status=400 if request.method == "POST" else None,
    )


def _revision(fy, pk) -> Revision:
    return get_object_or_404(
        Revision.objects.live().select_related("created_by", "decided_by"), pk=pk, year=fy
    )


@partnership_view("view_finance")
def revision_detail(request, p, year, pk):
    fy = get_year(p, year)
    rev = _revision(fy, pk)
    return render(
        request,
        "finance/revision.html",
        {
            "fy": fy,
            "rev": rev,
            "changes": rev.changes.select_related("line"),
            "form": DecisionForm() if rev.status == "pending" else None,
            **flags(request, p),
        },
    )


@partnership_view("approve_finance")
@open_year
def revision_decide(request, p, fy, pk):
    rev = _revision(fy, pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            decide_revision(rev, request.user, approve=approve, note=form.cleaned_data["note"])
        except ValidationError as e:
            form.add_error(None, e.messages[0])
        except PermissionDenied:
            raise
        else:
            messages.success(request, "Revision approved." if approve else "Revision rejected.")
            return redirect("finance:revision", p.slug, fy.slug, rev.pk)
    return render(
        request,
        "finance/revision.html",
        {
            "fy": fy,
            "rev": rev,
            "changes": rev.changes.select_related("line"),
            "form": form,
            **flags(request, p),
        },
        status=400 if request.method == "POST" else 200,
    )
