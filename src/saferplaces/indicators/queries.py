"""SQL for police.uk counts. Every count joins records to areas through ``ref_lsoa``.

Months are stored as their first day, so a period is ``month BETWEEN start AND end``
with both ends the first of a month.
"""

from __future__ import annotations

from saferplaces.core.periods import Period
from saferplaces.geography.areas import Area
from saferplaces.warehouse.connection import Warehouse


def between(period: Period) -> list[object]:
    return [period.start_date, period.end_date]


def counts_by_type(
    wh: Warehouse, area: Area, period: Period, baseline: Period
) -> dict[str, tuple[int, int]]:
    """{crime type: (count in period, count in baseline)} for records located in ``area``."""
    cond, params = area.predicate("l")
    rows = wh.rows(
        f"""
        SELECT s.crime_type,
               count(*) FILTER (WHERE s.month BETWEEN ? AND ?),
               count(*) FILTER (WHERE s.month BETWEEN ? AND ?)
        FROM police_street s JOIN ref_lsoa l ON l.lsoa21_code = s.lsoa_code
        WHERE {cond} AND (s.month BETWEEN ? AND ? OR s.month BETWEEN ? AND ?)
        GROUP BY s.crime_type
        """,
        [*between(period), *between(baseline), *params, *between(period), *between(baseline)],
    )
    return {t: (int(a), int(b)) for t, a, b in rows}


def denominators(wh: Warehouse, area: Area) -> tuple[int, int]:
    """(usual residents, households) of the area: Census 2021 summed over its LSOAs."""
    cond, params = area.predicate("l")
    row = wh.execute(
        f"SELECT coalesce(sum(p.residents), 0), coalesce(sum(p.households), 0) "
        f"FROM ref_lsoa l JOIN ref_population p USING (lsoa21_code) WHERE {cond}",
        params,
    ).fetchone()
    return int(row[0]), int(row[1])


def unlocated_by_type(wh: Warehouse, forces: list[str], period: Period) -> dict[str, int]:
    """Records of ``forces`` in ``period`` with no LSOA, or an LSOA not in the lookup."""
    if not forces:
        return {}
    rows = wh.rows(
        """
        SELECT s.crime_type, count(*)
        FROM police_street s LEFT JOIN ref_lsoa l ON l.lsoa21_code = s.lsoa_code
        WHERE l.lsoa21_code IS NULL AND s.reported_by IN (SELECT unnest(?))
          AND s.month BETWEEN ? AND ?
        GROUP BY 1
        """,
        [forces, *between(period)],
    )
    return {t: int(n) for t, n in rows}


def counts_by_unit(
    wh: Warehouse,
    area: Area,
    unit: str,
    crime_types: list[str],
    period: Period,
    baseline: Period,
) -> list[tuple]:
    """Per ward or district of ``area`` (zeros included): code, name, count, baseline,
    residents, households. ``unit`` is ``ward`` or ``lad``."""
    if unit not in ("ward", "lad"):
        raise ValueError(unit)
    cond, params = area.predicate("l")
    return wh.rows(
        f"""
        WITH units AS (
            SELECT l.{unit}_code AS code, any_value(l.{unit}_name) AS name,
                   sum(p.residents) AS residents, sum(p.households) AS households
            FROM ref_lsoa l JOIN ref_population p USING (lsoa21_code)
            WHERE {cond}
            GROUP BY 1
        ),
        counts AS (
            SELECT l.{unit}_code AS code,
                   count(*) FILTER (WHERE s.month BETWEEN ? AND ?) AS n,
                   count(*) FILTER (WHERE s.month BETWEEN ? AND ?) AS n0
            FROM police_street s JOIN ref_lsoa l ON l.lsoa21_code = s.lsoa_code
            WHERE {cond} AND s.crime_type IN (SELECT unnest(?))
              AND (s.month BETWEEN ? AND ? OR s.month BETWEEN ? AND ?)
            GROUP BY 1
        )
        SELECT u.code, u.name, coalesce(c.n, 0), coalesce(c.n0, 0), u.residents, u.households
        FROM units u LEFT JOIN counts c USING (code)
        ORDER BY u.name, u.code
        """,
        [
            *params,
            *between(period),
            *between(baseline),
            *params,
            crime_types,
            *between(period),
            *between(baseline),
        ],
    )


def force_rows_outside(
    wh: Warehouse, forces: list[str], force_area: Area, crime_types: list[str], period: Period
) -> tuple[int, int]:
    """(no usable location, located outside the force area) for ``forces``' records."""
    if not forces:
        return 0, 0
    cond, params = force_area.predicate("l")
    row = wh.execute(
        f"""
        SELECT count(*) FILTER (WHERE l.lsoa21_code IS NULL),
               count(*) FILTER (WHERE l.lsoa21_code IS NOT NULL AND NOT ({cond}))
        FROM police_street s LEFT JOIN ref_lsoa l ON l.lsoa21_code = s.lsoa_code
        WHERE s.reported_by IN (SELECT unnest(?)) AND s.crime_type IN (SELECT unnest(?))
          AND s.month BETWEEN ? AND ?
        """,
        [*params, forces, crime_types, *between(period)],
    ).fetchone()
    return int(row[0]), int(row[1])
