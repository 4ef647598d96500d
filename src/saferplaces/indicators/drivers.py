"""What drove a change, and when it began (``methods.md``, "Monthly series").

**What drove it** (:func:`contributors`): each part's (ward's, crime type's) share of
the change is its own change over the whole's, (x₁ − x₀) / (X₁ − X₀). Parts moving with
the whole are taken largest share first (ties by name) until together they make up at
least half of it. The shares of all parts sum to one, and parts moving against the
whole only lower it, so the parts moving with it always reach half.

>>> [c.part for c in contributors({"A": (10, 40), "B": (10, 20), "C": (10, 0)})]
['A']
>>> [round(c.share, 2) for c in contributors({"A": (10, 40), "B": (10, 20), "C": (10, 0)})]
[1.0]

**When it began** (:func:`began`): the first month of the run the SPC shift rule finds
on the change's side of the baseline centre line (7 or more months in a row above it for
a rise, below for a fall) that reaches into the period; where there is none, the month
from which a two-segment Poisson model (one rate before, one after) fits best, given
only when it beats one rate by a likelihood-ratio test (χ² with one degree of freedom)
at α and moves the same way as the change.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from saferplaces.indicators.spc import SHIFT_RUN

HALF = 0.5


@dataclass(frozen=True)
class Contribution:
    part: str
    before: int
    after: int
    share: float  # of the whole's change: 0.6 is 60% of it

    @property
    def change(self) -> int:
        return self.after - self.before


def contributors(
    parts: Mapping[str, tuple[int, int]], at_least: float = HALF
) -> list[Contribution]:
    """The parts that together make up ``at_least`` (half) of the whole's change, the
    largest first. ``parts`` maps each part to its (before, after) counts; together
    they are the whole. No change, no contributors."""
    total = sum(a for _, a in parts.values()) - sum(b for b, _ in parts.values())
    if total == 0:
        return []
    ranked = sorted(
        (Contribution(p, b, a, (a - b) / total) for p, (b, a) in parts.items()),
        key=lambda c: (-c.share, c.part),
    )
    out: list[Contribution] = []
    made = 0.0
    for c in ranked:
        if c.share <= 0 or made >= at_least - 1e-12:
            break
        out.append(c)
        made += c.share
    return out


@dataclass(frozen=True)
class Began:
    month: str  # the first month of the change, e.g. "2025-05"
    how: str  # "shift" (SPC rule) or "segments" (two-segment Poisson model)
    p_value: float | None = None  # the likelihood-ratio test's, for "segments"


def _loglik(counts: Sequence[int]) -> float:
    """Poisson log-likelihood of ``counts`` at their own mean (constant terms dropped)."""
    total = sum(counts)
    if total == 0:
        return 0.0
    mean = total / len(counts)
    return total * math.log(mean) - total


def began(
    months: Sequence[str],
    counts: Sequence[int],
    baseline: int,
    rising: bool,
    alpha: float = 0.05,
) -> Began | None:
    """When the change in a monthly series began; None when neither method finds it.

    ``months`` and ``counts`` are the series (baseline months first, then the period's);
    the first ``baseline`` set the centre line; ``rising`` is the direction of the
    change between the two periods."""
    from scipy.stats import chi2

    n = len(counts)
    if n != len(months) or not 2 <= baseline < n:
        return None
    centre = sum(counts[:baseline]) / baseline
    side = [(1 if c > centre else -1 if c < centre else 0) * (1 if rising else -1) for c in counts]
    start = None
    for i in range(n):
        if side[i] == 1:
            start = i if start is None else start
            if i - start + 1 >= SHIFT_RUN and i >= baseline:
                return Began(months[start], "shift")
        else:
            start = None
    whole = _loglik(counts)
    best, split = -math.inf, None
    for k in range(1, n):
        before, after = counts[:k], counts[k:]
        if (sum(after) / len(after) > sum(before) / len(before)) != rising:
            continue
        ll = _loglik(before) + _loglik(after)
        if ll > best + 1e-12:
            best, split = ll, k
    if split is None:
        return None
    p = float(chi2.sf(2 * (best - whole), 1))
    return Began(months[split], "segments", p) if p < alpha else None
