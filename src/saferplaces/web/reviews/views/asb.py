"""The ASB case review register: the list with timescales and the year's counts, each
case with its threshold test, complaints, recommendations and responses, and the CSV."""

from __future__ import annotations

import csv
import io
from datetime import date

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from saferplaces.reviews.asb import publication_counts
from saferplaces.reviews.deadlines import STATUS_LABELS
from saferplaces.reviews.years import financial_year, year_bounds, year_label
from saferplaces.web.reviews.forms import AsbCaseForm, AsbRecommendationForm, ComplaintForm
from saferplaces.web.reviews.models import AsbRecommendation, ReviewSettings
from saferplaces.web.reviews.views.common import archive_page, review_form
from saferplaces.web.reviews.visibility import log_reads, reviews_view

CSV_COLUMNS = [
    "reference",
    "received",
    "applicant",
    "threshold_met",
    "decision_date",
    "review_date",
    "recommendations_made",
    "outcome",
    "applicant_informed",
]


def _years(cases) -> list[str]:
    today_year = financial_year(timezone.localdate())
    return sorted({financial_year(c.received) for c in cases} | {today_year}, reverse=True)


def _case_rows(cases, settings, today: date) -> list[dict]:
    rows = []
    for c in cases:
        deadlines = c.deadlines(settings)
        rows.append(
            {
                "case": c,
                "deadlines": [(d, d.status(today), d.days_late(today)) for d in deadlines],
                "overdue": any(d.status(today) == "overdue" for d in deadlines),
            }
        )
    return rows


@reviews_view("view_reviews")
def register(request, p):
    reader = request.reader
    every = list(reader.asb_cases())
    years = _years(every)
    year = request.GET.get("year") or years[0]
    if year not in years:
        raise Http404("No such year in the register.")
    start, end = year_bounds(year)
    cases = [c for c in every if start <= c.received <= end]
    settings = ReviewSettings.of(p)
    today = timezone.localdate()
    log_reads(request.user, cases)
    counts = publication_counts((c.facts() for c in every), year, today)
    rows = _case_rows(cases, settings, today)
    return render(
        request,
        "reviews/asb_register.html",
        {
            "rows": rows,
            "years": years,
            "year": year,
            "year_slug": year.replace("/", "-"),
            "year_label": year_label(year),
            "counts": counts,
            "settings": settings,
            "reader": reader,
            "overdue": sum(r["overdue"] for r in rows),
            "status_labels": STATUS_LABELS,
        },
    )


@reviews_view("view_reviews")
def register_csv(request, p):
    """The register as CSV (the import's columns), every year; the download is audited.
    Cells are text, and any that a spreadsheet would run as a formula are quoted."""
    cases = list(request.reader.asb_cases().order_by("received", "reference"))
    log_reads(request.user, cases, "download")
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(["RESTRICTED: ASB case review register; not for publication"])
    w.writerow(CSV_COLUMNS)
    yes_no = {True: "yes", False: "no", None: ""}
    for c in cases:
        w.writerow(
            [
                safe_cell(c.reference),
                c.received.isoformat(),
                "victim" if c.applicant == "victim" else "on behalf",
                yes_no[c.threshold_met],
                c.decision_date.isoformat() if c.decision_date else "",
                c.review_date.isoformat() if c.review_date else "",
                yes_no[c.recommendations_made],
                safe_cell(c.outcome),
                c.applicant_informed.isoformat() if c.applicant_informed else "",
            ]
        )
    resp = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = f'attachment; filename="asb-case-reviews-{p.slug}.csv"'
    return resp


def safe_cell(text: str) -> str:
    """Text a spreadsheet would read as a formula (=, +, -, @, tab, CR) starts with a quote."""
    return "'" + text if text and text[0] in "=+-@\t\r" else text


@reviews_view("view_reviews")
def case_detail(request, p, pk):
    case = get_object_or_404(request.reader.asb_cases(), pk=pk)
    settings = ReviewSettings.of(p)
    today = timezone.localdate()
    complaints = list(case.complaints.live().select_related("agency"))
    recs = list(case.recommendations.live().select_related("agency"))
    log_reads(request.user, [case, *complaints, *recs])
    return render(
        request,
        "reviews/asb_case.html",
        {
            "case": case,
            "complaints": complaints,
            "recommendations": recs,
            "test": case.threshold_test(settings),
            "settings": settings,
            "deadlines": [
                (d, d.status(today), d.days_late(today)) for d in case.deadlines(settings)
            ],
            "reader": request.reader,
            "status_labels": STATUS_LABELS,
        },
    )


@reviews_view("edit_reviews")
def case_edit(request, p, pk=None):
    case = get_object_or_404(request.reader.asb_cases(), pk=pk) if pk else None
    form = AsbCaseForm(request.POST or None, instance=case, partnership=p)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.partnership = p
        obj.save_by(request.user)
        messages.success(request, f"{obj} saved.")
        return redirect("reviews:asb_case", p.slug, obj.pk)
    return review_form(
        request,
        form,
        title=f"Change {case}" if case else "Log an ASB case review application",
        caption=p.name,
        back=reverse("reviews:asb_case", args=[p.slug, case.pk])
        if case
        else reverse("reviews:asb", args=[p.slug]),
    )


@reviews_view("edit_reviews")
def complaint_add(request, p, pk):
    case = get_object_or_404(request.reader.asb_cases(), pk=pk)
    form = ComplaintForm(request.POST or None, partnership=p)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.case = case
        obj.save_by(request.user)
        messages.success(request, "Complaint recorded.")
        return redirect("reviews:asb_case", p.slug, case.pk)
    return review_form(
        request,
        form,
        title=f"Add a complaint behind {case.reference}",
        caption="The threshold counts the complaints made in the months before the application.",
        back=reverse("reviews:asb_case", args=[p.slug, case.pk]),
    )


@reviews_view("edit_reviews")
def recommendation_edit(request, p, pk, rec_pk=None):
    case = get_object_or_404(request.reader.asb_cases(), pk=pk)
    rec = (
        get_object_or_404(AsbRecommendation.objects.live(), pk=rec_pk, case=case)
        if rec_pk
        else None
    )
    form = AsbRecommendationForm(request.POST or None, instance=rec, partnership=p)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.case = case
        obj.save_by(request.user)
        messages.success(request, "Recommendation saved.")
        return redirect("reviews:asb_case", p.slug, case.pk)
    return review_form(
        request,
        form,
        title=("Change a recommendation" if rec else "Add a recommendation")
        + f" of {case.reference}",
        back=reverse("reviews:asb_case", args=[p.slug, case.pk]),
    )


@reviews_view("edit_reviews")
def case_archive(request, p, pk):
    case = get_object_or_404(request.reader.asb_cases(), pk=pk)
    return archive_page(
        request,
        case,
        title=f"Archive {case}",
        back=reverse("reviews:asb_case", args=[p.slug, case.pk]),
        done=reverse("reviews:asb", args=[p.slug]),
    )
