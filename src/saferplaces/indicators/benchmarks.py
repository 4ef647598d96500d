"""An area beside the average of its similar areas, and England and Wales.

For a district and a period, each indicator's rate is shown beside:

* **its similar areas' average** (:mod:`saferplaces.geography.similar`): their records
  over their residents (households for burglary), a rate of the group rather than a mean
  of fifteen rates, made only of the similar areas whose data is held for every month of
  the period (police.uk holds data by force: a similar area in a force whose files are
  not loaded has no figures, and saying "0" would be false);
* **England and Wales**, only when every police force area's police.uk data is held for
  every month of the period ("national data loaded"): every located record over the
  residents of England and Wales.

Like a district's own rate, both leave out records with no usable location. The points
for the funnel plot across the area and its similar areas
(:mod:`saferplaces.places.similar_funnel`) come from the same counts.

>>> pooled_rate([(10, 1000), (30, 3000)])
10.0
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from saferplaces.core.periods import Period
from saferplaces.geography import queries as geography_queries
from saferplaces.geography.areas import Area
from saferplaces.geography.similar import SimilarAreas, similar_areas
from saferplaces.indicators import engine
from saferplaces.indicators.registry import Indicator
from saferplaces.indicators.stats import rate_per_1000
from saferplaces.quality.coverage import SOURCE_LABELS, coverage
from saferplaces.warehouse.connection import Warehouse

ENGLAND_AND_WALES = "England and Wales"
NATIONAL_SOURCE = "police-uk"  # the only source held for every force area


def pooled_rate(points: Sequence[tuple[float, int]]) -> float | None:
    """Σ count / Σ denominator × 1,000 over (count, denominator) pairs."""
    den = sum(d for _, d in points)
    return rate_per_1000(sum(c for c, _ in points), den) if den else None


@dataclass(frozen=True)
class DistrictFigure:
    """One district's count and rate for one indicator: a point of the funnel plot."""

    district_code: str
    district_name: str
    count: int | float
    denominator: int
    rate_per_1000: float | None
    this_area: bool = False


@dataclass(frozen=True)
class Benchmark:
    """One indicator: the area's rate beside its similar areas' and England and Wales's."""

    indicator_id: str
    indicator: str
    denominator_kind: str
    rate_per_1000: float | None
    similar_rate_per_1000: float | None
    similar_count: int | float | None
    similar_denominator: int | None
    similar_held: int  # similar areas whose data is held for the whole period
    england_wales_rate_per_1000: float | None
    # The area and its similar areas held: the points of the funnel plot.
    districts: list[DistrictFigure] = field(default_factory=list)

    @property
    def ratio_to_similar(self) -> float | None:
        """The area's rate as a multiple of its similar areas' average."""
        if not self.rate_per_1000 or not self.similar_rate_per_1000:
            return None
        return self.rate_per_1000 / self.similar_rate_per_1000

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["ratio_to_similar"] = self.ratio_to_similar
        return d


@dataclass
class Benchmarks:
    area: Area
    period: Period
    similar: SimilarAreas | None  # None: not a district
    rows: list[Benchmark]
    held: dict[str, list[str]]  # source -> codes of the similar areas held
    national: bool  # England and Wales held for the period
    notes: list[str] = field(default_factory=list)

    def row(self, indicator_id: str) -> Benchmark | None:
        return next((r for r in self.rows if r.indicator_id == indicator_id), None)

    @property
    def forces_not_held(self) -> list[str]:
        """Police force areas of similar areas whose police.uk data is not held."""
        if self.similar is None:
            return []
        held = set(self.held.get(NATIONAL_SOURCE, []))
        return sorted(
            {r.force_name or "?" for r in self.similar.rows if r.district_code not in held}
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "area": self.area.to_dict(),
            "period": self.period.to_dict(),
            "similar_areas": [r.to_dict() for r in self.similar.rows] if self.similar else [],
            "similar_areas_held": self.held,
            "england_and_wales_held": self.national,
            "rows": [r.to_dict() for r in self.rows],
            "notes": self.notes,
        }


