"""Counting any registered indicator for any area, unit and period.

An event counts for an area when its LSOA (2021) is in the area through the best-fit
lookup; with no LSOA, when its ward is the area (events placed by ward, for indicators
with ``ward_events``) or its district is in the area (data held only by ward or
district). Events with no usable location belong to no area; for a force area, police
records the force made with no usable location count towards the force total
(``methods.md``).
"""

from __future__ import annotations

from dataclasses import replace

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.periods import Period
from saferplaces.geography.areas import Area, force_names
from saferplaces.indicators.registry import Indicator
from saferplaces.warehouse.connection import Warehouse


def _number(v: object) -> int | float:
    """A summed ``n``: an int for counted events, a float for weighted ones (harm days)."""
    return v if isinstance(v, float) else int(v)  # type: ignore[call-overload]


def between(period: Period) -> list[object]:
    """The two bounds of ``month BETWEEN ? AND ?`` for a period."""
    return [period.start_date, period.end_date]


def _located(area: Area, ward_events: bool = False) -> tuple[str, list]:
    """Condition on events ``e`` joined to ``ref_lsoa l``: located in ``area``."""
    cond, params = area.predicate("l")
    if area.level == "ward":
        if ward_events:  # placed by the ward itself, with no LSOA
            return (
                f"((l.lsoa21_code IS NOT NULL AND {cond}) OR "
                "(l.lsoa21_code IS NULL AND e.ward_code = ?))",
                [*params, area.code],
            )
        return f"(l.lsoa21_code IS NOT NULL AND {cond})", params
    lad_cond, lad_params = area.predicate("x")
    return (
        f"((l.lsoa21_code IS NOT NULL AND {cond}) OR (l.lsoa21_code IS NULL AND e.lad_code IN "
        f"(SELECT DISTINCT x.lad_code FROM ref_lsoa x WHERE {lad_cond})))",
        [*params, *lad_params],
    )


def _in_area(wh: Warehouse, area: Area, ward_events: bool = False) -> tuple[str, list]:
    """Located in the area, or (for a force) the force's own records with no location."""
    cond, params = _located(area, ward_events)
    if area.level != "force":
        return cond, params
    # The force's records carry its police.uk names (ref_force), as the events' force.
    forces = force_names(wh, area)
    return (
        f"({cond} OR (l.lsoa21_code IS NULL AND e.lad_code IS NULL "
        "AND e.force IN (SELECT unnest(?::VARCHAR[]))))",
        [*params, forces],
    )


def check_resolution(indicator: Indicator, level: str) -> None:
    if indicator.resolution == "district" and level in ("ward", "lsoa"):
        raise SaferplacesError(
            f"{indicator.name} is only held by district, so it has no {level} figures"
        )


def area_counts(
    wh: Warehouse, indicator: Indicator, area: Area, periods: list[Period]
) -> list[int]:
    """Events of ``indicator`` in ``area`` in each of ``periods``."""
    check_resolution(indicator, area.level)
    cond, params = _in_area(wh, area, indicator.ward_events)
    sums = ", ".join(
        "coalesce(sum(e.n) FILTER (WHERE e.month BETWEEN ? AND ?), 0)" for _ in periods
    )
    row = wh.execute(
        f"WITH e AS ({indicator.events}) SELECT {sums} "
        f"FROM e LEFT JOIN ref_lsoa l ON l.lsoa21_code = e.lsoa_code WHERE {cond}",
        [*[b for p in periods for b in between(p)], *params],
    ).fetchone()
    return [_number(v) for v in row]


def area_counts_many(
    wh: Warehouse, indicators: list[Indicator], area: Area, periods: list[Period]
) -> dict[str, list[int]]:
    """{indicator id: events in ``area`` in each of ``periods``}: the same counts as
    :func:`area_counts`, in one query per kind of location rather than one per indicator
    (one join to the lookup instead of fifteen for a police.uk table)."""
    out: dict[str, list[int]] = {}
    groups: dict[bool, list[Indicator]] = {}
    for ind in indicators:
        check_resolution(ind, area.level)
        groups.setdefault(ind.ward_events, []).append(ind)
    sums = ", ".join(
        "coalesce(sum(e.n) FILTER (WHERE e.month BETWEEN ? AND ?), 0)" for _ in periods
    )
    for ward_events, inds in groups.items():
        cond, params = _in_area(wh, area, ward_events)
        union = " UNION ALL BY NAME ".join(
            f"SELECT {k}::INTEGER AS k, * FROM ({ind.events})" for k, ind in enumerate(inds)
        )
        found = {
            row[0]: row[1:]
            for row in wh.rows(
                f"WITH e AS ({union}) SELECT e.k, {sums} FROM e "
                f"LEFT JOIN ref_lsoa l ON l.lsoa21_code = e.lsoa_code WHERE {cond} GROUP BY e.k",
                [*[b for p in periods for b in between(p)], *params],
            )
        }
        for k, ind in enumerate(inds):
            # The union makes every n a DOUBLE once one indicator carries weights.
            values = found.get(k, [0] * len(periods))
            out[ind.id] = [float(v) if ind.weighted else int(v) for v in values]
    return out


