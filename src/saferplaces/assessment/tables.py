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
from saferplaces.disclosure import HIDDEN, KEY, SMALL, Disclosure, Protected, protect_rows


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
    independent: bool = False,
) -> tuple[Table, Protected]:
    """A table of ``rows`` (dicts keyed by column key). ``counts`` are the count columns
    and ``derived`` the columns calculated from them, for disclosure control; rows in
    ``totals`` are totals for the whole area (never hidden, shown bold).

    ``independent``: the count columns are different measures of each row (people in
    treatment, successful completions), not parts of a row total, so secondary
    suppression runs down each column only: hiding one measure of a row reveals nothing
    about another."""
    skip = [i in totals for i in range(len(rows))]
    if independent and len(counts) > 1:
        protected = _by_column(rows, counts, derived or {}, disclosure, sensitive, level, skip)
    else:
        protected = protect_rows(
            rows,
            counts=counts,
            derived=derived,
            disclosure=disclosure,
            sensitive=sensitive,
            level=level,
            skip=skip,
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


def _by_column(
    rows: Sequence[Mapping[str, Any]],
    counts: Sequence[str],
    derived: Mapping[str, Sequence[str]],
    disclosure: Disclosure,
    sensitive: bool,
    level: str,
    skip: list[bool],
) -> Protected:
    """Suppression of each count column on its own, then of the derived columns."""
    merged = Protected([set() for _ in rows], [set() for _ in rows])
    for key in counts:
        one = protect_rows(
            rows, counts=[key], disclosure=disclosure, sensitive=sensitive, level=level, skip=skip
        )
        for i in range(len(rows)):
            merged.hidden[i] |= one.hidden[i]
            merged.small[i] |= one.small[i]
        merged.primary_count += one.primary_count
        merged.secondary_count += one.secondary_count
    for i in range(len(rows)):
        for key, sources in derived.items():
            if any(s in merged.hidden[i] for s in sources):
                merged.hidden[i].add(key)
                merged.derived_count += 1
    if merged.primary_count:
        merged.notes.append(
            f"Public edition: {merged.primary_count} count(s) from 1 to 4 are shown as {SMALL}; "
            f"{merged.secondary_count} other count(s) and {merged.derived_count} value(s) "
            f"calculated from hidden counts are shown as {HIDDEN}."
        )
    return merged
