"""``saferplaces sources`` and ``saferplaces sources show NAME``."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from saferplaces.cli.options import Format, FormatOption
from saferplaces.cli.output import console, safe
from saferplaces.document.safe_text import csv_writer
from saferplaces.sources.agency.catalogue import describe_source, source_catalogue

app = typer.Typer(
    help="The agency sources saferplaces reads, their fields and their indicators "
    "(alone: list them, as `saferplaces sources list`).",
    invoke_without_command=True,
)


@app.callback()
def _sources(ctx: typer.Context) -> None:
    """The built-in agency sources (``saferplaces sources`` alone lists them)."""
    if ctx.invoked_subcommand is None:
        list_sources(Format.table)


@app.command("list")
def list_sources(format: FormatOption = Format.table) -> None:
    """List the built-in sources with their fields and indicators.

    Example: saferplaces sources list
    """
    entries = source_catalogue()
    if format == Format.json:
        sys.stdout.write(json.dumps(entries, indent=2) + "\n")
        return
    if format == Format.csv:
        w = csv_writer(sys.stdout, lineterminator="\n")
        w.writerow(["name", "title", "kind", "fields", "indicators"])
        for e in entries:
            w.writerow(
                [
                    e["name"],
                    e["title"],
                    e["kind"],
                    " ".join(f["name"] for f in e["fields"]),
                    " ".join(i["id"] for i in e["indicators"]),
                ]
            )
        return
    table = Table(title="Built-in sources", title_justify="left", header_style="bold")
    for name in ("Source", "What", "Kind", "Fields (canonical layout)", "Indicators"):
        table.add_column(name)
    for e in entries:
        table.add_row(
            e["name"],
            e["title"],
            e["kind"],
            ", ".join(f["name"] + ("*" if f["required"] else "") for f in e["fields"]),
            ", ".join(i["id"] for i in e["indicators"]) or "–",
        )
    console.print(table)
    console.print(
        "[dim]• * required. `saferplaces sources show NAME` prints a source's spec and an "
        "example file; load one with `saferplaces ingest NAME FILE` (or --spec FILE for an "
        "agency's own columns).[/dim]",
        highlight=False,
    )


@app.command("show")
def show(
    name: Annotated[str, typer.Argument(help="A built-in source, or a spec file (.toml).")],
    example: Annotated[
        bool, typer.Option("--example", help="Print only the example file (CSV).")
    ] = False,
) -> None:
    """Print a source's spec, its fields and indicators, and an example file.

    Example: saferplaces sources show fire
    """
    d = describe_source(name)
    if example:
        _example_csv(d)
        return
    console.print(
        f"[bold]{escape(d['name'])}[/bold]: {escape(d['title'])} ({escape(d['agency'])})",
        highlight=False,
    )
    console.print(safe(d["description"]), highlight=False)
    console.print(
        safe(
            f"Kind: {d['kind']}. "
            + (f"Date field: {d['date_field']}. " if d["date_field"] else "")
            + f"Finest geography: {d['resolution']}. Spec: {d['origin']}."
        ),
        highlight=False,
    )
    fields = Table(title="Fields", title_justify="left", header_style="bold")
    for col in ("Field", "Column in the file", "Type", "Required", "Values"):
        fields.add_column(col)
    for f in d["fields"]:
        fields.add_row(
            safe(f["name"]),
            safe(" or ".join(f["columns"])),
            f["type"]
            + (" (residence)" if f["of"] == "residence" else "")
            + (" (measure)" if f["measure"] else ""),
            "yes" if f["required"] else "",
            safe(", ".join(f["allowed"]) or f["formats"] or ""),
        )
    console.print(fields)
    if d["indicators"]:
        inds = Table(title="Indicators", title_justify="left", header_style="bold")
        for col in ("Id", "Name", "Resolution", "Sensitive"):
            inds.add_column(col)
        for i in d["indicators"]:
            inds.add_row(
                safe(i["id"]), safe(i["name"]), i["resolution"], "yes" if i["sensitive"] else ""
            )
        console.print(inds)
    if d["ratios"]:
        console.print(
            safe("Rates: " + ", ".join(f"{r['id']} ({r['name']})" for r in d["ratios"])),
            highlight=False,
        )
    dates = "ISO dates" if d["layout"] == "canonical" else "dates as the spec reads them"
    console.print(f"\n[bold]Example file[/bold] ({d['layout']} layout: these headers, {dates})")
    _example_csv(d)
    console.print("\n[bold]Spec[/bold]")
    for text in d["texts"]:
        sys.stdout.write(text.rstrip() + "\n")


def _example_csv(d: dict) -> None:
    w = csv_writer(sys.stdout, lineterminator="\n")
    w.writerow(d["header"])
    w.writerows(d["example"])
