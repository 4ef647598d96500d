"""Turning rows of numbers into a model :class:`Table`, with disclosure control applied.

Element builders describe columns and give rows of plain values; :func:`make_table`
formats every cell and, in the public edition, hides small counts of sensitive
measures below district level with :func:`saferplaces.disclosure.protect_rows`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from saferplaces.assessment.formatting import cell
from saferplaces.assessment.model import Cell, Column, Table
from saferplaces.disclosure import KEY, Disclosure, Protected, protect_rows


def make_table(
    *,
    id: str,
    caption: str,
    columns: Sequence[Column],
    rows: Sequence[Mapping[str, Any]],
    disclosure: Disclosure,
    source: str = "",
    notes: Sequence[str] = (),
    sensitive: bool = False,
    level: str = "district",
    totals: Sequence[int] = (),
    counts: Sequence[str] = (),
    derived: Mapping[str, Sequence[str]] | None = None,
) -> tuple[Table, Protected]:
    """A table of ``rows`` (dicts keyed by column key). ``counts`` are the count columns
    and ``derived`` the columns calculated from them, for disclosure control; rows in
    ``totals`` are totals for the whole area (never hidden, shown bold)."""
    protected = protect_rows(
        rows,
        counts=counts,
        derived=derived,
        disclosure=disclosure,
        sensitive=sensitive,
        level=level,
        skip=[i in totals for i in range(len(rows))],
    )
    body: list[list[Cell]] = []
    for i, r in enumerate(rows):
        line = []
        for c in columns:
            hidden = protected.text(i, c.key)
            if hidden is not None:
                line.append(Cell(hidden, None, hidden=True))
            else:
                line.append(cell(r.get(c.key), c.kind))
        body.append(line)
    all_notes = list(notes)
    if protected.any:
        all_notes += [*protected.notes, KEY]
    table = Table(
        id=id,
        caption=caption,
        columns=list(columns),
        rows=body,
        source=source,
        notes=all_notes,
        sensitive=sensitive,
        level=level,
        total_rows=frozenset(totals),
        count_columns=tuple(counts),
    )
    return table, protected
