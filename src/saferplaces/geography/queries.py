"""Every SQL statement of the geography capability, in one place.

Areas are sets of LSOAs (2021) through the reference lookups: :func:`area_condition` is
the one definition of "this LSOA is in this area" that every count and table uses, and
the functions below name areas, list their wards and districts, read boundaries and
fill the reference tables. :mod:`~saferplaces.geography.areas`,
:mod:`~saferplaces.geography.boundaries` and :mod:`~saferplaces.geography.reference`
call these and write no SQL of their own.

A condition is ``(sql, params)`` on ``ref_lsoa`` under an alias (``l`` by default).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from saferplaces.warehouse.connection import Warehouse

Condition = tuple[str, list[Any]]


def area_condition(level: str, code: str, alias: str = "l") -> Condition:
    """SQL condition on ``ref_lsoa`` (as ``alias``) selecting the LSOAs of the area at
    ``level`` (ward, district, county, csp, force) with ``code``."""
    if level == "ward":
        return f"{alias}.ward_code = ?", [code]
    if level == "district":
        return f"{alias}.lad_code = ?", [code]
    if level == "county":
        return (
            f"{alias}.lad_code IN (SELECT lad_code FROM ref_lad_county WHERE county_code = ?)",
            [code],
        )
    column = "csp_code" if level == "csp" else "pfa_code"
    return f"{alias}.lad_code IN (SELECT lad_code FROM ref_lad WHERE {column} = ?)", [code]


# -- naming areas ---------------------------------------------------------------------

_CANDIDATES_SQL = """
SELECT DISTINCT 'ward' AS level, l.ward_code AS code, l.ward_name AS name, l.lad_name AS parent
FROM ref_lsoa l
UNION ALL
SELECT DISTINCT 'district', lad_code, lad_name, pfa_name FROM ref_lad
UNION ALL
SELECT DISTINCT 'csp', csp_code, csp_name, pfa_name FROM ref_lad
UNION ALL
SELECT DISTINCT 'force', pfa_code, pfa_name, NULL FROM ref_lad
UNION ALL
SELECT DISTINCT 'county', county_code, county_name || ' County Council', NULL FROM ref_lad_county
UNION ALL
SELECT DISTINCT 'force', f.pfa_code, f.police_uk_name, NULL
FROM ref_force f WHERE f.pfa_code IS NOT NULL
"""


def candidate_areas(wh: Warehouse) -> list[tuple[str, str, str, str | None]]:
    """(level, code, name, parent name) of every area a user may name; a force appears
    under its police force area name and under each police.uk name."""
    return wh.rows(_CANDIDATES_SQL)


def force_area_name(wh: Warehouse, pfa_code: str) -> str | None:
    """The police force area's own name (not a police.uk force name)."""
    return wh.scalar("SELECT any_value(pfa_name) FROM ref_lad WHERE pfa_code = ?", [pfa_code])


def lsoa_codes(wh: Warehouse, where: Condition) -> list[str]:
    cond, params = where
    return [r[0] for r in wh.rows(f"SELECT lsoa21_code FROM ref_lsoa l WHERE {cond}", params)]


def lsoa(wh: Warehouse, code: str) -> tuple[str, str, str, str] | None:
    """(LSOA name, district code, ward code, ward name) of one LSOA; None if unknown."""
    rows = wh.rows(
        "SELECT lsoa21_name, lad_code, ward_code, ward_name FROM ref_lsoa WHERE lsoa21_code = ?",
        [code],
    )
    return tuple(rows[0]) if rows else None


def wards(wh: Warehouse, where: Condition) -> list[tuple[str, str]]:
    """(ward code, ward name) by name."""
    cond, params = where
    return wh.rows(
        f"SELECT DISTINCT ward_code, ward_name FROM ref_lsoa l WHERE {cond} "
        "ORDER BY ward_name, ward_code",
        params,
    )


def districts(wh: Warehouse, where: Condition) -> list[tuple[str, str]]:
    """(district code, name) by name."""
    cond, params = where
    return wh.rows(
        f"SELECT DISTINCT lad_code, lad_name FROM ref_lsoa l WHERE {cond} ORDER BY lad_name",
        params,
    )


def force_areas(wh: Warehouse, where: Condition) -> list[tuple[str, str]]:
    """(police force area code, name) of every force area the LSOAs lie in."""
    cond, params = where
    return wh.rows(
        f"SELECT DISTINCT d.pfa_code, d.pfa_name FROM ref_lsoa l JOIN ref_lad d USING (lad_code) "
        f"WHERE {cond}",
        params,
    )


def all_force_areas(wh: Warehouse) -> list[tuple[str, str]]:
    """(police force area code, name) of every force area of England and Wales held."""
    return wh.rows("SELECT DISTINCT pfa_code, pfa_name FROM ref_lad ORDER BY 1")


def csp_districts(wh: Warehouse, csp_code: str) -> list[str]:
    """The district codes of the community safety partnership ``csp_code``."""
    return [
        r[0]
        for r in wh.rows(
            "SELECT DISTINCT lad_code FROM ref_lad WHERE csp_code = ? ORDER BY 1", [csp_code]
        )
    ]


# -- similar areas and deprivation ------------------------------------------------------

_PROFILE_SQL = """
SELECT p.*, f.pfa_code, f.pfa_name
FROM ref_district_profile p
LEFT JOIN (SELECT lad_code, any_value(pfa_code) AS pfa_code, any_value(pfa_name) AS pfa_name
           FROM ref_lad GROUP BY lad_code) f USING (lad_code)
ORDER BY p.lad_code
"""


