"""``saferplaces export parquet DIR``"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from saferplaces.cli.options import WarehouseOption
from saferplaces.cli.output import console, err_console
from saferplaces.warehouse.export import export_parquet

app = typer.Typer(help="Copy the warehouse out for other tools.")


@app.command("parquet")
def parquet(
    folder: Annotated[Path, typer.Argument(help="Folder to write (new or empty).")],
    warehouse: WarehouseOption = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Replace what FOLDER holds, once the export is whole.")
    ] = False,
    include_restricted: Annotated[
        bool,
        typer.Option(
            "--include-restricted",
            help="Also export agency records and place-flag runs and decisions (not for "
            "publication).",
        ),
    ] = False,
) -> None:
    """Write every table other engines need as a Parquet file, with manifest.json.

    Example: saferplaces export parquet out/parquet
    """
    with err_console.status("Exporting the warehouse as Parquet..."):
        done = export_parquet(warehouse, folder, replace=replace, restricted=include_restricted)
    table = Table(title=f"Exported to {done.folder}", title_justify="left", header_style="bold")
    for name in ("Table", "File", "Rows", "Columns"):
        table.add_column(name, justify="right" if name in ("Rows", "Columns") else "left")
    for t in done.tables:
        table.add_row(t.table, t.file, f"{t.rows:,}", str(len(t.columns)))
    console.print(table)
    console.print(f"Loads fingerprint (SHA-256): {done.fingerprint}", highlight=False)
    if done.withheld:
        console.print(
            f"Not exported (restricted; add --include-restricted): {', '.join(done.withheld)}",
            highlight=False,
            soft_wrap=True,
        )
    elif done.restricted:
        console.print(
            "RESTRICTED: this export holds agency records and place-flag decisions; not for "
            "publication.",
            highlight=False,
        )
