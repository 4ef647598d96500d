"""The SQL places needs beyond the counting engine: harm weights and snapped locations.

Indicator counts for wards and LSOAs always come from
:mod:`saferplaces.indicators.engine`; what is here is what the engine cannot give:
which harm weight applies to which police.uk record, and police.uk records grouped by
their anonymised snap point (the micro-beat analysis).
"""

from __future__ import annotations

from saferplaces.core.periods import Period
from saferplaces.geography.areas import Area
from saferplaces.indicators.engine import between
from saferplaces.warehouse.connection import Warehouse

# A blank force applies to any force without a row of its own; a named force matches the
# police.uk "Reported by" name or the force's police force area name, any case.
_WEIGHT_MATCH = """
    coalesce(trim(w.force), '') = ''
    OR lower(trim(w.force)) = lower(f.police_uk_name)
    OR lower(trim(w.force)) IN (
        SELECT lower(d.pfa_name) FROM ref_lad d WHERE d.pfa_code = f.pfa_code)
"""
_SPECIFIC_FIRST = "CASE WHEN coalesce(trim(w.force), '') = '' THEN 1 ELSE 0 END"

# Events of the harm indicator: each police.uk record carries its type's weight as ``n``.
HARM_EVENTS = f"""
WITH hw AS (
    SELECT f.police_uk_name AS reported_by, w.crime_type,
           arg_min(w.weight, {_SPECIFIC_FIRST}) AS weight
    FROM ref_force f JOIN ref_harm_weight w ON {_WEIGHT_MATCH}
    GROUP BY 1, 2
)
SELECT s.month, s.lsoa_code, NULL::VARCHAR AS lad_code, s.reported_by AS force,
       hw.weight AS n
FROM police_street s
JOIN hw ON hw.reported_by = s.reported_by AND hw.crime_type = s.crime_type
"""

WEIGHTS_FOR_FORCE = f"""
SELECT w.crime_type, arg_min(w.weight, {_SPECIFIC_FIRST})
FROM ref_harm_weight w
WHERE coalesce(trim(w.force), '') = ''
   OR lower(trim(w.force)) = lower($force)
   OR lower(trim(w.force)) IN (
       SELECT lower(d.pfa_name) FROM ref_force f JOIN ref_lad d ON d.pfa_code = f.pfa_code
       WHERE f.police_uk_name = $force)
GROUP BY 1 ORDER BY 1
"""


def location_counts(
    wh: Warehouse, area: Area, period: Period, crime_types: list[str]
) -> tuple[list[tuple[float, float, str, str, int]], int]:
    """police.uk records of ``crime_types`` in ``area`` grouped by snap point.

    Returns ([(longitude, latitude, location, ward name, count)], most first, ties by
    location, and the number of the area's records with no coordinates). A record is in
    the area when its LSOA is, as for every count.
    """
    cond, params = area.predicate("l")
    base = (
        "FROM police_street s JOIN ref_lsoa l ON l.lsoa21_code = s.lsoa_code "
        "WHERE s.month BETWEEN ? AND ? AND s.crime_type IN (SELECT unnest(?::VARCHAR[])) "
        f"AND {cond}"
    )
    args = [*between(period), crime_types, *params]
    rows = wh.rows(
        f"SELECT s.longitude, s.latitude, min(s.location), min(l.ward_name), count(*) AS n {base} "
        "AND s.longitude IS NOT NULL AND s.latitude IS NOT NULL "
        "GROUP BY 1, 2 ORDER BY n DESC, 3, 1, 2",
        args,
    )
    unplaced = wh.scalar(
        f"SELECT count(*) {base} AND (s.longitude IS NULL OR s.latitude IS NULL)", args
    )
    return [(float(a), float(b), c or "", w or "", int(n)) for a, b, c, w, n in rows], int(unplaced)


def loads_in_force(wh: Warehouse) -> list[dict[str, object]]:
    """The loads currently in force (source, file, SHA-256): what a run was made from."""
    return wh.dicts(
        "SELECT load_id, source, file_name, sha256 FROM loads "
        "WHERE status <> 'superseded' ORDER BY load_id"
    )


_DOMAINS = ("imd", "income", "employment", "education", "health", "crime", "housing", "environment")


