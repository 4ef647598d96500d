"""The partnership plan of a year: its priorities with the evidence that chose them, its
measures, its text, the submission log and the statutory checklist; the plan and the
annual review as documents."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.periods import parse_period
from saferplaces.indicators.registry import get_indicator
from saferplaces.web.actions.models import Action, Priority, validate_plan_year
from saferplaces.web.core import downloads
from saferplaces.web.core.access import partnership_view, require
from saferplaces.web.core.models import AuditEvent
from saferplaces.web.core.permissions import can
from saferplaces.web.evidence.common import unavailable
from saferplaces.web.evidence.warehouse import EvidenceUnavailable, open_evidence
from saferplaces.web.planning import forms as f
from saferplaces.web.planning.models import Measure, PartnershipPlan, Submission
from saferplaces.web.planning.records import plan_record


def plan_year_of(slug: str) -> str:
    year = slug.replace("-", "/")
    try:
        validate_plan_year(year)
    except ValidationError:
        raise Http404("No such plan year") from None
    return year


def get_plan(p, year: str, user=None, *, create: bool = False) -> PartnershipPlan | None:
    plan = PartnershipPlan.objects.live().filter(partnership=p, plan_year=year).first()
    if plan is None and create:
        plan = PartnershipPlan(partnership=p, plan_year=year)
        plan.save_by(user)
    return plan


def _known_year(p, year: str) -> None:
    if not (
        Priority.objects.live().filter(partnership=p, plan_year=year).exists()
        or PartnershipPlan.objects.live().filter(partnership=p, plan_year=year).exists()
    ):
        raise Http404("No plan for that year")


@partnership_view("view")
def plan_view(request, p, year):
    year = plan_year_of(year)
    _known_year(p, year)
    restricted_ok = can(request.user, p, "view_restricted")
    evidence = can(request.user, p, "view_evidence")
    record = plan_record(p, year, restricted=restricted_ok)
    for a in Action.objects.live().filter(partnership=p, priority__plan_year=year, restricted=True):
        if restricted_ok:
            AuditEvent.record(request.user, "view", a)
    from saferplaces.planning.checklist import plan_checklist

    plan = get_plan(p, year)
    return render(
        request,
        "planning/plan.html",
        {
            "year": year,
            "year_slug": year.replace("/", "-"),
            "plan": plan,
            "record": record,
            "checklist": plan_checklist(record),
            "measures": Measure.objects.live().filter(plan=plan).select_related("priority")
            if plan
            else [],
            "submissions": Submission.objects.live()
            .filter(partnership=p, plan_year=year)
            .select_related("sent_by"),
            "can_edit": can(request.user, p, "edit_plan"),
            "can_publish": can(request.user, p, "publish_assessments"),
            "restricted_ok": restricted_ok,
            "evidence": evidence,
            "formats": FORMATS,
        },
    )


FORMATS = [("pdf", "PDF"), ("docx", "Word"), ("html", "Web page")]


@partnership_view("view")
def plan_document(request, p, year, edition, fmt):
    """The plan as a document: the public edition for every member; the restricted
    edition (restricted actions and issues, marked on every page) only for those who may
    see restricted items, each restricted action in it logged as read."""
    from saferplaces.planning.documents import EDITIONS, partnership_plan

    year = plan_year_of(year)
    _known_year(p, year)
    if edition not in EDITIONS or fmt not in downloads.FORMATS:
        raise Http404("No such document.")
    restricted = edition == "restricted"
    if restricted:
        require(request, "view_restricted")
        for a in Action.objects.live().filter(
            partnership=p, priority__plan_year=year, restricted=True
        ):
            AuditEvent.record(request.user, "view", a)
    doc = partnership_plan(plan_record(p, year, restricted=restricted), edition=edition)
    name = f"{p.slug}-plan-{year.replace('/', '-')}-{edition}.{fmt}"
    return downloads.send(request, downloads.render(doc, fmt), fmt, name)


@partnership_view("view")
def record_json(request, p, year):
    """The plan year's record without restricted items, for ``saferplaces assess`` (a spec
    chapter of kind ``last-year-plan`` reads it)."""
    year = plan_year_of(year)
    _known_year(p, year)
    resp = HttpResponse(
        plan_record(p, year, restricted=False).to_json(), content_type="application/json"
    )
    name = f"{p.slug}-plan-record-{year.replace('/', '-')}.json"
    resp["Content-Disposition"] = f'attachment; filename="{name}"'
    return resp


@partnership_view("view")
def review_document(request, p, year, fmt):
    """The annual review of a plan year: public, so built without restricted actions."""
    from saferplaces.planning.documents import annual_review

    year = plan_year_of(year)
    _known_year(p, year)
    if fmt not in downloads.FORMATS:
        raise Http404("No such document.")
    doc = annual_review(plan_record(p, year, restricted=False))
    name = f"{p.slug}-annual-review-{year.replace('/', '-')}.{fmt}"
    return downloads.send(request, downloads.render(doc, fmt), fmt, name)


@partnership_view("edit_plan")
def plan_edit(request, p, year):
    year = plan_year_of(year)
    _known_year(p, year)
    plan = get_plan(p, year)
    form = f.PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.partnership = p
        obj.plan_year = year
        obj.save_by(request.user)
        messages.success(request, f"The {year} plan's text is saved.")
        return redirect("planning:plan", p.slug, year.replace("/", "-"))
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": f"The plan's text, {year}",
            "caption": p.name,
            "back": reverse("planning:plan", args=[p.slug, year.replace("/", "-")]),
        },
        status=400 if request.method == "POST" else 200,
    )


@partnership_view("edit_plan")
def measure_add(request, p, year):
    from saferplaces.sources.agency.indicators import agency_indicators

    year = plan_year_of(year)
    _known_year(p, year)
    try:
        with open_evidence(p) as (wh, area):
            from saferplaces.indicators.registry import headline_indicators

            inds = [*headline_indicators(), *agency_indicators(wh, area.level, area)]
            form = f.MeasureForm(
                request.POST or None,
                priorities=Priority.objects.live().filter(partnership=p, plan_year=year),
                indicators=[(i.id, i.name) for i in inds if not i.weighted],
                initial={"baseline_period": _default_baseline(year)},
            )
            if request.method == "POST" and form.is_valid():
                try:
                    m = _measure(p, year, request.user, form, wh, area)
                except (SaferplacesError, ValidationError) as e:
                    form.add_error(None, str(e) if isinstance(e, SaferplacesError) else e)
                else:
                    messages.success(request, f"Measure added: {m.indicator_name}.")
                    return redirect("planning:plan", p.slug, year.replace("/", "-"))
    except EvidenceUnavailable as e:
        return unavailable(request, str(e))
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": f"Add a measure to the {year} plan",
            "caption": p.name,
            "back": reverse("planning:plan", args=[p.slug, year.replace("/", "-")]),
            "notice": "The baseline is counted from the evidence now and kept with the measure.",
        },
        status=400 if request.method == "POST" else 200,
    )


def _default_baseline(year: str) -> str:
    """The calendar year before the plan year starts (the assessment's period)."""
    return str(int(year[:4]) - 1)


def _measure(p, year, user, form, wh, area) -> Measure:
    from saferplaces.indicators.police import indicator_table
    from saferplaces.sources.agency.indicators import SOURCE_LABELS

    ind = get_indicator(form.cleaned_data["indicator_id"])
    period = parse_period(form.cleaned_data["baseline_period"])
    row = indicator_table(wh, area, period, period.previous(), [ind]).rows[0]
    from saferplaces.quality.coverage import coverage

    cov = coverage(wh, ind.source, area, period)
    if not cov.complete:
        raise ValidationError(f"No baseline: {cov.describe()}. Choose a period held in full.")
    plan = get_plan(p, year, user, create=True)
    m = form.save(commit=False)
    m.plan = plan
    m.indicator_name = ind.name
    m.baseline_count = row.count
    m.baseline_rate = row.rate_per_1000
    m.per = row.denominator_kind or ""
    m.baseline_source = f"{SOURCE_LABELS.get(ind.source, ind.source)}, {area.name}, {period.label}"
    m.save_by(user)
    return m


@partnership_view("edit_plan")
def submission_add(request, p, year):
    from saferplaces.web.partnerships.models import Member

    year = plan_year_of(year)
    _known_year(p, year)
    form = f.SubmissionForm(
        request.POST or None,
        members=Member.objects.live().filter(partnership=p),
        initial={"plan_year": year, "sent_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.partnership = p
        obj.save_by(request.user)
        messages.success(request, f"Recorded: {obj}, {obj.sent_on:%-d %B %Y}.")
        return redirect("planning:plan", p.slug, year.replace("/", "-"))
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": "Record a document sent",
            "caption": f"{p.name}, {year}",
            "back": reverse("planning:plan", args=[p.slug, year.replace("/", "-")]),
        },
        status=400 if request.method == "POST" else 200,
    )