def base_counts(
    wh: Warehouse, indicator: Indicator, area: Area, periods: list[Period]
) -> list[int]:
    """The base of a proportion indicator (its ``base_events``) in ``area``, per period."""
    if indicator.base_events is None:
        raise ValueError(f"{indicator.id} is not a proportion")
    return area_counts(wh, replace(indicator, events=indicator.base_events), area, periods)


def base_reporting_periods(
    wh: Warehouse, indicator: Indicator, area: Area, periods: list[Period]
) -> list[int]:
    """How many reporting periods (distinct first months of the base's rows) each period
    holds for ``area``: a base counted per reporting period cannot be added over two."""
    if indicator.base_events is None:
        raise ValueError(f"{indicator.id} is not a proportion")
    cond, params = _in_area(wh, area, indicator.ward_events)
    counts = ", ".join(
        "count(DISTINCT e.month) FILTER (WHERE e.month BETWEEN ? AND ? AND e.n > 0)"
        for _ in periods
    )
    row = wh.execute(
        f"WITH e AS ({indicator.base_events}) SELECT {counts} "
        f"FROM e LEFT JOIN ref_lsoa l ON l.lsoa21_code = e.lsoa_code WHERE {cond}",
        [*[b for p in periods for b in between(p)], *params],
    ).fetchone()
    return [int(v) for v in row]


def unlocated_counts(
    wh: Warehouse, indicator: Indicator, forces: list[str], periods: list[Period]
) -> list[int]:
    """The ``forces``' events of ``indicator`` with no usable location, per period."""
    sums = ", ".join(
        "coalesce(sum(e.n) FILTER (WHERE e.month BETWEEN ? AND ?), 0)" for _ in periods
    )
    row = wh.execute(
        f"WITH e AS ({indicator.events}) SELECT {sums} "
        "FROM e LEFT JOIN ref_lsoa l ON l.lsoa21_code = e.lsoa_code "
        "WHERE l.lsoa21_code IS NULL AND e.lad_code IS NULL "
        "AND e.force IN (SELECT unnest(?::VARCHAR[]))",
        [*[b for p in periods for b in between(p)], forces],
    ).fetchone()
    return [_number(v) for v in row]


def outside_force_counts(
    wh: Warehouse, indicator: Indicator, force: Area, forces: list[str], periods: list[Period]
) -> list[int]:
    """The ``forces``' events located in another force's area (an LSOA outside
    ``force``), per period."""
    cond, params = force.predicate("l")
    sums = ", ".join(
        "coalesce(sum(e.n) FILTER (WHERE e.month BETWEEN ? AND ?), 0)" for _ in periods
    )
    row = wh.execute(
        f"WITH e AS ({indicator.events}) SELECT {sums} FROM e "
        "JOIN ref_lsoa l ON l.lsoa21_code = e.lsoa_code "
        f"WHERE e.force IN (SELECT unnest(?::VARCHAR[])) AND NOT ({cond})",
        [*[b for p in periods for b in between(p)], forces, *params],
    ).fetchone()
    return [int(v) for v in row]


def status_counts(
    wh: Warehouse, indicator: Indicator, force: Area, periods: list[Period]
) -> tuple[list[int], list[int]]:
    """(location unknown, outside the force area) for each period, for events that carry
    a location ``status`` (agency records): records with no usable location, and those
    outside the boundaries held or placed in another force's area."""
    cond, cond_params = force.predicate("x")
    unknown = "e.status = 'unknown'"
    outside = (
        "(e.status = 'outside area' OR (e.status = 'located' AND coalesce(l.lad_code, "
        f"e.lad_code) NOT IN (SELECT DISTINCT x.lad_code FROM ref_lsoa x WHERE {cond})))"
    )
    sums: list[str] = []
    params: list[object] = []
    for test, test_params in ((unknown, []), (outside, cond_params)):
        for p in periods:
            sums.append(f"coalesce(sum(e.n) FILTER (WHERE {test} AND e.month BETWEEN ? AND ?), 0)")
            params += [*test_params, *between(p)]
    row = wh.execute(
        f"WITH e AS ({indicator.events}) SELECT {', '.join(sums)} FROM e "
        "LEFT JOIN ref_lsoa l ON l.lsoa21_code = e.lsoa_code",
        params,
    ).fetchone()
    n = len(periods)
    return [int(v) for v in row[:n]], [int(v) for v in row[n:]]


