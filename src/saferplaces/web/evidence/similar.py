"""The evidence page of a district beside its similar areas: which districts they are and
why, each indicator's rate beside their average (and England and Wales when every force's
data is held), and the funnel plot across them for one indicator (drawn by the shared
renderer from the document layer's chart spec, with its data table)."""

from __future__ import annotations

import base64

from django.shortcuts import render

from saferplaces.assessment.elements.similar_areas import funnel_chart
from saferplaces.core.errors import SaferplacesError
from saferplaces.indicators.benchmarks import benchmarks
from saferplaces.indicators.registry import headline_indicators
from saferplaces.places.similar_funnel import similar_funnel
from saferplaces.web.core.access import partnership_view
from saferplaces.web.evidence.common import (
    evidence_page,
    indicator_choices,
    indicator_from,
    periods,
    query,
    unavailable,
)

SOURCE = "police.uk (Home Office), OGL v3.0; Census 2021 (ONS)"


def _png(chart) -> str:
    from saferplaces.render.charts import chart_png

    return "data:image/png;base64," + base64.b64encode(chart_png(chart, SOURCE)).decode()


@partnership_view("view_evidence")
@evidence_page(needs_months=True)
def similar(request, p, wh, area):
    if area.level not in ("district", "csp"):
        return unavailable(
            request,
            f"Similar areas are found for a district; {area.name} is a {area.level}.",
            status=400,
        )
    indicator = indicator_from(request)
    form, period, baseline = periods(request, wh, area)
    result = funnel = image = None
    if period:
        try:
            result = benchmarks(wh, area, period, headline_indicators())
        except SaferplacesError as e:
            return unavailable(request, str(e), status=400)
        row = result.row(indicator.id)
        funnel = similar_funnel(row, area, period) if row else None
        if funnel is not None:
            image = _png(funnel_chart(funnel))
    return render(
        request,
        "evidence/similar.html",
        {
            "form": form,
            "area": area,
            "result": result,
            "indicator": indicator,
            "indicators": indicator_choices(),
            "funnel": funnel,
            "image": image,
            "query": query(period, baseline),
            "period": period,
            "held": set(result.held.get("police-uk", [])) if result else set(),
        },
    )
