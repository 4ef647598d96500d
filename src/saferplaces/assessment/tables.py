"""Turning rows of numbers into a model :class:`Table`, with disclosure control applied.

Element builders describe columns and give rows of plain values; :func:`make_table`
formats every cell and, in the public edition, hides small counts of sensitive
measures below district level with :func:`saferplaces.disclosure.protect_rows`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from saferplaces.disclosure import KEY, Disclosure, Protected, protect_rows
from saferplaces.document.model import Cell, Column, Table
from saferplaces.document.tables import cell


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
    row_total: str | None = None,
    given: Protected | None = None,
) -> tuple[Table, Protected]:
    """A table of ``rows`` (dicts keyed by column key). ``counts`` are the count columns
    and ``derived`` the columns calculated from them, for disclosure control; rows in
    ``totals`` are totals for the whole area (never hidden, shown bold).

    ``independent``: the count columns are different measures of each row (people in
    treatment, successful completions), not parts of a row total, so secondary
    suppression runs down each column only: hiding one measure of a row reveals nothing
    about another.

    Then the suppression is audited against the table's sums (each column of counts adds
    up to the one total row; ``row_total`` names the count column that is each row's
    total): where a reader could still narrow a hidden count to a range under the
    ``<5`` band, another count is hidden (:func:`saferplaces.disclosure.audit.protect_sums`)."""
    skip = [i in totals for i in range(len(rows))]
    if given is not None:
        # Another table's suppression of the same counts (a map's data beside its table).
        protected = Protected(
            [{k for k in h if k in counts} for h in given.hidden],
            [{k for k in h if k in counts} for h in given.small],
        )
        protected.primary_count = sum(len(h) for h in protected.small)
        protected.secondary_count = sum(len(h) for h in protected.hidden) - protected.primary_count
        protected.hide_derived(derived or {}, counts)
    elif independent and len(counts) > 1:
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
    if protected.any and given is None:
        _audit(rows, counts, derived or {}, protected, list(totals), row_total)
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


def _audit(
    rows: Sequence[Mapping[str, Any]],
    counts: Sequence[str],
    derived: Mapping[str, Sequence[str]],
    protected: Protected,
    totals: list[int],
    row_total: str | None,
) -> None:
    """Hide more counts (in place) until none can be worked out from the table's sums,
    then hide what is calculated from them, and restate the note."""
    from saferplaces.disclosure.audit import protect_sums, sums_of_grid
    from saferplaces.disclosure.tables import _as_count

    values = [[_as_count(r.get(k)) for k in counts] for r in rows]
    hidden = [[k in protected.hidden[i] for k in counts] for i in range(len(rows))]
    small = [[k in protected.small[i] for k in counts] for i in range(len(rows))]
    fixed = [[i in totals] * len(counts) for i in range(len(rows))]
    sums = sums_of_grid(
        len(rows),
        len(counts),
        row_total=counts.index(row_total) if row_total in counts else None,
        total_rows=totals,
    )
    full = protect_sums(values, hidden, small, sums, fixed=fixed)
    added = 0
    for i, line in enumerate(full):
        for j, h in enumerate(line):
            if h and not hidden[i][j]:
                protected.hidden[i].add(counts[j])
                added += 1
    if not added:
        return
    protected.secondary_count += added
    protected.hide_derived(derived, counts)


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
    merged.hide_derived(derived)
    return merged
