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


_DA_GROUPS = {
    ("violence against the person", "violence with injury"): 0.3,
    ("violence against the person", "violence without injury"): 0.25,
    ("violence against the person", "stalking and harassment"): 0.2,
    ("criminal damage and arson", "criminal damage"): 0.08,
    ("sexual offences", "other sexual offences"): 0.04,
    ("sexual offences", "rape"): 0.02,
    ("public order offences", "public fear, alarm or distress"): 0.05,
    ("theft offences", "other theft"): 0.04,
    ("miscellaneous crimes against society", "other"): 0.02,
}
_HATE_GROUPS = {
    ("public order offences", "racially or religiously aggravated public fear"): 0.45,
    ("violence against the person", "violence without injury"): 0.25,
    ("violence against the person", "violence with injury"): 0.12,
    ("violence against the person", "stalking and harassment"): 0.1,
    ("criminal damage and arson", "racially or religiously aggravated criminal damage"): 0.05,
    ("miscellaneous crimes against society", "other"): 0.03,
}
_CYBER_GROUPS = {
    ("fraud offences", "fraud"): 0.35,
    ("violence against the person", "stalking and harassment"): 0.35,
    ("sexual offences", "other sexual offences"): 0.15,
    ("miscellaneous crimes against society", "obscene publications"): 0.1,
    ("theft offences", "other theft"): 0.05,
}


def police_extract(rng: random.Random, places: Places) -> Rows:
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
    kinds: list[tuple[int, str, str]] = []
    months = _months()
    cyber_total = sum(v.RESIDENTS.values())
    for lad in v.DISTRICTS:
        da = v.DA_CRIMES_PER_1000[lad] * v.RESIDENTS[lad] / 1000
        kinds += _each(monthly(rng, da, months, "violence"), lad, "da")
        nc = da * v.DA_NON_CRIME_PER_CRIME
        kinds += _each(monthly(rng, nc, months, "violence"), lad, "da-nc")
        kinds += _each(monthly(rng, v.HATE_PER_YEAR[lad], months, "flat"), lad, "hate")
        cyber = v.CYBER_FORCE_PER_YEAR * v.RESIDENTS[lad] / cyber_total
        kinds += _each(monthly(rng, cyber, months, "flat"), lad, "cyber")
    kinds.sort(key=lambda k: (k[0], k[1], k[2]))
    rows: list[list[object]] = []
    for i, (m, lad, kind) in enumerate(kinds, start=1):
        d = day_in(rng, m)
        da, hate, cyber, record_type = "no", "", "no", "crime"
        if kind == "da":
            group, sub = pick(rng, _DA_GROUPS)  # type: ignore[misc]
            da = "yes"
        elif kind == "da-nc":
            group, sub, da, record_type = "non-crime incident", "", "yes", "non-crime incident"
        elif kind == "hate":
            group, sub = pick(rng, _HATE_GROUPS)  # type: ignore[misc]
            hate = pick(rng, v.HATE_STRAND).lower()
        else:
            group, sub = pick(rng, _CYBER_GROUPS)  # type: ignore[misc]
            cyber = "yes"
            da = "yes" if rng.random() < 0.15 else "no"
        code = places.pick_lsoa(rng, lad, "Violence and sexual offences")
        lat = lon = lsoa = ""
        r = rng.random()
        if r < 0.7:
            lat, lon = places.point_in(rng, code)
        elif r < 0.98:
            lsoa = code
        prefix = "IN" if record_type != "crime" else "CR"
        rows.append(
            [
                f"ILL-{prefix}-{d.year % 100:02d}-{i:07d}",
                d.isoformat(),
                group,
                sub,
                lat,
                lon,
                lsoa,
                da,
                hate,
                cyber,
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
