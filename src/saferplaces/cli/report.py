"""``saferplaces report``: the data group's quarterly reports."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from saferplaces.cli.context import open_warehouse
from saferplaces.cli.options import AreaOption, Format, PeriodOption, WarehouseOption
from saferplaces.cli.output import Column, console, emit, err_console
from saferplaces.cli.place_flags import PartnershipOption

report_app = typer.Typer(help="The data group's quarterly reports.", no_args_is_help=True)

EditionOption = Annotated[
    str,
    typer.Option(
        "--edition",
        help="public (counts from 1 to 4 suppressed) or restricted (every count, marked "
        "RESTRICTED).",
    ),
]

TABLE_COLUMNS = [
    Column("label", "District or service", "text"),
    Column("kind", "Kind", "text"),
    *[Column(k, k, "int") for k in ("Q1", "Q2", "Q3", "Q4")],
    Column("total", "Total", "int"),
    Column("engagement_rate", "Engagement rate", "percent"),
    Column("repeat_rate", "Repeat rate", "percent"),
]


@report_app.command("domestic-abuse")
def domestic_abuse(
    area: AreaOption,
    period: Annotated[
        str,
        typer.Option("--period", help="Financial year, April to March, e.g. 2020/21."),
    ],
    fmt: Annotated[
        Format, typer.Option("--format", help="table, csv or json, to the screen.")
    ] = Format.table,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Also write the report as HTML, PDF, Word and XLSX into this folder.",
            show_default=False,
        ),
    ] = None,
    edition: EditionOption = "public",
    warehouse: WarehouseOption = None,
) -> None:
    """The domestic abuse quarterly performance report: IDVA referrals, engagement and
    repeat rates by district and service strand for each quarter of the financial year
    (Q1 = April to June), the year's total and the previous year's, MARAC cases and
    police domestic abuse incidents and crimes where held, and the change against the
    same quarter last year with the exact test, drafted as sentences.

    Example: saferplaces report domestic-abuse --area Cambridgeshire --period 2025/26 --format json
    """
    from saferplaces.disclosure import Disclosure, parse_edition
    from saferplaces.geography.areas import resolve_area
    from saferplaces.quarterly.da_document import build_document, report_json, table_rows
    from saferplaces.quarterly.domestic_abuse import LEVELS, build_report, financial_year

    start = financial_year(period)
    ed = parse_edition(edition)
    wh = open_warehouse(warehouse)
    a = resolve_area(wh, area, levels=LEVELS)
    report = build_report(wh, a, start)
    disclosure = Disclosure(ed)
    if out is not None:
        from saferplaces.assessment.produce import render_document

        with err_console.status(f"Writing the domestic abuse report of {a.name}..."):
            produced = render_document(
                build_document(report, ed), out, basename="domestic-abuse-report"
            )
        for f in produced.files:
            err_console.print(f"Wrote {f}", highlight=False)
    this = report.this_year
    payload = report_json(report, disclosure)
    notes = [*payload["sentences"], *payload["notes"]] if fmt == Format.table else []
    emit(
        fmt,
        TABLE_COLUMNS,
        table_rows(this, disclosure),
        payload=lambda: payload,
        title=f"IDVA referrals, {a.name}, {this.year} ({ed.value} edition)",
        notes=notes,
    )
    if report.illustrative and fmt == Format.table:
        console.print("Illustrative data: some figures come from invented extracts.")


@report_app.command("places")
def places(
    area: AreaOption,
    period: PeriodOption,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Also write the report as HTML, PDF, Word and XLSX into this folder.",
            show_default=False,
        ),
    ] = None,
    edition: EditionOption = "public",
    partnership: PartnershipOption = "",
    warehouse: WarehouseOption = None,
) -> None:
    """The quarterly place report: the latest flags run for the district and period
    against the run before it, every ward's category and what changed drafted as
    sentences (new, stays, moves, comes off, and decisions with their reasons), the data
    sets added since, and a one-page profile of each emerging and sustaining ward. The
    actions that respond to each place are added by the web app's flags page.

    Example: saferplaces report places --area "South Cambs" --period ye2025-09 --out out/places
    """
    from saferplaces.core.periods import parse_period
    from saferplaces.disclosure import parse_edition
    from saferplaces.geography.areas import resolve_area
    from saferplaces.places import store
    from saferplaces.places.place_report import add_profiles, build_place_report, sentences

    ed = parse_edition(edition)
    wh = store.open_for(open_warehouse(warehouse), partnership.strip())
    a = resolve_area(wh, area)
    report = build_place_report(wh, a, parse_period(period))
    if out is not None:
        from saferplaces.places.place_report_document import place_report_document
        from saferplaces.render.write import render_document

        with err_console.status(f"Writing the place report of {a.name}..."):
            add_profiles(wh, report)
            produced = render_document(
                place_report_document(report, ed), out, basename="place-report"
            )
        for f in produced.files:
            err_console.print(f"Wrote {f}", highlight=False)
    console.print(
        f"Place report, {a.name}, {report.period.label}: run {report.run['run_id']}"
        + (f" against run {report.previous['run_id']}" if report.previous else " (no earlier run)"),
        highlight=False,
    )
    for line in sentences(report, public=ed.value == "public"):
        console.print(f"- {line}", highlight=False, soft_wrap=True)
    for d in report.datasets:
        console.print(
            f"Data set added: {d.title}, {d.files} file(s), {d.rows:,} rows"
            + (" (new source)" if d.new_source and report.previous else ""),
            highlight=False,
        )