_UNITS = {
    "ward": ("ward_code", "ward_name"),
    "lad": ("lad_code", "lad_name"),
    "lsoa": ("lsoa21_code", "lsoa21_name"),
}


def unit_counts(
    wh: Warehouse,
    indicator: Indicator,
    area: Area,
    unit: str,
    periods: list[Period],
) -> list[tuple]:
    """Every ward, district or LSOA (``unit``) of ``area``, zeros included:
    (code, name, residents, households, count in each period...), ordered by name."""
    if unit not in _UNITS:
        raise ValueError(unit)
    check_resolution(indicator, unit)
    code, name = _UNITS[unit]
    cond, params = area.predicate("l")
    sums = ", ".join(
        f"coalesce(sum(e.n) FILTER (WHERE e.month BETWEEN ? AND ?), 0) AS n{i}"
        for i in range(len(periods))
    )
    picked = ", ".join(f"coalesce(c.n{i}, 0)" for i in range(len(periods)))
    if unit == "lad" or indicator.resolution == "district":
        located = (
            "JOIN ref_lsoa l ON (e.lsoa_code IS NOT NULL AND l.lsoa21_code = e.lsoa_code) "
            "OR (e.lsoa_code IS NULL AND e.lad_code = l.lad_code AND l.lsoa21_code = "
            "(SELECT min(y.lsoa21_code) FROM ref_lsoa y WHERE y.lad_code = e.lad_code))"
        )
    elif unit == "ward" and indicator.ward_events:
        # An event placed by its ward (no LSOA) joins one LSOA of that ward, so it counts
        # once, for its ward.
        located = (
            "JOIN ref_lsoa l ON (e.lsoa_code IS NOT NULL AND l.lsoa21_code = e.lsoa_code) "
            "OR (e.lsoa_code IS NULL AND e.ward_code IS NOT NULL AND l.lsoa21_code = "
            "(SELECT min(y.lsoa21_code) FROM ref_lsoa y WHERE y.ward_code = e.ward_code))"
        )
    else:
        located = "JOIN ref_lsoa l ON l.lsoa21_code = e.lsoa_code"
    return wh.rows(
        f"""
        WITH e AS ({indicator.events}),
        units AS (
            SELECT l.{code} AS code, any_value(l.{name}) AS name,
                   sum(p.residents) AS residents, sum(p.households) AS households
            FROM ref_lsoa l JOIN ref_population p USING (lsoa21_code)
            WHERE {cond} GROUP BY 1
        ),
        c AS (
            SELECT l.{code} AS code, {sums}
            FROM e {located}
            WHERE {cond}
            GROUP BY 1
        )
        SELECT u.code, u.name, u.residents, u.households, {picked}
        FROM units u LEFT JOIN c USING (code)
        ORDER BY u.name, u.code
        """,
        [*params, *[b for p in periods for b in between(p)], *params],
    )


def district_counts(
    wh: Warehouse,
    indicators: list[Indicator],
    period: Period,
    districts: list[str] | None = None,
) -> dict[str, dict[str, int | float]]:
    """{district code: {indicator id: events in ``period``}} for ``districts`` anywhere
    in England and Wales (every district holding events when None): the counts
    :func:`area_counts` gives each district, in one query per kind of location (a
    district's similar areas lie in other forces; England and Wales is every district).
    Events with no usable location belong to no district."""
    out: dict[str, dict[str, int | float]] = {}
    groups: dict[bool, list[Indicator]] = {}
    for ind in indicators:
        groups.setdefault(ind.ward_events, []).append(ind)
    wanted = "" if districts is None else "AND lad IN (SELECT unnest(?::VARCHAR[]))"
    for inds in groups.values():
        union = " UNION ALL BY NAME ".join(
            f"SELECT {k}::INTEGER AS k, * FROM ({ind.events})" for k, ind in enumerate(inds)
        )
        rows = wh.rows(
            f"""
            WITH e AS ({union}),
            placed AS (
                SELECT e.k, coalesce(l.lad_code, x.lad_code) AS lad, e.n
                FROM e LEFT JOIN ref_lsoa l ON l.lsoa21_code = e.lsoa_code
                LEFT JOIN (SELECT DISTINCT lad_code FROM ref_lsoa) x
                       ON l.lsoa21_code IS NULL AND x.lad_code = e.lad_code
                WHERE e.month BETWEEN ? AND ?
            )
            SELECT lad, k, sum(n) FROM placed WHERE lad IS NOT NULL {wanted} GROUP BY 1, 2
            """,
            [*between(period), *([] if districts is None else [districts])],
        )
        for lad, k, n in rows:
            ind = inds[k]
            out.setdefault(lad, {})[ind.id] = float(n) if ind.weighted else int(n)
    for counts in out.values():
        for ind in indicators:
            counts.setdefault(ind.id, 0.0 if ind.weighted else 0)
    return out


