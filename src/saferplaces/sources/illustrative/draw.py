"""Seeded random draws that repeat exactly for a seed (Python's ``random`` only)."""

from __future__ import annotations

import math
import random
import zlib
from collections.abc import Sequence
from datetime import date

from saferplaces.core.periods import month_start

DEFAULT_SEED = 2025  # `saferplaces demo-data` without --seed

# Relative volume by calendar month (January first), set by us: fires peak in spring and
# summer (outdoor fires), violence in summer and December, ASB in summer.
SEASON = {
    "fire": (0.7, 0.8, 1.0, 1.4, 1.2, 1.1, 1.4, 1.3, 1.0, 0.8, 0.7, 0.6),
    "violence": (0.9, 0.85, 0.95, 1.0, 1.05, 1.05, 1.1, 1.05, 1.0, 1.0, 0.95, 1.1),
    "asb": (0.8, 0.8, 0.9, 1.0, 1.1, 1.2, 1.25, 1.2, 1.0, 1.0, 0.9, 0.85),
    "flat": (1.0,) * 12,
}


def rng_for(seed: int, name: str) -> random.Random:
    """One generator per source, so adding a source never changes another's rows."""
    return random.Random(seed * 1_000_003 + zlib.crc32(name.encode()))


def poisson(rng: random.Random, lam: float) -> int:
    """A Poisson draw (Knuth for small means, the normal approximation for large)."""
    if lam <= 0:
        return 0
    if lam > 60:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def pick(rng: random.Random, shares: dict[str, float]) -> str:
    """A key of ``shares`` drawn with its share as the weight."""
    keys = list(shares)
    return rng.choices(keys, weights=[shares[k] for k in keys], k=1)[0]


def monthly(
    rng: random.Random, per_year: float, months: Sequence[int], season: str
) -> list[tuple[int, int]]:
    """[(month index, count)] for ``months`` at ``per_year`` with a seasonal shape."""
    shape = SEASON[season]
    mean = sum(shape) / 12
    return [(m, poisson(rng, per_year / 12 * shape[m % 12] / mean)) for m in months]


def day_in(rng: random.Random, month: int) -> date:
    first = month_start(month)
    days = (month_start(month + 1) - first).days
    return first.replace(day=rng.randint(1, days))


def binomial(rng: random.Random, n: int, p: float) -> int:
    if n > 200:
        return max(0, min(n, round(rng.gauss(n * p, math.sqrt(n * p * (1 - p))))))
    return sum(1 for _ in range(n) if rng.random() < p)
