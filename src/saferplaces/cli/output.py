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
from rich.table import Table

from saferplaces.cli.options import Format


def _console(stderr: bool = False) -> Console:
    # Piped output is read in files and logs, not an 80-column terminal: keep rows whole.
    probe = Console(stderr=stderr)
    return Console(stderr=stderr, width=None if probe.is_terminal else 160)


console = _console()
err_console = _console(stderr=True)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str = "text"  # text | int | rate | pct | signed | z | p


def _is_missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def human(value: Any, kind: str) -> str:
    """A value as a person reads it in a table."""
    if _is_missing(value):
        return "–"
    if kind == "int":
        return f"{int(value):,}"
    if kind == "signed":
        return f"{int(value):+,}" if value else "0"
    if kind == "rate":
        return f"{value:,.2f}"
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
    if kind in ("int", "signed"):
        return int(value)
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
    table = Table(title=title, title_justify="left", header_style="bold")
    for c in columns:
        table.add_column(c.header, justify="left" if c.kind == "text" else "right")
    for r in rows:
        table.add_row(
            *[human(r.get(c.key), c.kind) for c in columns],
            style=row_style(r) if row_style else None,
        )
    console.print(table)
    for n in notes:
        console.print(f"[dim]• {n}[/dim]", highlight=False)
