"""Independent figures from the raw bundled files, using only the standard library.

Nothing here imports saferplaces: these are the numbers an analyst would get by hand
from the police.uk CSVs, the ONS lookup and the Census table, so tests can check the
product against them.
"""

from __future__ import annotations

import csv
import gzip
import json
import math
from collections import Counter
from functools import cache
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"
STREET = SAMPLE / "police_uk" / "cambridgeshire" / "street"
OUTCOMES = SAMPLE / "police_uk" / "cambridgeshire" / "outcomes"
SEARCHES = SAMPLE / "police_uk" / "cambridgeshire" / "stop_and_search"


@cache
def street_rows() -> tuple[dict[str, str], ...]:
    rows = []
    for f in sorted(STREET.glob("*.csv.gz")):
        with gzip.open(f, "rt", encoding="utf-8", newline="") as fh:
            rows.extend(csv.DictReader(fh))
    return tuple(rows)


def _gz_rows(folder: Path) -> list[tuple[str, dict[str, str]]]:
    """(file name, row) for every row of the folder's files, in name and file order."""
    out = []
    for f in sorted(folder.glob("*.csv.gz")):
        with gzip.open(f, "rt", encoding="utf-8", newline="") as fh:
            out.extend((f.name, r) for r in csv.DictReader(fh))
    return out


@cache
def outcome_rows() -> tuple[tuple[str, dict[str, str]], ...]:
    return tuple(_gz_rows(OUTCOMES))


@cache
def search_rows() -> tuple[tuple[str, dict[str, str]], ...]:
    return tuple(_gz_rows(SEARCHES))


def latest_outcomes() -> dict[str, str]:
    """Crime ID -> its latest outcome type: the latest month, and within a month the last
    row in file order (files read in name order, one month each)."""
    latest: dict[str, tuple[str, str]] = {}
    for _, r in outcome_rows():
        held = latest.get(r["Crime ID"])
        if held is None or r["Month"] >= held[0]:
            latest[r["Crime ID"]] = (r["Month"], r["Outcome type"])
    return {k: v[1] for k, v in latest.items()}


@cache
def lsoa_shapes() -> tuple[tuple[str, tuple, list], ...]:
    """(LSOA code, bounding box, polygons as lists of rings) of the bundled boundaries."""
    path = SAMPLE / "boundaries" / "cambs_peterborough_lsoa21.geojson.gz"
    with gzip.open(path, "rt") as fh:
        features = json.load(fh)["features"]
    out = []
    for f in features:
        g = f["geometry"]
        polygons = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
        xs = [x for poly in polygons for ring in poly for x, _ in ring]
        ys = [y for poly in polygons for ring in poly for _, y in ring]
        box = (min(xs), min(ys), max(xs), max(ys))
        out.append((f["properties"]["LSOA21CD"], box, polygons))
    return tuple(out)


def _in_ring(x: float, y: float, ring: list) -> bool:
    """Ray casting: does a ray east from (x, y) cross the ring an odd number of times?"""
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def lsoa_at(lon: float, lat: float) -> str | None:
    """The bundled LSOA whose polygon holds the point (holes excluded), by hand."""
    for code, (x0, y0, x1, y1), polygons in lsoa_shapes():
        if not (x0 <= lon <= x1 and y0 <= lat <= y1):
            continue
        for poly in polygons:
            if _in_ring(lon, lat, poly[0]) and not any(_in_ring(lon, lat, h) for h in poly[1:]):
                return code
    return None


@cache
def lookup() -> dict[str, dict[str, str]]:
    """LSOA21 code -> row of the ONS LSOA to ward to district lookup."""
    with gzip.open(SAMPLE / "geography" / "lsoa21_ward24_lad24_ew.csv.gz", "rt") as fh:
        return {r["lsoa21_code"]: r for r in csv.DictReader(fh)}


@cache
def population() -> dict[str, tuple[int, int]]:
    path = SAMPLE / "population" / "census2021_lsoa21_residents_households_ew.csv.gz"
    with gzip.open(path, "rt") as fh:
        return {
            r["lsoa21_code"]: (int(r["usual_residents_2021"]), int(r["households_2021"]))
            for r in csv.DictReader(fh)
        }


