"""``saferplaces report``: the data group's quarterly reports."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from saferplaces.cli.context import open_warehouse
from saferplaces.cli.options import AreaOption, Format, WarehouseOption
from saferplaces.cli.output import Column, console, emit, err_console

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
