"""Every SQL statement the agency sources run, in one place.

The loader, coverage, quality and crosstab modules call these functions and never write
SQL of their own. Indicator counting is not here: it is the engine's
(:mod:`saferplaces.indicators.engine`) from each indicator's ``events`` SQL
(:mod:`saferplaces.indicators.agency`). Months are month indices (year × 12 + month − 1)
in Python and first-of-month dates in the warehouse.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from saferplaces.geography.areas import Area
from saferplaces.warehouse.connection import Warehouse


def month_date(i: int) -> date:
    """A month index as the first day of that month (how months are stored)."""
    return date(i // 12, i % 12 + 1, 1)


def month_of_date(d: date) -> int:
    """The month index of a date."""
    return d.year * 12 + d.month - 1


def _dates(months: set[int] | list[int]) -> list[date]:
    return [month_date(m) for m in sorted(months)]


# -- loads ----------------------------------------------------------------------------


def already_loaded(
    wh: Warehouse, source: str, sha256: str, spec_sha: str, scope: str
) -> str | None:
    """The file name of a load in force of the same content read by the same spec."""
    row = wh.rows(
        "SELECT l.file_name FROM loads l JOIN agency_load a USING (load_id) "
        "WHERE l.source = ? AND l.sha256 = ? AND a.spec_sha256 = ? AND a.scope = ? "
        "AND l.status = 'current' ORDER BY l.load_id DESC LIMIT 1",
        [source, sha256, spec_sha, scope],
    )
    return row[0][0] if row else None


def held_ids(
    wh: Warehouse, source: str, scope: str, ids: list[str]
) -> list[tuple[str, int, str, int]]:
    """(record id, month, file name, row number) of each of ``ids`` already held."""
    return [
        (rid, month_of_date(month), name, row)
        for rid, month, name, row in wh.rows(
            "SELECT r.record_id, r.month, l.file_name, r.row_number FROM agency_record r "
            "JOIN loads l USING (load_id) WHERE r.source = ? AND r.scope = ? "
            "AND r.record_id IN (SELECT unnest(?::VARCHAR[]))",
            [source, scope, ids],
        )
    ]


def held_month_counts(wh: Warehouse, source: str, scope: str) -> dict[int, int]:
    """{month: records held} for one provider of an incident source."""
    return {
        month_of_date(m): int(n)
        for m, n in wh.rows(
            "SELECT month, count(*) FROM agency_record WHERE source = ? AND scope = ? "
            "GROUP BY month",
            [source, scope],
        )
    }


def delete_months(wh: Warehouse, source: str, scope: str, months: set[int]) -> int:
    """Delete the records of ``scope`` in ``months`` (incident data); how many went."""
    if not months:
        return 0
    params = [source, scope, _dates(months)]
    where = "source = ? AND scope = ? AND list_contains(?::DATE[], month)"
    n = int(wh.scalar(f"SELECT count(*) FROM agency_record WHERE {where}", params))
    if n:
        wh.execute(f"DELETE FROM agency_record WHERE {where}", params)
    return n


def delete_ids_in_month(wh: Warehouse, source: str, scope: str, ids: list[tuple[str, int]]) -> int:
    """Delete the records (id, month) of ``scope``: late records sent again; how many."""
    if not ids:
        return 0
    keys = [f"{rid}\x1f{month_date(m).isoformat()}" for rid, m in ids]
    where = (
        "source = ? AND scope = ? AND record_id || chr(31) || strftime(month, '%Y-%m-%d') "
        "IN (SELECT unnest(?::VARCHAR[]))"
    )
    n = int(wh.scalar(f"SELECT count(*) FROM agency_record WHERE {where}", [source, scope, keys]))
    if n:
        wh.execute(f"DELETE FROM agency_record WHERE {where}", [source, scope, keys])
    return n


def held_cells(wh: Warehouse, source: str, scope: str, months: set[int]) -> list[dict[str, Any]]:
    """Rows of a table source held for ``scope`` that touch ``months``, with what makes
    their cell: period, place, snapshot date and every field."""
    if not months:
        return []
    rows = wh.dicts(
        "SELECT load_id, row_number, month, month_end, event_date, lsoa_code, ward_code, "
        "lad_code, location_status, fields FROM agency_record WHERE source = ? AND scope = ? "
        "AND month <= ? AND month_end >= ?",
        [source, scope, month_date(max(months)), month_date(min(months))],
    )
    for r in rows:
        r["first"], r["last"] = month_of_date(r["month"]), month_of_date(r["month_end"])
        r["fields"] = json.loads(r["fields"])
    return rows


def delete_rows(wh: Warehouse, keys: list[tuple[int, int]]) -> None:
    """Delete records by (load id, row number)."""
    if keys:
        wh.execute(
            "DELETE FROM agency_record WHERE load_id::VARCHAR || ':' || row_number::VARCHAR "
            "IN (SELECT unnest(?::VARCHAR[]))",
            [[f"{load}:{row}" for load, row in keys]],
        )


def insert_records(wh: Warehouse, arrow_table: Any) -> None:
    """Insert records given as an Arrow table with agency_record's columns."""
    # register() refuses while a result is open, and Warehouse.scalar() (nextval) leaves
    # its one-row result open: finish it with a query read to the end.
    wh.rows("SELECT 1")
    wh.con.register("agency_batch", arrow_table)
    try:
        wh.execute(
            "INSERT INTO agency_record SELECT load_id, source, scope, row_number, "
            "record_id, event_date, month, month_end, longitude, latitude, lsoa_code, "
            "ward_code, lad_code, located_by, location_status, location_note, "
            "fields::JSON, measures::JSON, illustrative FROM agency_batch"
        )
    finally:
        wh.con.unregister("agency_batch")


