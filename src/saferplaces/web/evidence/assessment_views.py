"""Generated strategic assessments: the list, generating one, its status, publishing the
public edition, and the public pages that show what was published.

Who sees what:
- members who may see evidence (not guests) see every assessment of the partnership;
  each view or download of a restricted edition (or of one made outside the web app,
  whose edition is not recorded) is written to the audit log;
- the public sees only public editions an officer has published. The public edition is
  made by the library with small numbers suppressed (``saferplaces.disclosure``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from saferplaces.web.core.access import partnership_view
from saferplaces.web.core.models import AuditEvent
from saferplaces.web.core.pages import form_page
from saferplaces.web.core.permissions import can
from saferplaces.web.evidence import assessments as files
from saferplaces.web.evidence.common import unavailable
from saferplaces.web.evidence.forms import AssessmentForm
from saferplaces.web.evidence.generate import request_assessment
from saferplaces.web.evidence.models import GeneratedAssessment
from saferplaces.web.evidence.warehouse import (
    EvidenceUnavailable,
    months_held,
    no_months_message,
    open_evidence,
    suggested_periods,
)


@dataclass
class Listed:
    """An assessment on disk with the app's record of it, if the app made it."""

    found: files.Assessment
    record: GeneratedAssessment | None

    @property
    def name(self) -> str:
        return self.found.name

    @property
    def edition(self) -> str:
        return self.record.edition if self.record else ""

    @property
    def restricted(self) -> bool:
        return self.record is None or self.record.is_restricted()


def _records(p) -> dict[str, GeneratedAssessment]:
    return {
        r.name: r
        for r in GeneratedAssessment.objects.live()
        .filter(partnership=p)
        .select_related("created_by", "published_by")
    }


@partnership_view("view_evidence")
def assessment_list(request, p):
    records = _records(p)
    listed = [Listed(a, records.get(a.name)) for a in files.list_assessments(p)]
    on_disk = {a.name for a in listed}
    pending = [r for r in records.values() if r.name not in on_disk]
    return render(
        request,
        "evidence/assessments.html",
        {
            "assessments": listed,
            "pending": pending,
            "folder": files.folder(p),
            "can_generate": can(request.user, p, "generate_assessments"),
            "can_publish": can(request.user, p, "publish_assessments"),
        },
    )


def _serve(request, p, found: files.Assessment, fmt: str, filename: str):
    f = found.file(fmt)
    if f is None:
        raise Http404("No such assessment file.")
    _, content_type = files.FORMATS[fmt]
    inline = fmt in ("html", "pdf") and request.GET.get("download") != "1"
    resp = FileResponse(
        f.path.open("rb"), as_attachment=not inline, filename=filename, content_type=content_type
    )
    if fmt == "html":
        # A generated document is shown as it is, but it may not run scripts or reach
        # the app's cookies: the browser treats it as a page from nowhere.
        resp["Content-Security-Policy"] = (
            "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'"
        )
    return resp, inline


@partnership_view("view_evidence")
def assessment_file(request, p, name, fmt):
    found = files.find(p, name)
    if found is None:
        raise Http404("No such assessment.")
    resp, inline = _serve(request, p, found, fmt, f"{p.slug}-{name}.{fmt}")
    record = _records(p).get(name)
    action = "view" if inline else "download"
    if record is not None and record.is_restricted():
        AuditEvent.record(request.user, action, record)
    elif record is None:
        # Made outside the web app: its edition is not recorded, so it is treated as
        # restricted and every read is logged.
        AuditEvent.record_external(
            request.user,
            action,
            partnership=p,
            model="evidence.AssessmentFolder",
            object_id=name[:40],
            object_repr=f"Strategic assessment {name} (edition not recorded), {fmt}",
            restricted=True,
        )
    return resp


@partnership_view("generate_assessments")
def assessment_new(request, p):
    try:
        with open_evidence(p) as (wh, area):
            months = months_held(wh, area)
            if not months:
                return unavailable(request, no_months_message(area))
            periods = suggested_periods(months)
    except EvidenceUnavailable as e:
        return unavailable(request, str(e))
    form = AssessmentForm(request.POST or None, periods=periods)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        job = request_assessment(
            p, request.user, d["period"], d.get("baseline") or "", d["edition"]
        )
        return redirect("evidence:assessment_job", p.slug, job.pk)
    return form_page(
        request,
        form,
        title="Generate the strategic assessment",
        caption=f"{p.name}: {area.name}",
        back=reverse("evidence:assessments", args=[p.slug]),
        submit="Generate",
        template="evidence/assessment_new.html",
    )


@partnership_view("view_evidence")
def assessment_job(request, p, pk):
    job = get_object_or_404(GeneratedAssessment.objects.live(), pk=pk, partnership=p)
    found = files.find(p, job.name) if job.status == "done" else None
    ctx = {
        "job": job,
        "found": found,
        "can_publish": can(request.user, p, "publish_assessments"),
    }
    if request.headers.get("HX-Request"):
        return render(request, "evidence/_assessment_status.html", ctx)
    return render(request, "evidence/assessment_job.html", ctx)


@partnership_view("publish_assessments")
def assessment_publish(request, p, name):
    """Publish a public edition on the partnership's public pages, or withdraw it."""
    job = get_object_or_404(GeneratedAssessment.objects.live(), partnership=p, name=name)
    problem = ""
    if job.edition != "public":
        problem = "Only a public edition can be published: restricted editions stay with members."
    elif job.status != "done" or files.find(p, name) is None:
        problem = "This assessment has not been generated yet."
    if request.method == "POST" and not problem:
        publish = request.POST.get("publish") == "1"
        job.published = publish
        job.published_on = timezone.now() if publish else None
        job.published_by = request.user if publish else None
        job.save_by(request.user, reason="published" if publish else "withdrawn from the public")
        messages.success(
            request,
            f"{job.title} is {'published on the public pages' if publish else 'no longer public'}.",
        )
        return redirect("evidence:assessments", p.slug)
    return render(
        request,
        "evidence/assessment_publish.html",
        {"job": job, "problem": problem},
        status=400 if request.method == "POST" and problem else 200,
    )


def _published(p):
    out = []
    for job in GeneratedAssessment.objects.live().filter(
        partnership=p, published=True, edition="public", status="done"
    ):
        found = files.find(p, job.name)
        if found is not None:
            out.append((job, found))
    return out


@partnership_view(None, public=True)
def published_list(request, p):
    return render(request, "evidence/published.html", {"published": _published(p)})


@partnership_view(None, public=True)
def published_file(request, p, name, fmt):
    match = next(((j, f) for j, f in _published(p) if j.name == name), None)
    if match is None:
        raise Http404("No published assessment of that name.")
    resp, _ = _serve(request, p, match[1], fmt, f"{p.slug}-{name}.{fmt}")
    return resp
