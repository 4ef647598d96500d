"""Illustrative aggregate tables: IDVA, drug treatment, youth FTEs, probation, schools.

Each function returns (header, rows); every row carries ``illustrative = yes``. IDVA
referrals are written the way the service's quarterly report reads (a "2024/25 Q1"
quarter column and the districts' short names); the rest in the canonical layouts.
"""

from __future__ import annotations

import random
from datetime import date

from saferplaces.core.periods import month_index
from saferplaces.sources.illustrative import volumes as v
from saferplaces.sources.illustrative.draw import binomial, poisson

Rows = tuple[list[str], list[list[object]]]


def _quarters() -> list[int]:
    """First months of the calendar quarters of the illustrative period."""
    first, last = month_index(v.FIRST_MONTH), month_index(v.LAST_MONTH)
    return list(range(first, last + 1, 3))


def _financial_quarter(m: int) -> str:
    """Month index of a quarter's first month -> '2024/25 Q1' (April to June 2024)."""
    y, month = divmod(m, 12)
    fy = y if month >= 3 else y - 1
    q = ((month - 3) % 12) // 3 + 1
    return f"{fy}/{(fy + 1) % 100:02d} Q{q}"


def _iso_first(m: int) -> str:
    y, month = divmod(m, 12)
    return date(y, month + 1, 1).isoformat()


def _iso_last(m: int) -> str:
    y, month = divmod(m + 1, 12)
    return date.fromordinal(date(y, month + 1, 1).toordinal() - 1).isoformat()


def idva(rng: random.Random) -> Rows:
    header = ["Quarter", "Area", "Service", "Referrals", "Engaged", "Repeat referrals"]
    header.append("illustrative")
    rows: list[list[object]] = []
    for q_first in _quarters():
        fq = int(_financial_quarter(q_first)[-1]) - 1
        for table, is_service in ((v.IDVA_QUARTERS, False), (v.IDVA_SERVICES, True)):
            for name, (quarters, engage, repeat) in table.items():
                n = poisson(rng, quarters[fq])
                rows.append(
                    [
                        _financial_quarter(q_first),
                        "" if is_service else name,
                        name if is_service else "",
                        n,
                        binomial(rng, n, engage),
                        binomial(rng, n, repeat),
                        "yes",
                    ]
                )
    return header, rows


def drug_treatment(rng: random.Random) -> Rows:
    header = [
        "district_code",
        "period_start",
        "period_end",
        "substance_group",
        "clients_in_treatment",
        "successful_completions",
        "illustrative",
    ]
    rows: list[list[object]] = []
    first = month_index(v.FIRST_MONTH)
    for year_start in (first, first + 12):
        for lad, (groups, completions) in v.DRUG_TREATMENT.items():
            total = sum(groups)
            for group, clients in zip(v.SUBSTANCE_GROUPS, groups, strict=True):
                n = poisson(rng, clients)
                done = min(n, poisson(rng, completions * clients / total))
                rows.append(
                    [lad, _iso_first(year_start), _iso_last(year_start + 11), group, n, done, "yes"]
                )
    return header, rows


def youth_fte(rng: random.Random) -> Rows:
    header = [
        "district_code",
        "period_start",
        "period_end",
        "sex",
        "offence_type",
        "entrants",
        "illustrative",
    ]
    total = sum(v.FTE_OFFENCES.values())
    shares = {k: n / total for k, n in v.FTE_OFFENCES.items()}
    rows: list[list[object]] = []
    for q_first in _quarters():
        for lad, (male, female) in v.FTE_PER_YEAR.items():
            for sex, per_year in (("male", male), ("female", female)):
                counts: dict[str, int] = {}
                for _ in range(poisson(rng, per_year / 4)):
                    offence = rng.choices(list(shares), weights=list(shares.values()))[0]
                    counts[offence] = counts.get(offence, 0) + 1
                for offence, n in sorted(counts.items()):
                    rows.append(
                        [lad, _iso_first(q_first), _iso_last(q_first + 2), sex, offence, n, "yes"]
                    )
    return header, rows


def probation(rng: random.Random) -> Rows:
    header = [
        "snapshot_date",
        "district_code",
        "sex",
        "ogrs_band",
        "offenders",
        *v.PROBATION_NEED_FIELDS,
        "illustrative",
    ]
    bands = ("low", "medium", "high", "very high")
    rows: list[list[object]] = []
    # Snapshots at the end of February, May, August and November.
    first = month_index(v.FIRST_MONTH)
    for m in range(first + 1, month_index(v.LAST_MONTH) + 1, 3):
        snapshot = _iso_last(m)
        for lad, counts in v.PROBATION_OGRS.items():
            for band, mean in zip(bands, counts, strict=True):
                n = poisson(rng, mean)
                female = binomial(rng, n, v.PROBATION_FEMALE[lad])
                for sex, k in (("male", n - female), ("female", female)):
                    if k == 0:
                        continue
                    needs = [binomial(rng, k, p) for p in v.PROBATION_NEEDS[lad]]
                    rows.append([snapshot, lad, sex, band, k, *needs, "yes"])
    return header, rows


def schools(rng: random.Random) -> Rows:
    header = [
        "school_urn",
        "school_name",
        "district_code",
        "period_start",
        "period_end",
        "sessions_possible",
        "sessions_absent",
        "sessions_excluded",
        "suspensions",
        "permanent_exclusions",
        "illustrative",
    ]
    rows: list[list[object]] = []
    urn = 0
    for lad, count in v.SCHOOLS.items():
        for k in range(1, count + 1):
            urn += 1
            pupils = rng.randint(700, 1600)
            absence = rng.uniform(*v.ABSENCE_RATE)
            exclusion = rng.uniform(*v.EXCLUSION_RATE)
            for year in v.ACADEMIC_YEARS:
                possible = pupils * 380 + rng.randint(-2000, 2000)
                a = absence * rng.uniform(0.9, 1.1)
                x = exclusion * rng.uniform(0.7, 1.3)
                rows.append(
                    [
                        f"ILL{urn:04d}",
                        f"Illustrative secondary school {v.DISTRICTS[lad][:3].upper()}-{k:02d}",
                        lad,
                        f"{year}-09-01",
                        f"{year + 1}-08-31",
                        possible,
                        round(possible * a),
                        round(possible * x),
                        poisson(rng, pupils * 0.08),
                        poisson(rng, pupils * 0.001),
                        "yes",
                    ]
                )
    return header, rows
