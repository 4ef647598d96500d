"""The annual ASB case review publication: members preview the year's counts and the
chair or officer publishes them; the public reads what was published (page, CSV, PDF and
Word). Published counts are kept as published: the register may change later, and the
preview then shows the difference."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from saferplaces.reviews.asb import publication_counts
from saferplaces.reviews.years import YearError, year_bounds, year_label
from saferplaces.web.core.access import partnership_view
from saferplaces.web.reviews.documents import FORMATS, asb_publication_document, document_response
from saferplaces.web.reviews.forms import PublishForm
from saferplaces.web.reviews.models import AsbPublication, ReviewSettings
from saferplaces.web.reviews.views.common import review_form
from saferplaces.web.reviews.visibility import public_publications, reviews_view

COUNT_ROWS = [
    ("applications", "Applications for an ASB case review"),
    ("threshold_not_met", "Applications that did not meet the threshold"),
    ("reviews_carried_out", "ASB case reviews carried out"),
    ("reviews_with_recommendations", "ASB case reviews that led to recommendations"),
]


def _year(year: str) -> str:
    year = year.replace("-", "/")
    try:
        year_bounds(year)
    except YearError:
        raise Http404("No such year.") from None
    return year


def _threshold_text(p) -> str:
    s = ReviewSettings.of(p)
    return s.asb_threshold_text or f"{s.threshold.describe()}."


@reviews_view("view_reviews")
def preview(request, p, year):
    """The year's counts from the register today, beside what was published (if any)."""
    year = _year(year)
    cases = list(request.reader.asb_cases())
    counts = publication_counts((c.facts() for c in cases), year, timezone.localdate())
    published = public_publications(p).filter(year=year).first()
    live = counts.to_dict()
    return render(
        request,
        "reviews/asb_publication.html",
        {
            "year": year,
            "year_label": year_label(year),
            "counts": counts,
            "rows": [
                (label, live[k], published.counts()[k] if published else None)
                for k, label in COUNT_ROWS
            ],
            "published": published,
            "differs": bool(published) and published.counts() != live,
            "reader": request.reader,
            "year_slug": year.replace("/", "-"),
        },
    )


@reviews_view("publish_reviews")
def publish(request, p, year):
    year = _year(year)
    form = PublishForm(
        request.POST or None,
        initial={"statement": getattr(public_publications(p).first(), "statement", "")},
    )
    if request.method == "POST" and form.is_valid():
        cases = list(request.reader.asb_cases())
        today = timezone.localdate()
        counts = publication_counts((c.facts() for c in cases), year, today)
        with transaction.atomic():
            for old in public_publications(p).filter(year=year):
                old.archive(request.user, f"Replaced by the counts published on {today:%-d %B %Y}")
            pub = AsbPublication(
                partnership=p,
                as_of=today,
                statement=form.cleaned_data["statement"],
                **counts.to_dict(),
            )
            pub.full_clean(exclude=["partnership"])
            pub.save_by(request.user)
        messages.success(request, f"The {year} counts are published on the public pages.")
        return redirect("public_reviews:asb_year", p.slug, year.replace("/", "-"))
    return review_form(
        request,
        form,
        title=f"Publish the ASB case review counts for {year}",
        caption=year_label(year),
        back=reverse("reviews:asb_publication", args=[p.slug, year.replace("/", "-")]),
        submit="Publish",
    )


@partnership_view(None, public=True)
def public_list(request, p):
    from saferplaces.web.reviews.visibility import public_dardrs

    return render(
        request,
        "reviews/public_reviews.html",
        {"publications": list(public_publications(p)), "dardrs": list(public_dardrs(p))},
    )


def _published(p, year):
    pub = public_publications(p).filter(year=_year(year)).first()
    if pub is None:
        raise Http404("No counts are published for that year.")
    return pub


@partnership_view(None, public=True)
def public_year(request, p, year):
    pub = _published(p, year)
    return render(
        request,
        "reviews/public_asb_year.html",
        {
            "pub": pub,
            "year_label": year_label(pub.year),
            "rows": [(label, pub.counts()[k]) for k, label in COUNT_ROWS],
            "threshold": _threshold_text(p),
            "year_slug": pub.year.replace("/", "-"),
            "formats": FORMATS,
        },
    )


@partnership_view(None, public=True)
def public_csv(request, p, year):
    pub = _published(p, year)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    keys = list(pub.counts())
    w.writerow(keys)
    w.writerow([pub.counts()[k] for k in keys])
    resp = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    slug = pub.year.replace("/", "-")
    resp["Content-Disposition"] = f'attachment; filename="asb-case-reviews-{p.slug}-{slug}.csv"'
    return resp


@partnership_view(None, public=True)
def public_document(request, p, year, fmt):
    if fmt not in FORMATS:
        raise Http404("No such format.")
    pub = _published(p, year)
    doc = asb_publication_document(p, pub, _threshold_text(p))
    return document_response(doc, fmt, f"asb-case-reviews-{p.slug}-{pub.year.replace('/', '-')}")
