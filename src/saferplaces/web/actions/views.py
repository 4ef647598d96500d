"""Priorities, the action plan table, each action with its RAG history and progress."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from saferplaces.render.write import FORMAT_LABELS, FORMATS
from saferplaces.web.actions.documents import plan_document
from saferplaces.web.actions.forms import ActionForm, PlaceForm, PriorityForm, ProgressForm, RagForm
from saferplaces.web.actions.models import RAG_KEY, Action, Priority, quarters, record_view
from saferplaces.web.core.access import partnership_view
from saferplaces.web.core.permissions import can
from saferplaces.web.documents import document_response


def _years(p) -> list[str]:
    return sorted(
        set(Priority.objects.live().filter(partnership=p).values_list("plan_year", flat=True)),
        reverse=True,
    )


def _plan(p, year, user, with_money: bool = False):
    """(priority, its actions) of ``year``: restricted actions only for a reader who may
    see restricted items, and each such read logged."""
    priorities = list(
        Priority.objects.live().filter(partnership=p, plan_year=year).order_by("number")
    )
    actions = Action.objects.live().filter(partnership=p, priority__in=priorities)
    if not can(user, p, "view_restricted"):
        actions = actions.filter(restricted=False)
    actions = (
        actions.select_related("priority", "responsible_agency", "responsible_officer")
        .prefetch_related("progress", "places", "rag_history")
        .order_by("priority__number", "number")
    )
    by_priority = {pr.pk: [] for pr in priorities}
    money = {}
    if with_money:
        from saferplaces.web.finance.ledger import action_money

        money = action_money(p, year)
    for a in actions:
        a.money = money.get(a.pk, [])
        if a.restricted:
            record_view(user, a)
        a.live_progress = [e for e in a.progress.all() if not e.is_archived]
        # RagChange is ordered newest first: the reason printed beside the status.
        latest = next(iter(a.rag_history.all()), None)
        a.rag_reason = latest.reason if latest else ""
        by_priority[a.priority_id].append(a)
    return [(pr, by_priority[pr.pk]) for pr in priorities]


@partnership_view("view")
def plan(request, p):
    years = _years(p)
    year = request.GET.get("year") or (years[0] if years else "")
    show_money = can(request.user, p, "view_finance")
    rows = _plan(p, year, request.user, with_money=show_money) if year else []
    counts = {k: 0 for k, *_ in RAG_KEY}
    counts[""] = 0
    for _, actions in rows:
        for a in actions:
            counts[a.rag or ""] += 1
    return render(
        request,
        "actions/plan.html",
        {
            "years": years,
            "year": year,
            "year_slug": year.replace("/", "-"),
            "rows": rows,
            "rag_key": RAG_KEY,
            "counts": counts,
            "can_edit": can(request.user, p, "edit_plan"),
            "show_money": show_money,
            "document_formats": FORMAT_LABELS,
        },
    )


@partnership_view("view")
def plan_print(request, p, year, fmt="html"):
    """The action plan of a year as a document: a page to print (HTML) or a download."""
    year = year.replace("-", "/")
    if year not in _years(p) or fmt not in FORMATS:
        return render(request, "404.html", status=404)
    doc = plan_document(p, year, _plan(p, year, request.user))
    name = f"action-plan-{p.slug}-{year.replace('/', '-')}"
    return document_response(doc, name, fmt, inline=fmt == "html")


@partnership_view("view")
def action_detail(request, p, pk):
    action = get_object_or_404(
        Action.objects.live().select_related("priority"), pk=pk, partnership=p
    )
    if action.restricted:
        if not can(request.user, p, "view_restricted"):
            raise Http404("No such action")
        record_view(request.user, action)
    places = list(action.places.live())
    evidence = can(request.user, p, "view_evidence")
    budget_lines = []
    if can(request.user, p, "view_finance"):
        from saferplaces.web.finance.ledger import action_money

        budget_lines = action_money(p, action.plan_year).get(action.pk, [])
    flags = {}
    if evidence and places:
        from saferplaces.web.evidence.flagdata import ward_summaries

        flags = ward_summaries(p, [pl.ward_code for pl in places])
    return render(
        request,
        "actions/action_detail.html",
        {
            "action": action,
            "history": action.rag_history.select_related("changed_by"),
            "progress": action.progress.live(),
            "places": [(pl, flags.get(pl.ward_code)) for pl in places],
            "evidence": evidence,
            "budget_lines": budget_lines,
            "can_edit": can(request.user, p, "edit_plan"),
            "rag_key": RAG_KEY,
        },
    )


@partnership_view("edit_plan")
def action_edit(request, p, pk=None):
    action = get_object_or_404(Action.objects.live(), pk=pk, partnership=p) if pk else None
    year = request.GET.get("year") or (action.plan_year if action else None)
    form = ActionForm(request.POST or None, instance=action, partnership=p, plan_year=year)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.partnership = p
        obj.save_by(request.user)
        messages.success(request, f"Action {obj.number} saved.")
        return redirect("actions:action", p.slug, obj.pk)
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": f"Change action {action.number}" if action else "Add an action",
            "caption": p.name,
            "back": reverse("actions:action", args=[p.slug, action.pk])
            if action
            else reverse("actions:plan", args=[p.slug]),
        },
    )


@partnership_view("edit_plan")
def priority_edit(request, p, pk=None):
    priority = get_object_or_404(Priority.objects.live(), pk=pk, partnership=p) if pk else None
    form = PriorityForm(request.POST or None, instance=priority)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.partnership = p
        clash = Priority.objects.live().filter(
            partnership=p, plan_year=obj.plan_year, number=obj.number
        )
        if obj.pk:
            clash = clash.exclude(pk=obj.pk)
        if clash.exists():
            form.add_error("number", f"{obj.plan_year} already has a priority {obj.number}.")
        else:
            obj.save_by(request.user)
            messages.success(request, f"Priority {obj.number} saved.")
            return redirect(f"{_plan_url(p)}?year={obj.plan_year}")
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": f"Change priority {priority.number}" if priority else "Add a priority",
            "caption": p.name,
            "back": reverse("actions:plan", args=[p.slug]),
        },
    )


def _plan_url(p) -> str:
    return reverse("actions:plan", args=[p.slug])


@partnership_view("edit_plan")
def rag_update(request, p, pk):
    action = get_object_or_404(Action.objects.live(), pk=pk, partnership=p)
    form = RagForm(request.POST or None, initial={"status": action.rag})
    if request.method == "POST" and form.is_valid():
        try:
            action.set_rag(form.cleaned_data["status"], request.user, form.cleaned_data["reason"])
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, f"Action {action.number} is now {action.get_rag_display()}.")
            return redirect("actions:action", p.slug, action.pk)
    return render(
        request,
        "actions/rag_form.html",
        {"form": form, "action": action, "rag_key": RAG_KEY},
        status=400 if request.method == "POST" else 200,
    )


@partnership_view("edit_plan")
def progress_add(request, p, pk):
    action = get_object_or_404(Action.objects.live(), pk=pk, partnership=p)
    form = ProgressForm(request.POST or None, choices=quarters(action.plan_year))
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.action = action
        obj.save_by(request.user)
        messages.success(request, "Progress recorded.")
        return redirect("actions:action", p.slug, action.pk)
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "action": action,
            "back": reverse("actions:action", args=[p.slug, action.pk]),
            "title": f"Add progress to action {action.number}",
        },
    )


@partnership_view("edit_plan")
def place_add(request, p, pk):
    from saferplaces.web.evidence.common import indicator_choices
    from saferplaces.web.evidence.warehouse import EvidenceUnavailable, partnership_wards

    action = get_object_or_404(Action.objects.live(), pk=pk, partnership=p)
    try:
        wards = partnership_wards(p)
    except EvidenceUnavailable as e:
        return render(request, "evidence/unavailable.html", {"problem": str(e)}, status=503)
    initial = {
        "ward_code": request.GET.get("ward", ""),
        "indicator_id": request.GET.get("indicator", ""),
    }
    form = PlaceForm(
        request.POST or None, wards=wards, indicators=indicator_choices(), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.action = action
        obj.save_by(request.user)
        messages.success(request, f"Action {action.number} linked to {obj.ward_name}.")
        return redirect("actions:action", p.slug, action.pk)
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "action": action,
            "back": reverse("actions:action", args=[p.slug, action.pk]),
            "title": f"Link action {action.number} to a ward",
        },
    )
