"""Prioritisation pages: open one on the evidence, score each issue, override with a
reason, import a workshop sheet, close scoring, and agree priorities at a meeting."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from saferplaces.core.errors import SaferplacesError
from saferplaces.indicators.registry import headline_indicators
from saferplaces.priorities.factors import FACTORS, IMPACT, LIKELIHOOD
from saferplaces.web.core.access import partnership_view, require
from saferplaces.web.core.models import AuditEvent
from saferplaces.web.core.permissions import can
from saferplaces.web.evidence.common import unavailable
from saferplaces.web.evidence.warehouse import (
    EvidenceUnavailable,
    months_held,
    open_evidence,
    suggested_periods,
)
from saferplaces.web.meetings.models import AGENDA_ORDER, AgendaItem
from saferplaces.web.planning import forms as f
from saferplaces.web.planning import workflow
from saferplaces.web.planning.matrix import matrix, proposal_of
from saferplaces.web.planning.models import Issue, Prioritisation, Score


def _prioritisation(p, pk) -> Prioritisation:
    return get_object_or_404(Prioritisation.objects.live(), pk=pk, partnership=p)


def _issue(pr, issue_pk) -> Issue:
    return get_object_or_404(Issue.objects.live(), pk=issue_pk, prioritisation=pr)


def _restricted_ok(request, p) -> bool:
    return can(request.user, p, "view_restricted")


def _visible_issue(request, p, pr, issue_pk) -> Issue:
    issue = _issue(pr, issue_pk)
    if issue.restricted and not _restricted_ok(request, p):
        raise Http404("No such issue")
    return issue


def _log_reads(request, rows_or_issues) -> None:
    for x in rows_or_issues:
        issue = getattr(x, "issue", x)
        if issue.restricted:
            AuditEvent.record(request.user, "view", issue)


@partnership_view("run_prioritisation")
def open_view(request, p):
    try:
        with open_evidence(p) as (wh, area):
            periods = suggested_periods(months_held(wh, area))
            cands = workflow.evidence_candidates(wh, area)
            form = f.OpenForm(
                request.POST or None,
                periods=periods,
                candidates=[(c.key, c.name) for c in cands],
                initial={
                    "plan_year": f.next_plan_year(timezone.localdate()),
                    "candidates": [c.key for c in cands if c.indicators[0] in _headline()],
                },
            )
            if request.method == "POST" and form.is_valid():
                d = form.cleaned_data
                chosen = [c for c in cands if c.key in set(d["candidates"])]
                try:
                    pr = workflow.open_prioritisation(
                        p,
                        request.user,
                        wh=wh,
                        area=area,
                        plan_year=d["plan_year"],
                        period=d["period_obj"],
                        baseline=d["baseline_obj"],
                        chosen=chosen,
                        added=d["added_names"],
                    )
                except ValidationError as e:
                    form.add_error(None, e)
                else:
                    messages.success(request, f"Prioritisation for {pr.plan_year} opened.")
                    return redirect("planning:matrix", p.slug, pr.pk)
    except EvidenceUnavailable as e:
        return unavailable(request, str(e))
    return render(
        request,
        "planning/open.html",
        {"form": form, "area": area, "back": reverse("planning:index", args=[p.slug])},
        status=400 if request.method == "POST" else 200,
    )


def _headline() -> set[str]:
    """Ticked when a prioritisation opens: police.uk's crime types and ASB."""
    return {i.id for i in headline_indicators()}


def _my_scores(request, pr) -> dict[int, Score]:
    return {
        s.issue_id: s
        for s in Score.objects.live().filter(issue__prioritisation=pr, scorer=request.user)
    }


