"""The county's community safety agreements: generate one for a period, read or download
it (HTML, PDF, Word, spreadsheet), and record it as sent to the Police and Crime
Commissioner (with the SHA-256 of the PDF sent)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from saferplaces.core.errors import SaferplacesError
from saferplaces.web.core.access import partnership_view, require
from saferplaces.web.core.files import keep_private
from saferplaces.web.core.pages import form_page
from saferplaces.web.core.permissions import can
from saferplaces.web.county.agreement import BASENAME, agreement_document, write_agreement
from saferplaces.web.county.forms import AgreementForm, SentForm
from saferplaces.web.county.models import Agreement, Submission
from saferplaces.web.county.views import _county
from saferplaces.web.evidence.common import unavailable
from saferplaces.web.evidence.warehouse import (
    EvidenceUnavailable,
    months_held,
    no_months_message,
    open_evidence,
    suggested_periods,
)

FORMATS = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _name(p, period) -> str:
    """A folder name a person can read: ``2025``, ``2024-25``, ``2025-2`` for a second."""
    from saferplaces.assessment.formatting import short_period_label
    from saferplaces.indicators.registry import slug

    stem = slug(short_period_label(period))
    name, n = stem, 1
    while Agreement.objects.filter(partnership=p, name=name).exists():
        n += 1
        name = f"{stem}-{n}"
    return name


def folder(p, name: str = "") -> Path:
    root = Path(settings.SAFERPLACES_ASSESSMENTS) / p.slug / "agreements"
    return root / name if name else root


@partnership_view("view_evidence")
def agreements(request, p):
    """The list, and (for those who may generate assessments) a new one for a period."""
    _county(p)
    try:
        with open_evidence(p) as (wh, area):
            months = months_held(wh, area)
            if not months:
                return unavailable(request, no_months_message(area))
            form = AgreementForm(
                request.POST if request.method == "POST" else None,
                periods=suggested_periods(months),
            )
            if request.method == "POST":
                require(request, "generate_assessments")
                if form.is_valid():
                    period = form.cleaned_data["period_obj"]
                    baseline = form.cleaned_data["baseline_obj"]
                    try:
                        doc = agreement_document(wh, p, period, baseline)
                    except SaferplacesError as e:
                        return unavailable(request, str(e), status=400)
                    name = _name(p, period)
                    target = folder(p, name)
                    sha = write_agreement(doc, target)
                    keep_private(target.parent)
                    Agreement(
                        partnership=p,
                        name=name,
                        period=period.spec,
                        baseline=baseline.spec,
                        sha256=sha,
                    ).save_by(request.user)
                    messages.success(request, f"Community safety agreement {name} written.")
                    return redirect("county:agreements", p.slug)
    except EvidenceUnavailable as e:
        return unavailable(request, str(e))
    listed = Agreement.objects.live().filter(partnership=p).prefetch_related("submissions")
    return render(
        request,
        "county/agreements.html",
        {
            "form": form,
            "agreements": listed,
            "can_generate": can(request.user, p, "generate_assessments"),
            "can_record": can(request.user, p, "publish_assessments"),
            "can_evidence": True,
        },
    )


@partnership_view("view_evidence")
def agreement_file(request, p, name, fmt):
    _county(p)
    record = get_object_or_404(Agreement.objects.live(), partnership=p, name=name)
    path = folder(p, record.name) / f"{BASENAME}.{fmt}"
    if fmt not in FORMATS or not path.is_file():
        raise Http404("No such file.")
    inline = fmt in ("html", "pdf") and request.GET.get("download") != "1"
    resp = FileResponse(
        path.open("rb"),
        as_attachment=not inline,
        filename=f"{p.slug}-agreement-{name}.{fmt}",
        content_type=FORMATS[fmt],
    )
    if fmt == "html":
        # A generated document runs no script and reaches no cookie of the app.
        resp["Content-Security-Policy"] = (
            "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'"
        )
    return resp


@partnership_view("publish_assessments")
def record_sent(request, p, name):
    """Record the agreement as sent to the PCC: to whom, when, by whom, and which file."""
    _county(p)
    record = get_object_or_404(Agreement.objects.live(), partnership=p, name=name)
    who = request.user.get_full_name() or request.user.get_username()
    form = SentForm(
        request.POST or None,
        initial={"sent_on": date.today(), "sent_by": who},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        Submission(
            partnership=p,
            document=f"Community safety agreement {record.name}",
            agreement=record,
            sent_to=d["sent_to"],
            sent_on=d["sent_on"],
            sent_by=d["sent_by"],
            sha256=record.sha256,
            note=d["note"],
        ).save_by(request.user)
        messages.success(request, f"Recorded as sent to {d['sent_to']}.")
        return redirect("county:agreements", p.slug)
    return form_page(
        request,
        form,
        title="Record the agreement as sent",
        caption=f"Community safety agreement {record.name}",
        back=reverse("county:agreements", args=[p.slug]),
        intro=f"The PDF sent is the one with SHA-256 {record.sha256}.",
        submit="Record as sent",
    )
