"""When a month of a file holds too few rows to be that month's data (decision 0012).

A file replaces the months it holds. A month with only a handful of rows in a file
whose other months hold thousands (three rows dated February in a January police.uk
file, a fire recorded late in next month's extract) is not that month's data, and must
not replace what is held for it. "A handful" is under a fifth of the file's usual month
*and* so few that a month of this file could hardly hold it (Poisson probability under
1 in 1,000 at the usual volume), so a quiet month (74 fires against a usual 110) is
still a month of the file; or under a fifth of what the warehouse already holds for it.

>>> few(3, 6264)
True
>>> few(74, 110)  # a quiet month, not a stray
False
>>> few(1, 6)  # one record is no surprise at six a month
False
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Hashable
from typing import TypeVar

K = TypeVar("K", bound=Hashable)

# A month is thin when it holds under 1/THIN of the usual month (or of what is held) ...
THIN = 5
# ... and a count that small is this unlikely at the usual volume.
THIN_P = 0.001


def poisson_cdf(k: int, mean: float) -> float:
    """P(X ≤ k) for X ~ Poisson(mean), summed in logs (no SciPy import for a loader)."""
    if k >= mean:
        return 1.0
    return sum(math.exp(i * math.log(mean) - mean - math.lgamma(i + 1)) for i in range(k + 1))


def few(count: int, usual: float) -> bool:
    """Whether ``count`` rows are too few to be a month of a file whose usual month
    holds ``usual``."""
    return count * THIN < usual and poisson_cdf(count, usual) < THIN_P


def few_beside_held(count: int, held: int) -> bool:
    """Whether ``count`` rows are too few to replace the ``held`` rows of their month."""
    return count * THIN < held


def thin_months(counts: dict[K, int], held: dict[K, int]) -> set[K]:
    """The months of one file (for one force or provider) too thin to be its data:
    smallest first, each against the median of the months left, until one is not.
    ``held`` is how many rows the warehouse holds for each month. The largest month is
    never thin.

    >>> sorted(thin_months({"2025-01": 6264, "2025-02": 3}, {}))
    ['2025-02']
    >>> sorted(thin_months({"a": 2, "b": 2, "c": 6000}, {}))
    ['a', 'b']
    >>> thin_months({"2025-11": 110, "2025-12": 74}, {})
    set()
    """
    order = sorted(counts, key=lambda m: counts[m])
    thin: set[K] = set()
    while len(order) > 1:
        m = order[0]
        usual = statistics.median(counts[x] for x in order[1:])
        if not (few(counts[m], usual) or few_beside_held(counts[m], held.get(m, 0))):
            break
        thin.add(order.pop(0))
    return thin
