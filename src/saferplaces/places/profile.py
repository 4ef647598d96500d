"""Area profiles: everything the partnership knows about one bespoke place, as data.

:func:`build_profile` gathers, for a :class:`~saferplaces.places.custom_area.CustomArea`
and a period: population and households, deprivation (IoD2025 national and local
deciles and domain ranks per LSOA), crime, ASB, harm and any loaded agency indicator
with its rate beside the district's and the force's and its change on the baseline,
the monthly trend, the place flags and hot spots inside it, and how concentrated its
crime is. Figures are written to ``out_dir``. :mod:`saferplaces.places.profile_document`
turns the result into HTML, PDF and Word.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from saferplaces.core.messages import Note
from saferplaces.core.periods import Period
from saferplaces.geography.areas import Area, force_of, resolve_area
from saferplaces.geography.boundaries import boundaries
from saferplaces.indicators import engine
from saferplaces.indicators.police import indicator_table
from saferplaces.indicators.registry import (
    Indicator,
    all_indicators,
    get_indicator,
    headline_indicators,
)
from saferplaces.places import figures, queries, store
from saferplaces.places.completeness import check_period, coverages, incomplete_note
from saferplaces.places.concentration import concentration
from saferplaces.places.custom_area import CustomArea
from saferplaces.places.harm import harm_profile
from saferplaces.places.hotspots import COLD, HOT, Hotspots, hotspots
from saferplaces.places.stored_runs import default_run
from saferplaces.warehouse.connection import Warehouse

DOMAINS = {
    "imd": "Index of Multiple Deprivation",
    "income": "Income",
    "employment": "Employment",
    "education": "Education, skills and training",
    "health": "Health deprivation and disability",
    "crime": "Crime",
    "housing": "Barriers to housing and services",
    "environment": "Living environment",
}
IMD_LSOAS_ENGLAND = 33_755


@dataclass
class RateRow:
    indicator_id: str
    indicator: str
    count: float
    baseline_count: float
    change: float
    change_pct: float | None
    classification: str
    rate: float | None
    district_rate: float | None
    force_rate: float | None
    per: str | None  # residents | households
    weighted: bool = False


@dataclass
class Profile:
    area: CustomArea
    period: Period
    baseline: Period
    made: date
    residents: int
    households: int
    wards: list[dict[str, Any]]  # ward, district, LSOAs of the ward inside the area
    district: Area | None
    force: Area | None
    deprivation: list[dict[str, Any]]  # per LSOA, most deprived first
    national_deciles: dict[int, int]  # IMD decile -> LSOAs
    rates: list[RateRow]
    trend: dict[str, list[tuple[str, float]]]
    flags: list[dict[str, Any]]  # the area's wards in the district's flags run for the period
    flags_run: dict[str, Any] | None
    hotspots: list[dict[str, Any]]  # the area's LSOAs that are hot or cold spots
    hotspot_area: str | None
    concentration: dict[str, Any] | None
    harm: dict[str, Any]
    figures: list[figures.Figure]
    notes: list[str] = field(default_factory=list)

    def figure(self, kind: str) -> figures.Figure | None:
        return next((f for f in self.figures if f.path.stem.startswith(kind)), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "area": self.area.to_dict(),
            "period": self.period.to_dict(),
            "baseline": self.baseline.to_dict(),
            "made": self.made.isoformat(),
            "residents": self.residents,
            "households": self.households,
            "wards": self.wards,
            "district": self.district.to_dict() if self.district else None,
            "force": self.force.to_dict() if self.force else None,
            "deprivation": self.deprivation,
            "national_deciles": {str(k): v for k, v in self.national_deciles.items()},
            "rates": [r.__dict__ for r in self.rates],
            "trend": {k: [list(p) for p in v] for k, v in self.trend.items()},
            "flags_run": self.flags_run,
            "flags": self.flags,
            "hotspots": self.hotspots,
            "concentration": self.concentration,
            "harm": self.harm,
            "figures": [f.to_dict() for f in self.figures],
            "notes": self.notes,
        }


def profile_indicators(wh: Warehouse) -> list[Indicator]:
    """police.uk types, all crime, harm, then any other loaded indicator with LSOA figures."""
    others = [
        i
        for i in all_indicators()
        if not i.headline and i.resolution != "district" and engine.has_data(wh, i)
    ]
    return headline_indicators() + others


def _rates(
    wh, area, district, force, period, baseline, indicators, cache: dict | None = None
) -> list[RateRow]:
    mine = indicator_table(wh, area, period, baseline, indicators)
    theirs = {}
    cache = {} if cache is None else cache
    for key, other in (("district", district), ("force", force)):
        if other is not None:
            # Several places of one district (the place report) share its and the force's.
            held = (other.code, period.spec, baseline.spec, tuple(i.id for i in indicators))
            if held not in cache:
                t = indicator_table(wh, other, period, baseline, indicators)
                cache[held] = {r.indicator_id: r.rate_per_1000 for r in t.rows}
            theirs[key] = cache[held]
    by_id = {i.id: i for i in indicators}
    return [
        RateRow(
            indicator_id=r.indicator_id,
            indicator=r.indicator,
            count=r.count,
            baseline_count=r.baseline_count,
            change=r.change,
            change_pct=r.change_pct,
            classification=r.classification,
            rate=r.rate_per_1000,
            district_rate=theirs.get("district", {}).get(r.indicator_id),
            force_rate=theirs.get("force", {}).get(r.indicator_id),
            per=r.denominator_kind,
            weighted=by_id[r.indicator_id].weighted,
        )
        for r in mine.rows
    ]


def _flags(wh, area: CustomArea, district: Area | None, period: Period):
    """The area's wards in the partnership's flags run for this district and period (the
    latest run with the default settings), and a note when there is none."""
    if district is None:
        return None, [], None
    run = default_run(wh, district, period)
    if run is None:
        return (
            None,
            [],
            Note(
                f"No flags run for {district.name} over {period.label} with the default "
                "settings: run the district's place flags for the period to show the area's "
                "ward flags.",
                code="places.no-default-run",
                data={
                    "area_name": district.name,
                    "period": period.spec,
                    "period_label": period.label,
                },
            ),
        )
    wards = store.run_wards(wh, run["run_id"])
    mine = {w["ward_code"] for w in queries.area_geography(wh, list(area.lsoas))}
    rows = [
        {
            "ward_code": w["ward_code"],
            "ward_name": w["ward_name"],
            "flag_count": w["flag_count"],
            "flags": [get_indicator(f).name for f in json.loads(w["flags"])],
            "proposed_category": w["proposed_category"],
            "category": w["category"],
        }
        for code, w in sorted(wards.items(), key=lambda kv: kv[1]["ward_name"])
        if code in mine
    ]
    summary = {
        "run_id": run["run_id"],
        "period": f"{run['period_start']} to {run['period_end']}",
        "created_at": run["created_at"].isoformat(timespec="minutes"),
    }
    return summary, rows, None


def _subset(h: Hotspots, lsoas: set[str]) -> Hotspots:
    return replace(h, rows=[r for r in h.rows if r.lsoa_code in lsoas])


def brief_profile(
    wh: Warehouse,
    area: CustomArea,
    period: Period,
    baseline: Period | None = None,
    *,
    indicators: list[Indicator] | None = None,
    cache: dict | None = None,
) -> Profile:
    """The profile's figures without its charts, hot spots, concentration, harm or flags
    (people, deprivation, and each indicator's count and rate beside the district's and
    the force's; every profile indicator unless ``indicators`` names some): a page of the
    quarterly place report, where the run gives the flags. ``cache`` keeps the district's
    and the force's rates for the next place."""
    baseline = baseline or period.previous()
    lsoas = list(area.lsoas)
    dens = engine.denominators(wh, area)
    geography = queries.area_geography(wh, lsoas)
    districts = sorted({(g["lad_code"], g["lad_name"]) for g in geography})
    district = resolve_area(wh, districts[0][0]) if len(districts) == 1 else None
    force = force_of(wh, area)
    notes: list[str] = []
    if district is None:
        notes.append(
            "The area spans more than one district, so it is compared with the force only."
        )
    partial = [g for g in geography if g["lsoas"] < g["ward_lsoas"]]
    if partial:
        notes.append(
            "Part of a ward: "
            + "; ".join(
                f"{g['ward_name']} ({g['lsoas']} of {g['ward_lsoas']} LSOAs)" for g in partial
            )
            + ". Ward flags describe the whole ward."
        )

    deprivation = queries.imd_rows(wh, lsoas, force.code if force else None)
    national = Counter(int(r["imd_decile"]) for r in deprivation if r["imd_decile"] is not None)
    if len(deprivation) < len(lsoas):
        notes.append(
            f"{len(lsoas) - len(deprivation)} LSOA(s) have no English Indices of Deprivation "
            "2025 (Welsh LSOAs use the Welsh index)."
        )

    indicators = indicators if indicators is not None else profile_indicators(wh)
    rates = _rates(wh, area, district, force, period, baseline, indicators, cache)
    notes += [incomplete_note(c) for c in coverages(wh, area, period, indicators) if c.missing]
    notes += [
        f"Changes not compared: {c.describe()}."
        for c in coverages(wh, area, baseline, indicators)
        if c.missing
    ]
    return Profile(
        area=area,
        period=period,
        baseline=baseline,
        made=date.today(),
        residents=dens["residents"],
        households=dens["households"],
        wards=geography,
        district=district,
        force=force,
        deprivation=deprivation,
        national_deciles=dict(sorted(national.items())),
        rates=rates,
        trend={},
        flags=[],
        flags_run=None,
        hotspots=[],
        hotspot_area=None,
        concentration=None,
        harm={"rows": []},
        figures=[],
        notes=notes,
    )


def build_profile(
    wh: Warehouse, area: CustomArea, period: Period, out_dir: Path, baseline: Period | None = None
) -> Profile:
    """The full profile of ``area`` for ``period``; figures are written into ``out_dir``."""
    baseline = baseline or period.previous()
    # Nothing to profile without police.uk data for the period (refused in one line).
    check_period(wh, area, period, [get_indicator("all-crime")], what="an area profile")
    out_dir.mkdir(parents=True, exist_ok=True)
    p = brief_profile(wh, area, period, baseline)
    lsoas = list(area.lsoas)
    geography = p.wards
    district, force, notes = p.district, p.force, p.notes

    both = Period(baseline.first, period.last)
    trend = {
        "All crime": engine.monthly_counts(wh, get_indicator("all-crime"), area, both),
        "Anti-social behaviour": engine.monthly_counts(wh, get_indicator("asb"), area, both),
    }
    figs = [
        figures.trend_chart(
            trend,
            f"Crime and anti-social behaviour per month, {area.name}",
            "Records per month",
            f"Source: police.uk (Home Office), OGL v3.0; {both.label}.",
            out_dir / "trend.png",
        )
    ]

    flags_run, flags, flags_note = _flags(wh, area, district, period)
    if flags_note:
        notes.append(flags_note)

    hot_rows: list[dict[str, Any]] = []
    hotspot_area = None
    host = district or force
    if host is not None and boundaries(wh, "lsoa", lsoas[:1]):
        h = hotspots(wh, host, period, get_indicator("all-crime"))
        hotspot_area = host.name
        mine = _subset(h, set(lsoas))
        hot_rows = [
            {
                "lsoa_code": r.lsoa_code,
                "lsoa_name": r.lsoa_name,
                "ward_name": r.ward_name,
                "count": r.count,
                "z": r.z,
                "q_value": r.q_value,
                "classification": r.classification,
            }
            for r in mine.rows
            if r.classification in (HOT, COLD)
        ]
        ward_codes = [g["ward_code"] for g in geography]
        figs.append(
            figures.hotspot_map(
                mine,
                boundaries(wh, "lsoa", lsoas),
                boundaries(wh, "ward", ward_codes),
                out_dir / "hotspots.png",
            )
        )

    conc = None
    c = concentration(wh, area, period, get_indicator("all-crime"), "location")
    if c.stats.incidents:
        conc = c.to_dict(top=10)
        figs.append(figures.lorenz_curve(c, out_dir / "concentration.png"))

    p.trend = {k: list(v) for k, v in trend.items()}
    p.flags, p.flags_run = flags, flags_run
    p.hotspots, p.hotspot_area, p.concentration = hot_rows, hotspot_area, conc
    p.harm = harm_profile(wh, area, period).to_dict()
    p.figures = figs
    return p
