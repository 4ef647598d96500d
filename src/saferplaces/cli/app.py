"""The ``saferplaces`` command: a thin layer over the library.

Each command parses options, calls one library function and prints the result. Errors
caused by input are one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import sys

import typer
from rich.markup import escape

from saferplaces import __version__, extensions
from saferplaces.cli import agreement as agreement_cli
from saferplaces.cli import assess as assess_cli
from saferplaces.cli import crosstab as _crosstab_cli  # noqa: F401  (adds `table crosstab`)
from saferplaces.cli import demo_data as demo_data_cli
from saferplaces.cli import export as export_cli
from saferplaces.cli import finance as finance_cli
from saferplaces.cli import indicators as indicators_cli
from saferplaces.cli import ingest as ingest_cli
from saferplaces.cli import places as places_cli
from saferplaces.cli import prioritise as prioritise_cli
from saferplaces.cli import quality as quality_cli
from saferplaces.cli import reference as reference_cli
from saferplaces.cli import report as report_cli
from saferplaces.cli import reviews as reviews_cli
from saferplaces.cli import similar as similar_cli
from saferplaces.cli import sources as sources_cli
from saferplaces.cli import web as web_cli
from saferplaces.cli.context import close_warehouses
from saferplaces.cli.output import err_console
from saferplaces.cli.phrasing import cli_text
from saferplaces.core.errors import SaferplacesError

app = typer.Typer(
    name="saferplaces",
    help="Evidence and strategic assessments for Community Safety Partnerships.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

app.command("ingest")(ingest_cli.ingest)
app.command("indicators")(indicators_cli.indicators)
app.command("quality")(quality_cli.quality)
app.command("assess")(assess_cli.assess)
app.add_typer(indicators_cli.table_app, name="table")
app.add_typer(reference_cli.app, name="reference")
app.add_typer(places_cli.flags_app, name="flags")
app.command("concentration")(places_cli.concentration)
app.command("hotspots")(places_cli.hotspots)
app.command("funnel")(places_cli.funnel)
app.command("harm")(places_cli.harm)
app.command("profile")(places_cli.profile)
app.command("prioritise")(prioritise_cli.prioritise)
app.command("similar")(similar_cli.similar)
app.command("agreement")(agreement_cli.agreement)
app.command("serve")(web_cli.serve)
app.command("notify")(web_cli.notify)
app.add_typer(web_cli.admin_app, name="admin")
app.add_typer(sources_cli.app, name="sources")
app.command("demo-data")(demo_data_cli.demo_data)
app.add_typer(finance_cli.finance_app, name="finance")
app.add_typer(report_cli.report_app, name="report")
app.add_typer(reviews_cli.reviews_app, name="reviews")
app.add_typer(export_cli.app, name="export")


def _version(value: bool) -> None:
    if value:
        print(f"saferplaces {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Evidence and strategic assessments for Community Safety Partnerships."""
    # Start-up: the built-in plugins and any installed ones register, once.
    extensions.load()


def main() -> None:
    try:
        try:
            app()
        finally:
            close_warehouses()  # a command's writes are seen once its warehouse is closed
    except SaferplacesError as e:
        # Messages hold user text ("[source]", "[fields.cause]"): never read it as markup.
        # The library names parameters; the command line says them as its flags.
        err_console.print(
            f"[bold red]Error:[/bold red] {escape(cli_text(e))}", highlight=False, soft_wrap=True
        )
        sys.exit(1)
    except OSError as e:
        # A disk that filled, a folder that cannot be written: one line, never a traceback.
        where = f" ({e.filename})" if e.filename else ""
        err_console.print(
            f"[bold red]Error:[/bold red] {escape(e.strerror or str(e))}{escape(where)}",
            highlight=False,
            soft_wrap=True,
        )
        sys.exit(1)
    except KeyboardInterrupt:
        err_console.print("Interrupted; nothing was changed by the unfinished step.")
        sys.exit(130)