@partnership_view("view_evidence")
def matrix_view(request, p, pk):
    pr = _prioritisation(p, pk)
    everything = matrix(pr)
    rows = [r for r in everything if _restricted_ok(request, p) or not r.issue.restricted]
    _log_reads(request, rows)
    mine = _my_scores(request, pr)
    from saferplaces.web.planning.chart import matrix_svg

    return render(
        request,
        "planning/matrix.html",
        {
            "pr": pr,
            "rows": rows,
            "table": [(r, display(r)) for r in rows],
            "next_to_score": next(
                (r.issue for r in rows if r.issue.pk not in mine), rows[0].issue if rows else None
            ),
            "hidden": len(everything) - len(rows),
            "mine": mine,
            "scored": sum(1 for r in rows if r.issue.pk in mine),
            "factors": FACTORS,
            "impact": IMPACT,
            "likelihood": LIKELIHOOD,
            "chart": matrix_svg(rows),
            "can_score": pr.is_open and can(request.user, p, "score_priorities"),
            "can_run": can(request.user, p, "run_prioritisation"),
            "can_agree": pr.status == "closed" and can(request.user, p, "edit_plan"),
            "see_scores": _sees_scores(request, p, pr),
        },
    )


def _factor_cell(d: dict, key: str) -> str:
    if not d["scorers"]:
        return "–"
    median = _n(d["scores"][key])
    lo, hi = d["spread"][key]["min"], d["spread"][key]["max"]
    text = f"{median} ({lo} to {hi})" if lo != hi else median
    over = next((o for o in d["overrides"] if o["factor"] == key), None)
    return f"{over['value']} (override; median {median})" if over else text


def _n(v) -> str:
    return f"{v:g}"


def display(row) -> dict:
    """The matrix row as the page shows it: the core result's figures as floats, each
    factor's median with the lowest and highest score given."""
    from saferplaces.web.planning.exports import issue_dict

    d = issue_dict(row)
    d["cells"] = [_factor_cell(d, fac.key) for fac in FACTORS]
    d["wide"] = (
        [fac.label.lower() for fac in FACTORS if row.score.disagreement(fac.key)]
        if row.score
        else []
    )
    return d


def _sees_scores(request, p, pr, issue=None) -> bool:
    """Members score each on their own: each scorer's scores are shown once scoring has
    closed, to the analyst and the officer, and to a member who has scored the issue."""
    if not pr.is_open or can(request.user, p, "run_prioritisation"):
        return True
    if issue is not None:
        return Score.objects.live().filter(issue=issue, scorer=request.user).exists()
    return False


@partnership_view("view_evidence")
def issue_view(request, p, pk, issue_pk):
    pr = _prioritisation(p, pk)
    issue = _visible_issue(request, p, pr, issue_pk)
    row = next(r for r in matrix(pr) if r.issue.pk == issue.pk)
    _log_reads(request, [issue])
    history = issue.overrides.select_related("created_by", "archived_by").order_by("-created_on")
    return render(
        request,
        "planning/issue.html",
        {
            "pr": pr,
            "issue": issue,
            "row": row,
            "proposal": proposal_of(issue),
            "factors": FACTORS,
            "history": history,
            "see_scores": _sees_scores(request, p, pr, issue),
            "score_rows": [(s, [getattr(s, fac.key) for fac in FACTORS]) for s in row.scores],
            "can_score": pr.is_open and can(request.user, p, "score_priorities"),
            "can_run": can(request.user, p, "run_prioritisation") and pr.status != "agreed",
            "agreed_as": issue.agreed_as.live().select_related("priority"),
        },
    )


