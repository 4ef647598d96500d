"""Hotspots: Getis-Ord Gi* on LSOAs (``methods.md``, "Hotspots").

Gi* is PySAL's ``esda.G_Local(star=True)`` over binary queen-contiguity weights built
with ``libpysal`` from the bundled LSOA (2021) boundaries, so each LSOA's statistic
includes the LSOA itself and the LSOAs touching it. Inference is by conditional
permutation with a fixed seed, so a run repeats exactly. esda's pseudo p-value is
one-sided in the direction observed; we double it (capped at 1) for a two-sided test,
because an LSOA may be called hot or cold, then control the false discovery rate with
Benjamini–Hochberg across the area's LSOAs. An LSOA is a hot spot when q < 0.05 and its
z is positive, a cold spot when q < 0.05 and z is negative.

The statistic is computed among the area's own LSOAs: a hot spot is hot relative to the
rest of the area.
"""

from __future__ import annotations

import warnings
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.periods import Period
from saferplaces.geography.areas import Area
from saferplaces.geography.boundaries import boundaries
from saferplaces.indicators import engine
from saferplaces.indicators.registry import Indicator
from saferplaces.indicators.stats import bh_qvalues, rate_per_1000
from saferplaces.warehouse.connection import Warehouse

PERMUTATIONS = 9999
SEED = 20170601  # fixed, so every run gives the same pseudo p-values
Q = 0.05
HOT, COLD, NOT_SIGNIFICANT = "hot spot", "cold spot", "not significant"


def queen_weights(polygons: dict[str, Any]):
    """Binary queen-contiguity weights (``libpysal.weights.W``) over ``polygons``, in
    the order of the dict (LSOAs sharing any boundary point are neighbours)."""
    from libpysal.weights import Queen

    with warnings.catch_warnings():
        # libpysal warns about islands and disconnected parts; we report islands ourselves.
        warnings.simplefilter("ignore")
        return Queen.from_iterable(list(polygons.values()), ids=list(polygons))


@dataclass
class GiStar:
    """esda's results for one variable, in the order of the weights' ids."""

    ids: list[str]
    z: np.ndarray  # Zs: standardised Gi* under normality
    p_sim: np.ndarray  # one-sided pseudo p-value from permutations (esda)
    p_value: np.ndarray  # two-sided: min(1, 2 × p_sim)
    q_value: np.ndarray  # Benjamini–Hochberg across the units
    classification: list[str]


def gi_star(
    values: np.ndarray, w, *, permutations: int = PERMUTATIONS, seed: int = SEED, q: float = Q
) -> GiStar:
    """Gi* for ``values`` (aligned with ``w.id_order``) with BH-corrected classes."""
    from esda import G_Local

    y = np.asarray(values, dtype=float)
    if len(y) != w.n:
        raise SaferplacesError(f"gi_star: {len(y)} values for {w.n} areas in the weights")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        g = G_Local(y, w, transform="B", permutations=permutations, star=True, seed=seed, n_jobs=1)
    z = np.asarray(g.Zs, dtype=float)
    p_sim = np.asarray(g.p_sim, dtype=float)
    p = np.minimum(1.0, 2.0 * p_sim)
    qv = np.asarray(bh_qvalues([float(v) for v in p]), dtype=float)
    classes = [
        (HOT if zi > 0 else COLD) if qi < q and np.isfinite(zi) else NOT_SIGNIFICANT
        for zi, qi in zip(z, qv, strict=True)
    ]
    return GiStar(list(w.id_order), z, p_sim, p, qv, classes)


@dataclass
class HotspotRow:
    lsoa_code: str
    lsoa_name: str
    ward_name: str
    count: float
    denominator: int | None
    rate_per_1000: float | None
    value: float
    neighbours: int
    z: float
    p_value: float
    q_value: float
    classification: str


@dataclass
class Hotspots:
    area: Area
    period: Period
    indicator: Indicator
    measure: str
    rows: list[HotspotRow]  # by z, highest first
    permutations: int
    seed: int
    notes: list[str] = field(default_factory=list)

    @property
    def hot(self) -> list[HotspotRow]:
        return [r for r in self.rows if r.classification == HOT]

    @property
    def cold(self) -> list[HotspotRow]:
        return [r for r in self.rows if r.classification == COLD]

    def to_dict(self) -> dict[str, Any]:
        return {
            "area": self.area.to_dict(),
            "period": self.period.to_dict(),
            "indicator": self.indicator.id,
            "measure": self.measure,
            "permutations": self.permutations,
            "seed": self.seed,
            "hot_spots": len(self.hot),
            "cold_spots": len(self.cold),
            "rows": [asdict(r) for r in self.rows],
            "notes": self.notes,
        }


