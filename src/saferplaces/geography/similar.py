"""Similar areas: each district's 15 nearest districts in England and Wales.

The open, documented nearest-neighbour method of ``docs/methods.md`` ("Similar areas"):
every district (LAD 2024) of England and Wales is described by the seven variables of
:data:`VARIABLES` (bundled in ``ref_district_profile``); each variable is standardised
over all districts (z = (x − mean) / standard deviation); the distance between two
districts is the Euclidean distance between their standardised values, every variable
weighing the same; a district's similar areas are the ``k`` others nearest to it, ties
broken by district code so the list never changes between runs.

These are saferplaces' *similar areas*, not the Home Office's most similar groups
(whose inputs and weights are not open).

>>> profiles = {"A": (0.0, 0.0), "B": (1.0, 0.0), "C": (0.0, 3.0), "D": (-2.0, 0.0)}
>>> [(code, round(d, 3)) for code, d in nearest(profiles, "A", 2)]
[('B', 0.918), ('D', 1.835)]
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from saferplaces.core.errors import SaferplacesError
from saferplaces.geography import queries
from saferplaces.geography.areas import Area
from saferplaces.warehouse.connection import Warehouse

NEIGHBOURS = 15


@dataclass(frozen=True)
class Variable:
    """One input of the method: a column of ``ref_district_profile``."""

    key: str
    label: str
    log: bool = False  # compared as log10 (size: ten times bigger is as far at any size)


VARIABLES: tuple[Variable, ...] = (
    Variable("residents", "Usual residents (Census 2021), log scale", log=True),
    Variable("residents_per_household", "Residents per household (Census 2021)"),
    Variable("share_aged_16_24", "Share aged 16 to 24 (ONS mid-2020)"),
    Variable("share_aged_65_plus", "Share aged 65 and over (ONS mid-2020)"),
    Variable("share_not_white", "Share not in the White ethnic groups (Census 2021)"),
    Variable("share_rural", "Share living in rural LSOAs (rural-urban classification 2021)"),
    Variable(
        "deprivation_percentile",
        "Deprivation: residents' average position in their nation's index "
        "(0 = most deprived LSOA; IoD2025 in England, WIMD 2019 in Wales)",
    ),
)


def standardise(matrix: np.ndarray) -> np.ndarray:
    """Each column as z-scores over the rows (population standard deviation); a column
    with no spread contributes nothing."""
    sd = matrix.std(axis=0)
    return (matrix - matrix.mean(axis=0)) / np.where(sd > 0, sd, 1.0)


def nearest(
    profiles: Mapping[str, Sequence[float]], code: str, k: int = NEIGHBOURS
) -> list[tuple[str, float]]:
    """The ``k`` codes nearest ``code`` by Euclidean distance over standardised values,
    with their distances; ties broken by code. ``profiles`` holds every district compared
    (the standardisation is over all of them)."""
    if code not in profiles:
        raise KeyError(code)
    codes = sorted(profiles)
    z = standardise(np.array([profiles[c] for c in codes], dtype=float))
    d = np.sqrt(((z - z[codes.index(code)]) ** 2).sum(axis=1))
    order = sorted((float(d[i]), c) for i, c in enumerate(codes) if c != code)
    return [(c, dist) for dist, c in order[:k]]


@dataclass(frozen=True)
class SimilarArea:
    rank: int
    district_code: str
    district_name: str
    country: str
    force_code: str | None
    force_name: str | None
    distance: float
    values: dict[str, Any]

    def area(self) -> Area:
        return Area(self.district_code, self.district_name, "district", self.force_name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "district_code": self.district_code,
            "district_name": self.district_name,
            "country": self.country,
            "force_code": self.force_code,
            "force_name": self.force_name,
            "distance": self.distance,
            **self.values,
        }


@dataclass(frozen=True)
class SimilarAreas:
    area: Area
    district_code: str  # the area's district (a CSP's one district)
    values: dict[str, Any]  # the area's own profile
    force_name: str | None
    rows: list[SimilarArea]
    districts_compared: int
    notes: list[str] = field(default_factory=list)

    @property
    def areas(self) -> list[Area]:
        return [r.area() for r in self.rows]

    def to_dict(self) -> dict[str, Any]:
        return {
            "area": self.area.to_dict(),
            "method": "similar areas: nearest neighbours by Euclidean distance over "
            "standardised variables (docs/methods.md)",
            "neighbours": len(self.rows),
            "districts_compared": self.districts_compared,
            "variables": [{"key": v.key, "label": v.label, "log10": v.log} for v in VARIABLES],
            "values": self.values,
            "force_name": self.force_name,
            "rows": [r.to_dict() for r in self.rows],
            "notes": self.notes,
        }


_SHOWN = ("country", "deprivation_index", "ruc21_code", "ruc21_classification")


def district_profiles(wh: Warehouse) -> dict[str, dict[str, Any]]:
    """{district code: its row of ``ref_district_profile`` with its force}."""
    rows = queries.district_profiles(wh)
    if not rows:
        raise SaferplacesError(
            "the warehouse has no district profiles for similar areas; load the bundled "
            "reference data with `saferplaces reference load`"
        )
    return {r["lad_code"]: r for r in rows}


def _vector(row: Mapping[str, Any]) -> list[float]:
    return [math.log10(row[v.key]) if v.log else float(row[v.key]) for v in VARIABLES]


def _values(row: Mapping[str, Any]) -> dict[str, Any]:
    return {v.key: row[v.key] for v in VARIABLES} | {k: row[k] for k in _SHOWN}


def similar_areas(wh: Warehouse, area: Area, k: int = NEIGHBOURS) -> SimilarAreas:
    """The ``k`` districts of England and Wales most similar to the district ``area``."""
    if area.level not in ("district", "csp"):
        raise SaferplacesError(
            f"{area.describe} is not a district: similar areas are found for a district "
            "(or a CSP that is one district)"
        )
    profiles = district_profiles(wh)
    code = area.code
    if area.level == "csp":
        lads = queries.csp_districts(wh, code)
        if len(lads) != 1:
            raise SaferplacesError(
                f"{area.describe} covers {len(lads)} districts: similar areas are found for "
                "one district; name one of them"
            )
        code = lads[0]
    if code not in profiles:
        raise SaferplacesError(f"{area.describe} has no district profile (LAD 2024 codes only)")
    found = nearest({c: _vector(r) for c, r in profiles.items()}, code, k)
    rows = [
        SimilarArea(
            rank=i,
            district_code=c,
            district_name=profiles[c]["lad_name"],
            country=profiles[c]["country"],
            force_code=profiles[c]["pfa_code"],
            force_name=profiles[c]["pfa_name"],
            distance=d,
            values=_values(profiles[c]),
        )
        for i, (c, d) in enumerate(found, start=1)
    ]
    notes = [
        f"The {len(rows)} districts of England and Wales nearest {area.name} over "
        f"{len(VARIABLES)} standardised variables (Euclidean distance, equal weights) among "
        f"{len(profiles)} districts: saferplaces' similar areas, not the Home Office's most "
        "similar groups.",
        "A distance of 0 would be an identical profile; about 1 is close (one standard "
        "deviation on one variable).",
    ]
    own = profiles[code]
    return SimilarAreas(area, code, _values(own), own["pfa_name"], rows, len(profiles), notes)
