"""Options shared by every command, declared once."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from saferplaces.core.periods import FORMS_HELP

WarehouseOption = Annotated[
    Path | None,
    typer.Option(
        "--warehouse",
        envvar="SAFERPLACES_WAREHOUSE",
        help="Warehouse file (default: .saferplaces/warehouse.duckdb).",
        show_default=False,
    ),
]

AreaOption = Annotated[
    str,
    typer.Option(
        "--area",
        help="District, CSP, ward or force: a name or code (case-insensitive).",
    ),
]

PeriodOption = Annotated[str, typer.Option("--period", help=f"Period: {FORMS_HELP}.")]

BaselineOption = Annotated[
    str | None,
    typer.Option(
        "--baseline",
        help="Baseline period, same forms (default: the equal period before).",
        show_default=False,
    ),
]


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


FormatOption = Annotated[Format, typer.Option("--format", help="Output format.")]
