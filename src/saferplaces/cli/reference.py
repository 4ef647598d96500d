"""``saferplaces reference load DIR``"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from saferplaces.cli.options import WarehouseOption
from saferplaces.cli.output import console, err_console
from saferplaces.geography.reference import load_reference, reference_files
from saferplaces.warehouse.connection import Warehouse

app = typer.Typer(help="Reference data: lookups, population, deprivation, boundaries.")


@app.command("load")
def load(
    folder: Annotated[
        Path | None,
        typer.Argument(help="Folder laid out like data/sample (default: the bundled data)."),
    ] = None,
    warehouse: WarehouseOption = None,
) -> None:
    """Load reference files found under FOLDER, replacing those already held.

    Example: saferplaces reference load data/sample
    """
    with Warehouse.open(warehouse) as wh, err_console.status("Loading reference data..."):
        report = load_reference(wh, folder)
    table = Table(title="Reference data", title_justify="left", header_style="bold")
    for name in ("Table", "File", "Status", "Rows"):
        table.add_column(name, justify="right" if name == "Rows" else "left")
    for f in report.files:
        table.add_row(f.source.removeprefix("reference:"), f.file, f.status, f"{f.rows_loaded:,}")
    console.print(table)


@app.command("list")
def list_files() -> None:
    """List the reference files saferplaces looks for, and where.

    Example: saferplaces reference list
    """
    table = Table(header_style="bold")
    for name in ("Key", "File pattern", "What", "Required"):
        table.add_column(name)
    for r in reference_files():
        table.add_row(r.key, r.pattern, r.description, "yes" if r.required else "no")
    console.print(table)
