"""``saferplaces ingest SOURCE PATH...``"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from saferplaces.cli.context import open_warehouse
from saferplaces.cli.options import WarehouseOption
from saferplaces.cli.output import console, err_console, safe
from saferplaces.core.errors import SaferplacesError
from saferplaces.sources.agency.quality import first_rows_not_loaded
from saferplaces.sources.registry import get_source
from saferplaces.warehouse.loads import FileResult, LoadReport

# Values are shown in messages up to this many characters (the quarantine keeps them whole).
SHOWN = 60


def shorten(text: str, limit: int = SHOWN) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis, for one-line messages."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


_STAGES = {"checking": "Checking files", "reading": "Reading rows", "writing": "Writing"}


def ingest(
    source: Annotated[
        str,
        typer.Argument(
            help="Source name (police-uk, fire, ambulance, ed-assaults, police-extract, "
            "asb-cases, idva, drug-treatment, youth-fte, probation-caseload, "
            "school-attendance), or a dataset spec file (.toml) of your own."
        ),
    ],
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Files (CSV, XLSX), folders (searched recursively), or police.uk .zip archives."
        ),
    ],
    spec: Annotated[
        Path | None,
        typer.Option(
            "--spec",
            help="A dataset spec (TOML) saying how this agency's file is laid out; without it "
            "a built-in source expects its canonical layout (`saferplaces sources show NAME`).",
        ),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option("--encoding", help="Text encoding of CSV files, e.g. windows-1252."),
    ] = None,
    accept_partial: Annotated[
        bool,
        typer.Option(
            "--accept-partial",
            help="Load an agency file even when more than half its rows cannot be loaded "
            "(without it such a file fails the command and nothing is written).",
        ),
    ] = False,
    warehouse: WarehouseOption = None,
) -> None:
    """Load files into the warehouse: every row is loaded, quarantined or rejected.

    A file already loaded is skipped; a new file replaces only what it holds
    (a police.uk file its force's months); rows dated a stray or a future
    month are quarantined. An agency file more than half of whose rows
    cannot be loaded fails the command unless --accept-partial is given.
    The whole command is one transaction: people reading meanwhile see the
    warehouse as it was until it ends.

    Example: saferplaces ingest police-uk data/sample/police_uk

    Example: saferplaces ingest fire fires.csv --spec cfrs.toml
    """
    src = get_source(source)
    extra: dict[str, object] = {}
    if src.accepts_spec:
        extra["accept_partial"] = accept_partial
    elif accept_partial:
        raise SaferplacesError(
            f"--accept-partial is for agency sources (see `saferplaces sources`); {src.name} "
            "files are always loaded, their rows not loaded kept with the reason"
        )
    if spec is not None or encoding is not None:
        if not src.accepts_spec:
            raise SaferplacesError(
                f"{src.name} files have one fixed layout; --spec and --encoding are for agency "
                "sources (see `saferplaces sources`)"
            )
        if spec is not None:
            extra["spec"] = spec
        if encoding is not None:
            extra["encoding"] = encoding
    wh = open_warehouse(warehouse, write=True)
    with Progress(
        TextColumn("{task.description:<16}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=False,
    ) as bar:
        tasks: dict[str, int] = {}

        def on_progress(what: str, done: int, total: int) -> None:
            if what not in tasks:
                tasks[what] = bar.add_task(_STAGES.get(what, what), total=total)
            bar.update(tasks[what], completed=done, total=total)

        report = src.load(wh, [str(p) for p in paths], on_progress=on_progress, **extra)
    print_report(report)
    not_loaded = report.total("rows_quarantined") + report.total("rows_rejected")
    if not_loaded:
        ids = [f.load_id for f in report.files if f.load_id is not None]
        first = first_rows_not_loaded(wh, ids)
        console.print(f"First rows not loaded (of {not_loaded:,}):", highlight=False)
        for r in first:
            where = f"{Path(r['file_name']).name} row {r['row_number']}"
            if r["field"]:
                where += f", field {r['field']!r}"
            value = f" (got {shorten(r['value'])!r})" if r["value"] is not None else ""
            hint = f"; did you mean {r['hint']}?" if r.get("hint") else ""
            console.print(
                escape(f"  {where}: {r['reason']}{value}{hint}"), highlight=False, soft_wrap=True
            )


def print_report(report: LoadReport) -> None:
    table = Table(title="Load summary", title_justify="left", header_style="bold")
    for name, justify in [
        ("File", "left"),
        ("Status", "left"),
        ("Months", "left"),
        ("Read", "right"),
        ("Loaded", "right"),
        ("Quarantined", "right"),
        ("Rejected", "right"),
        ("Replaced", "right"),
    ]:
        table.add_column(name, justify=justify)
    for f in report.files:
        months = f"{f.months[0]}..{f.months[-1]}" if len(f.months) > 1 else "".join(f.months)
        table.add_row(
            safe(Path(f.file).name if ":" not in f.file else f.file.rsplit("/", 1)[-1]),
            _status(f),
            months,
            f"{f.rows_read:,}",
            f"{f.rows_loaded:,}",
            f"{f.rows_quarantined:,}",
            f"{f.rows_rejected:,}",
            f"{f.rows_replaced:,}",
        )
    new = [f for f in report.files if f.status != "already loaded" and f.rows_loaded]
    table.add_section()
    n = len(report.files)
    table.add_row(
        f"{n} file{'s' if n != 1 else ''}",
        f"{len(new)} loaded",
        "",
        f"{report.total('rows_read'):,}",
        f"{report.total('rows_loaded'):,}",
        f"{report.total('rows_quarantined'):,}",
        f"{report.total('rows_rejected'):,}",
        f"{report.total('rows_replaced'):,}",
        style="bold",
    )
    console.print(table)
    for f in report.files:
        if f.note:
            console.print(
                escape(f"• {Path(f.file).name}: {f.note}"), highlight=False, soft_wrap=True
            )
    for f in report.files:
        for w in f.warnings:
            console.print(escape(f"• {Path(f.file).name}: {w}"), highlight=False, soft_wrap=True)
    for name, why in report.skipped:
        err_console.print(f"[dim]skipped {escape(name)}: {escape(why)}[/dim]", highlight=False)
    if report.total("rows_quarantined") or report.total("rows_rejected"):
        console.print(
            "Rows not loaded are kept with their reason: see `saferplaces quality`.",
            highlight=False,
        )


def _status(f: FileResult) -> str:
    """A file's status as the summary says it: never "loaded" when no row was."""
    if f.status in ("loaded", "replaced") and not f.rows_loaded:
        return "nothing loaded"
    return f.status