def insert_coverage(
    wh: Warehouse, load_id: int, source: str, scope: str, per_month: dict[int, int]
) -> None:
    if per_month:
        wh.con.executemany(
            "INSERT INTO load_coverage VALUES (?, ?, ?, ?, ?, ?)",
            [
                (load_id, source, scope, month_date(m), n, None)
                for m, n in sorted(per_month.items())
            ],
        )


def supersede_emptied(
    wh: Warehouse, source: str, scope: str, months: set[int], by: int, new_loads: list[int]
) -> None:
    """Mark earlier loads' months superseded by load ``by`` where they hold no record any
    more (a later file replaced what they held there)."""
    if not months:
        return
    wh.execute(
        """
        UPDATE load_coverage c SET superseded_by = ?
        WHERE c.source = ? AND c.force = ? AND c.superseded_by IS NULL
          AND list_contains(?::DATE[], c.month)
          AND NOT list_contains(?::BIGINT[], c.load_id)
          AND NOT EXISTS (
              SELECT 1 FROM agency_record r
              WHERE r.load_id = c.load_id AND r.month <= c.month AND r.month_end >= c.month)
        """,
        [by, source, scope, _dates(months), new_loads],
    )


def insert_quarantine(wh: Warehouse, rows: list[tuple]) -> None:
    if rows:
        wh.con.executemany("INSERT INTO quarantine VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)


def insert_agency_load(
    wh: Warehouse, load_id: int, source: str, scope: str, kind: str, spec_sha: str, ill: bool
) -> None:
    wh.execute(
        "INSERT INTO agency_load VALUES (?, ?, ?, ?, ?, ?)",
        [load_id, source, scope, kind, spec_sha, ill],
    )


def store_spec(wh: Warehouse, spec_sha: str, source: str, origin: str, texts: list[str]) -> None:
    wh.execute(
        "INSERT INTO agency_spec VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        [spec_sha, source, origin, json.dumps(texts), datetime.now()],
    )


def first_rows_not_loaded(wh: Warehouse, load_ids: list[int], limit: int = 5) -> list[dict]:
    """The first rows the loads ``load_ids`` did not load, each with where and why."""
    if not load_ids:
        return []
    return wh.dicts(
        "SELECT file_name, row_number, kind, field, value, reason, "
        "record->>'did you mean' AS hint FROM quarantine "
        "WHERE load_id IN (SELECT unnest(?::BIGINT[])) ORDER BY load_id, row_number LIMIT ?",
        [load_ids, limit],
    )


# -- specs and sources held -------------------------------------------------------------


def sources_held(wh: Warehouse) -> set[str]:
    """Agency sources with any load in force."""
    if not wh.table_exists("agency_load"):
        return set()
    return {
        r[0]
        for r in wh.rows(
            "SELECT DISTINCT a.source FROM agency_load a JOIN loads l USING (load_id) "
            "WHERE l.status <> 'superseded'"
        )
    }


def latest_spec_texts(wh: Warehouse, source: str) -> list[str] | None:
    """The TOML of the spec that read ``source``'s latest load."""
    row = wh.rows(
        "SELECT s.texts FROM agency_spec s JOIN agency_load a USING (spec_sha256) "
        "WHERE a.source = ? ORDER BY a.load_id DESC LIMIT 1",
        [source],
    )
    return json.loads(row[0][0]) if row else None


def stored_user_specs(wh: Warehouse) -> list[tuple[str, list[str]]]:
    """(source, TOML texts) of the latest spec of every source held."""
    if not wh.table_exists("agency_spec"):
        return []
    return [
        (source, json.loads(texts))
        for source, texts in wh.rows(
            "SELECT s.source, any_value(s.texts ORDER BY a.load_id DESC) FROM agency_spec s "
            "JOIN agency_load a USING (spec_sha256) GROUP BY s.source ORDER BY s.source"
        )
    ]


def illustrative_sources(wh: Warehouse, sources: list[str]) -> set[str]:
    """Which of ``sources`` hold illustrative rows."""
    return {
        r[0]
        for r in wh.rows(
            "SELECT DISTINCT source FROM agency_record WHERE illustrative "
            "AND source IN (SELECT unnest(?::VARCHAR[]))",
            [sources],
        )
    }


# -- pivot tables --------------------------------------------------------------------


def area_districts(wh: Warehouse, area: Area) -> set[str]:
    cond, params = area.predicate("x")
    return {
        r[0] for r in wh.rows(f"SELECT DISTINCT x.lad_code FROM ref_lsoa x WHERE {cond}", params)
    }


def area_wards(wh: Warehouse, area: Area) -> set[str]:
    cond, params = area.predicate("x")
    return {
        r[0] for r in wh.rows(f"SELECT DISTINCT x.ward_code FROM ref_lsoa x WHERE {cond}", params)
    }


def district_names(wh: Warehouse) -> dict[str, str]:
    return dict(wh.rows("SELECT DISTINCT lad_code, lad_name FROM ref_lad"))


def ward_names(wh: Warehouse) -> dict[str, str]:
    return dict(wh.rows("SELECT DISTINCT ward_code, ward_name FROM ref_lsoa"))


def in_area_sql(area: Area, districts: set[str], residence: str | None) -> tuple[str, list]:
    """Condition on ``r`` (agency_record) joined to ``l`` (ref_lsoa): the record is placed
    in ``area`` (or, with ``residence``, the person lives in one of its districts). The
    rule is the counting engine's: by LSOA, else by ward (for a ward), else by district."""
    if residence:
        return (
            f"json_extract_string(r.fields, '$.{residence}') IN (SELECT unnest(?::VARCHAR[]))",
            [sorted(districts)],
        )
    cond, params = area.predicate("l")
    if area.level == "ward":
        return (
            f"((l.lsoa21_code IS NOT NULL AND {cond}) OR "
            "(l.lsoa21_code IS NULL AND r.ward_code = ?))",
            [*params, area.code],
        )
    return (
        f"((l.lsoa21_code IS NOT NULL AND {cond}) OR "
        "(l.lsoa21_code IS NULL AND r.lad_code IN (SELECT unnest(?::VARCHAR[]))))",
        [*params, sorted(districts)],
    )


def count_records(wh: Warehouse, where: list[str], params: list) -> int:
    """Records of ``agency_record r`` (joined to ``ref_lsoa l``) meeting ``where``."""
    return int(
        wh.rows(
            "SELECT count(*) FROM agency_record r LEFT JOIN ref_lsoa l "
            f"ON l.lsoa21_code = r.lsoa_code WHERE {' AND '.join(where)}",
            params,
        )[0][0]
    )


def crosstab_groups(
    wh: Warehouse,
    row_sql: str,
    col_sql: str,
    row_end: str | None,
    col_end: str | None,
    measures: list[str],
    snapshot: bool,
    where: list[str],
    params: list,
) -> list[dict[str, Any]]:
    """Records counted (and measures summed) by row key, column key, the period they
    cover, their location status and district, and (snapshots) their date."""
    sums = "".join(
        f", sum(coalesce(TRY_CAST(json_extract(r.measures, '$.{m}') AS DOUBLE), 0)) AS \"{m}\""
        for m in measures
    )
    snap = "strftime(r.event_date, '%Y-%m-%d')" if snapshot else "NULL"
    return wh.dicts(
        f"SELECT {row_sql} AS rk, {col_sql} AS ck, {row_end or 'NULL'} AS rk_end, "
        f"{col_end or 'NULL'} AS ck_end, r.location_status AS status, "
        "coalesce(l.lad_code, r.lad_code) AS district, "
        f"{snap} AS snap, count(*) AS n, "
        "strftime(r.month, '%Y-%m') || '..' || strftime(r.month_end, '%Y-%m') AS span"
        f"{sums} FROM agency_record r LEFT JOIN ref_lsoa l ON l.lsoa21_code = r.lsoa_code "
        f"WHERE {' AND '.join(where)} GROUP BY ALL",
        params,
    )