def national_data_held(wh: Warehouse, period: Period) -> bool:
    """True when police.uk data for every police force area of England and Wales is held
    for every month of ``period``."""
    forces = geography_queries.all_force_areas(wh)
    return bool(forces) and all(
        coverage(wh, NATIONAL_SOURCE, Area(code, name, "force"), period).complete
        for code, name in forces
    )


def benchmarks(
    wh: Warehouse,
    area: Area,
    period: Period,
    indicators: list[Indicator],
) -> Benchmarks:
    """Each of ``indicators`` (counts with a denominator; proportions are left out) for
    ``area`` beside its similar areas' average and England and Wales."""
    wanted = [i for i in indicators if i.denominator and not i.is_proportion]
    similar = similar_areas(wh, area) if area.level in ("district", "csp") else None
    own = similar.district_code if similar else area.code
    peers = [r.area() for r in similar.rows] if similar else []
    held = {
        source: [p.code for p in peers if coverage(wh, source, p, period).complete]
        for source in dict.fromkeys(i.source for i in wanted)
    }
    national = any(i.source == NATIONAL_SOURCE for i in wanted) and national_data_held(wh, period)
    codes = None if national else sorted({own, *(c for cs in held.values() for c in cs)})
    counts = engine.district_counts(wh, wanted, period, codes) if wanted else {}
    dens = engine.district_populations(wh, codes)
    names = {p.code: p.name for p in peers} | {own: area.name}

    rows = []
    for ind in wanted:
        kind = ind.denominator or "residents"

        def figure(code: str, this: bool = False, ind=ind, kind=kind) -> DistrictFigure:
            n = counts.get(code, {}).get(ind.id, 0)
            den = dens.get(code, {}).get(kind, 0)
            return DistrictFigure(
                code, names.get(code, code), n, den, rate_per_1000(n, den) if den else None, this
            )

        points = [figure(c) for c in held.get(ind.source, [])]
        mine = figure(own, True) if similar is not None else None
        pooled = [(p.count, p.denominator) for p in points if p.denominator]
        ew = None
        if national and ind.source == NATIONAL_SOURCE:
            # Every district of England and Wales (``dens`` holds them all).
            ew = pooled_rate(
                [(counts.get(lad, {}).get(ind.id, 0), d.get(kind, 0)) for lad, d in dens.items()]
            )
        rows.append(
            Benchmark(
                indicator_id=ind.id,
                indicator=ind.name,
                denominator_kind=kind,
                rate_per_1000=mine.rate_per_1000 if mine else None,
                similar_rate_per_1000=pooled_rate(pooled) if pooled else None,
                similar_count=sum(c for c, _ in pooled) if pooled else None,
                similar_denominator=sum(d for _, d in pooled) if pooled else None,
                similar_held=len(points),
                england_wales_rate_per_1000=ew,
                districts=([mine] if mine else []) + points,
            )
        )
    result = Benchmarks(area, period, similar, rows, held, national)
    result.notes = _notes(result)
    return result


def _notes(b: Benchmarks) -> list[str]:
    notes = []
    if b.similar is not None:
        total = len(b.similar.rows)
        for source, codes in b.held.items():
            label = SOURCE_LABELS.get(source, source)
            if len(codes) == total:
                notes.append(
                    f"Similar areas' average: the {total} similar areas' {label} records over "
                    "their residents (households for burglary), for the whole period."
                )
            elif codes:
                notes.append(
                    f"Similar areas' average: {len(codes)} of the {total} similar areas, those "
                    f"whose {label} data is held for every month of {b.period.label}."
                )
            else:
                notes.append(
                    f"No similar area's {label} data is held for every month of "
                    f"{b.period.label}, so there is no similar areas' average."
                )
        missing = b.forces_not_held
        if missing and NATIONAL_SOURCE in b.held:
            notes.append(
                "To compare with every similar area, load the police.uk files of: "
                + ", ".join(missing)
                + "."
            )
    if b.national:
        notes.append(
            "England and Wales: every record located in England and Wales over its residents "
            "(households for burglary)."
        )
    else:
        notes.append(
            f"England and Wales is shown when every force's police.uk data is held for "
            f"{b.period.label}."
        )
    return notes
