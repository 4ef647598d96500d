"""Checking suppression against a reader who does the sums (``methods.md``).

The row-and-column rule of :mod:`saferplaces.disclosure.suppress` stops a hidden count
being read off one line as "total minus the visible cells". It does not stop every
recovery: two ``<5`` cells beside a row total of 8 must both be 4, and a hidden cell in
a row whose total is hidden can still be pinned through the column of totals. So a
table whose cells add up to totals is *audited*: for every hidden cell, the smallest
and largest values consistent with everything shown are found by linear programming
(the reader knows every visible cell and total, that ``<5`` means 1 to 4, and that no
count is negative), and where a hidden cell's range is narrower than ``PROTECTION``
another cell in one of its sums is hidden, until none is.

A range of at least 3 means a ``<5`` cell can still be any of 1 to 4: the reader learns
nothing beyond what ``<5`` already says.

>>> values = [[4, 4, 8], [20, 30, 50], [24, 34, 58]]  # two years and a total; a total row
>>> rel = sums_of_grid(3, 3, row_total=2, total_rows=[2])
>>> hidden = [[True, True, False], [False] * 3, [False] * 3]
>>> small = [[True, True, False], [False] * 3, [False] * 3]
>>> feasible_ranges(values, hidden, small, rel)[(0, 0)]
(4.0, 4.0)
>>> out = protect_sums(values, hidden, small, rel, fixed=[[False] * 3, [False] * 3, [True] * 3])
>>> [[int(h) for h in row] for row in out]
[[1, 1, 1], [1, 1, 1], [0, 0, 0]]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

PROTECTION = 3  # a hidden cell's feasible range must span at least this much
SMALL_LOW, SMALL_HIGH = 1, 4

Cell = tuple[int, int]


@dataclass(frozen=True)
class Sum:
    """``total`` is the sum of ``parts`` (cells given as (row, column))."""

    parts: tuple[Cell, ...]
    total: Cell

    @property
    def cells(self) -> tuple[Cell, ...]:
        return (*self.parts, self.total)


def sums_of_grid(
    n_rows: int,
    n_cols: int,
    *,
    row_total: int | None = None,
    total_rows: Sequence[int] = (),
) -> list[Sum]:
    """The sums of an ordinary table: each body row's cells add to its ``row_total``
    column; each column's body cells add to the one total row (when there is one)."""
    body = [i for i in range(n_rows) if i not in total_rows]
    out: list[Sum] = []
    if row_total is not None:
        cols = tuple(j for j in range(n_cols) if j != row_total)
        rows = range(n_rows) if len(total_rows) == 1 else body
        out += [Sum(tuple((i, j) for j in cols), (i, row_total)) for i in rows]
    if len(total_rows) == 1:
        t = total_rows[0]
        out += [Sum(tuple((i, j) for i in body), (t, j)) for j in range(n_cols)]
    return out


def _holds(values: Sequence[Sequence[int | None]], s: Sum) -> bool:
    """A sum the true values do not meet (a total of rows not all shown) is no help to a
    reader, and would make the check meaningless."""
    got = [values[i][j] for i, j in s.parts]
    t = values[s.total[0]][s.total[1]]
    return t is not None and all(v is not None for v in got) and sum(got) == t  # type: ignore[arg-type]