def district_profiles(wh: Warehouse) -> list[dict[str, Any]]:
    """Every row of ``ref_district_profile`` with its district's police force area, by
    code (none when the table is not in this warehouse)."""
    return wh.dicts(_PROFILE_SQL) if wh.table_exists("ref_district_profile") else []


def _english_deprivation(domains: Sequence[str]) -> str:
    cols = ", ".join(f"i.{d}_score, i.{d}_rank, i.{d}_decile" for d in domains if d != "access")
    return (
        "SELECT i.lsoa21_code, 'iod2025' AS index_key, count(*) OVER () AS lsoas, "
        f"1 AS lsoas_2011, {cols} FROM ref_imd i"
    )


def _welsh_deprivation(domains: Sequence[str]) -> str:
    means = ", ".join(f"avg(w.{d}_score) AS {d}_score" for d in domains)
    ranks = ", ".join(
        f"{d}_score, rank() OVER (ORDER BY {d}_score DESC) AS {d}_rank" for d in domains
    )
    return f"""
        SELECT lsoa21_code, 'wimd2019' AS index_key, count(*) OVER () AS lsoas,
               lsoas_2011, {ranks}
        FROM (
            SELECT m.lsoa21_code, count(*) AS lsoas_2011, {means}
            FROM ref_lsoa11_lsoa21 m JOIN ref_wimd w USING (lsoa11_code)
            GROUP BY m.lsoa21_code
        )
    """


def deprivation_sql(domains: Sequence[str]) -> str:
    """One row per LSOA (2021) of England or Wales with its nation's index and each of
    ``domains``' score, rank and decile (see :mod:`saferplaces.geography.deprivation`)."""
    deciles = ", ".join(f"ceil(10.0 * {d}_rank / lsoas)::INTEGER AS {d}_decile" for d in domains)
    return f"""
SELECT * FROM ({_english_deprivation(domains)})
UNION ALL BY NAME
SELECT * EXCLUDE (lsoas), lsoas, {deciles} FROM ({_welsh_deprivation(domains)})
"""


def lsoa_deprivation(
    wh: Warehouse, domains: Sequence[str], lsoas: list[str]
) -> list[dict[str, object]]:
    """Rows of :func:`deprivation_sql` for ``lsoas``, the most deprived first within each
    index."""
    return wh.dicts(
        f"SELECT * FROM ({deprivation_sql(domains)}) d WHERE d.lsoa21_code IN "
        "(SELECT unnest(?::VARCHAR[])) ORDER BY d.index_key, d.imd_rank, d.lsoa21_code",
        [lsoas],
    )


def police_uk_names(wh: Warehouse, pfa_code: str) -> list[str]:
    """The police.uk 'Reported by' names of a force area, A to Z."""
    return [
        r[0]
        for r in wh.rows(
            "SELECT police_uk_name FROM ref_force WHERE pfa_code = ? ORDER BY 1", [pfa_code]
        )
    ]


# -- boundaries -----------------------------------------------------------------------


def boundary_geojson(
    wh: Warehouse, level: str, codes: Sequence[str] | None = None
) -> list[tuple[str, str]]:
    """(code, GeoJSON geometry text) for ``level``, optionally only ``codes``, by code."""
    return wh.rows(
        "SELECT code, geometry FROM ref_boundary WHERE level = ? "
        "AND (?::VARCHAR[] IS NULL OR list_contains(?::VARCHAR[], code)) ORDER BY code",
        [level, list(codes) if codes is not None else None, list(codes or [])],
    )


# -- reference tables -----------------------------------------------------------------


def row_count(wh: Warehouse, table: str) -> int:
    """Rows in a reference table (``table`` is one saferplaces declares, never user text)."""
    return int(wh.scalar(f"SELECT count(*) FROM {table}"))


def reference_held(wh: Warehouse) -> bool:
    """Whether the LSOA and district lookups hold any row."""
    return bool(row_count(wh, "ref_lsoa")) and bool(row_count(wh, "ref_lad"))


def replace_from_csv(wh: Warehouse, table: str, columns: dict[str, str], path: Path) -> int:
    """Empty ``table`` and fill it from the CSV at ``path`` (``columns``: table column →
    file column), every column read as text and cast into the table's types; returns its
    rows. A failed cast raises DuckDB's error, which names the column."""
    select = ", ".join(f'"{src}" AS {dst}' for dst, src in columns.items())
    wh.execute(f"DELETE FROM {table}")
    wh.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) SELECT {select} "
        "FROM read_csv(?, header = true, all_varchar = true)",
        [str(path)],
    )
    return row_count(wh, table)


def replace_boundaries(wh: Warehouse, level: str, rows: list[tuple]) -> None:
    """Replace the boundaries of ``level``: rows (level, code, name, district, GeoJSON)."""
    wh.execute("DELETE FROM ref_boundary WHERE level = ?", [level])
    if rows:
        wh.con.executemany("INSERT INTO ref_boundary VALUES (?, ?, ?, ?, ?)", rows)


def supersede_loads(wh: Warehouse, source: str) -> None:
    """Mark every earlier load of a reference table superseded (a new file replaced it)."""
    wh.execute("UPDATE loads SET status = 'superseded' WHERE source = ?", [source])
