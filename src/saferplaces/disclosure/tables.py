"""Suppressing a table of rows: counts, and the values calculated from them.

A capability with a table (an assessment chapter, an area profile, a public web page)
says which columns are counts and which are calculated from which counts, and gets
back, for every row, the columns to hide and why:

>>> from saferplaces.disclosure import Edition
>>> rows = [{"ward": "A", "n": 3, "n0": 12, "rate": 0.4},
...         {"ward": "B", "n": 40, "n0": 35, "rate": 5.1},
...         {"ward": "C", "n": 22, "n0": 30, "rate": 2.9}]
>>> p = protect_rows(rows, counts=["n", "n0"], derived={"rate": ["n"]},
...                  disclosure=Disclosure(Edition.PUBLIC), sensitive=True, level="ward")
>>> [sorted(h) for h in p.hidden]
[['n', 'n0', 'rate'], [], ['n', 'n0', 'rate']]
>>> p.text(0, "n"), p.text(0, "n0"), p.text(0, "rate")
('<5', '[c]', '[c]')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from saferplaces.disclosure.policy import HIDDEN, SMALL, Disclosure
from saferplaces.disclosure.suppress import primary_mask, secondary_mask


@dataclass
class Protected:
    """Which cells of each row to hide; ``small`` are the primary (1 to 4) cells."""

    hidden: list[set[str]]
    small: list[set[str]]
    primary_count: int = 0
    secondary_count: int = 0
    derived_count: int = 0
    notes: list[str] = field(default_factory=list)

    def is_hidden(self, row: int, key: str) -> bool:
        return key in self.hidden[row]

    def text(self, row: int, key: str) -> str | None:
        """``<5`` for a small count, ``[c]`` for any other hidden cell, None if shown."""
        if key in self.small[row]:
            return SMALL
        if key in self.hidden[row]:
            return HIDDEN
        return None

    @property
    def any(self) -> bool:
        return any(self.hidden)

    def hide_derived(
        self, derived: Mapping[str, Sequence[str]], counts: Sequence[str] = ()
    ) -> None:
        """Hide every value calculated from a hidden count (a ``derived`` column that is
        not itself one of ``counts``), and (re)state the note."""
        self.derived_count = 0
        for i in range(len(self.hidden)):
            for key, sources in derived.items():
                if key not in counts and any(s in self.hidden[i] for s in sources):
                    self.hidden[i].add(key)
                    self.derived_count += 1
        self.notes = (
            [
                f"Public edition: {self.primary_count} count(s) from 1 to 4 are shown as "
                f"{SMALL}; {self.secondary_count} other count(s) and {self.derived_count} "
                f"value(s) calculated from hidden counts are shown as {HIDDEN}."
            ]
            if self.primary_count
            else []
        )


def protect_rows(
    rows: Sequence[Mapping[str, object]],
    *,
    counts: Sequence[str],
    derived: Mapping[str, Sequence[str]] | None = None,
    disclosure: Disclosure,
    sensitive: bool,
    level: str,
    skip: Sequence[bool] | None = None,
) -> Protected:
    """Hide small counts (1 to 4) and their complements in ``counts`` columns, then every
    ``derived`` column calculated from a hidden count. ``skip`` marks rows that take no
    part (a total at district level or above, which is published anyway)."""
    derived = derived or {}
    n = len(rows)
    empty = Protected([set() for _ in rows], [set() for _ in rows])
    if not disclosure.applies(sensitive=sensitive, level=level) or not rows:
        return empty
    skip = list(skip) if skip is not None else [False] * n
    grid = [[None if skip[i] else _as_count(rows[i].get(k)) for k in counts] for i in range(n)]
    first = primary_mask(grid)
    full = secondary_mask(grid, first)
    out = Protected([set() for _ in rows], [set() for _ in rows])
    for i in range(n):
        for j, key in enumerate(counts):
            if first[i][j]:
                out.small[i].add(key)
                out.hidden[i].add(key)
                out.primary_count += 1
            elif full[i][j]:
                out.hidden[i].add(key)
                out.secondary_count += 1
    out.hide_derived(derived)
    return out


def _as_count(v: object) -> int | None:
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, int):
        return v
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return None
