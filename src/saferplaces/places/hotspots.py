"""Hotspots: Getis-Ord Gi* on LSOAs (``methods.md``, "Hotspots").

Gi* is PySAL's ``esda.G_Local(star=True)`` over binary queen-contiguity weights built
with ``libpysal`` from the bundled LSOA (2021) boundaries, so each LSOA's statistic
includes the LSOA itself and the LSOAs touching it. Inference is by conditional
permutation with a fixed seed, so a run repeats exactly.

The p-value is computed here from esda's simulated statistics (``rGs``), not taken from
esda's ``p_sim``: ``p_sim`` counts simulations that *tie* with the observed value as
more extreme on the high side and then folds, so an LSOA whose neighbourhood is all
zeros (a value most draws repeat exactly) gets a near-zero p-value and is called a cold
spot. With B permutations, observed G*ᵢ and simulated values G*ᵢ⁽ᵇ⁾ (a tie is
|G*ᵢ⁽ᵇ⁾ − G*ᵢ| ≤ 10⁻¹² + 10⁻⁹·|G*ᵢ|, absorbing floating-point noise)::

    p_high = (1 + #{b: G*ᵢ⁽ᵇ⁾ ≥ G*ᵢ}) / (B + 1)      ties count as extreme
    p_low  = (1 + #{b: G*ᵢ⁽ᵇ⁾ ≤ G*ᵢ}) / (B + 1)      ties count as extreme
    p      = min(1, 2 · min(p_high, p_low))          two-sided

Then Benjamini–Hochberg across the area's LSOAs. An LSOA is a hot spot when q < 0.05, its
observed G* is in the high tail (p_high < p_low) and its z is positive; a cold spot when
q < 0.05, it is in the low tail and z is negative. When every LSOA has the same value
there is nothing to test: z, p and q are ``None`` and nothing is significant.

The statistic is computed among the area's own LSOAs: a hot spot is hot relative to the
rest of the area.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.messages import Hint
from saferplaces.core.periods import Period
from saferplaces.geography.areas import Area
from saferplaces.geography.boundaries import boundaries
from saferplaces.indicators.registry import Indicator
from saferplaces.indicators.stats import bh_qvalues
from saferplaces.places import queries
from saferplaces.places.completeness import check_period
from saferplaces.places.options import HOTSPOTS
from saferplaces.places.units import unit_figures, without_denominator
from saferplaces.quality.coverage import Coverage
from saferplaces.warehouse.connection import Warehouse

PERMUTATIONS = 9999
SEED = 20170601  # fixed, so every run gives the same pseudo p-values
Q = 0.05
HOT, COLD, NOT_SIGNIFICANT = "hot spot", "cold spot", "not significant"
HIGH, LOW = "high", "low"
# A simulated G* within this of the observed one is a tie (esda's simulations and its
# observed values are summed in different orders, so equal values can differ in the
# last bits).
TIE_ABS, TIE_REL = 1e-12, 1e-9


def queen_weights(polygons: dict[str, Any]):
    """Binary queen-contiguity weights (``libpysal.weights.W``) over ``polygons``, in
    the order of the dict (LSOAs sharing any boundary point are neighbours)."""
    from libpysal.weights import Queen

    with warnings.catch_warnings():
        # libpysal warns about islands and disconnected parts; we report islands ourselves.
        warnings.simplefilter("ignore")
        return Queen.from_iterable(list(polygons.values()), ids=list(polygons))


def folded_p_values(
    observed: np.ndarray, simulated: np.ndarray
) -> tuple[np.ndarray, list[str | None]]:
    """Two-sided permutation p-values with ties counted as extreme in either tail.

    ``observed`` has one value per unit, ``simulated`` one row of B draws per unit.
    Returns (p, tail), tail being "high", "low" or ``None`` (both tails equal).

    >>> p, tail = folded_p_values(np.array([0.0]), np.array([[0.0, 0.0, 0.0, 1.0]]))
    >>> float(p[0]), tail[0]
    (1.0, None)
    """
    obs = np.asarray(observed, dtype=float)[:, None]
    sims = np.asarray(simulated, dtype=float)
    b = sims.shape[1]
    tie = np.abs(sims - obs) <= TIE_ABS + TIE_REL * np.abs(obs)
    n_high = ((sims > obs) | tie).sum(axis=1)
    n_low = ((sims < obs) | tie).sum(axis=1)
    p_high = (1.0 + n_high) / (b + 1.0)
    p_low = (1.0 + n_low) / (b + 1.0)
    p = np.minimum(1.0, 2.0 * np.minimum(p_high, p_low))
    tail = [
        HIGH if h < lo else LOW if lo < h else None for h, lo in zip(p_high, p_low, strict=True)
    ]
    return p, tail


@dataclass
class GiStar:
    """Gi* results for one variable, in the order of the weights' ids. ``z``, ``p_value``
    and ``q_value`` hold NaN when there was nothing to test (every value the same)."""

    ids: list[str]
    z: np.ndarray  # Zs: standardised Gi* under normality (esda)
    p_value: np.ndarray  # two-sided, ties counted as extreme (see the module docstring)
    q_value: np.ndarray  # Benjamini–Hochberg across the units
    tail: list[str | None]  # which tail of the permutation distribution G* is in
    classification: list[str]

    @property
    def tested(self) -> bool:
        return bool(np.isfinite(self.p_value).any())


def gi_star(
    values: np.ndarray, w, *, permutations: int = PERMUTATIONS, seed: int = SEED, q: float = Q
) -> GiStar:
    """Gi* for ``values`` (aligned with ``w.id_order``) with BH-corrected classes."""
    from esda import G_Local

    y = np.asarray(values, dtype=float)
    if len(y) != w.n:
        raise SaferplacesError(f"gi_star: {len(y)} values for {w.n} areas in the weights")
    ids = list(w.id_order)
    if len(y) == 0 or float(np.ptp(y)) == 0.0:
        # No variation: G* is 0/0 (all zero) or the same everywhere; nothing to test.
        nan = np.full(len(y), np.nan)
        return GiStar(ids, nan, nan.copy(), nan.copy(), [None] * len(y), [NOT_SIGNIFICANT] * len(y))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        g = G_Local(
            y,
            w,
            transform="B",
            permutations=permutations,
            star=True,
            seed=seed,
            n_jobs=1,
            keep_simulations=True,
        )
    z = np.asarray(g.Zs, dtype=float)
    p, tail = folded_p_values(np.asarray(g.Gs, dtype=float), np.asarray(g.rGs, dtype=float))
    qv = np.asarray(bh_qvalues([float(v) for v in p]), dtype=float)
    classes = [_classify(t, qi, zi, q) for t, qi, zi in zip(tail, qv, z, strict=True)]
    return GiStar(ids, z, p, qv, tail, classes)


def _classify(tail: str | None, q_value: float, z: float, q: float) -> str:
    """Hot or cold when q < ``q``, by the tail the observed G* is in. The analytical z must
    point the same way: when the permutation tail and z disagree (possible when an LSOA's
    own value is extreme), the two views conflict and nothing is called."""
    if not q_value < q or tail is None:
        return NOT_SIGNIFICANT
    if tail == HIGH and z > 0:
        return HOT
    if tail == LOW and z < 0:
        return COLD
    return NOT_SIGNIFICANT


def _finite(x: float) -> float | None:
    return float(x) if math.isfinite(x) else None


@dataclass
class HotspotRow:
    lsoa_code: str
    lsoa_name: str
    ward_name: str
    count: int | float
    denominator: int | None
    rate_per_1000: float | None
    value: float
    neighbours: int
    z: float | None  # None: nothing to test (every LSOA had the same value)
    p_value: float | None
    q_value: float | None
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
    coverage: list[Coverage] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # LSOAs with no rate (no residents)

    @property
    def hot(self) -> list[HotspotRow]:
        return [r for r in self.rows if r.classification == HOT]

    @property
    def cold(self) -> list[HotspotRow]:
        return [r for r in self.rows if r.classification == COLD]

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract: z, p and q are null when nothing could be tested."""
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
            "left_out": self.left_out,
            "coverage": [c.to_dict() for c in self.coverage],
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
    HOTSPOTS["measure"].check(measure)
    if area.level == "ward":
        raise SaferplacesError(
            f"{area.describe} is a ward: hotspots need enough LSOAs to compare; give a "
            "district, CSP or force"
        )
    if measure == "rate" and not indicator.denominator:
        raise SaferplacesError(
            f"{indicator.name} has no denominator",
            Hint(": ", HOTSPOTS["measure"].param("count", "use")),
            code="places.no-denominator",
        )
    covs, notes = check_period(wh, area, period, [indicator], what="hot spots")
    units = unit_figures(wh, indicator, area, "lsoa", period)
    # An LSOA with no residents has no rate: it cannot take part in a Gi* of rates.
    no_rate = [u.code for u in without_denominator(units)] if measure == "rate" else []
    units = [u for u in units if u.code not in set(no_rate)]
    polys = boundaries(wh, "lsoa", [u.code for u in units])
    missing = [u.code for u in units if u.code not in polys]
    if not polys:
        raise SaferplacesError(
            f"no LSOA boundaries are loaded for {area.name}: load a boundaries file with "
            "`saferplaces reference load DIR`"
        )
    if len(polys) < 3:
        raise SaferplacesError(f"{area.name} has {len(polys)} LSOAs with boundaries: too few")
    by_code = {u.code: u for u in units}
    w = queen_weights(polys)
    rows_in = [by_code[c] for c in w.id_order]
    values = np.array(
        [float(u.rate_per_1000 if measure == "rate" else u.count) for u in rows_in]  # type: ignore[arg-type]
    )
    g = gi_star(values, w, permutations=permutations, seed=seed)
    ward_of = queries.ward_names_of_lsoas(wh, list(w.id_order))
    rows = [
        HotspotRow(
            lsoa_code=code,
            lsoa_name=u.name,
            ward_name=ward_of.get(code, ""),
            count=u.count,
            denominator=u.denominator,
            rate_per_1000=u.rate_per_1000,
            value=float(v),
            neighbours=int(w.cardinalities[code]),
            z=_finite(z),
            p_value=_finite(p),
            q_value=_finite(q),
            classification=cls,
        )
        for code, u, v, z, p, q, cls in zip(
            g.ids, rows_in, values, g.z, g.p_value, g.q_value, g.classification, strict=True
        )
    ]
    rows.sort(key=lambda r: (-r.z if r.z is not None else 0.0, r.lsoa_code))
    what = "counts" if measure == "count" else "rates per 1,000"
    notes += [
        f"Getis-Ord Gi* (PySAL esda G_Local, star=True) on LSOA {what} among the "
        f"{len(rows)} LSOAs (2021) of {area.name}, with binary queen-contiguity weights from "
        "the ONS generalised boundaries (each LSOA and those touching it).",
        f"p-values from {permutations:,} conditional permutations (seed {seed}), two-sided, "
        "with draws equal to the observed value counted as extreme in either tail; hot or "
        f"cold spot when the Benjamini–Hochberg q-value across the LSOAs is below {Q}. "
        "z is the analytical Gi* z-score, shown for size and direction: the permutation "
        "p-value, not z, decides significance (with sparse counts a modest z can be rare).",
    ]
    if not g.tested:
        notes.append(
            f"Every LSOA has the same {what[:-1]} ({values[0]:g}): there is no pattern to "
            "test, so nothing is a hot or cold spot."
        )
    if no_rate:
        notes.append(
            f"{len(no_rate)} LSOA(s) have no {indicator.denominator} (Census 2021), so no "
            f"rate, and are left out: {', '.join(no_rate)}."
        )
    if w.islands:
        notes.append(
            f"{len(w.islands)} LSOA(s) touch no other LSOA of the area: {', '.join(w.islands)}."
        )
    if missing:
        notes.append(f"{len(missing)} LSOA(s) have no boundary loaded and are left out.")
    return Hotspots(
        area, period, indicator, measure, rows, permutations, seed, notes, covs, no_rate
    )