def months(start: str, end: str) -> set[str]:
    y, m = map(int, start.split("-"))
    out = set()
    while f"{y:04d}-{m:02d}" <= end:
        out.add(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


@cache
def _tally(field: str) -> Counter:
    """(code of the LSOA's ``field``, month, crime type) -> records."""
    lk = lookup()
    c: Counter = Counter()
    for r in street_rows():
        row = lk.get(r["LSOA code"])
        if row:
            c[(row[field], r["Month"], r["Crime type"])] += 1
    return c


def counts(field: str, code: str, period: set[str]) -> Counter:
    """Crime type -> count of records in ``period`` whose LSOA's ``field`` is ``code``."""
    c: Counter = Counter()
    for (k, month, crime_type), n in _tally(field).items():
        if k == code and month in period:
            c[crime_type] += n
    return c


def denominator(field: str, code: str) -> tuple[int, int]:
    pop = population()
    res = hh = 0
    for lsoa, row in lookup().items():
        if row[field] == code:
            res += pop[lsoa][0]
            hh += pop[lsoa][1]
    return res, hh


def binomial_two_sided_p(k: int, n: int, p: float) -> float:
    """Exact two-sided binomial p-value (sum of outcomes no more likely than k), by hand."""

    def pmf(i: int) -> float:
        return math.exp(
            math.lgamma(n + 1)
            - math.lgamma(i + 1)
            - math.lgamma(n - i + 1)
            + i * math.log(p)
            + (n - i) * math.log(1 - p)
        )

    observed = pmf(k)
    # The same relative tolerance SciPy uses to treat near-equal probabilities as ties.
    return min(1.0, sum(pmf(i) for i in range(n + 1) if pmf(i) <= observed * (1 + 1e-7)))


def detrended_index(counts: list[float], first_month: int = 1) -> dict[int, float]:
    """The seasonal index of a gap-free monthly series by hand (methods.md): each month
    over its centred 12-month average (the 13 months around it, the two ends weighted
    1/24, the 11 between 1/12), averaged by calendar month, over the mean of every ratio.
    ``first_month`` is the calendar month (1-12) of ``counts[0]``."""
    ratios: dict[int, list[float]] = {}
    for t in range(6, len(counts) - 6):
        average = (counts[t - 6] + counts[t + 6]) / 24 + sum(counts[t - 5 : t + 6]) / 12
        ratios.setdefault((first_month - 1 + t) % 12 + 1, []).append(counts[t] / average)
    overall = sum(r for rs in ratios.values() for r in rs) / sum(map(len, ratios.values()))
    return {m: sum(rs) / len(rs) / overall for m, rs in ratios.items()}


def bh_qvalues(ps: list[float]) -> list[float]:
    """Benjamini–Hochberg by hand: q_i = min over j ranked at or above i of p_j m / j."""
    m = len(ps)
    order = sorted(range(m), key=lambda i: ps[i])
    q = [0.0] * m
    running = 1.0
    for rank in range(m, 0, -1):
        i = order[rank - 1]
        running = min(running, ps[i] * m / rank)
        q[i] = running
    return q


def poisson_cdf(k: int, mu: float) -> float:
    """P(X ≤ k) for X ~ Poisson(mu), summing the pmf by hand."""
    if k < 0:
        return 0.0
    return sum(math.exp(-mu + i * math.log(mu) - math.lgamma(i + 1)) for i in range(k + 1))


def poisson_interval(k: int) -> tuple[float, float]:
    """The exact (Garwood) 95% interval of a count by hand, by bisection on the Poisson
    cdf: the lower mean has P(X ≥ k) = 0.025 (0 when k = 0), the upper P(X ≤ k) = 0.025."""

    def solve(f, lo: float, hi: float) -> float:
        for _ in range(200):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if f(mid) > 0 else (lo, mid)
        return (lo + hi) / 2

    top = k + 10 * math.sqrt(k + 1) + 10
    lower = 0.0 if k == 0 else solve(lambda mu: (1 - poisson_cdf(k - 1, mu)) < 0.025, 0.0, top)
    upper = solve(lambda mu: poisson_cdf(k, mu) > 0.025, 0.0, top)
    return lower, upper
