"""Problem-solving plans: the list, opening one from a flagged ward or a hot spot (its
scanning filled in from the data), the plan with its analysis computed from the
warehouse, linking the response's actions, assessing it, and the plan as a document."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.periods import month_index, parse_period
from saferplaces.indicators.registry import get_indicator
from saferplaces.problems.places import place_area, ward_of_lsoa
from saferplaces.web.core.access import partnership_view
from saferplaces.web.core.pages import form_page
from saferplaces.web.core.permissions import can
from saferplaces.web.evidence.common import unavailable
from saferplaces.web.evidence.warehouse import (
    EvidenceUnavailable,
    months_held,
    open_evidence,
    suggested_periods,
)
from saferplaces.web.problems import content
from saferplaces.web.problems.forms import (
    AssessForm,
    HotspotForm,
    LinkActionForm,
    OpenPlanForm,
    PlanForm,
)
from saferplaces.web.problems.models import ProblemPlan
from saferplaces.web.reviews.documents import FORMATS, document_response
from saferplaces.web.reviews.validators import DEPERSONALISED
from saferplaces.web.reviews.views.common import archive_page
from saferplaces.web.reviews.visibility import log_reads


def _plans(p):
    return ProblemPlan.objects.live().filter(partnership=p)


@partnership_view("view_problems")
def plan_list(request, p):
    plans = list(_plans(p).select_related("owner"))
    log_reads(request.user, plans)
    listed = []
    try:
        with open_evidence(p) as (wh, area):
            listed = content.listed_wards(wh, area)
    except (EvidenceUnavailable, SaferplacesError):
        pass
    return render(
        request,
        "problems/list.html",
        {"plans": plans, "listed": listed, "can_edit": can(request.user, p, "edit_problems")},
    )


@partnership_view("edit_problems")
def open_plan(request, p):
    """Open a plan for ``?ward=CODE`` or ``?lsoa=CODE&indicator=ID&period=SPEC``."""
    ward, lsoa = request.GET.get("ward", ""), request.GET.get("lsoa", "")
    if not ward and not lsoa:
        return redirect("problems:list", p.slug)
    try:
        with open_evidence(p) as (wh, area):
            if ward:
                place = place_area(wh, area, "ward", ward)
                scan = content.scan("ward", wh, area, ward)
                indicators = content.indicator_choices(wh, scan)
            else:
                ind = get_indicator(request.GET.get("indicator", ""))
                period = parse_period(request.GET.get("period", ""))
                place = place_area(wh, area, "lsoa", lsoa)
                scan = content.scan("lsoa", wh, area, lsoa, ind, period)
                indicators = [(ind.id, ind.name)]
            ward_code, ward_name = (
                (ward, place.name) if ward else ward_of_lsoa(wh, lsoa) or ("", "")
            )
    except EvidenceUnavailable as e:
        return unavailable(request, str(e))
    except SaferplacesError as e:
        raise Http404(str(e)) from None
    first = get_indicator(indicators[0][0]).name if indicators else ""
    form = OpenPlanForm(
        request.POST or None,
        partnership=p,
        indicators=indicators,
        initial={"title": f"{scan.name}: {first.lower()}" if first else scan.name},
    )
    if request.method == "POST" and form.is_valid():
        plan = form.save(commit=False)
        plan.partnership = p
        plan.place_kind = "ward" if ward else "lsoa"
        plan.place_code = ward or lsoa
        plan.place_name = scan.name
        plan.ward_code, plan.ward_name = ward_code, ward_name
        plan.scanning = scan.to_dict()
        plan.status = "analysis"
        plan.save_by(request.user)
        messages.success(request, f"Plan opened for {scan.name}: scanning filled in from the data.")
        return redirect("problems:plan", p.slug, plan.pk)
    return form_page(
        request,
        form,
        title=f"Open a problem-solving plan for {scan.name}",
        caption=scan.source,
        back=reverse("problems:list", args=[p.slug]),
        notice=DEPERSONALISED,
        submit="Open the plan",
        template="problems/open.html",
        scan=scan,
    )


@partnership_view("view_problems")
def hotspot_list(request, p):
    """Gi* hot spots of an indicator in the district, each with a link to open a plan."""
    try:
        with open_evidence(p) as (wh, area):
            periods = suggested_periods(months_held(wh, area))
            choices = content.hotspot_indicators()
            form = HotspotForm(request.GET or None, indicators=choices, periods=periods)
            result = None
            if form.is_valid():
                from saferplaces.places.hotspots import hotspots

                result = hotspots(
                    wh,
                    area,
                    parse_period(form.cleaned_data["period"]),
                    get_indicator(form.cleaned_data["indicator"]),
                )
    except EvidenceUnavailable as e:
        return unavailable(request, str(e))
    except SaferplacesError as e:
        return unavailable(request, str(e), status=400)
    return render(
        request,
        "problems/hotspots.html",
        {"form": form, "result": result, "can_edit": can(request.user, p, "edit_problems")},
    )


@partnership_view("view_problems")
def plan_detail(request, p, pk):
    plan = get_object_or_404(_plans(p).select_related("owner"), pk=pk)
    actions = list(plan.actions.live().select_related("action__priority"))
    log_reads(request.user, [plan, *actions])
    money = content.funding(plan, actions, can(request.user, p, "view_finance"))
    for pa in actions:
        pa.funding = money[pa.action_id]
    analysis, problem = content.analysis_for(plan)
    return render(
        request,
        "problems/plan.html",
        {
            "plan": plan,
            "scan": content.scanning_of(plan),
            "analysis": analysis,
            "trend": list(zip(analysis.trend_months, analysis.trend, strict=True))
            if analysis
            else [],
            "problem": problem,
            "actions": actions,
            "assessment": plan.assessment or None,
            "can_edit": can(request.user, p, "edit_problems"),
            "formats": FORMATS,
        },
    )


@partnership_view("edit_problems")
def plan_edit(request, p, pk):
    plan = get_object_or_404(_plans(p), pk=pk)
    form = PlanForm(request.POST or None, instance=plan, partnership=p)
    if request.method == "POST" and form.is_valid():
        form.save(commit=False).save_by(request.user)
        messages.success(request, "Plan saved.")
        return redirect("problems:plan", p.slug, plan.pk)
    return form_page(
        request,
        form,
        title=f"Change the plan: {plan.title}",
        caption=plan.place_label,
        back=reverse("problems:plan", args=[p.slug, plan.pk]),
        notice=DEPERSONALISED,
    )


@partnership_view("edit_problems")
def link_action(request, p, pk):
    plan = get_object_or_404(_plans(p), pk=pk)
    form = LinkActionForm(request.POST or None, partnership=p, plan=plan)
    if request.method == "POST" and form.is_valid():
        link = form.save(commit=False)
        link.plan = plan
        link.save_by(request.user)
        content.link_to_ward(plan, link.action, request.user)
        messages.success(request, f"Action {link.action.number} is part of the response.")
        return redirect("problems:plan", p.slug, plan.pk)
    return form_page(
        request,
        form,
        title="Add an action to the response",
        caption=plan.title,
        back=reverse("problems:plan", args=[p.slug, plan.pk]),
    )


@partnership_view("edit_problems")
def assess(request, p, pk):
    plan = get_object_or_404(_plans(p), pk=pk)
    try:
        with open_evidence(p) as (wh, area):
            held = months_held(wh, area)
    except EvidenceUnavailable as e:
        return unavailable(request, str(e))
    initial = {}
    if plan.response_started and held:
        from saferplaces.problems.assessment import matched_periods

        try:
            before, after = matched_periods(
                month_index(f"{plan.response_started:%Y-%m}"), month_index(held[-1])
            )
            initial = {"before": before.spec, "after": after.spec}
        except SaferplacesError:
            pass
    form = AssessForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            result = content.assess(plan, d["before_period"], d["after_period"])
        except EvidenceUnavailable as e:
            return unavailable(request, str(e))
        except SaferplacesError as e:
            form.add_error(None, str(e))
        else:
            plan.assessment = result.to_dict()
            if plan.status in ("scanning", "analysis", "response"):
                plan.status = "assessment"
            plan.save_by(request.user, reason="assessed")
            messages.success(request, result.sentence())
            return redirect("problems:plan", p.slug, plan.pk)
    return form_page(
        request,
        form,
        title=f"Assess the plan: {plan.title}",
        caption=plan.place_label,
        back=reverse("problems:plan", args=[p.slug, plan.pk]),
        submit="Assess",
        template="problems/assess.html",
        plan=plan,
        held=(held[0], held[-1]) if held else None,
        status=400 if request.method == "POST" else None,
    )


@partnership_view("view_problems")
def plan_document(request, p, pk, fmt):
    if fmt not in FORMATS:
        raise Http404("No such format.")
    plan = get_object_or_404(_plans(p), pk=pk)
    doc = content.document(plan, with_money=can(request.user, p, "view_finance"))
    log_reads(request.user, [plan], "download")
    return document_response(doc, fmt, f"problem-solving-plan-{plan.pk}")


@partnership_view("edit_problems")
def plan_archive(request, p, pk):
    plan = get_object_or_404(_plans(p), pk=pk)
    return archive_page(
        request,
        plan,
        title=f"Archive {plan}",
        back=reverse("problems:plan", args=[p.slug, plan.pk]),
        done=reverse("problems:list", args=[p.slug]),
    )
