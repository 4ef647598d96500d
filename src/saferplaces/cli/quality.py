"""``saferplaces quality``"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from saferplaces.cli.context import open_warehouse
from saferplaces.cli.options import Format, FormatOption, WarehouseOption
from saferplaces.cli.output import Column, console, emit
from saferplaces.geography.areas import resolve_area
from saferplaces.quality.agreements import check, read_agreements
from saferplaces.quality.report import quality_report


def quality(
    area: Annotated[
        str | None, typer.Option("--area", help="Limit to the forces covering this area.")
    ] = None,
    agreements: Annotated[
        Path | None,
        typer.Option(
            "--agreements",
            help="The register of sharing agreements (its CSV or JSON download): warn for "
            "each agency source held that no current agreement covers.",
        ),
    ] = None,
    format: FormatOption = Format.table,
    warehouse: WarehouseOption = None,
) -> None:
    """What the warehouse holds, what is missing, and rows not loaded, by reason.

    Example: saferplaces quality --area "South Cambridgeshire" --agreements agreements.csv
    """
    register = read_agreements(agreements) if agreements else None
    wh = open_warehouse(warehouse)
    a = resolve_area(wh, area) if area else None
    report = quality_report(wh, a)
    if register is not None:
        report.without_agreement = check(wh, register, date.today())
    if format == Format.json:
        sys.stdout.write(json.dumps(report.to_dict(), indent=2) + "\n")
        return
    sections = [
        (
            "Months held",
            [
                Column("source", "Source"),
                Column("force", "Force"),
                Column("first_month", "First"),
                Column("last_month", "Last"),
                Column("months_present", "Months", "int"),
                Column("missing", "Missing inside range"),
                Column("rows", "Rows", "int"),
                Column("last_loaded", "Last loaded"),
            ],
            [{**c, "missing": ", ".join(c["missing_months"]) or "none"} for c in report.coverage],
        ),
        (
            "Locations",
            [
                Column("source", "Source"),
                Column("force", "Force"),
                Column("rows", "Rows", "int"),
                Column("location_unknown", "No location", "int"),
                Column("lsoa_not_in_lookup", "LSOA not in lookup", "int"),
                Column("outside_force_area", "Outside force area", "int"),
            ],
            report.location,
        ),
        (
            "Rows not loaded",
            [
                Column("source", "Source"),
                Column("kind", "Kind"),
                Column("reason", "Reason"),
                Column("rows", "Rows", "int"),
                Column("files", "Files", "int"),
                Column("example", "First example"),
            ],
            report.quarantine,
        ),
        (
            "Sources that cannot be read",
            [Column("source", "Source"), Column("reason", "Why")],
            report.broken,
        ),
    ]
    if report.without_agreement is not None:
        sections.append(
            (
                "Sources held with no current sharing agreement",
                [Column("source", "Source"), Column("title", "What")],
                report.without_agreement,
            )
        )
    for title, columns, rows in sections:
        if format == Format.csv:
            console.print(f"# {title}", highlight=False)
        if not rows and format == Format.table:
            console.print(f"[bold]{title}[/bold]: none", highlight=False)
            continue
        emit(format, columns, rows, payload=report.to_dict, title=title)
    for n in report.notes:
        console.print(f"• {escape(n)}", highlight=False)
    if report.without_agreement and format == Format.table:
        console.print(
            "• Record an agreement covering each source held with no current sharing "
            "agreement in the web app's register, or remove the data.",
            highlight=False,
        )
    if register is None and format == Format.table:
        console.print(
            "• Sharing agreements not checked: give --agreements FILE (the register's "
            "download in the web app).",
            highlight=False,
        )
