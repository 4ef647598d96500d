"""Evidence pages: indicators (police.uk and every agency source held), wards (table and
map), a ward, the monthly trend and data quality.

Every page opens the warehouse read-only for the request and reads it only through the
core library. Figures are shown unsuppressed, so these pages are for members of the
partnership (``view_evidence``), never public. Rows whose period or baseline is not held
in full are not compared, and the page says so at the top (see ``comparison.py``).
"""

from __future__ import annotations

from django.shortcuts import render

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.periods import Period, month_index
from saferplaces.geography.areas import Area, wards_of
from saferplaces.indicators import engine
from saferplaces.indicators.registry import get_indicator
from saferplaces.indicators.tables import ward_table
from saferplaces.quality.report import quality_report
from saferplaces.sources.agency.indicators import full_indicator_table
from saferplaces.web.core.access import partnership_view
from saferplaces.web.core.permissions import can
from saferplaces.web.evidence import flagdata
from saferplaces.web.evidence.charts import trend_svg
from saferplaces.web.evidence.common import (
    evidence_page,
    indicator_choices,
    indicator_from,
    month_label,
    periods,
    query,
    unavailable,
)
from saferplaces.web.evidence.comparison import completeness, row_views
from saferplaces.web.evidence.maps import ward_map
from saferplaces.web.evidence.warehouse import months_held


def indicator_groups(wh, area: Area, period: Period, baseline: Period | None, title: str):
    """The indicator table as the page shows it: one table per source group (police.uk
    first, then each agency's), each row marked compared or not, and the warnings."""
    table = full_indicator_table(wh, area, period, baseline)
    done = completeness(
        wh, area, table.period, table.baseline, [r.indicator_id for r in table.rows]
    )
    illustrative = set(table.illustrative)
    groups = []
    for g in table.groups:
        ids = g["indicator_ids"]
        rows = [r for r in table.rows if r.indicator_id in set(ids)]
        sources = list(dict.fromkeys(get_indicator(i).source for i in ids))
        held = next((done.sources[s].held_note for s in sources if done.sources[s].held_note), "")
        police = g["group"] == "police.uk"
        name = "Police.uk crime and anti-social behaviour" if police else g["group"]
        groups.append(
            {
                "name": name,
                "caption": f"{name}{title}, {table.period.label} compared with "
                f"{table.baseline.label}",
                "rows": row_views(rows, done),
                "illustrative": bool(illustrative & set(sources)),
                "held_note": held,
                "police": police,
            }
        )
    return table, groups, done.warnings()


@partnership_view("view_evidence")
@evidence_page(needs_months=True)
def indicators(request, p, wh, area):
    form, period, baseline = periods(request, wh, area)
    table = groups = warnings = similar = None
    if period:
        table, groups, warnings = indicator_groups(wh, area, period, baseline, "")
        similar = similar_column(wh, area, table.period)
        for g in groups if similar else []:
            for row in g["rows"] if g["police"] else []:
                row.bench = similar["rows"].get(row.indicator_id)
    return render(
        request,
        "evidence/indicators.html",
        {
            "form": form,
            "area": area,
            "table": table,
            "groups": groups,
            "warnings": warnings,
            "query": query(period, baseline),
            "similar": similar,
        },
    )


def similar_column(wh, area: Area, period: Period):
    """The police.uk table's comparison: each headline indicator's similar areas' average
    (a district) and England and Wales (when every force's data is held), or None."""
    from saferplaces.indicators.benchmarks import benchmarks
    from saferplaces.indicators.registry import headline_indicators

    result = benchmarks(wh, area, period, headline_indicators())
    if result.similar is None and not result.national:
        return None
    return {
        "rows": {b.indicator_id: b for b in result.rows},
        "national": result.national,
        "district": result.similar is not None,
        "notes": result.notes,
    }


@partnership_view("view_evidence")
@evidence_page(needs_months=True)
def wards(request, p, wh, area):
    indicator = indicator_from(request)
    form, period, baseline = periods(request, wh, area)
    table = svg = legend = rows = None
    warnings: list[str] = []
    held = ""
    if period:
        try:
            table = ward_table(wh, area, indicator, period, baseline)
        except SaferplacesError as e:
            return unavailable(request, str(e), status=400)
        done = completeness(wh, area, table.period, table.baseline, [indicator.id])
        rows = row_views(table.rows, done, key=lambda r: indicator.id)
        warnings = done.warnings()
        held = done.for_indicator(indicator.id).held_note
        svg, legend = ward_map(
            wh,
            {r.code: r.rate_per_1000 for r in table.rows},
            {r.code: r.name for r in table.rows},
            title=f"{indicator.name} per 1,000 {indicator.denominator or 'residents'} by ward, "
            f"{period.label}",
            description="Wards shaded from light (lowest rate) to dark (highest rate). "
            "The figures are in the table that follows the map.",
        )
    return render(
        request,
        "evidence/wards.html",
        {
            "form": form,
            "area": area,
            "indicator": indicator,
            "indicators": indicator_choices(),
            "table": table,
            "rows": rows,
            "warnings": warnings,
            "held_note": held,
            "svg": svg,
            "legend": legend,
            "query": query(period, baseline),
            "period": period,
        },
    )


@partnership_view("view_evidence")
@evidence_page(needs_months=True)
def ward(request, p, wh, area, code):
    from django.http import Http404

    names = dict(wards_of(wh, area))
    if code not in names:
        raise Http404("That ward is not in this partnership's area.")
    ward_area = Area(code, names[code], "ward", area.name)
    form, period, baseline = periods(request, wh, area)
    table = groups = warnings = None
    if period:
        table, groups, warnings = indicator_groups(
            wh, ward_area, period, baseline, f" in {ward_area.name}"
        )
    return render(
        request,
        "evidence/ward.html",
        {
            "form": form,
            "area": area,
            "ward": ward_area,
            "table": table,
            "groups": groups,
            "warnings": warnings,
            "flags": flagdata.ward_summary(wh, area, code),
            "places": flagdata.actions_for_ward(p, code),
            "query": query(period, baseline),
            "can_flag": can(request.user, p, "run_flags"),
        },
    )


@partnership_view("view_evidence")
@evidence_page(needs_months=True)
def trend(request, p, wh, area):
    indicator = indicator_from(request)
    months = months_held(wh, area)
    first, last = month_index(months[0]), month_index(months[-1])
    period = Period(max(first, last - 35), last)
    held = set(months)
    # A month not held is a gap in the line and "not held" in the table, never a zero.
    series = [
        (m, c if m in held else None) for m, c in engine.monthly_counts(wh, indicator, area, period)
    ]
    svg = trend_svg(
        series,
        title=f"{indicator.name} each month in {area.name}, {period.label}",
        description=f"A line chart of the monthly count of {indicator.name.lower()}; "
        "months not held are gaps in the line. The figures are in the table below.",
    )
    return render(
        request,
        "evidence/trend.html",
        {
            "area": area,
            "indicator": indicator,
            "indicators": indicator_choices(),
            "rows": [(month_label(m), c) for m, c in series],
            "svg": svg,
            "period": period,
            "missing": [month_label(m) for m, c in series if c is None],
        },
    )


@partnership_view("view_evidence")
@evidence_page
def quality(request, p, wh, area):
    return render(
        request, "evidence/quality.html", {"area": area, "report": quality_report(wh, area)}
    )