@partnership_view("score_priorities")
def score_view(request, p, pk, issue_pk):
    pr = _prioritisation(p, pk)
    issue = _visible_issue(request, p, pr, issue_pk)
    if not pr.is_open:
        messages.success(request, "Scoring is closed for this prioritisation.")
        return redirect("planning:issue", p.slug, pr.pk, issue.pk)
    existing = Score.objects.live().filter(issue=issue, scorer=request.user).first()
    initial = existing.values() | {"confidence": existing.confidence} if existing else {}
    proposed = proposal_of(issue).scores()
    form = f.ScoreForm(request.POST or None, proposed=proposed, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        name = _scorer_name(request, p)
        try:
            workflow.save_score(
                issue,
                request.user,
                name,
                {k.key: d.get(k.key) for k in FACTORS},
                d["confidence"],
                source="web",
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, f"Your scores for {issue.name} are saved.")
            nxt = _next_unscored(request, pr, issue)
            if nxt is not None:
                return redirect("planning:score", p.slug, pr.pk, nxt.pk)
            return redirect("planning:matrix", p.slug, pr.pk)
    _log_reads(request, [issue])
    return render(
        request,
        "planning/score.html",
        {
            "pr": pr,
            "issue": issue,
            "form": form,
            "proposal": proposal_of(issue),
            "existing": existing,
        },
        status=400 if request.method == "POST" else 200,
    )


def _scorer_name(request, p) -> str:
    from saferplaces.web.partnerships.models import Member

    m = (
        Member.objects.live()
        .in_office(timezone.localdate())
        .filter(partnership=p, user=request.user)
        .first()
    )
    if m is not None:
        return m.name
    return request.user.get_full_name() or request.user.get_username()


def _next_unscored(request, pr, issue):
    mine = set(_my_scores(request, pr))
    restricted_ok = _restricted_ok(request, pr.partnership)
    for i in pr.issues.live():
        if i.pk != issue.pk and i.pk not in mine and (restricted_ok or not i.restricted):
            return i
    return None


@partnership_view("run_prioritisation")
def override_view(request, p, pk, issue_pk):
    pr = _prioritisation(p, pk)
    issue = _visible_issue(request, p, pr, issue_pk)
    form = f.OverrideForm(request.POST or None, initial={"factor": request.GET.get("factor")})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            workflow.override(issue, request.user, d["factor"], d["value"], d["reason"])
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, f"{issue.name}: override recorded with its reason.")
            return redirect("planning:issue", p.slug, pr.pk, issue.pk)
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": f"Override a score: {issue.name}",
            "caption": f"Prioritisation for {pr.plan_year}",
            "back": reverse("planning:issue", args=[p.slug, pr.pk, issue.pk]),
            "submit": "Record the override",
        },
        status=400 if request.method == "POST" else 200,
    )


@partnership_view("run_prioritisation")
def issue_add(request, p, pk):
    pr = _prioritisation(p, pk)
    try:
        with open_evidence(p) as (wh, area):
            cands = workflow.evidence_candidates(wh, area)
            form = f.IssueForm(
                request.POST or None,
                indicators=[(c.indicators[0], c.name) for c in cands],
            )
            if request.method == "POST" and form.is_valid():
                d = form.cleaned_data
                try:
                    issue = _add_issue(request, pr, wh, area, d)
                except ValidationError as e:
                    form.add_error(None, e)
                else:
                    messages.success(request, f"{issue.name} added.")
                    return redirect("planning:issue", p.slug, pr.pk, issue.pk)
    except EvidenceUnavailable as e:
        return unavailable(request, str(e))
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": "Add an issue",
            "caption": f"Prioritisation for {pr.plan_year}",
            "back": reverse("planning:matrix", args=[p.slug, pr.pk]),
            "submit": "Add the issue",
        },
        status=400 if request.method == "POST" else 200,
    )


def _add_issue(request, pr, wh, area, d) -> Issue:
    from saferplaces.core.periods import parse_period
    from saferplaces.indicators.registry import slug
    from saferplaces.priorities.evidence import Candidate, propose

    if not pr.is_open:
        raise ValidationError("Scoring is closed: no issue can be added.")
    ids = d["indicators"]
    name = " ".join(d["name"].split())
    c = workflow.group_candidate(name, ids) if len(ids) > 1 else Candidate(name, tuple(ids))
    if any(slug(i.name) == c.key for i in pr.issues.live()):
        raise ValidationError(f"{name} is already an issue here.")
    (prop,) = propose(wh, area, parse_period(pr.period), parse_period(pr.baseline), [c]).values()
    return workflow.add_issue(
        pr,
        request.user,
        c,
        prop,
        description=d["description"],
        restricted=d["restricted"],
    )


