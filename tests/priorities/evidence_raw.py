"""Figures of the force area and the bands of methods.md, from the raw files, with the
standard library only (see ``tests.helpers.raw``)."""

from __future__ import annotations

import csv
import gzip
from collections import Counter
from functools import cache

from tests.helpers import raw

SOUTH = "E07000012"
P2025, P2024 = raw.months("2025-01", "2025-12"), raw.months("2024-01", "2024-12")


@cache
def force_districts() -> set[str]:
    with gzip.open(raw.SAMPLE / "geography" / "lad24_csp24_pfa24_ew.csv.gz", "rt") as fh:
        return {r["ltla24_code"] for r in csv.DictReader(fh) if r["pfa24_name"] == "Cambridgeshire"}


@cache
def force_counts(period: frozenset[str]) -> Counter:
    """Crime type -> the force total: records located in the force area's districts, and
    the force's own records with no LSOA in the lookup (methods.md)."""
    lk, districts = raw.lookup(), force_districts()
    c: Counter = Counter()
    for r in raw.street_rows():
        if r["Month"] not in period:
            continue
        row = lk.get(r["LSOA code"])
        if (row and row["ltla24_code"] in districts) or (
            not row and r["Reported by"] == "Cambridgeshire Constabulary"
        ):
            c[r["Crime type"]] += 1
    return c


def force_denominator() -> tuple[int, int]:
    pop, districts = raw.population(), force_districts()
    res = hh = 0
    for lsoa, row in raw.lookup().items():
        if row["ltla24_code"] in districts:
            res += pop[lsoa][0]
            hh += pop[lsoa][1]
    return res, hh


def weights() -> dict[str, float]:
    path = raw.SAMPLE / "harm_weights" / "cchi2026_police_uk_category_cambridgeshire_derived.csv"
    with open(path) as fh:
        return {r["crime_type"]: float(r["cchi_days"]) for r in csv.DictReader(fh)}


def volume_band(ratio: float) -> int:
    return 1 if ratio <= 0.75 else 2 if ratio <= 1 else 3 if ratio <= 1.25 else 4


def trend_band(x1: int, x0: int) -> int:
    p = raw.binomial_two_sided_p(x1, x1 + x0, 0.5)
    if p < 0.05:
        return 4 if x1 > x0 else 1
    return 3 if x1 > x0 else 2


def harm_band(days: float) -> int:
    return 1 if days < 7 else 2 if days < 30 else 3 if days < 90 else 4
