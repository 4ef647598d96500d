"""Illustrative incident-level extracts: fire, ambulance, ED, force extract, council ASB.

Each function returns (header, rows). Record ids start ``ILL-`` and every row carries
``illustrative = yes``. Fire is written the way a fire service's system exports it
(its own column names, dates as DD/MM/YYYY hh:mm, British National Grid coordinates);
ED arrivals the way a hospital sends a workbook; the rest in the canonical layouts.
"""

from __future__ import annotations

import random
from datetime import datetime

from saferplaces.core.periods import month_index
from saferplaces.geography.boundaries import lonlat_to_bng
from saferplaces.sources.illustrative import volumes as v
from saferplaces.sources.illustrative.draw import day_in, monthly, pick, poisson
from saferplaces.sources.illustrative.places import Places

Rows = tuple[list[str], list[list[object]]]


def _months(last: str = v.LAST_MONTH) -> list[int]:
    return list(range(month_index(v.FIRST_MONTH), month_index(last) + 1))


def _trend(m: int, factor: float) -> float:
    """1 in the first year, ``factor`` in the second."""
    return factor if m >= month_index(v.FIRST_MONTH) + 12 else 1.0


def _each(counts: list[tuple[int, int]], where: object, kind: str) -> list:
    """(month, where, kind) once for every event counted in ``counts``."""
    return [(m, where, kind) for m, n in counts for _ in range(n)]


def fire(rng: random.Random, places: Places) -> Rows:
    header = [
        "Incident Number",
        "Date of Call",
        "Incident Type",
        "Fire Cause",
        "Property Category",
        "Easting",
        "Northing",
        "LSOA",
        "Parish",
        "Estimated Loss (£)",
        "illustrative",
    ]
    cause_words = {
        "deliberate": (
            "Deliberate - other",
            "Deliberate - own property",
            "Deliberate - unknown owner",
        ),
        "accidental": ("Accidental",),
        "unknown": ("Not known",),
    }
    property_words = {
        "outdoor": ("Secondary", "Grassland, woodland and crops", "Refuse"),
        "building": ("Dwelling", "Other building"),
        "vehicle": ("Road vehicle",),
        "other": ("Other",),
    }
    records: list[tuple[str, int, str]] = []
    for lad, per_year in v.FIRES_PER_YEAR.items():
        trend = v.FIRE_TREND.get(lad, 1.0)
        # The second year's rise is in deliberate fires only.
        extra = per_year * v.FIRE_CAUSE["deliberate"] * (trend - 1) / 12
        for m, n in monthly(rng, per_year, _months(), "fire"):
            records += [(lad, m, pick(rng, v.FIRE_CAUSE)) for _ in range(n)]
            if _trend(m, trend) > 1:
                records += [(lad, m, "deliberate")] * poisson(rng, extra)
    records.sort(key=lambda r: (r[1], r[0]))
    rows: list[list[object]] = []
    points = []
    for i, (lad, m, c) in enumerate(records, start=1):
        prop = pick(rng, v.FIRE_PROPERTY[c])
        lsoa = places.pick_lsoa(rng, lad, "Criminal damage and arson")
        when = datetime.combine(day_in(rng, m), datetime.min.time()).replace(
            hour=rng.randint(0, 23), minute=rng.randint(0, 59)
        )
        located = rng.random() > 0.01
        lat, lon = places.point_in(rng, lsoa) if located else (None, None)
        points.append((lat, lon))
        loss = ""
        if rng.random() >= 0.6:
            loss = f"£{rng.choice([50, 100, 250, 500, 1200, 5000, 20000]):,}"
        rows.append(
            [
                f"ILL-F{when.year % 100:02d}-{i:06d}",
                when.strftime("%d/%m/%Y %H:%M"),
                "Secondary fire" if prop == "outdoor" else "Primary fire",
                rng.choice(cause_words[c]),
                rng.choice(property_words[prop]),
                "",
                "",
                lsoa if located and rng.random() < 0.8 else "",
                places.ward_name(lsoa) if located else "",
                loss,
                "yes",
            ]
        )
    located_i = [i for i, p in enumerate(points) if p[0] is not None]
    e, n = lonlat_to_bng([points[i][1] for i in located_i], [points[i][0] for i in located_i])
    for j, i in enumerate(located_i):
        rows[i][5], rows[i][6] = round(float(e[j])), round(float(n[j]))
    return header, rows