@partnership_view("run_prioritisation")
def import_view(request, p, pk):
    pr = _prioritisation(p, pk)
    form = f.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["sheet"]
        suffix = Path(upload.name).suffix.lower() or ".csv"
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"sheet{suffix}"
            with open(path, "wb") as fh:
                for chunk in upload.chunks():
                    fh.write(chunk)
            try:
                n = workflow.import_sheet(pr, request.user, path, upload.name)
            except (SaferplacesError, ValidationError) as e:
                message = str(e).replace(str(path), upload.name)
                form.add_error("sheet", message if isinstance(e, SaferplacesError) else e)
            else:
                messages.success(request, f"{n} scores added from {upload.name}.")
                return redirect("planning:matrix", p.slug, pr.pk)
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "multipart": True,
            "title": "Import a workshop sheet",
            "caption": f"Prioritisation for {pr.plan_year}",
            "back": reverse("planning:matrix", args=[p.slug, pr.pk]),
            "submit": "Import the scores",
            "notice": "Every row is checked first: a sheet with a problem adds no score.",
        },
        status=400 if request.method == "POST" else 200,
    )


@partnership_view("run_prioritisation")
def close_view(request, p, pk):
    pr = _prioritisation(p, pk)
    error = ""
    if request.method == "POST":
        try:
            if pr.status == "closed":
                workflow.reopen(pr, request.user, request.POST.get("reason", "").strip())
                messages.success(request, "Scoring reopened.")
            else:
                workflow.close(pr, request.user)
                messages.success(request, "Scoring closed: the matrix is ready for the board.")
        except ValidationError as e:
            error = " ".join(e.messages)
        else:
            return redirect("planning:matrix", p.slug, pr.pk)
    return render(
        request,
        "planning/close.html",
        {"pr": pr, "error": error},
        status=400 if error else 200,
    )


@partnership_view("edit_plan")
def agree_view(request, p, pk):
    pr = _prioritisation(p, pk)
    require(request, "view_evidence")
    rows = [r for r in matrix(pr) if r.score is not None]
    ranks: dict[int, list] = {}
    for r in rows:
        ranks.setdefault(r.result.rank, []).append(r.issue)
    items = (
        AgendaItem.objects.live()
        .filter(meeting__partnership=p, meeting__date__lte=timezone.localdate())
        .select_related("meeting")
        .order_by("-meeting__date", *AGENDA_ORDER)
    )
    choices = [
        (str(i.pk), f"{i.meeting.title}, {i.meeting.date:%-d %B %Y}: {i.number}. {i.title}")
        for i in items
        if not i.is_archived and not i.meeting.is_archived
    ]
    form = f.AgreeForm(request.POST or None, items=choices, ranks=ranks)
    if request.method == "POST" and form.is_valid():
        item = items.get(pk=int(form.cleaned_data["item"]))
        try:
            workflow.agree(
                pr,
                request.user,
                item=item,
                priorities=form.cleaned_data["priorities"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(
                request,
                f"Priorities for {pr.plan_year} agreed; the decision is in the minutes of "
                f"{item.meeting.title}, {item.meeting.date:%-d %B %Y}.",
            )
            return redirect("planning:matrix", p.slug, pr.pk)
    _log_reads(request, rows)
    return render(
        request,
        "planning/agree.html",
        {"pr": pr, "form": form, "rows": rows},
        status=400 if request.method == "POST" else 200,
    )


EXPORTS = ("csv", "json", "sheet")


@partnership_view("view_evidence")
def export_view(request, p, pk, fmt):
    """The matrix as CSV or JSON, or a blank workshop sheet of its issues (CSV)."""
    if fmt not in EXPORTS:
        raise Http404("No such format")
    pr = _prioritisation(p, pk)
    rows = [r for r in matrix(pr) if _restricted_ok(request, p) or not r.issue.restricted]
    for r in rows:
        if r.issue.restricted:
            AuditEvent.record(request.user, "download", r.issue)
    from saferplaces.web.planning.exports import matrix_csv, matrix_json, workshop_sheet

    name = f"prioritisation-{pr.plan_year.replace('/', '-')}"
    if fmt == "json":
        body, kind, name = matrix_json(pr, rows), "application/json", f"{name}.json"
    elif fmt == "csv":
        body, kind, name = matrix_csv(rows), "text/csv; charset=utf-8", f"{name}.csv"
    else:
        body, kind = workshop_sheet(rows), "text/csv; charset=utf-8"
        name = f"workshop-sheet-{pr.plan_year.replace('/', '-')}.csv"
    from django.http import HttpResponse

    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