def district_populations(wh: Warehouse, districts: list[str] | None = None) -> dict[str, dict]:
    """{district code: {"residents": n, "households": n}} (Census 2021 summed over its
    LSOAs) for ``districts``, or every district of England and Wales; with
    ``"residents_10_17"`` too when that reference table is loaded."""
    wanted = "" if districts is None else "WHERE l.lad_code IN (SELECT unnest(?::VARCHAR[]))"
    rows = wh.rows(
        "SELECT l.lad_code, sum(p.residents), sum(p.households) "
        f"FROM ref_lsoa l JOIN ref_population p USING (lsoa21_code) {wanted} GROUP BY 1",
        [] if districts is None else [districts],
    )
    out = {lad: {"residents": int(r), "households": int(h)} for lad, r, h in rows}
    if wh.table_exists("ref_population_youth"):
        for lad, n in wh.rows("SELECT lad_code, residents_10_17 FROM ref_population_youth"):
            if lad in out:
                out[lad]["residents_10_17"] = int(n)
    return out


def monthly_counts(
    wh: Warehouse, indicator: Indicator, area: Area, period: Period
) -> list[tuple[str, int]]:
    """[(``YYYY-MM``, count)] for every month of ``period``, zeros included."""
    check_resolution(indicator, area.level)
    cond, params = _in_area(wh, area, indicator.ward_events)
    found = dict(
        wh.rows(
            f"WITH e AS ({indicator.events}) SELECT strftime(e.month, '%Y-%m'), sum(e.n) "
            f"FROM e LEFT JOIN ref_lsoa l ON l.lsoa21_code = e.lsoa_code "
            f"WHERE e.month BETWEEN ? AND ? AND {cond} GROUP BY 1",
            [*between(period), *params],
        )
    )
    return [(m, _number(found.get(m, 0))) for m in period.month_list()]


def denominators(wh: Warehouse, area: Area) -> dict[str, int]:
    """{"residents": n, "households": n}: Census 2021 summed over the area's LSOAs; and,
    for a district or larger area when the reference data holds it, "residents_10_17":
    residents aged 10 to 17 (ONS mid-2020), summed over the area's districts."""
    cond, params = area.predicate("l")
    row = wh.execute(
        f"SELECT coalesce(sum(p.residents), 0), coalesce(sum(p.households), 0) "
        f"FROM ref_lsoa l JOIN ref_population p USING (lsoa21_code) WHERE {cond}",
        params,
    ).fetchone()
    out = {"residents": int(row[0]), "households": int(row[1])}
    young = district_denominators(wh, area, "residents_10_17")
    if young:
        out["residents_10_17"] = sum(young.values())
    return out


def district_denominators(wh: Warehouse, area: Area, kind: str) -> dict[str, int]:
    """{district code: n} of a denominator held only by district (``residents_10_17``)
    for the districts of ``area``; empty for a ward or LSOA, or when it is not loaded."""
    if kind != "residents_10_17" or area.level in ("ward", "lsoa"):
        return {}
    if not wh.table_exists("ref_population_youth"):
        return {}
    cond, params = area.predicate("l")
    rows = wh.rows(
        "SELECT y.lad_code, y.residents_10_17 FROM ref_population_youth y WHERE y.lad_code IN "
        f"(SELECT DISTINCT l.lad_code FROM ref_lsoa l WHERE {cond})",
        params,
    )
    return {code: int(n) for code, n in rows}


def has_data(wh: Warehouse, indicator: Indicator) -> bool:
    """True if any event of ``indicator`` is held."""
    try:
        return bool(wh.scalar(f"SELECT EXISTS (SELECT 1 FROM ({indicator.events}) e)"))
    except Exception:  # the source's tables may not exist in this warehouse yet
        return False
