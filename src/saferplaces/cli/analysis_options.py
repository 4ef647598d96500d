"""Command-line options made from the analyses' declared options
(:mod:`saferplaces.places.options`): the flag is the parameter's name (``min_flags`` is
``--min-flags``), the help and the default are the declaration's, so the command line,
the web form and the assessment spec cannot drift apart.

    top: cli_option(FLAGS["top"]) = FLAGS["top"].default
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from saferplaces.cli.phrasing import flag
from saferplaces.core.options import Option

_TYPES: dict[type, type] = {bool: bool, int: int, float: float, str: str, list: str}


def cli_option(option: Option) -> Any:
    """The Typer option of a declared option (a list is given comma-separated)."""
    annotation: Any = _TYPES[option.type]
    if option.default is None:
        annotation = annotation | None
    help_text = option.help
    if option.type is list:
        help_text = f"{help_text} Comma-separated ids or names."
    return Annotated[
        annotation,
        typer.Option(flag(option.name), help=help_text, show_default=option.default is not None),
    ]