def ambulance(rng: random.Random, places: Places) -> Rows:
    header = [
        "callout_id",
        "date",
        "latitude",
        "longitude",
        "lsoa_code",
        "district_code",
        "sex",
        "age_band",
        "illustrative",
    ]
    months = _months(v.AMBULANCE_LAST_MONTH)
    events: list[tuple[int, str | None, str]] = []
    for lad, per_year in v.AMBULANCE_PER_YEAR.items():
        events += _each(monthly(rng, per_year, months, "violence"), lad, "in")
    events += _each(monthly(rng, v.AMBULANCE_UNKNOWN_PER_YEAR, months, "violence"), None, "unknown")
    events += _each(monthly(rng, v.AMBULANCE_OUTSIDE_PER_YEAR, months, "violence"), None, "outside")
    events.sort(key=lambda e: (e[0], e[1] or "", e[2]))
    rows: list[list[object]] = []
    for i, (m, lad, where) in enumerate(events, start=1):
        d = day_in(rng, m)
        lat = lon = lsoa = district = ""
        if where == "in":
            code = places.pick_lsoa(rng, lad, "Violence and sexual offences")  # type: ignore[arg-type]
            r = rng.random()
            if r < 0.75:
                lat, lon = places.point_in(rng, code)
            elif r < 0.9:
                lsoa = code
            else:
                district = lad
        elif where == "outside":
            lat, lon = places.point_outside(rng)
        rows.append(
            [
                f"ILL-A{d.year % 100:02d}-{i:06d}",
                d.isoformat(),
                lat,
                lon,
                lsoa,
                district,
                pick(rng, v.AMBULANCE_SEX),
                pick(rng, v.AMBULANCE_AGE),
                "yes",
            ]
        )
    return header, rows


def ed_assaults(rng: random.Random) -> Rows:
    header = [
        "Attendance ID",
        "Arrival Date",
        "Location of incident",
        "Weapon",
        "Age",
        "Gender",
        "Resident district",
        "Admitted?",
        "illustrative",
    ]
    total = sum(v.ED_LOCATION.values())
    location = {k: n / total for k, n in v.ED_LOCATION.items()}
    rows: list[list[object]] = []
    i = 0
    for year_factor, months in ((1.0, _months()[:12]), (1.06, _months()[12:])):
        for m, n in monthly(rng, v.ED_PER_YEAR * year_factor, months, "violence"):
            for _ in range(n):
                i += 1
                d = day_in(rng, m)
                sex = "M" if rng.random() < 0.7 else ("F" if rng.random() < 0.95 else "Not known")
                age: object = max(1, min(95, round(rng.gauss(29, 11))))
                if rng.random() < 0.03:
                    age = None
                rows.append(
                    [
                        f"ILL-ED{d.year % 100:02d}-{i:05d}",
                        datetime(d.year, d.month, d.day, rng.randint(0, 23), rng.randint(0, 59)),
                        pick(rng, location),
                        pick(rng, v.ED_WEAPON),
                        age,
                        sex,
                        pick(rng, v.ED_RESIDENCE),
                        "Y" if rng.random() < v.ED_ADMITTED else "N",
                        "yes",
                    ]
                )
    rows.sort(key=lambda r: r[1])  # type: ignore[arg-type, return-value]
    return header, rows


def _weighted_sample(
    rng: random.Random, items: list[int], weights: list[float], k: int
) -> list[int]:
    """``k`` of ``items`` without replacement, each as likely as its weight (keys
    u^(1/w), Efraimidis and Spirakis)."""
    if k >= len(items):
        return list(items)
    keyed = sorted(((rng.random() ** (1.0 / w), i) for i, w in zip(items, weights, strict=True)))
    return [i for _, i in keyed[-k:]]


