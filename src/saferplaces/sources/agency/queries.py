"""Every SQL statement the agency sources run, in one place.

The loader, coverage, quality and crosstab modules call these functions and never write
SQL of their own. Indicator counting is not here: it is the engine's
(:mod:`saferplaces.indicators.engine`) from each indicator's ``events`` SQL
(:mod:`saferplaces.sources.agency.indicators`). Months are month indices (year × 12 + month − 1)
in Python and first-of-month dates in the warehouse.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from saferplaces.core.periods import index_of, month_start
from saferplaces.geography.areas import Area
from saferplaces.warehouse.connection import Warehouse

month_date = month_start  # a month index as the first day of that month
month_of_date = index_of  # the month index of a date


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


def insert_warnings(wh: Warehouse, rows: list[tuple]) -> None:
    """(load_id, source, field, value, rows, message) of values loaded as unknown."""
    if rows:
        wh.con.executemany("INSERT INTO load_warning VALUES (?, ?, ?, ?, ?, ?)", rows)


def unmapped_in_force(wh: Warehouse, source: str) -> list[tuple[str, str, int]]:
    """(field, word, rows) loaded as unknown by the source's loads still in force, the
    most rows first (none from a warehouse made before such words were counted)."""
    if not wh.table_exists("load_warning"):
        return []
    return [
        (field, value, int(n))
        for field, value, n in wh.rows(
            "SELECT w.field, w.value, sum(w.rows) FROM load_warning w "
            "JOIN loads l USING (load_id) WHERE w.source = ? AND l.status <> 'superseded' "
            "GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2",
            [source],
        )
    ]


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


# -- reference lookups for placing records ----------------------------------------------


def lsoa_districts(wh: Warehouse) -> dict[str, str]:
    return dict(wh.rows("SELECT lsoa21_code, lad_code FROM ref_lsoa"))


def wards(wh: Warehouse) -> list[tuple[str, str, str]]:
    """(ward code, ward name, district code) of every ward."""
    return wh.rows("SELECT DISTINCT ward_code, ward_name, lad_code FROM ref_lsoa ORDER BY 1")


def wards_with_boundaries(wh: Warehouse) -> set[str]:
    return {r[0] for r in wh.rows("SELECT code FROM ref_boundary WHERE level = 'ward'")}


def districts_with_boundaries(wh: Warehouse) -> list[str]:
    return [
        r[0]
        for r in wh.rows(
            "SELECT DISTINCT d.lad_name FROM ref_boundary b JOIN ref_lad d "
            "ON d.lad_code = b.lad_code WHERE b.level = 'lsoa' ORDER BY 1"
        )
    ]


def postcode_districts(wh: Warehouse) -> dict[str, str]:
    if not wh.table_exists("ref_postcode_district"):
        return {}
    return dict(wh.rows("SELECT postcode_district, lad_code FROM ref_postcode_district"))


# -- pivot tables ----------------------------------------------------------------------


def bucket_sql(unit: str, col: str) -> str:
    """SQL for the time bucket (see ``timeunits``) of the month in column ``col``."""
    i = f"(year({col}) * 12 + month({col}) - 1)"
    return {
        "year": f"{i} // 12",
        "financial-year": f"({i} - 3) // 12",
        "academic-year": f"({i} - 8) // 12",
        "quarter": f"{i} // 3",
        "month": i,
    }[unit]


def field_sql(name: str) -> str:
    """SQL for a canonical field of ``r`` (agency_record), as text."""
    return f"json_extract_string(r.fields, '$.{name}')"


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
    return dict(wh.rows("SELECT DISTINCT lad_code, lad_name FROM ref_lad ORDER BY 1"))


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


# -- coverage and quality -------------------------------------------------------------


def coverage_months(wh: Warehouse, source: str) -> list[tuple[str, int]]:
    """(scope, month) of every month a load in force holds for ``source``."""
    if not wh.table_exists("agency_record"):
        return []
    return [
        (scope, month_of_date(month))
        for scope, month in wh.rows(
            "SELECT force, month FROM load_coverage WHERE source = ? AND superseded_by IS NULL",
            [source],
        )
    ]


def straddling_spans(wh: Warehouse, source: str, first: int, last: int) -> list[tuple[int, int]]:
    """(first, last month) of rows of ``source`` that cover months both inside and outside
    the months ``first`` to ``last``: their counts cannot be split."""
    start, end = month_date(first), month_date(last)
    return [
        (month_of_date(a), month_of_date(b))
        for a, b in wh.rows(
            "SELECT DISTINCT month, month_end FROM agency_record WHERE source = ? "
            "AND month <= ? AND month_end >= ? AND (month < ? OR month_end > ?)",
            [source, end, start, start, end],
        )
    ]


def latest_month_held(wh: Warehouse) -> int | None:
    """The latest month any source holds (police.uk included)."""
    row = wh.rows("SELECT max(month) FROM load_coverage WHERE superseded_by IS NULL")
    return None if not row or row[0][0] is None else month_of_date(row[0][0])


def usual_span(wh: Warehouse, source: str) -> int | None:
    """How many months a row of a table source usually covers (3 for quarters)."""
    row = wh.rows(
        "SELECT mode(date_diff('month', month, month_end) + 1) FROM agency_record WHERE source = ?",
        [source],
    )
    return int(row[0][0]) if row and row[0][0] else None


def latest_file(wh: Warehouse, source: str, scope: str) -> tuple[str, int, datetime] | None:
    """(file name, last month, when loaded) of the file holding the latest month."""
    row = wh.rows(
        "SELECT l.file_name, l.last_month, l.finished_at FROM loads l JOIN agency_load a "
        "USING (load_id) WHERE a.source = ? AND a.scope = ? AND l.last_month IS NOT NULL "
        "ORDER BY l.last_month DESC, l.load_id DESC LIMIT 1",
        [source, scope],
    )
    if not row:
        return None
    name, last, finished = row[0]
    return name, month_of_date(last), finished


def last_loaded(wh: Warehouse, source: str, scope: str) -> datetime | None:
    return wh.rows(
        "SELECT max(l.finished_at) FROM loads l JOIN agency_load a USING (load_id) "
        "WHERE a.source = ? AND a.scope = ?",
        [source, scope],
    )[0][0]


def location_counts(wh: Warehouse, source: str) -> list[tuple]:
    """Per provider: rows, with no usable location, with an LSOA not in the lookup,
    outside the force area(s) of the boundaries held (a point outside them, or placed in
    another force's district), placed only by ward or district, illustrative."""
    return wh.rows(
        """
        WITH held AS (
            SELECT DISTINCT d.lad_code FROM ref_lad d WHERE d.pfa_code IN (
                SELECT x.pfa_code FROM ref_lad x WHERE x.lad_code IN (
                    SELECT lad_code FROM ref_boundary WHERE level = 'lsoa'))
        )
        SELECT r.scope, count(*),
               count(*) FILTER (WHERE r.location_status = 'unknown'),
               count(*) FILTER (WHERE r.location_note LIKE 'LSOA % is not in the %'),
               count(*) FILTER (
                   WHERE r.location_status = 'outside area'
                      OR (r.location_status = 'located' AND (SELECT count(*) FROM held) > 0
                          AND coalesce(l.lad_code, r.lad_code) NOT IN (SELECT lad_code FROM held))),
               count(*) FILTER (WHERE r.located_by IN ('district', 'postcode district', 'ward')
                                AND r.location_status = 'located'),
               count(*) FILTER (WHERE r.illustrative)
        FROM agency_record r LEFT JOIN ref_lsoa l ON l.lsoa21_code = r.lsoa_code
        WHERE r.source = ? GROUP BY r.scope ORDER BY r.scope
        """,
        [source],
    )


def duplicate_ids(wh: Warehouse, source: str) -> tuple[int, str | None]:
    """(record ids held more than once by one provider, the first of them)."""
    row = wh.rows(
        "SELECT count(*), min(record_id) FROM (SELECT record_id FROM agency_record "
        "WHERE source = ? AND record_id IS NOT NULL GROUP BY scope, record_id "
        "HAVING count(*) > 1)",
        [source],
    )
    return int(row[0][0]), row[0][1]


# -- indicators ------------------------------------------------------------------------


def placed_in(wh: Warehouse, source: str, area: Area, residence: list[str]) -> tuple[int, int]:
    """(records of ``source`` placed in ``area``'s districts, records placed anywhere),
    a record's place being its LSOA's district, else its own district, else (for data
    held by residence) the district the person lives in."""
    cond, params = area.predicate("x")
    places = ", ".join(
        ["l.lad_code", "r.lad_code"]
        + [
            f"nullif(nullif(json_extract_string(r.fields, '$.{f}'), 'unknown'), 'outside')"
            for f in residence
        ]
    )
    row = wh.rows(
        f"SELECT count(*) FILTER (WHERE coalesce({places}) IN "
        f"(SELECT x.lad_code FROM ref_lsoa x WHERE {cond})), "
        f"count(*) FILTER (WHERE coalesce({places}) IS NOT NULL) "
        "FROM agency_record r LEFT JOIN ref_lsoa l ON l.lsoa21_code = r.lsoa_code "
        "WHERE r.source = ?",
        [*params, source],
    )
    return int(row[0][0]), int(row[0][1])