def imd_rows(wh: Warehouse, lsoas: list[str], force_code: str | None) -> list[dict[str, object]]:
    """IoD2025 for ``lsoas``: every domain's rank and decile (1 = most deprived), with the
    LSOA's name and ward, and its IMD decile among the LSOAs of the police force area
    ``force_code`` (the "local" decile: 1 = the most deprived tenth of the force area)."""
    cols = ", ".join(f"i.{d}_rank, i.{d}_decile" for d in _DOMAINS)
    return wh.dicts(
        f"""
        WITH local AS (
            SELECT i.lsoa21_code,
                   ceil(10.0 * rank() OVER (ORDER BY i.imd_rank) / count(*) OVER ())::INTEGER
                       AS local_decile
            FROM ref_imd i JOIN ref_lsoa l USING (lsoa21_code)
            JOIN (SELECT DISTINCT lad_code, pfa_code FROM ref_lad) d USING (lad_code)
            WHERE d.pfa_code = ?
        )
        SELECT l.lsoa21_code, l.lsoa21_name, l.ward_name, l.lad_name, i.imd_score, {cols},
               local.local_decile
        FROM ref_lsoa l JOIN ref_imd i USING (lsoa21_code)
        LEFT JOIN local USING (lsoa21_code)
        WHERE l.lsoa21_code IN (SELECT unnest(?::VARCHAR[]))
        ORDER BY i.imd_rank, l.lsoa21_code
        """,
        [force_code, lsoas],
    )


def lsoas_of_wards(wh: Warehouse, ward_codes: list[str]) -> list[str]:
    return [
        r[0]
        for r in wh.rows(
            "SELECT lsoa21_code FROM ref_lsoa WHERE ward_code IN (SELECT unnest(?::VARCHAR[])) "
            "ORDER BY 1",
            [ward_codes],
        )
    ]


def known_lsoas(wh: Warehouse, codes: list[str]) -> set[str]:
    return {
        r[0]
        for r in wh.rows(
            "SELECT lsoa21_code FROM ref_lsoa WHERE lsoa21_code IN (SELECT unnest(?::VARCHAR[]))",
            [codes],
        )
    }


def area_geography(wh: Warehouse, lsoas: list[str]) -> list[dict[str, object]]:
    """The wards and districts the LSOAs belong to, with how many of each ward's LSOAs."""
    return wh.dicts(
        """
        SELECT l.ward_code, any_value(l.ward_name) AS ward_name, any_value(l.lad_code) AS lad_code,
               any_value(l.lad_name) AS lad_name, count(*) AS lsoas,
               (SELECT count(*) FROM ref_lsoa x WHERE x.ward_code = l.ward_code) AS ward_lsoas
        FROM ref_lsoa l WHERE l.lsoa21_code IN (SELECT unnest(?::VARCHAR[]))
        GROUP BY l.ward_code ORDER BY ward_name
        """,
        [lsoas],
    )


def ward_names_of_lsoas(wh: Warehouse, lsoas: list[str]) -> dict[str, str]:
    """{LSOA code: ward name} for the given LSOAs."""
    return dict(
        wh.rows(
            "SELECT lsoa21_code, ward_name FROM ref_lsoa "
            "WHERE lsoa21_code IN (SELECT unnest(?::VARCHAR[]))",
            [lsoas],
        )
    )


def wards_of_lsoas(wh: Warehouse, lsoas: list[str]) -> list[str]:
    """The distinct ward codes the given LSOAs belong to."""
    return [
        r[0]
        for r in wh.rows(
            "SELECT DISTINCT ward_code FROM ref_lsoa "
            "WHERE lsoa21_code IN (SELECT unnest(?::VARCHAR[])) ORDER BY 1",
            [lsoas],
        )
    ]


def loads_by_id(wh: Warehouse, load_ids: list[int]) -> list[dict[str, object]]:
    """The load records (source, file, months, rows, when) of ``load_ids``, oldest first."""
    return wh.dicts(
        "SELECT load_id, source, file_name, first_month, last_month, rows_loaded, finished_at "
        "FROM loads WHERE load_id IN (SELECT unnest(?::BIGINT[])) ORDER BY load_id",
        [load_ids],
    )