def hotspots(
    wh: Warehouse,
    area: Area,
    period: Period,
    indicator: Indicator,
    *,
    measure: str = "count",
    permutations: int = PERMUTATIONS,
    seed: int = SEED,
) -> Hotspots:
    """Gi* hot and cold spots among the LSOAs of ``area`` for ``indicator``."""
    if measure not in ("count", "rate"):
        raise SaferplacesError(f"--measure must be count or rate, got {measure!r}")
    if area.level == "ward":
        raise SaferplacesError(
            f"{area.describe} is a ward: hotspots need enough LSOAs to compare; give a "
            "district, CSP or force"
        )
    units = engine.unit_counts(wh, indicator, area, "lsoa", [period])
    polys = boundaries(wh, "lsoa", [u[0] for u in units])
    missing = [u[0] for u in units if u[0] not in polys]
    if not polys:
        raise SaferplacesError(
            f"no LSOA boundaries are loaded for {area.name}: load a boundaries file with "
            "`saferplaces reference load DIR`"
        )
    if len(polys) < 3:
        raise SaferplacesError(f"{area.name} has {len(polys)} LSOAs with boundaries: too few")
    by_code = {u[0]: u for u in units}
    w = queen_weights(polys)
    rows_in = [by_code[c] for c in w.id_order]
    den_kind = indicator.denominator or ""
    counts = np.array([float(u[4]) for u in rows_in])
    dens = [
        {"residents": u[2], "households": u[3]}.get(den_kind) if den_kind else None for u in rows_in
    ]
    rates = [rate_per_1000(c, d) if d else None for c, d in zip(counts, dens, strict=True)]
    if measure == "rate":
        if not den_kind:
            raise SaferplacesError(f"{indicator.name} has no denominator: use --measure count")
        values = np.array([r or 0.0 for r in rates])
    else:
        values = counts
    g = gi_star(values, w, permutations=permutations, seed=seed)
    ward_of = dict(
        wh.rows(
            "SELECT lsoa21_code, ward_name FROM ref_lsoa WHERE lsoa21_code IN (SELECT unnest(?))",
            [list(w.id_order)],
        )
    )
    rows = [
        HotspotRow(
            lsoa_code=code,
            lsoa_name=u[1],
            ward_name=ward_of.get(code, ""),
            count=float(u[4]),
            denominator=int(d) if d is not None else None,
            rate_per_1000=r,
            value=float(v),
            neighbours=int(w.cardinalities[code]),
            z=float(z),
            p_value=float(p),
            q_value=float(q),
            classification=cls,
        )
        for code, u, d, r, v, z, p, q, cls in zip(
            g.ids,
            rows_in,
            dens,
            rates,
            values,
            g.z,
            g.p_value,
            g.q_value,
            g.classification,
            strict=True,
        )
    ]
    rows.sort(key=lambda r: (-r.z if np.isfinite(r.z) else 0.0, r.lsoa_code))
    what = "counts" if measure == "count" else "rates per 1,000"
    notes = [
        f"Getis-Ord Gi* (PySAL esda G_Local, star=True) on LSOA {what} among the "
        f"{len(rows)} LSOAs (2021) of {area.name}, with binary queen-contiguity weights from "
        "the ONS generalised boundaries (each LSOA and those touching it).",
        f"p-values from {permutations:,} conditional permutations (seed {seed}), two-sided; "
        f"hot or cold spot when the Benjamini–Hochberg q-value across the LSOAs is below {Q}.",
    ]
    if w.islands:
        notes.append(
            f"{len(w.islands)} LSOA(s) touch no other LSOA of the area: {', '.join(w.islands)}."
        )
    if missing:
        notes.append(f"{len(missing)} LSOA(s) have no boundary loaded and are left out.")
    return Hotspots(area, period, indicator, measure, rows, permutations, seed, notes)
