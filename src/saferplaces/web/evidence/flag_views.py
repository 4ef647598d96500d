"""The place flags pages: the latest run (or any run) for the partnership's district, a
ward's history and decisions, a new run, a person's decision on a ward's category, and
the quarterly place report of a run's period as a download.

Runs and decisions are made by the same library calls as ``saferplaces flags run`` and
``flags set`` and kept in the warehouse; each is also written to the partnership's
audit log with who made it.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.periods import parse_period
from saferplaces.disclosure import Edition
from saferplaces.geography.areas import wards_of
from saferplaces.indicators.registry import get_indicator
from saferplaces.places.flag_decisions import resolve_ward, set_category
from saferplaces.places.flags import run_flags
from saferplaces.places.place_report import add_profiles, build_place_report
from saferplaces.places.place_report_document import place_report_document
from saferplaces.places.ranking import default_indicators
from saferplaces.web.core.access import partnership_view
from saferplaces.web.core.models import AuditEvent
from saferplaces.web.core.pages import form_page
from saferplaces.web.core.permissions import can
from saferplaces.web.documents import document_response
from saferplaces.web.evidence import flagdata
from saferplaces.web.evidence.common import evidence_page, unavailable
from saferplaces.web.evidence.forms import FlagDecisionForm, FlagsRunForm
from saferplaces.web.evidence.phrasing import web_text
from saferplaces.web.evidence.warehouse import (
    EvidenceUnavailable,
    months_held,
    no_months_message,
    open_evidence,
    suggested_periods,
)
from saferplaces.web.meetings.visibility import log_restricted


def _district(area):
    if area.level not in ("district", "csp"):
        raise EvidenceUnavailable(
            f"Place flags rank the wards of a district; {area.name} is a {area.level}."
        )


@partnership_view("view_evidence")
@evidence_page
def flags(request, p, wh, area):
    _district(area)
    run_id = request.GET.get("run") or flagdata.latest_run_id(wh, area)
    history = flagdata.runs(wh, area)
    if run_id and run_id not in {r["run_id"] for r in history}:
        raise Http404("No such flags run for this partnership's district.")
    view = flagdata.run_view(wh, run_id, p) if run_id else None
    return render(
        request,
        "evidence/flags.html",
        {
            "area": area,
            "view": view,
            "history": history,
            "latest": history[0]["run_id"] if history else None,
            "can_run": can(request.user, p, "run_flags"),
            "can_restricted": can(request.user, p, "view_restricted"),
            "report_formats": REPORT_FORMATS,
            "labels": flagdata.CATEGORY_LABELS,
            "tags": flagdata.CATEGORY_TAGS,
        },
    )


REPORT_FORMATS = [("pdf", "PDF"), ("docx", "Word"), ("html", "Web page")]


@partnership_view("view_evidence")
@evidence_page
def flags_report(request, p, wh, area):
    """The quarterly place report of a run's period (the latest run's by default), with
    the actions of the plan linked to each listed ward; the restricted edition for those
    who may see restricted items, its download audited."""
    _district(area)
    fmt = request.GET.get("format") or "pdf"
    if fmt not in dict(REPORT_FORMATS):
        raise Http404("No such format.")
    try:
        edition = Edition(request.GET.get("edition") or "public")
    except ValueError:
        raise Http404("No such edition.") from None
    restricted = edition == Edition.RESTRICTED
    if restricted and not can(request.user, p, "view_restricted"):
        raise PermissionDenied("Your role does not allow the restricted edition.")
    run_id = request.GET.get("run") or flagdata.latest_run_id(wh, area)
    if run_id is None:
        return unavailable(
            request, f"No place flags have been run for {area.name} yet: nothing to report.", 404
        )
    run = flagdata.run_of(wh, area, run_id)
    if run is None:
        raise Http404("No such flags run for this partnership's district.")
    try:
        report = build_place_report(
            wh, area, parse_period(f"{run['period_start']}..{run['period_end']}")
        )
        add_profiles(wh, report)
    except SaferplacesError as e:
        return unavailable(request, web_text(e), 404)
    places = flagdata.actions_by_ward(p, [w.ward_code for w in report.wards if w.listed])
    shown = [pl for pls in places.values() for pl in pls if restricted or not pl.is_restricted()]
    doc = place_report_document(report, edition, actions=flagdata.report_actions(shown))
    if restricted:
        AuditEvent.record_external(
            request.user,
            "download",
            partnership=p,
            model="places.PlaceReport",
            object_id=report.run["run_id"],
            object_repr=f"Quarterly place report: {area.name}, {report.period.label} "
            f"(restricted, {fmt})",
            restricted=True,
        )
        log_restricted(request.user, shown, "download")
    name = f"place-report-{p.slug}-{report.period.spec.replace('..', '-to-')}"
    return document_response(doc, name, fmt)


@partnership_view("view_evidence")
@evidence_page
def flag_ward(request, p, wh, area, code):
    _district(area)
    names = dict(wards_of(wh, area))
    if code not in names:
        raise Http404("That ward is not in this partnership's area.")
    history = flagdata.ward_history(wh, area, code)
    events = []
    if history is not None:
        for e in history.events():
            if e["kind"] == "run":
                row = e.get("ward") or {}
                e["flag_names"] = [flagdata.indicator_name(i) for i in row.get("flags", [])]
            events.append(e)
    return render(
        request,
        "evidence/flag_ward.html",
        {
            "area": area,
            "code": code,
            "name": names[code],
            "summary": flagdata.ward_summary(wh, area, code),
            "events": list(reversed(events)),
            "places": flagdata.actions_for_ward(p, code),
            "can_run": can(request.user, p, "run_flags"),
            "labels": flagdata.CATEGORY_LABELS,
            "tags": flagdata.CATEGORY_TAGS,
        },
    )


@partnership_view("run_flags")
def flags_run(request, p):
    """Rank every ward of the district, flag the top share, propose categories, store it."""
    try:
        with open_evidence(p) as (wh, area):
            _district(area)
            months = months_held(wh, area)
            if not months:
                return unavailable(request, no_months_message(area))
            periods = suggested_periods(months)
            choices = [(i.id, i.name) for i in default_indicators(wh)]
    except EvidenceUnavailable as e:
        return unavailable(request, str(e))
    form = FlagsRunForm(request.POST or None, periods=periods, indicators=choices)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            with open_evidence(p, write=True) as (wh, area):
                chosen = [get_indicator(i) for i in d["indicators"]]
                # All the defaults chosen: rank on those held for the whole period, as
                # `saferplaces flags run` does, so one late extract does not block the run.
                defaults = {i.id for i in default_indicators(wh)}
                result = run_flags(
                    wh,
                    area,
                    parse_period(d["period"]),
                    None if {i.id for i in chosen} == defaults else chosen,
                    top=d["top"],
                    min_flags=d["min_flags"],
                    measure=d["measure"],
                    allow_incomplete=d["allow_incomplete"],
                    who=flagdata.who_in_web(request.user),
                )
        except EvidenceUnavailable as e:
            return unavailable(request, str(e))
        except SaferplacesError as e:
            form.add_error(None, web_text(e))
        else:
            listed = [
                w for w in result.wards if w.category in ("emerging", "sustaining", "preventing")
            ]
            if result.stored:
                AuditEvent.record_external(
                    request.user,
                    "create",
                    partnership=p,
                    model="places.FlagRun",
                    object_id=result.id,
                    object_repr=f"{area.name}, {result.period.label}",
                    changes={
                        "period": result.period.spec,
                        "indicators": [i.id for i in result.indicators],
                        "top": result.top,
                        "min_flags": result.min_flags,
                        "measure": result.measure,
                        "wards_listed": [w.ward_name for w in listed],
                    },
                )
                messages.success(
                    request,
                    f"Flags run {result.id} stored: {len(listed)} ward"
                    f"{'' if len(listed) == 1 else 's'} listed.",
                )
            else:
                messages.success(
                    request,
                    f"Run {result.id} is already held: the same inputs give the same run.",
                )
            return redirect(f"{reverse('evidence:flags', args=[p.slug])}?run={result.id}")
    return form_page(
        request,
        form,
        title="Run place flags",
        caption=f"{p.name}: {area.name}",
        back=reverse("evidence:flags", args=[p.slug]),
        submit="Run and store",
        template="evidence/flags_run.html",
    )


@partnership_view("run_flags")
def flag_decide(request, p, code):
    """Record a person's decision on a ward's category; later runs never overwrite it."""
    try:
        with open_evidence(p) as (wh, area):
            _district(area)
            names = dict(wards_of(wh, area))
            summary = flagdata.ward_summary(wh, area, code) if code in names else None
    except EvidenceUnavailable as e:
        return unavailable(request, str(e))
    if code not in names:
        raise Http404("That ward is not in this partnership's area.")
    form = FlagDecisionForm(request.POST or None, choices=flagdata.CATEGORY_CHOICES)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            with open_evidence(p, write=True) as (wh, area):
                ward = resolve_ward(wh, code, area)
                decision = set_category(
                    wh, ward, d["category"], d["reason"], who=flagdata.who_in_web(request.user)
                )
        except EvidenceUnavailable as e:
            return unavailable(request, str(e))
        except SaferplacesError as e:
            form.add_error(None, web_text(e))
        else:
            before = summary.category if summary else None
            AuditEvent.record_external(
                request.user,
                "create",
                partnership=p,
                model="places.FlagDecision",
                object_id=str(decision["decision_id"]),
                object_repr=f"{names[code]} ({code}): {decision['category']}",
                changes={"category": [before, decision["category"]]},
                reason=decision["reason"],
            )
            label = flagdata.CATEGORY_LABELS.get(decision["category"], "back to the rules")
            messages.success(request, f"{names[code]}: {label.lower()}. Decision recorded.")
            return redirect("evidence:flag_ward", p.slug, code)
    return form_page(
        request,
        form,
        title=f"Decide the category of {names[code]}",
        caption=f"Place flags: {p.name}",
        back=reverse("evidence:flag_ward", args=[p.slug, code]),
        submit="Record the decision",
        template="evidence/flag_decide.html",
        summary=summary,
        labels=flagdata.CATEGORY_LABELS,
        help=flagdata.CATEGORY_HELP,
    )
