"""Cells and tables from plain values: what every document builder needs.

A :class:`~saferplaces.document.model.Cell` holds the text a reader sees (formatted by
:mod:`saferplaces.document.formatting`) and the value a spreadsheet keeps. Builders
whose tables need disclosure control (the assessment) apply it on top of these.

>>> cell(1234, "int"), cell(None, "rate").text, cell(0.25, "rate").value
(Cell(text='1,234', value=1234, hidden=False), '–', 0.25)
>>> t = table("t", "Two rows", [Column("name", "Name", row_header=True),
...           Column("n", "Count", "int")], [{"name": "A", "n": 3}, {"name": "B", "n": 1200}])
>>> [[c.text for c in row] for row in t.rows]
[['A', '3'], ['B', '1,200']]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from saferplaces.document.formatting import MISSING, fmt, is_missing, whole
from saferplaces.document.model import Cell, Column, Table

_NUMBER_KINDS = ("rate", "pct", "p", "index", "mean", "share", "percent", "z", "money")


def cell(value: Any, kind: str = "text") -> Cell:
    """A visible cell: the text as shown and the value a spreadsheet keeps (unrounded,
    so a spreadsheet can calculate with it; counts as whole numbers)."""
    if is_missing(value):
        return Cell(MISSING, None)
    if isinstance(value, str) and kind != "text":
        return Cell(value, None)  # a marker given instead of a number
    if kind in ("int", "signed"):
        return Cell(fmt(value, kind), whole(value))
    if kind in _NUMBER_KINDS:
        return Cell(fmt(value, kind), float(value))
    return Cell(str(value), value)


def table(
    id: str,
    caption: str,
    columns: Sequence[Column],
    rows: Sequence[Mapping[str, Any]],
    *,
    source: str = "",
    notes: Sequence[str] = (),
    total_rows: Sequence[int] = (),
    level: str = "district",
) -> Table:
    """A table of ``rows`` (dicts keyed by column key), every cell formatted by its
    column's kind. No disclosure control: for tables that hold no small counts of a
    sensitive measure (agenda items, attendance, an action plan)."""
    return Table(
        id=id,
        caption=caption,
        columns=list(columns),
        rows=[[cell(r.get(c.key), c.kind) for c in columns] for r in rows],
        source=source,
        notes=list(notes),
        total_rows=frozenset(total_rows),
        level=level,
    )
