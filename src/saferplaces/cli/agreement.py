"""``saferplaces agreement``: the county community safety agreement."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from saferplaces.cli.context import open_warehouse
from saferplaces.cli.options import BaselineOption, PeriodOption, WarehouseOption
from saferplaces.cli.output import console, err_console
from saferplaces.core.periods import parse_period
from saferplaces.geography.areas import resolve_area
from saferplaces.indicators.registry import slug

CountyOption = Annotated[
    str,
    typer.Option(
        "--county",
        help="The county (upper-tier council of a two-tier area): a name or code, e.g. "
        "Cambridgeshire or E10000003.",
    ),
]
OutOption = Annotated[
    Path | None,
    typer.Option(
        "--out",
        help="Folder to write it to (default: agreement-COUNTY-PERIOD).",
        show_default=False,
    ),
]


def _recorded(wh, area):
    """What the web app's partnerships recorded for the county (its districts' published
    priorities, action plan status and place flags; its own actions), when the web
    database exists and holds a partnership for the county; else nothing."""
    from saferplaces.web import runtime

    if not runtime.database_exists():
        return None, None, "no web database: priorities and actions are not recorded"
    runtime.setup()
    from saferplaces.web.county.agreement import inputs
    from saferplaces.web.partnerships.models import Partnership

    county = Partnership.objects.live().filter(area_code=area.code).order_by("pk").first()
    if county is None:
        return None, None, f"no partnership in the web app serves {area.name}"
    districts, county_input = inputs(wh, county)
    return districts, county_input, f"partnership records from {county.name}"


def agreement(
    county: CountyOption,
    period: PeriodOption,
    baseline: BaselineOption = None,
    out: OutOption = None,
    warehouse: WarehouseOption = None,
) -> None:
    """Write the county community safety agreement (HTML, PDF, Word, spreadsheet) for every
    district of the county: shared priorities, county evidence, one section per district
    (its evidence beside its similar areas and what its partnership publishes to the
    county) and the county's agreed actions, from the warehouse and the web app's records.

    Example: saferplaces agreement --county Cambridgeshire --period 2025
    """
    from saferplaces.assessment.agreement import build_agreement
    from saferplaces.assessment.produce import render_document

    wh = open_warehouse(warehouse)
    area = resolve_area(wh, county, levels=("county",))
    p = parse_period(period)
    b = parse_period(baseline) if baseline else p.previous()
    districts, county_input, source = _recorded(wh, area)
    with err_console.status(f"Building the community safety agreement for {area.name}..."):
        doc = build_agreement(wh, area, p, b, districts=districts, county_input=county_input)
        name = slug(area.name.removesuffix(" County Council"))
        folder = out or Path(f"agreement-{name}-{slug(period)}")
        produced = render_document(doc, folder, basename="agreement")
    console.print(
        f"Community safety agreement for {area.name}, {p.label} ({source}):", highlight=False
    )
    for f in produced.files:
        console.print(f"  {f}", highlight=False)
    sections = next(s for s in doc.sections if s.id == "districts").children
    console.print(
        f"{len(sections)} district sections: {', '.join(s.title for s in sections)}.",
        highlight=False,
    )