def feasible_ranges(
    values: Sequence[Sequence[int | None]],
    hidden: Sequence[Sequence[bool]],
    small: Sequence[Sequence[bool]],
    sums: Sequence[Sum],
) -> dict[Cell, tuple[float, float]]:
    """(smallest, largest) value of every hidden cell consistent with what is shown."""
    from scipy.optimize import linprog

    cells = [
        (i, j)
        for i, row in enumerate(values)
        for j, v in enumerate(row)
        if v is not None and hidden[i][j]
    ]
    index = {c: k for k, c in enumerate(cells)}
    bounds = [(SMALL_LOW, SMALL_HIGH) if small[i][j] else (0, None) for i, j in cells]
    a_eq, b_eq = [], []
    for s in sums:
        if not _holds(values, s) or not any(c in index for c in s.cells):
            continue
        row = [0.0] * len(cells)
        rhs = 0.0
        for sign, c in [(1.0, p) for p in s.parts] + [(-1.0, s.total)]:
            if c in index:
                row[index[c]] += sign
            else:
                rhs -= sign * float(values[c[0]][c[1]])  # type: ignore[arg-type]
        a_eq.append(row)
        b_eq.append(rhs)
    out: dict[Cell, tuple[float, float]] = {}
    linked = {k for row in a_eq for k, a in enumerate(row) if a}
    for k, c in enumerate(cells):
        lo_b, hi_b = bounds[k]
        if k not in linked:
            out[c] = (float(lo_b), math.inf if hi_b is None else float(hi_b))
            continue
        ends = []
        for sense in (1.0, -1.0):
            obj = [0.0] * len(cells)
            obj[k] = sense
            res = linprog(obj, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
            if res.status == 3:  # unbounded
                ends.append(-math.inf * sense)
            elif res.status != 0:
                ends.append(math.nan)
            else:
                ends.append(round(sense * res.fun, 6))
        out[c] = (ends[0], ends[1])
    return out


def exposed(
    values: Sequence[Sequence[int | None]],
    hidden: Sequence[Sequence[bool]],
    small: Sequence[Sequence[bool]],
    sums: Sequence[Sum],
    width: float | dict[Cell, float] = PROTECTION,
) -> list[Cell]:
    """Hidden cells a reader can narrow to a range under ``width`` (or pin); ``width``
    may be given per cell."""
    found = []
    for c, (lo, hi) in feasible_ranges(values, hidden, small, sums).items():
        if math.isnan(lo) or math.isnan(hi):
            continue
        want = width.get(c, PROTECTION) if isinstance(width, dict) else width
        if small[c[0]][c[1]]:
            want = min(want, SMALL_HIGH - SMALL_LOW)
        if hi - lo < want - 1e-9:
            found.append(c)
    return found


def protect_sums(
    values: Sequence[Sequence[int | None]],
    hidden: Sequence[Sequence[bool]],
    small: Sequence[Sequence[bool]],
    sums: Sequence[Sum],
    *,
    fixed: Sequence[Sequence[bool]] | None = None,
    width: float = PROTECTION,
) -> list[list[bool]]:
    """``hidden`` with more cells hidden until no hidden cell can be narrowed below
    ``width``, or below the widest range it could have were every cell that is not
    ``fixed`` hidden (a row of ``<5``, ``<5`` and their total ``<5`` says by itself that
    the total is at least 2). Each round hides, in a sum holding an exposed cell, the
    smallest visible count above zero (a zero only when none is left); ``fixed`` cells
    (totals published anyway, e.g. the district's) are never hidden."""
    out = [list(r) for r in hidden]
    fixed = fixed or [[False] * len(r) for r in values]
    if not any(any(r) for r in out):
        return out
    everything = [
        [not fixed[i][j] and v is not None for j, v in enumerate(row)]
        for i, row in enumerate(values)
    ]
    best = feasible_ranges(values, everything, small, sums)
    target = {c: min(width, hi - lo) for c, (lo, hi) in best.items()}
    given_up: set[Cell] = set()
    while True:
        bad = [c for c in exposed(values, out, small, sums, target) if c not in given_up]
        if not bad:
            return out
        c = bad[0]
        options = {
            d
            for s in sums
            if c in s.cells and _holds(values, s)
            for d in s.cells
            if not out[d[0]][d[1]] and not fixed[d[0]][d[1]] and values[d[0]][d[1]] is not None
        }
        if not options:
            given_up.add(c)  # every cell it could hide behind is published anyway
            continue
        pick = min(options, key=lambda d: (values[d[0]][d[1]] == 0, values[d[0]][d[1]], d))
        out[pick[0]][pick[1]] = True
