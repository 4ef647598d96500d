"""Small-number suppression of a grid of counts, exactly as ``methods.md`` says.

Primary suppression hides every count from 1 to 4. Secondary suppression then looks at
each row and each column of the grid: where exactly one cell is suppressed, the next
smallest cell of that row or column is suppressed too, so the hidden value cannot be
worked out from a total. Rows and columns are checked again until nothing changes,
because a secondary cell can leave another row or column with exactly one.

"Next smallest" is the smallest visible cell above zero; a zero is used only when no
such cell is left (a hidden zero protects nothing a reader could not already guess).

Cells that are ``None`` (not a count, e.g. a ward with no data) take no part.

>>> primary_mask([[3, 10, 7], [12, 20, 25], [30, 40, 50]])[0]
[True, False, False]
>>> suppress_grid([[3, 10, 7], [12, 20, 25], [30, 40, 50]])
[[True, False, True], [True, False, True], [False, False, False]]
"""

from __future__ import annotations

from collections.abc import Sequence

LOW, HIGH = 1, 4

Grid = Sequence[Sequence[int | None]]


def primary_mask(values: Grid, low: int = LOW, high: int = HIGH) -> list[list[bool]]:
    """True where a count lies from ``low`` to ``high`` (1 to 4)."""
    return [[v is not None and low <= v <= high for v in row] for row in values]


def _complement(cells: list[tuple[int, int | None, bool]]) -> int | None:
    """Index of the cell to hide with the one already hidden in a line, or None."""
    hidden = [i for i, v, s in cells if s and v is not None]
    if len(hidden) != 1:
        return None
    visible = [(v, i) for i, v, s in cells if not s and v is not None]
    if not visible:
        return None
    positive = [c for c in visible if c[0] > 0]
    return min(positive or visible)[1]


def secondary_mask(values: Grid, mask: list[list[bool]]) -> list[list[bool]]:
    """``mask`` with secondary suppression added in every row and column until stable."""
    out = [list(r) for r in mask]
    n_rows = len(values)
    n_cols = max((len(r) for r in values), default=0)
    changed = True
    while changed:
        changed = False
        for r in range(n_rows):
            j = _complement([(c, values[r][c], out[r][c]) for c in range(len(values[r]))])
            if j is not None:
                out[r][j] = changed = True
        for c in range(n_cols):
            rows = [r for r in range(n_rows) if c < len(values[r])]
            i = _complement([(r, values[r][c], out[r][c]) for r in rows])
            if i is not None:
                out[i][c] = changed = True
    return out


def suppress_grid(values: Grid, low: int = LOW, high: int = HIGH) -> list[list[bool]]:
    """Primary then secondary suppression: True for every cell to hide."""
    return secondary_mask(values, primary_mask(values, low, high))
