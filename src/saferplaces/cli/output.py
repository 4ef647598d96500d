"""Printing results as a Rich table, CSV or JSON.

Tables are for people: numbers grouped and rounded, notes under the table
(:mod:`saferplaces.document.formatting`, as every document shows them). CSV is for
spreadsheets: plain numbers rounded as the table shows them, and no cell a spreadsheet
could run as a formula. JSON is for machines: every value at full precision, with the
area, periods and notes.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from saferplaces.cli.options import Format
from saferplaces.cli.phrasing import cli_text, cli_tree
from saferplaces.document.formatting import data_value, fmt, is_missing
from saferplaces.document.safe_text import csv_writer

# Control characters other than tab and newline (ESC starts the codes that recolour,
# move or clear a terminal; C1 CSI is one byte of the same; CR overwrites a line).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` with control characters shown as escapes (``\\x1b``): a value from a file
    holding ESC [2J would otherwise clear the terminal, or recolour and hide what follows.

    >>> printable("ok\\x1b[31mred")
    'ok\\\\x1b[31mred'
    """
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


class _PrintableConsole(Console):
    """A console that never sends a control character from the text it prints."""

    def print(self, *objects: Any, **kwargs: Any) -> None:
        super().print(*(printable(o) if isinstance(o, str) else o for o in objects), **kwargs)


def _console(stderr: bool = False) -> Console:
    # Piped output is read in files and logs, not an 80-column terminal: keep rows whole.
    probe = Console(stderr=stderr)
    return _PrintableConsole(stderr=stderr, width=None if probe.is_terminal else 160)


console = _console()
err_console = _console(stderr=True)


def safe(value: object) -> Text:
    """Text exactly as given: user text ("[source]", "[fields.cause.values]") is never read
    as Rich markup, so nothing in square brackets disappears from a table cell."""
    return Text(printable(str(value)))


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    # text | int | rate | percent | share | fraction | pct | signed | z | p | money
    kind: str = "text"


def human(value: Any, kind: str) -> str:
    """A value as a person reads it in a table (:func:`saferplaces.document.formatting.fmt`;
    ``fraction``, a part of one such as 0.25, reads as the share ``25.0%``)."""
    if kind == "fraction" and not is_missing(value) and not isinstance(value, str):
        return fmt(100 * float(value), "share")
    return fmt(value, kind)


def plain(value: Any, kind: str) -> Any:
    """A value as a spreadsheet wants it: a plain number, rounded as a table shows it; an
    empty cell for nothing."""
    if is_missing(value):
        return ""
    if kind == "fraction":
        return value if isinstance(value, str) else round(float(value), 4)
    return value if kind == "text" else data_value(value, kind)


def _json_default(o: Any) -> Any:
    if isinstance(o, date | datetime):
        return o.isoformat()
    raise TypeError(type(o).__name__)


def emit(
    fmt: Format,
    columns: Sequence[Column],
    rows: Sequence[dict[str, Any]],
    *,
    payload: Callable[[], dict[str, Any]],
    title: str | None = None,
    notes: Sequence[str] = (),
    row_style: Callable[[dict[str, Any]], str | None] | None = None,
) -> None:
    """Print ``rows`` in ``fmt``; JSON prints ``payload()`` whole. Notes from the library
    are worded for the command line (flags, not parameter names), in JSON too."""
    if fmt == Format.json:
        doc = cli_tree(payload())
        sys.stdout.write(json.dumps(doc, indent=2, default=_json_default) + "\n")
        return
    if fmt == Format.csv:
        w = csv_writer(sys.stdout, lineterminator="\n")
        w.writerow([c.key for c in columns])
        for r in rows:
            w.writerow([plain(r.get(c.key), c.kind) for c in columns])
        return
    table = Table(title=escape(title) if title else None, title_justify="left", header_style="bold")
    for c in columns:
        table.add_column(escape(c.header), justify="left" if c.kind == "text" else "right")
    for r in rows:
        table.add_row(
            *[safe(human(r.get(c.key), c.kind)) for c in columns],
            style=row_style(r) if row_style else None,
        )
    console.print(table)
    for n in notes:
        console.print(f"[dim]• {escape(cli_text(n))}[/dim]", highlight=False)
