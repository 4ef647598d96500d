"""The DARDR register, for the named review group: each review with its stages against
the guidance's timescales and its costs; the recommendation tracker (status with history,
evidence when closed); the board summary as a page and a restricted document."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from saferplaces.reviews.dardr import REC_CLOSED, board_summary, deadlines, stage
from saferplaces.reviews.deadlines import STATUS_LABELS
from saferplaces.web.core.permissions import can
from saferplaces.web.reviews.documents import FORMATS, dardr_board_document, document_response
from saferplaces.web.reviews.forms import CostForm, DardrForm, DardrRecommendationForm, StatusForm
from saferplaces.web.reviews.models import DardrRecommendation
from saferplaces.web.reviews.views.common import archive_page, review_form
from saferplaces.web.reviews.visibility import dardr_view, log_reads


def _reviews(reader):
    return list(reader.dardrs().prefetch_related("recommendations"))


def _live_recs(reviews):
    return [r for d in reviews for r in d.recommendations.all() if not r.is_archived]


@dardr_view()
def register(request, p):
    today = timezone.localdate()
    reviews = _reviews(request.reader)
    rows = []
    for d in reviews:
        recs = [r for r in d.recommendations.all() if not r.is_archived]
        facts = d.facts(recs)
        steps = [(s, s.status(today), s.days_late(today)) for s in deadlines(facts)]
        rows.append(
            {
                "review": d,
                "stage": stage(facts),
                "steps": steps,
                "overdue": [s for s, st, _ in steps if st == "overdue"],
                "recs": len(recs),
                "recs_open": sum(r.status not in REC_CLOSED for r in recs),
                "recs_overdue": sum(r.overdue(today) for r in recs),
            }
        )
    log_reads(request.user, reviews)
    return render(
        request,
        "reviews/dardr_register.html",
        {"rows": rows, "reader": request.reader, "status_labels": STATUS_LABELS},
    )


@dardr_view()
def review_detail(request, p, pk):
    review = get_object_or_404(request.reader.dardrs(), pk=pk)
    today = timezone.localdate()
    recs = list(review.recommendations.live().select_related("agency"))
    costs = list(review.costs.live().select_related("line__year"))
    facts = review.facts(recs)
    log_reads(request.user, [review, *recs, *costs])
    return render(
        request,
        "reviews/dardr_review.html",
        {
            "review": review,
            "stage": stage(facts),
            "steps": [(s, s.status(today), s.days_late(today)) for s in deadlines(facts)],
            "recs": [(r, r.overdue(today)) for r in recs],
            "costs": costs,
            "cost_total": sum((c.amount for c in costs), Decimal("0")),
            "reader": request.reader,
            "status_labels": STATUS_LABELS,
            "panel": [a.strip() for a in review.panel_agencies.splitlines() if a.strip()],
        },
    )


@dardr_view(edit=True)
def review_edit(request, p, pk=None):
    review = get_object_or_404(request.reader.dardrs(), pk=pk) if pk else None
    form = DardrForm(request.POST or None, instance=review, partnership=p)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.partnership = p
        obj.save_by(request.user)
        messages.success(request, f"{obj} saved.")
        return redirect("reviews:dardr_review", p.slug, obj.pk)
    return review_form(
        request,
        form,
        title=f"Change {review}" if review else "Add a domestic abuse related death review",
        caption=p.name,
        back=reverse("reviews:dardr_review", args=[p.slug, review.pk])
        if review
        else reverse("reviews:dardr", args=[p.slug]),
    )


@dardr_view(edit=True)
def cost_add(request, p, pk):
    review = get_object_or_404(request.reader.dardrs(), pk=pk)
    form = CostForm(request.POST or None, partnership=p, money=can(request.user, p, "view_finance"))
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.dardr = review
        obj.save_by(request.user)
        messages.success(request, "Cost recorded.")
        return redirect("reviews:dardr_review", p.slug, review.pk)
    return review_form(
        request,
        form,
        title=f"Add a cost of {review}",
        back=reverse("reviews:dardr_review", args=[p.slug, review.pk]),
    )


@dardr_view(edit=True)
def recommendation_edit(request, p, pk, rec_pk=None):
    review = get_object_or_404(request.reader.dardrs(), pk=pk)
    rec = (
        get_object_or_404(DardrRecommendation.objects.live(), pk=rec_pk, dardr=review)
        if rec_pk
        else None
    )
    form = DardrRecommendationForm(request.POST or None, instance=rec, partnership=p)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.dardr = review
        obj.save_by(request.user)
        messages.success(request, f"Recommendation {obj.number} saved.")
        if "another" in request.POST:
            return redirect("reviews:dardr_rec_add", p.slug, review.pk)
        return redirect("reviews:dardr_review", p.slug, review.pk)
    return review_form(
        request,
        form,
        title=(f"Change recommendation {rec.number}" if rec else "Add a recommendation")
        + f" of {review}",
        back=reverse("reviews:dardr_review", args=[p.slug, review.pk]),
        template="reviews/rec_form.html",
        adding=rec is None,
    )


def _rec(request, rec_pk):
    rec = get_object_or_404(
        DardrRecommendation.objects.live().select_related("dardr", "agency"), pk=rec_pk
    )
    if rec.dardr not in request.reader.dardrs():
        raise Http404("No such recommendation in this partnership's register.")
    return rec


@dardr_view()
def recommendation_detail(request, p, rec_pk):
    rec = _rec(request, rec_pk)
    history = list(rec.history.select_related("changed_by"))
    log_reads(request.user, [rec])
    return render(
        request,
        "reviews/dardr_recommendation.html",
        {
            "rec": rec,
            "history": history,
            "overdue": rec.overdue(timezone.localdate()),
            "reader": request.reader,
        },
    )


@dardr_view(edit=True)
def recommendation_status(request, p, rec_pk):
    rec = _rec(request, rec_pk)
    form = StatusForm(request.POST or None, initial={"status": rec.status})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            rec.set_status(
                d["status"], request.user, d["reason"], d["evidence"], d["evidence_link"]
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(
                request, f"Recommendation {rec.number} is now {rec.get_status_display().lower()}."
            )
            return redirect("reviews:dardr_rec", p.slug, rec.pk)
    return review_form(
        request,
        form,
        title=f"Change the status of recommendation {rec.number}",
        caption=str(rec.dardr),
        back=reverse("reviews:dardr_rec", args=[p.slug, rec.pk]),
        status=400 if request.method == "POST" else None,
    )


@dardr_view(edit=True)
def review_archive(request, p, pk):
    review = get_object_or_404(request.reader.dardrs(), pk=pk)
    return archive_page(
        request,
        review,
        title=f"Archive {review}",
        back=reverse("reviews:dardr_review", args=[p.slug, review.pk]),
        done=reverse("reviews:dardr", args=[p.slug]),
    )


def _summary(request):
    today = timezone.localdate()
    reviews = _reviews(request.reader)
    recs = _live_recs(reviews)
    summary = board_summary(
        (d.facts([r for r in recs if r.dardr_id == d.pk]) for d in reviews),
        (r.facts() for r in recs),
        today,
    )
    return today, reviews, recs, summary


@dardr_view()
def summary(request, p):
    today, reviews, recs, s = _summary(request)
    log_reads(request.user, [*reviews, *recs])
    overdue = [r for r in recs if r.overdue(today)]
    return render(
        request,
        "reviews/dardr_summary.html",
        {"summary": s, "overdue": overdue, "today": today, "formats": FORMATS},
    )


@dardr_view()
def summary_document(request, p, fmt):
    if fmt not in FORMATS:
        raise Http404("No such format.")
    today, reviews, recs, s = _summary(request)
    log_reads(request.user, [*reviews, *recs], "download")
    doc = dardr_board_document(p, s, reviews, recs, today)
    return document_response(doc, fmt, f"dardr-board-summary-{p.slug}-{today:%Y-%m-%d}")
