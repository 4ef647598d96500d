"""The county partnership's pages: its districts side by side, and the community safety
agreement; and a district's choice of what it publishes to its county."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from saferplaces.core.errors import SaferplacesError
from saferplaces.finance.money import pounds
from saferplaces.indicators.side_by_side import side_by_side
from saferplaces.web.core.access import partnership_view
from saferplaces.web.core.pages import form_page
from saferplaces.web.core.permissions import can
from saferplaces.web.county.evidence import flag_summary
from saferplaces.web.county.forms import CountyShareForm
from saferplaces.web.county.models import CountyShare
from saferplaces.web.county.visibility import CountyReader, available_kinds
from saferplaces.web.evidence.common import (
    evidence_page,
    indicator_from,
    periods,
    query,
    unavailable,
)
from saferplaces.web.evidence.comparison import completeness
from saferplaces.web.evidence.warehouse import EvidenceUnavailable, open_evidence


def _county(p):
    if not p.is_county:
        raise Http404("Not a county partnership")
    return p


def reader_for(request, p) -> CountyReader:
    return CountyReader(p, evidence=can(request.user, p, "view_evidence"))


@partnership_view("view")
def overview(request, p):
    """Each district: what it publishes, its priorities, its action plan's RAG status and
    (for members who see evidence) its place flags summary."""
    _county(p)
    reader = reader_for(request, p)
    districts = reader.districts()
    flags: dict[int, object] = {}
    problem = ""
    if reader.evidence and any(d.shares("flags") for d in districts):
        try:
            with open_evidence(p) as (wh, _area):
                flags = {
                    d.partnership.pk: flag_summary(wh, d.partnership)
                    for d in districts
                    if d.shares("flags")
                }
        except EvidenceUnavailable as e:
            problem = str(e)
    rows = []
    for d in districts:
        year, priorities = reader.priorities(d)
        rag_year, rag = reader.rag_counts(d)
        money_year, totals = reader.money(d)
        money = {k: pounds(v) for k, v in totals.items()} if totals else None
        rows.append(
            {
                "d": d,
                "priorities": priorities,
                "plan_year": year,
                "rag": rag,
                "rag_year": rag_year,
                "flags": flags.get(d.partnership.pk),
                "money": money,
                "money_year": money_year,
                "reviews": reader.review_counts(d),
            }
        )
    kinds = {k: label for k, label, _ in available_kinds()}
    return render(
        request,
        "county/overview.html",
        {
            "rows": rows,
            "kinds": kinds,
            "evidence": reader.evidence,
            "problem": problem,
            "can_evidence": reader.evidence,
            "money_shown": "money" in kinds,
            "reviews_shown": "reviews" in kinds,
        },
    )


@partnership_view("view_evidence")
@evidence_page(needs_months=True)
def evidence(request, p, wh, area):
    """The headline indicators of every district and the county, with honest change; one
    indicator's figures district by district."""
    _county(p)
    form, period, baseline = periods(request, wh, area)
    indicator = indicator_from(request)
    table = warnings = matrix = detail = None
    if period:
        try:
            table = side_by_side(wh, area, period, baseline)
        except SaferplacesError as e:
            return unavailable(request, str(e), status=400)
        done = completeness(
            wh, area, table.period, table.baseline, [i.id for i in table.indicators]
        )
        warnings = done.warnings()
        if indicator.id not in {i.id for i in table.indicators}:
            indicator = table.indicators[-1]
        matrix = [
            {"indicator": ind, "cells": [table.cell(ind.id, a.code) for a in table.columns]}
            for ind in table.indicators
        ]
        detail = [(a, table.cell(indicator.id, a.code)) for a in table.columns]
    return render(
        request,
        "county/evidence.html",
        {
            "form": form,
            "area": area,
            "table": table,
            "matrix": matrix,
            "detail": detail,
            "indicator": indicator,
            "warnings": warnings,
            "query": query(period, baseline),
            "can_evidence": True,
        },
    )


@partnership_view("manage_members")
def sharing(request, p):
    """A district's choice of what it publishes to its county partnership."""
    if p.county is None:
        return render(request, "county/sharing_none.html", {})
    share = CountyShare.objects.live().filter(partnership=p).first() or CountyShare(partnership=p)
    form = CountyShareForm(request.POST or None, instance=share)
    if request.method == "POST" and form.is_valid():
        form.save(commit=False).save_by(request.user)
        messages.success(request, f"What {p.name} publishes to {p.county.name} saved.")
        return redirect("partnerships:detail", p.slug)
    return form_page(
        request,
        form,
        title=f"What you publish to {p.county.name}",
        caption=p.name,
        back=reverse("partnerships:detail", args=[p.slug]),
        intro="Members of the county partnership see what you tick here, on its pages and "
        "in the community safety agreement; never a record restricted to your partnership.",
    )
