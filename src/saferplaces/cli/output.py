"""Printing results as a Rich table, CSV or JSON.

Tables are for people: numbers grouped and rounded, notes under the table. CSV is for
spreadsheets: plain numbers, rounded to what is meaningful. JSON is for machines:
every value at full precision, with the area, periods and notes.
"""

from __future__ import annotations

import csv
import json
import math
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


def _console(stderr: bool = False) -> Console:
    # Piped output is read in files and logs, not an 80-column terminal: keep rows whole.
    probe = Console(stderr=stderr)
    return Console(stderr=stderr, width=None if probe.is_terminal else 160)


console = _console()
err_console = _console(stderr=True)


def safe(value: object) -> Text:
    """Text exactly as given: user text ("[source]", "[fields.cause.values]") is never read
    as Rich markup, so nothing in square brackets disappears from a table cell."""
    return Text(str(value))


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str = "text"  # text | int | rate | percent | pct | signed | z | p


def _is_missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def human(value: Any, kind: str) -> str:
    """A value as a person reads it in a table."""
    if _is_missing(value):
        return "–"
    if isinstance(value, str) and kind != "text":
        return value  # a suppressed count ("<5", "[c]") or another marker
    if kind == "int":
        return f"{int(value):,}"
    if kind == "signed":
        return f"{int(value):+,}" if value else "0"
    if kind == "rate":
        return f"{value:,.2f}"
    if kind == "percent":
        return f"{value:.1f}%"
    if kind == "pct":
        return f"{value:+.1f}%" if round(value, 1) else "0.0%"
    if kind == "z":
        return f"{value:+.2f}"
    if kind == "p":
        return "<0.001" if value < 0.001 else f"{value:.3f}"
    return str(value)


def plain(value: Any, kind: str) -> Any:
    """A value as a spreadsheet wants it: a plain number, sensibly rounded."""
    if _is_missing(value):
        return ""
    if isinstance(value, str) and kind != "text":
        return value  # a suppressed count
    if kind in ("int", "signed"):
        return int(value)
    if kind == "percent":
        return round(float(value), 1)
    if kind == "rate":
        return round(float(value), 3)
    if kind in ("pct", "z"):
        return round(float(value), 2)
    if kind == "p":
        return float(f"{value:.4g}")
    return value


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
    """Print ``rows`` in ``fmt``; JSON prints ``payload()`` whole."""
    if fmt == Format.json:
        sys.stdout.write(json.dumps(payload(), indent=2, default=_json_default) + "\n")
        return
    if fmt == Format.csv:
        w = csv.writer(sys.stdout, lineterminator="\n")
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
        console.print(f"[dim]• {escape(n)}[/dim]", highlight=False)
