"""``saferplaces demo-data --out DIR``"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from saferplaces.cli.output import console, err_console
from saferplaces.sources.illustrative.draw import DEFAULT_SEED


def ingest_command(f) -> str:
    """The ``saferplaces ingest`` command that loads a written extract."""
    spec = f" --spec {f.spec}" if f.spec else ""
    return f"saferplaces ingest {f.source} {f.path.parent}{spec}"


def demo_data(
    out: Annotated[Path, typer.Option("--out", help="Folder to write the extracts into.")],
    seed: Annotated[
        int, typer.Option("--seed", help="Random seed: the same seed writes the same files.")
    ] = DEFAULT_SEED,
) -> None:
    """Write illustrative (not real) extracts for every built-in source, for Cambridgeshire's
    districts, at the volumes of published figures; print how to load them.

    Example: saferplaces demo-data --out .saferplaces/demo-data
    """
    from saferplaces.sources.illustrative import write_demo_data  # Shapely, pyproj: on use

    with err_console.status("Writing illustrative extracts..."):
        files = write_demo_data(out, seed)
    table = Table(
        title=f"Illustrative extracts (seed {seed}): NOT REAL DATA",
        title_justify="left",
        header_style="bold",
    )
    for name in ("Source", "File", "Rows", "Spec"):
        table.add_column(name, justify="right" if name == "Rows" else "left")
    for f in files:
        table.add_row(f.source, str(f.path), f"{f.rows:,}", f.spec.name if f.spec else "canonical")
    console.print(table)
    console.print("Load them with:", highlight=False)
    for f in files:
        console.print(f"  {ingest_command(f)}", highlight=False, soft_wrap=True)
