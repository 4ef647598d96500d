"""The ``saferplaces`` command: a thin layer over the library.

Each command parses options, calls one library function and prints the result. Errors
caused by input are one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import sys

import typer
from rich.markup import escape

from saferplaces import __version__
from saferplaces.cli import assess as assess_cli
from saferplaces.cli import crosstab as _crosstab_cli  # noqa: F401  (adds `table crosstab`)
from saferplaces.cli import demo_data as demo_data_cli
from saferplaces.cli import indicators as indicators_cli
from saferplaces.cli import ingest as ingest_cli
from saferplaces.cli import places as places_cli
from saferplaces.cli import quality as quality_cli
from saferplaces.cli import reference as reference_cli
from saferplaces.cli import sources as sources_cli
from saferplaces.cli import web as web_cli
from saferplaces.cli.output import err_console
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
app.command("serve")(web_cli.serve)
app.add_typer(web_cli.admin_app, name="admin")
app.add_typer(sources_cli.app, name="sources")
app.command("demo-data")(demo_data_cli.demo_data)


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


def main() -> None:
    try:
        app()
    except SaferplacesError as e:
        # Messages hold user text ("[source]", "[fields.cause]"): never read it as markup.
        err_console.print(
            f"[bold red]Error:[/bold red] {escape(str(e))}", highlight=False, soft_wrap=True
        )
        sys.exit(1)
    except KeyboardInterrupt:
        err_console.print("Interrupted; nothing was changed by the unfinished step.")
        sys.exit(130)
