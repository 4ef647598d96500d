"""A reader trying to work out hidden counts of a public table, written for the tests
without the suppression code: from the cells as printed, the totals, and the order of
the rows, the smallest and largest value each hidden count can take (linear
programming over the table's sums)."""

from __future__ import annotations

import itertools
import math

from scipy.optimize import linprog

SMALL, HIDDEN = "<5", "[c]"


def _number(text: str) -> int | None:
    t = text.replace(",", "").strip()
    return int(t) if t.lstrip("-").isdigit() else None


def grid_of(table) -> tuple[list[str], list[str], list[list[object]]]:
    """(row names, count column keys, cells): an int, SMALL, HIDDEN or None."""
    head = next(i for i, c in enumerate(table.columns) if c.row_header)
    keys = [k for k in table.count_columns if any(c.key == k for c in table.columns)]
    names = [row[head].text for row in table.rows]
    cells = []
    for row in table.rows:
        line: list[object] = []
        for k in keys:
            text = row[table.column_index(k)].text
            line.append(text if text in (SMALL, HIDDEN) else _number(text))
        cells.append(line)
    return names, keys, cells


def ranges(
    cells: list[list[object]],
    total_rows: set[int],
    row_total: int | None,
    *,
    sorted_by: int | None = None,
) -> dict[tuple[int, int], tuple[float, float]] | None:
    """Range of each hidden cell, assuming each column's body adds up to the one total
    row, each row's cells to its ``row_total`` column, and (``sorted_by``) body rows
    sorted from most to least on that column. None when these assumptions contradict
    what is printed (so the reader learns nothing from them)."""
    var = {
        (i, j): n
        for n, (i, j) in enumerate(
            (i, j)
            for i, line in enumerate(cells)
            for j, v in enumerate(line)
            if v in (SMALL, HIDDEN)
        )
    }
    if not var:
        return {}
    bounds = [(1, 4) if cells[i][j] == SMALL else (0, None) for (i, j) in var]
    eq, rhs = [], []

    def add(parts, total):
        row, b = [0.0] * len(var), 0.0
        for sign, (i, j) in [(1, p) for p in parts] + [(-1, total)]:
            v = cells[i][j]
            if v is None:
                return
            if (i, j) in var:
                row[var[(i, j)]] += sign
            else:
                b -= sign * v
        eq.append(row)
        rhs.append(b)

    body = [i for i in range(len(cells)) if i not in total_rows]
    width = len(cells[0]) if cells else 0
    if len(total_rows) == 1:
        t = next(iter(total_rows))
        for j in range(width):
            add([(i, j) for i in body], (t, j))
    if row_total is not None:
        for i in range(len(cells)):
            add([(i, j) for j in range(width) if j != row_total], (i, row_total))
    ub, ubr = [], []
    if sorted_by is not None:
        for a, b in itertools.pairwise(body):  # x_b - x_a <= 0
            row, r = [0.0] * len(var), 0.0
            for sign, i in ((1, b), (-1, a)):
                v = cells[i][sorted_by]
                if (i, sorted_by) in var:
                    row[var[(i, sorted_by)]] += sign
                else:
                    r -= sign * v
            ub.append(row)
            ubr.append(r)
    out = {}
    for (i, j), n in var.items():
        ends = []
        for sense in (1, -1):
            obj = [0.0] * len(var)
            obj[n] = sense
            res = linprog(
                obj,
                A_eq=eq or None,
                b_eq=rhs or None,
                A_ub=ub or None,
                b_ub=ubr or None,
                bounds=bounds,
                method="highs",
            )
            if res.status == 2:
                return None  # infeasible: the assumed order or sums are not the table's
            ends.append(-math.inf * sense if res.status == 3 else sense * res.fun)
        out[(i, j)] = (ends[0], ends[1])
    return out


def looks_sorted(cells: list[list[object]], total_rows: set[int], j: int) -> bool:
    """True when the printed counts of column ``j`` never rise down the table."""
    shown = [cells[i][j] for i in range(len(cells)) if i not in total_rows]
    shown = [v for v in shown if isinstance(v, int)]
    return len(shown) > 1 and all(a >= b for a, b in itertools.pairwise(shown))


def leaks(table, truth: dict[tuple[str, str], int]) -> list[str]:
    """Hidden cells the reader narrows to fewer than three possible values, when the
    true value (``truth``, by row name and column key) lies in that range."""
    names, keys, cells = grid_of(table)
    total_rows = set(table.total_rows)
    row_total = keys.index("total") if "total" in keys else None
    found = []
    attempts = [None] + [j for j in range(len(keys)) if looks_sorted(cells, total_rows, j)]
    for sorted_by in attempts:
        got = ranges(cells, total_rows, row_total, sorted_by=sorted_by)
        for (i, j), (lo, hi) in (got or {}).items():
            true = truth.get((names[i], keys[j]))
            if true is None or not lo - 1e-6 <= true <= hi + 1e-6:
                continue
            if hi - lo < 2 - 1e-6:
                how = f" if sorted by {keys[sorted_by]}" if sorted_by is not None else ""
                found.append(
                    f"{table.id}: {names[i]} / {keys[j]} = {true} lies in [{lo:g}, {hi:g}]{how}"
                )
    return found
