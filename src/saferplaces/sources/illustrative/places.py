"""Where illustrative records happen: real LSOAs, weighted by real police.uk counts.

The bundled (real) police.uk street files say where violence, ASB and criminal damage
concentrate; illustrative records are placed in the same LSOAs in proportion, at a
random point inside the LSOA's real boundary. Nothing here is real incident data: only
the geography is.
"""

from __future__ import annotations

import bisect
import csv
import gzip
import json
import random
from collections import Counter
from pathlib import Path

import shapely
from shapely.geometry import shape

from saferplaces.sources.illustrative.volumes import DISTRICTS

# Places just outside Cambridgeshire and Peterborough (WGS84 latitude, longitude), for
# records "outside the area held": Newmarket, Haverhill, Royston, Biggleswade, Stamford,
# Wisbech St Mary's neighbour Long Sutton, and Downham Market.
_NEIGHBOURS = (
    (52.245, 0.405),
    (52.083, 0.435),
    (52.048, -0.024),
    (52.088, -0.265),
    (52.652, -0.480),
    (52.788, 0.125),
    (52.601, 0.383),
)


class Places:
    """LSOAs of the six districts with their boundaries and police.uk weights."""

    def __init__(self, data: Path) -> None:
        with gzip.open(data / "geography" / "lsoa21_ward24_lad24_ew.csv.gz", "rt") as fh:
            self.lookup = {
                r["lsoa21_code"]: (r["ward24_code"], r["ward24_name"], r["ltla24_code"])
                for r in csv.DictReader(fh)
                if r["ltla24_code"] in DISTRICTS
            }
        with gzip.open(data / "boundaries" / "cambs_peterborough_lsoa21.geojson.gz", "rt") as fh:
            features = json.load(fh)["features"]
        self.shapes = {
            f["properties"]["LSOA21CD"]: shape(f["geometry"])
            for f in features
            if f["properties"]["LSOA21CD"] in self.lookup
        }
        for g in self.shapes.values():
            shapely.prepare(g)
        self.area = shapely.union_all(list(self.shapes.values()))
        shapely.prepare(self.area)
        self.counts = self._police_counts(data)
        self._cum: dict[tuple[str, str], tuple[list[str], list[float]]] = {}

    def _police_counts(self, data: Path) -> dict[str, Counter]:
        """{crime type: Counter(LSOA -> records)} from the bundled police.uk files; keeps
        every crime (not ASB) in :attr:`crimes` as (month, type, LSOA, latitude,
        longitude), in file order."""
        out: dict[str, Counter] = {}
        self.crimes: list[tuple[str, str, str, str, str]] = []
        folder = data / "police_uk"
        for f in sorted(folder.rglob("*-street.csv.gz")):
            with gzip.open(f, "rt", encoding="utf-8", newline="") as fh:
                for r in csv.DictReader(fh):
                    code = r["LSOA code"]
                    if code in self.shapes:
                        out.setdefault(r["Crime type"], Counter())[code] += 1
                    if r["Crime type"] != "Anti-social behaviour":
                        self.crimes.append(
                            (r["Month"], r["Crime type"], code, r["Latitude"], r["Longitude"])
                        )
        return out

    def _weights(self, lad: str, kind: str) -> tuple[list[str], list[float]]:
        key = (lad, kind)
        if key not in self._cum:
            codes = sorted(c for c, v in self.lookup.items() if v[2] == lad and c in self.shapes)
            counts = self.counts.get(kind, Counter())
            cum, total = [], 0.0
            for c in codes:
                total += counts.get(c, 0) + 1.0  # +1: every LSOA can have a record
                cum.append(total)
            self._cum[key] = (codes, cum)
        return self._cum[key]

    def pick_lsoa(self, rng: random.Random, lad: str, kind: str) -> str:
        codes, cum = self._weights(lad, kind)
        return codes[bisect.bisect_left(cum, rng.random() * cum[-1])]

    def point_in(self, rng: random.Random, lsoa: str) -> tuple[float, float]:
        """A random (latitude, longitude) inside the LSOA's boundary."""
        g = self.shapes[lsoa]
        x0, y0, x1, y1 = g.bounds
        for _ in range(1000):
            x, y = rng.uniform(x0, x1), rng.uniform(y0, y1)
            if shapely.contains_xy(g, x, y):
                return round(y, 5), round(x, 5)
        p = g.representative_point()
        return round(p.y, 5), round(p.x, 5)

    def point_outside(self, rng: random.Random) -> tuple[float, float]:
        """A random point near a town just outside the area held."""
        for _ in range(1000):
            lat, lon = rng.choice(_NEIGHBOURS)
            y, x = lat + rng.uniform(-0.03, 0.03), lon + rng.uniform(-0.04, 0.04)
            if not shapely.contains_xy(self.area, x, y):
                return round(y, 5), round(x, 5)
        raise RuntimeError("no point outside the area found")

    def ward_name(self, lsoa: str) -> str:
        return self.lookup[lsoa][1]