def _mark(
    rng: random.Random,
    crimes: list[dict],
    weight: dict[str, float],
    per_year: dict[str, float],
    flag: str,
) -> None:
    """Give ``flag`` to ``per_year[district]`` crimes a year in each district, drawn by
    the group's weight."""
    by_key: dict[tuple[str, int], list[int]] = {}
    for i, c in enumerate(crimes):
        if c["district"] in per_year and weight.get(c["group"]) and not c.get(flag):
            by_key.setdefault((c["district"], c["month"] // 12), []).append(i)
    for (lad, _), items in sorted(by_key.items()):
        k = poisson(rng, per_year[lad])
        for i in _weighted_sample(rng, items, [weight[crimes[i]["group"]] for i in items], k):
            crimes[i][flag] = True


def police_extract(rng: random.Random, places: Places) -> Rows:
    """The force's whole crime extract: every police.uk street-level crime of the force in
    the bundled months (their month, LSOA and snapped point are real), with a drawn day,
    Home Office offence group and subgroup, and the markers at the published volumes;
    plus non-crime domestic abuse incidents."""
    header = [
        "crime_id",
        "date",
        "offence_group",
        "offence_subgroup",
        "latitude",
        "longitude",
        "lsoa_code",
        "domestic_abuse",
        "hate_strand",
        "cyber",
        "youth",
        "record_type",
        "illustrative",
    ]
    crimes: list[dict] = []
    for month, kind, lsoa, lat, lon in places.crimes:
        mapped = v.POLICE_UK_GROUPS.get(kind) or pick(rng, v.VIOLENCE_AND_SEXUAL)  # type: ignore[arg-type]
        group, sub = mapped  # type: ignore[misc]
        crimes.append(
            {
                "month": month_index(month),
                "group": group,
                "sub": sub,
                "lsoa": lsoa,
                "lat": lat,
                "lon": lon,
                "district": places.lookup[lsoa][2] if lsoa in places.lookup else None,
            }
        )
    residents = sum(v.RESIDENTS.values())
    _mark(
        rng,
        crimes,
        v.DA_WEIGHT,
        {lad: v.DA_CRIMES_PER_1000[lad] * v.RESIDENTS[lad] / 1000 for lad in v.DISTRICTS},
        "da",
    )
    _mark(rng, crimes, v.HATE_WEIGHT, dict(v.HATE_PER_YEAR), "hate")
    _mark(
        rng,
        crimes,
        v.CYBER_WEIGHT,
        {lad: v.CYBER_FORCE_PER_YEAR * v.RESIDENTS[lad] / residents for lad in v.DISTRICTS},
        "cyber",
    )
    # Non-crime domestic abuse incidents: not crimes, so not in police.uk.
    for lad in v.DISTRICTS:
        nc = v.DA_CRIMES_PER_1000[lad] * v.RESIDENTS[lad] / 1000 * v.DA_NON_CRIME_PER_CRIME
        for m, n in monthly(rng, nc, _months(), "violence"):
            for _ in range(n):
                lsoa = places.pick_lsoa(rng, lad, "Violence and sexual offences")
                lat, lon = places.point_in(rng, lsoa)
                crimes.append(
                    {
                        "month": m,
                        "group": "non-crime incident",
                        "sub": "",
                        "lsoa": lsoa,
                        "lat": str(lat),
                        "lon": str(lon),
                        "district": lad,
                        "da": True,
                        "record_type": "non-crime incident",
                    }
                )
    dated = [(day_in(rng, c["month"]), i) for i, c in enumerate(crimes)]
    dated.sort()
    rows: list[list[object]] = []
    for n, (d, i) in enumerate(dated, start=1):
        c = crimes[i]
        record_type = c.get("record_type", "crime")
        where = pick(rng, v.EXTRACT_LOCATION)
        has_point = where == "point" and c["lat"] != ""
        prefix = "IN" if record_type != "crime" else "CR"
        rows.append(
            [
                f"ILL-{prefix}-{d.year % 100:02d}-{n:07d}",
                d.isoformat(),
                c["group"],
                c["sub"],
                c["lat"] if has_point else "",
                c["lon"] if has_point else "",
                c["lsoa"] if where != "none" and not has_point else "",
                "yes" if c.get("da") else "no",
                pick(rng, v.HATE_STRAND).lower() if c.get("hate") else "",
                "yes" if c.get("cyber") else "no",
                "yes" if rng.random() < v.YOUTH_KEYWORD_SHARE else "no",
                record_type,
                "yes",
            ]
        )
    return header, rows


_OUTWARD = {
    v.CAMBRIDGE: ("CB1", "CB2", "CB3", "CB4", "CB5"),
    v.EAST: ("CB6", "CB7", "CB8"),
    v.FENLAND: ("PE13", "PE14", "PE15"),
    v.HUNTS: ("PE19", "PE26", "PE27", "PE28", "PE29"),
    v.SOUTH: ("CB21", "CB22", "CB23", "CB24", "CB25"),
    v.PETERBOROUGH: ("PE1", "PE2", "PE3", "PE4", "PE7"),
}


def asb_cases(rng: random.Random, places: Places) -> Rows:
    header = [
        "case_id",
        "date",
        "asb_type",
        "youth",
        "latitude",
        "longitude",
        "lsoa_code",
        "ward",
        "postcode_district",
        "illustrative",
    ]
    events = [
        (m, lad)
        for lad, per_year in v.ASB_CASES_PER_YEAR.items()
        for m, n in monthly(rng, per_year, _months(), "asb")
        for _ in range(n)
    ]
    events.sort()
    rows: list[list[object]] = []
    for i, (m, lad) in enumerate(events, start=1):
        d = day_in(rng, m)
        code = places.pick_lsoa(rng, lad, "Anti-social behaviour")
        lat = lon = lsoa = ward = pcd = ""
        r = rng.random()
        if r < 0.6:
            lat, lon = places.point_in(rng, code)
        elif r < 0.85:
            lsoa = code
        elif r < 0.97:
            ward = places.lookup[code][0]  # the ward's code (names repeat across districts)
        else:
            pcd = rng.choice(_OUTWARD[lad])
        rows.append(
            [
                f"ILL-ASB/{d.year % 100:02d}/{i:05d}",
                d.isoformat(),
                pick(rng, v.ASB_TYPE),
                "yes" if rng.random() < v.ASB_YOUTH else "no",
                lat,
                lon,
                lsoa,
                ward,
                pcd,
                "yes",
            ]
        )
    return header, rows
