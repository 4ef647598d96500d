"""Crime harm: counts weighted by a harm index, as ``methods.md`` ("Harm") defines it.

Harm score = Σ count × weight, the weight per crime type from ``ref_harm_weight``
(reference data: the bundled derived Cambridge Crime Harm Index days, replaceable with
``saferplaces reference load DIR`` and a ``harm_weights/`` file of the same columns).

Harm is also an indicator (``harm``) in the registry, so every capability that counts
indicators can show it: its "count" is the harm score in days and its rate per 1,000 is
harm per 1,000 residents. It is ``weighted``: not a Poisson count, so no exact interval
or test is made on it.

>>> from saferplaces.indicators.registry import get_indicator
>>> get_indicator("harm").unit
'harm days'
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from saferplaces.core.periods import Period
from saferplaces.geography.areas import Area
from saferplaces.geography.reference import ReferenceFile
from saferplaces.indicators import engine
from saferplaces.indicators.registry import Indicator, get_indicator, slug
from saferplaces.indicators.stats import rate_per_1000
from saferplaces.places import queries
from saferplaces.places.completeness import check_period
from saferplaces.quality.coverage import Coverage
from saferplaces.sources.police_uk.coverage import police_forces_for
from saferplaces.sources.police_uk.crime_types import CRIME_TYPES
from saferplaces.warehouse.connection import Warehouse

HARM_FILE = ReferenceFile(
    "harm-weights",
    "harm_weights/*police_uk_category*.csv*",
    "ref_harm_weight",
    {"force": "force", "crime_type": "crime_type", "weight": "cchi_days"},
    "harm weights per police.uk crime type (Cambridge Crime Harm Index days)",
    required=False,
)

HARM = Indicator(
    id="harm",
    name="Crime harm (CCHI days)",
    source="police-uk",
    events=queries.HARM_EVENTS,
    denominator="residents",
    unit="harm days",
    group="Harm",
    weighted=True,
    description="police.uk crimes weighted by harm index days (harm score; per 1,000: "
    "harm per 1,000 residents)",
    aliases=("crime harm", "harm score"),
)


@dataclass
class HarmRow:
    """One crime type: its volume and harm, and each as a share of the area's total."""

    crime_type: str
    count: int
    weight: float | None  # None: not weighted (e.g. ASB)
    harm: float | None
    share_of_volume: float | None  # percent of the weighted types' records (None: not weighted)
    share_of_harm: float | None  # percent of the harm score


@dataclass
class HarmProfile:
    area: Area
    period: Period
    harm: float
    denominator: int
    harm_per_1000: float | None
    rows: list[HarmRow]
    not_weighted: list[str]
    notes: list[str] = field(default_factory=list)
    coverage: list[Coverage] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "area": self.area.to_dict(),
            "period": self.period.to_dict(),
            "harm": self.harm,
            "denominator": self.denominator,
            "harm_per_1000": self.harm_per_1000,
            "rows": [asdict(r) for r in self.rows],
            "not_weighted": self.not_weighted,
            "coverage": [c.to_dict() for c in self.coverage],
            "notes": self.notes,
        }


def harm_weights(wh: Warehouse, force: str | None = None) -> dict[str, float]:
    """{crime type: weight} for the police.uk force ``force`` (blank-force rows otherwise)."""
    return dict(wh.rows(queries.WEIGHTS_FOR_FORCE, {"force": force or ""}))


def harm_profile(wh: Warehouse, area: Area, period: Period) -> HarmProfile:
    """Each crime type's share of harm beside its share of volume in ``area``.

    Counts come from the counting engine; each type's harm is its count times the weight
    for the area's police force. Shares of volume are of the weighted types only, so the
    two columns have the same base; types without a weight (ASB always) are listed as
    "not weighted".
    """
    covs, notes = check_period(wh, area, period, [HARM], what="harm")
    forces = police_forces_for(wh, area)
    weights = harm_weights(wh, forces[0] if forces else None)
    counts = {
        t: engine.area_counts(wh, get_indicator(slug(t)), area, [period])[0] for t in CRIME_TYPES
    }
    weighted_types = [t for t in CRIME_TYPES if t in weights]
    not_weighted = [t for t in CRIME_TYPES if t not in weights]
    harms = {t: counts[t] * weights[t] for t in weighted_types}
    total_harm = sum(harms.values())
    base = sum(counts[t] for t in weighted_types)
    rows = [
        HarmRow(
            crime_type=t,
            count=counts[t],
            weight=weights[t],
            harm=harms[t],
            share_of_volume=100.0 * counts[t] / base if base else None,
            share_of_harm=100.0 * harms[t] / total_harm if total_harm else None,
        )
        for t in sorted(weighted_types, key=lambda t: (-harms[t], t))
    ]
    rows += [HarmRow(t, counts[t], None, None, None, None) for t in not_weighted]
    den = engine.denominators(wh, area)["residents"]
    notes += [
        "Harm score = Σ count × weight (harm index days per crime type, from the harm "
        "weights reference table: by default the derived Cambridge Crime Harm Index).",
        "Shares of volume are of the crime types that carry a weight, so they sit on the "
        f"same base as the shares of harm; not weighted: {', '.join(not_weighted) or 'none'}.",
    ]
    if not weights:
        notes.append("No harm weights apply to this area's force: load a harm weights table.")
    return HarmProfile(
        area=area,
        period=period,
        harm=total_harm,
        denominator=den,
        harm_per_1000=rate_per_1000(total_harm, den) if den else None,
        rows=rows,
        not_weighted=not_weighted,
        notes=notes,
        coverage=covs,
    )
