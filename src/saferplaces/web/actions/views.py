"""Priorities, the action plan table, each action with its RAG history and progress."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from saferplaces.web.actions.forms import ActionForm, PlaceForm, PriorityForm, ProgressForm, RagForm
from saferplaces.web.actions.models import RAG_KEY, Action, Priority, quarters
from saferplaces.web.core.access import partnership_view
from saferplaces.web.core.permissions import can


def _years(p) -> list[str]:
    return sorted(
        set(Priority.objects.live().filter(partnership=p).values_list("plan_year", flat=True)),
        reverse=True,
    )


def _plan(p, year):
    priorities = list(
        Priority.objects.live().filter(partnership=p, plan_year=year).order_by("number")
    )
    actions = (
        Action.objects.live()
        .filter(partnership=p, priority__in=priorities)
        .select_related("priority", "responsible_agency", "responsible_officer")
        .prefetch_related("progress", "places", "rag_history")
        .order_by("priority__number", "number")
    )
    by_priority = {pr.pk: [] for pr in priorities}
    for a in actions:
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
    rows = _plan(p, year) if year else []
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
        },
    )


@partnership_view("view")
def plan_print(request, p, year):
    year = year.replace("-", "/")
    if year not in _years(p):
        return render(request, "404.html", status=404)
    return render(
        request,
        "actions/plan_print.html",
        {"year": year, "rows": _plan(p, year), "rag_key": RAG_KEY},
    )


@partnership_view("view")
def action_detail(request, p, pk):
    action = get_object_or_404(
        Action.objects.live().select_related("priority"), pk=pk, partnership=p
    )
    places = list(action.places.live())
    evidence = can(request.user, p, "view_evidence")
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
