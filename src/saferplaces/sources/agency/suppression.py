"""Disclosure control for pivot tables (``methods.md``): in the public edition, counts of
1 to 4 of a sensitive source below district level show ``<5``, and secondary suppression
hides enough other counts (``[c]``) that none can be worked out from the row, column
or area totals. The restricted edition shows everything and is marked.
"""

from __future__ import annotations

from saferplaces.disclosure import (
    HIDDEN,
    KEY,
    SMALL,
    Disclosure,
    primary_mask,
    secondary_mask,
)
from saferplaces.geography.areas import Area
from saferplaces.sources.agency.dimensions import Dim
from saferplaces.sources.agency.grid import Table
from saferplaces.sources.agency.spec import Spec


def level_of(row_dim: Dim, col_dim: Dim, area: Area | None) -> str:
    """The finest geography a table shows: a ward table (or any table for a ward) is
    below district level."""
    if "ward" in (row_dim.name, col_dim.name) or (area is not None and area.level == "ward"):
        return "ward"
    return "district"


def protect(table: Table, disclosure: Disclosure, spec: Spec, level: str) -> list[str]:
    """Suppress small counts in place (public edition); mark a restricted one."""
    notes: list[str] = []
    if disclosure.marking:
        notes.append(f"{disclosure.marking}: not for publication (small counts are shown in full).")
    if not disclosure.applies(sensitive=spec.sensitive, level=level):
        return notes
    body = [r for r in table.rows if r.kind != "area total"]
    cols = list(body[0].cells) if body else []
    keys = [*cols, ""]  # "" is the row's total
    grid = [[_count(table.counts.get((r.label, c))) for c in keys] for r in body]
    small = primary_mask(grid)
    hidden = secondary_mask(grid, small)
    inside = [i for i, r in enumerate(body) if r.kind == "value"]
    while inside:  # the area total is a sum too: protect within the area's own rows
        sub = secondary_mask([grid[i] for i in inside], [hidden[i] for i in inside])
        changed = False
        for j, i in enumerate(inside):
            if sub[j] != hidden[i]:
                hidden[i], changed = sub[j], True
        if not changed:
            break
        hidden = secondary_mask(grid, hidden)
    n_small = n_hidden = 0
    for i, r in enumerate(body):
        for j, c in enumerate(keys):
            if not hidden[i][j]:
                continue
            mark = SMALL if small[i][j] else HIDDEN
            n_small += small[i][j]
            n_hidden += not small[i][j]
            if c == "":
                r.total = mark
            else:
                r.cells[c] = mark
    if n_small:
        notes.append(
            f"Public edition: {n_small} count(s) from 1 to 4 of sensitive data below district "
            f"level are shown as {SMALL}, and {n_hidden} other(s) as {HIDDEN}. {KEY}"
        )
    return notes


def _count(v: int | float | None) -> int | None:
    if v is None:
        return None
    return int(v) if float(v).is_integer() else None
