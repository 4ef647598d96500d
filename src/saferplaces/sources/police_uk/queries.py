"""Every SQL statement the police.uk loader runs, in one place.

The loader (:mod:`~saferplaces.sources.police_uk.loader`) and the two readers
(:mod:`~saferplaces.sources.police_uk.stage`) call these functions and write no SQL of
their own. A load works in temporary tables, in this order:

* ``stage_paths`` (file index, decompressed path) and ``stage`` (rows read by the exact
  reader, numbered as a spreadsheet numbers them);
* ``checked``: every row typed once by :data:`TYPED_SQL`, with the first column (in file
  order) whose value cannot be used, or NULL;
* ``file_months`` (the force-months each file holds), ``batch_files`` (file index → load
  id) and ``batch_names`` (file index → file name), from which the warehouse tables are
  written in one transaction.

Indicator counting is not here: it is the engine's
(:mod:`saferplaces.indicators.engine`).
"""

from __future__ import annotations

from typing import Any

from saferplaces.geography.boundaries import LATITUDE_RANGE, LONGITUDE_RANGE
from saferplaces.sources.police_uk.crime_types import CRIME_TYPES
from saferplaces.sources.police_uk.files import STREET_COLUMNS
from saferplaces.warehouse.connection import Warehouse

SOURCE = "police-uk-street"

# The text columns every reader provides (``raw``), in file order.
STAGE_FIELDS: tuple[str, ...] = (
    "crime_id",
    "month",
    "reported_by",
    "falls_within",
    "longitude",
    "latitude",
    "location",
    "lsoa_code",
    "lsoa_name",
    "crime_type",
    "last_outcome",
    "context",
)

_TYPE_NAMES = ", ".join(f"'{t}'" for t in CRIME_TYPES)
_TYPE_KEYS = ", ".join(f"'{t.lower()}'" for t in CRIME_TYPES)
_TYPE_CASE = " ".join(f"WHEN '{t.lower()}' THEN '{t}'" for t in CRIME_TYPES)

_LAT, _LON = LATITUDE_RANGE, LONGITUDE_RANGE
_IN_GB = f"latitude BETWEEN {_LAT[0]} AND {_LAT[1]} AND longitude BETWEEN {_LON[0]} AND {_LON[1]}"
_SWAPPED = f"longitude BETWEEN {_LAT[0]} AND {_LAT[1]} AND latitude BETWEEN {_LON[0]} AND {_LON[1]}"

# Every row typed once, with its first problem (in file order), or NULL when it loads.
# A month after the current one is a date in the future: a file of 2099 would otherwise
# become the latest month held and every default period.
TYPED_SQL = f"""
SELECT file_index, row_number, crime_id, month, reported_by, falls_within,
       longitude, latitude, location, lsoa_code, lsoa_name,
       CASE WHEN crime_type IN ({_TYPE_NAMES}) THEN crime_type
            ELSE CASE lower(trim(crime_type)) {_TYPE_CASE} END END AS crime_type,
       last_outcome, context,
       CASE
         WHEN month IS NULL THEN 'month'
         WHEN month > current_date THEN 'future'
         WHEN reported_by IS NULL THEN 'force'
         WHEN longitude IS NULL AND longitude_text IS NOT NULL THEN 'longitude'
         WHEN latitude IS NULL AND latitude_text IS NOT NULL THEN 'latitude'
         WHEN longitude IS NOT NULL AND latitude IS NULL THEN 'no latitude'
         WHEN latitude IS NOT NULL AND longitude IS NULL THEN 'no longitude'
         WHEN longitude IS NOT NULL AND NOT ({_IN_GB}) THEN
              CASE WHEN {_SWAPPED} THEN 'swapped' ELSE 'outside' END
         WHEN coalesce(lower(trim(crime_type)), '') NOT IN ({_TYPE_KEYS}) THEN 'crime type'
       END AS problem
FROM (
    SELECT file_index, row_number,
           nullif(crime_id, '') AS crime_id,
           try_cast(trim(month) || '-01' AS DATE) AS month,
           nullif(trim(reported_by), '') AS reported_by,
           nullif(falls_within, '') AS falls_within,
           try_cast(nullif(trim(longitude), '') AS DOUBLE) AS longitude,
           nullif(trim(longitude), '') AS longitude_text,
           try_cast(nullif(trim(latitude), '') AS DOUBLE) AS latitude,
           nullif(trim(latitude), '') AS latitude_text,
           nullif(location, '') AS location,
           nullif(trim(lsoa_code), '') AS lsoa_code,
           nullif(lsoa_name, '') AS lsoa_name,
           crime_type,
           nullif(last_outcome, '') AS last_outcome,
           nullif(context, '') AS context
    FROM raw
)
"""

# Each problem: the column it is in, and the reason kept in the quarantine. A reason
# never holds the value (it is kept beside it), so rows with one problem count together.
STRAY = "stray"
PROBLEMS: dict[str, tuple[str, str]] = {
    "month": ("Month", "unparseable month (expected YYYY-MM)"),
    "future": ("Month", "month after the current month (a date in the future; check the Month)"),
    STRAY: (
        "Month",
        "stray month: far fewer rows than the file's other months, so not that month's "
        "data (a file replaces only the force-months it really holds; check the Month)",
    ),
    "force": ("Reported by", "no force named (Reported by is blank)"),
    "longitude": ("Longitude", "longitude is not a number"),
    "latitude": ("Latitude", "latitude is not a number"),
    "no latitude": ("Latitude", "a longitude without a latitude"),
    "no longitude": ("Longitude", "a latitude without a longitude"),
    "outside": ("Latitude", "coordinates are outside Great Britain"),
    "swapped": (
        "Latitude",
        "coordinates are outside Great Britain (latitude and longitude look swapped)",
    ),
    "crime type": ("Crime type", "unknown crime type (not one of the 14 police.uk types)"),
}
# Coordinates outside Great Britain keep both values, as "latitude, longitude".
_VALUE = {
    "Month": "s.month",
    "Reported by": "s.reported_by",
    "Longitude": "s.longitude",
    "Latitude": "s.latitude",
    "Crime type": "s.crime_type",
}
_PAIR = "s.latitude || ', ' || s.longitude"
_STORED = (
    "crime_id, month, reported_by, falls_within, longitude, latitude, location, "
    "lsoa_code, lsoa_name, crime_type, last_outcome, context"
)

_COLUMNS_ARG = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in STREET_COLUMNS) + "}"
_READ_OPTIONS = (
    f"columns = {_COLUMNS_ARG}, header = true, auto_detect = false, delim = ',', "
    "quote = '\"', escape = '\"', strict_mode = true, filename = true"
)


# -- reading --------------------------------------------------------------------------


def create_stage(wh: Warehouse) -> None:
    """An empty ``stage`` table for the exact reader's rows."""
    wh.execute(
        "CREATE OR REPLACE TEMP TABLE stage (file_index INTEGER, row_number INTEGER, "
        + ", ".join(f"{f} VARCHAR" for f in STAGE_FIELDS)
        + ")"
    )


def fast_relation(wh: Warehouse, files: list[tuple[int, str]]) -> tuple[str, list[Any]]:
    """SQL (and its parameters) of DuckDB's CSV reader over ``files`` (index, path), as
    the ``raw`` columns; it knows no row numbers."""
    wh.execute("CREATE OR REPLACE TEMP TABLE stage_paths (file_index INTEGER, path VARCHAR)")
    wh.con.executemany("INSERT INTO stage_paths VALUES (?, ?)", files)
    columns = ", ".join(
        f'r."{c}" AS {f}' for c, f in zip(STREET_COLUMNS, STAGE_FIELDS, strict=True)
    )
    sql = (
        f"SELECT p.file_index, NULL::INTEGER AS row_number, {columns} "
        f"FROM read_csv(?, {_READ_OPTIONS}) r JOIN stage_paths p ON p.path = r.filename"
    )
    return sql, [[path for _, path in files]]


def fill_checked(wh: Warehouse, relation: str, params: list[Any], typed_sql: str) -> None:
    """``checked`` made afresh from ``typed_sql`` over ``relation`` (as ``raw``)."""
    wh.execute(
        f"CREATE OR REPLACE TEMP TABLE checked AS WITH raw AS ({relation}) {typed_sql}", params
    )


def empty_checked(wh: Warehouse, typed_sql: str) -> None:
    """An empty ``checked`` with the columns ``typed_sql`` gives."""
    wh.execute(
        f"CREATE OR REPLACE TEMP TABLE checked AS WITH raw AS (SELECT * FROM stage) "
        f"{typed_sql} LIMIT 0"
    )


def append_checked(wh: Warehouse, relation: str, params: list[Any], typed_sql: str) -> None:
    wh.execute(f"INSERT INTO checked WITH raw AS ({relation}) {typed_sql}", params)


def forget_file(wh: Warehouse, index: int) -> None:
    """Drop one file's rows from ``checked`` and ``stage``, to read it again."""
    wh.execute("DELETE FROM checked WHERE file_index = ?", [index])
    wh.execute("DELETE FROM stage WHERE file_index = ?", [index])


def append_staged(wh: Warehouse, arrow_table: Any) -> None:
    """Add the exact reader's rows (an Arrow table of ``stage``'s columns) to ``stage``."""
    wh.con.register("stage_arrow", arrow_table)
    try:
        wh.execute("INSERT INTO stage SELECT * FROM stage_arrow")
    finally:
        wh.con.unregister("stage_arrow")


def check_staged(wh: Warehouse, index: int, typed_sql: str) -> None:
    """Type one file's staged rows into ``checked``."""
    wh.execute(
        f"INSERT INTO checked WITH raw AS (SELECT * FROM stage WHERE file_index = {int(index)}) "
        f"{typed_sql}"
    )


def drop_staging(wh: Warehouse) -> None:
    for table in ("checked", "stage", "stage_paths", "strays"):
        wh.execute(f"DROP TABLE IF EXISTS {table}")


# -- writing --------------------------------------------------------------------------


_BREAKS = " OR ".join(
    f"contains({c}, chr(10)) OR contains({c}, chr(13))"
    for c in ("crime_id", "falls_within", "location", "lsoa_name", "last_outcome", "context")
)


def files_to_read_exactly(wh: Warehouse) -> list[int]:
    """Files the fast reader read that the exact reader must read again: those with a
    bad row (only the exact reader numbers rows), and those with a line break in a cell
    (police.uk cells hold none: stray quotes made it, and swallowed rows into it)."""
    return [
        r[0]
        for r in wh.rows(
            "SELECT DISTINCT file_index FROM checked WHERE row_number IS NULL "
            f"AND (problem IS NOT NULL OR {_BREAKS}) ORDER BY 1"
        )
    ]


def month_counts(wh: Warehouse) -> list[tuple[int, str, Any, int, int]]:
    """(file index, force, month, usable rows the file holds, rows held in force now)
    for every force-month of the batch, to find stray months."""
    return [
        (i, force, month, int(n), int(held))
        for i, force, month, n, held in wh.rows(
            """
            WITH c AS (
                SELECT file_index, reported_by, month, count(*) AS n
                FROM checked WHERE problem IS NULL GROUP BY ALL
            ),
            h AS (
                SELECT force AS reported_by, month, sum(rows) AS held FROM load_coverage
                WHERE source = ? AND superseded_by IS NULL GROUP BY ALL
            )
            SELECT c.file_index, c.reported_by, c.month, c.n, coalesce(h.held, 0)
            FROM c LEFT JOIN h USING (reported_by, month)
            ORDER BY 1, 2, 3
            """,
            [SOURCE],
        )
    ]


def mark_strays(wh: Warehouse, strays: list[tuple[int, str, Any]]) -> None:
    """Mark the usable rows of each (file index, force, month) as strays."""
    if not strays:
        return
    wh.execute(
        "CREATE OR REPLACE TEMP TABLE strays (file_index INTEGER, reported_by VARCHAR, month DATE)"
    )
    wh.con.executemany("INSERT INTO strays VALUES (?, ?, ?)", strays)
    wh.execute(
        f"UPDATE checked SET problem = '{STRAY}' FROM strays s "
        "WHERE checked.problem IS NULL AND checked.file_index = s.file_index "
        "AND checked.reported_by = s.reported_by AND checked.month = s.month"
    )


def make_file_months(wh: Warehouse) -> None:
    """``file_months``: the rows each file holds for each force and month."""
    wh.execute(
        "CREATE OR REPLACE TEMP TABLE file_months AS SELECT file_index, reported_by, month, "
        "count(*) AS rows FROM checked WHERE problem IS NULL GROUP BY ALL"
    )


def first_clash(wh: Warehouse) -> tuple[str, str, list[int]] | None:
    """(force, ``YYYY-MM``, file indices) of the first force-month two files both hold."""
    rows = wh.rows(
        "SELECT reported_by, strftime(month, '%Y-%m'), list(file_index ORDER BY file_index) "
        "FROM file_months GROUP BY ALL HAVING count(*) > 1 ORDER BY 2 LIMIT 1"
    )
    return (rows[0][0], rows[0][1], list(rows[0][2])) if rows else None


def set_batch(wh: Warehouse, load_ids: list[int], names: list[str]) -> None:
    """``batch_files`` and ``batch_names``: each file's load id and name, by index."""
    wh.execute("CREATE OR REPLACE TEMP TABLE batch_files (file_index INTEGER, load_id BIGINT)")
    wh.con.executemany("INSERT INTO batch_files VALUES (?, ?)", list(enumerate(load_ids)))
    wh.execute("CREATE OR REPLACE TEMP TABLE batch_names (file_index INTEGER, file_name VARCHAR)")
    wh.con.executemany("INSERT INTO batch_names VALUES (?, ?)", list(enumerate(names)))


def replaced_counts(wh: Warehouse) -> dict[int, int]:
    """{file index: rows held for the force-months it replaces}."""
    return dict(
        wh.rows(
            "SELECT fm.file_index, count(*) FROM police_street p JOIN file_months fm "
            "ON p.reported_by = fm.reported_by AND p.month = fm.month GROUP BY fm.file_index"
        )
    )


def replace_force_months(wh: Warehouse) -> None:
    """Delete the rows of every force-month the batch holds and mark their coverage
    superseded by the file that now holds it."""
    wh.execute(
        "DELETE FROM police_street USING file_months fm "
        "WHERE police_street.reported_by = fm.reported_by AND police_street.month = fm.month"
    )
    wh.execute(
        "UPDATE load_coverage SET superseded_by = b.load_id "
        "FROM file_months fm JOIN batch_files b USING (file_index) "
        "WHERE load_coverage.source = ? AND load_coverage.superseded_by IS NULL "
        "AND load_coverage.force = fm.reported_by AND load_coverage.month = fm.month",
        [SOURCE],
    )


def insert_rows(wh: Warehouse) -> None:
    """Every usable row of the batch into ``police_street``, under its file's load."""
    wh.execute(
        f"INSERT INTO police_street SELECT b.load_id, {_STORED} FROM checked c "
        "JOIN batch_files b USING (file_index) WHERE c.problem IS NULL"
    )


def insert_coverage(wh: Warehouse) -> None:
    """Which force-months each load of the batch holds."""
    wh.execute(
        "INSERT INTO load_coverage SELECT b.load_id, ?, fm.reported_by, fm.month, fm.rows, NULL "
        "FROM file_months fm JOIN batch_files b USING (file_index)",
        [SOURCE],
    )


def quarantine_bad_rows(wh: Warehouse) -> None:
    """Every row read but not usable, with its field, value, reason and whole record."""
    record = (
        "json_object("
        + ", ".join(f"'{c}', s.{col}" for c, col in zip(STREET_COLUMNS, STAGE_FIELDS, strict=True))
        + ")"
    )

    def case(pick) -> str:
        return (
            "CASE q.problem "
            + " ".join(
                f"WHEN '{code}' THEN {pick(code, field, reason)}"
                for code, (field, reason) in PROBLEMS.items()
            )
            + " END"
        )

    field = case(lambda code, f, r: f"'{f}'")
    value = case(lambda code, f, r: _PAIR if code in ("outside", "swapped") else _VALUE[f])
    reason = case(lambda code, f, r: "'" + r.replace("'", "''") + "'")
    wh.execute(
        f"""
        INSERT INTO quarantine
        SELECT b.load_id, ?, n.file_name, s.row_number, 'quarantined', {field}, {value},
               {reason}, {record}
        FROM checked q
        JOIN stage s ON s.file_index = q.file_index AND s.row_number = q.row_number
        JOIN batch_files b ON b.file_index = q.file_index
        JOIN batch_names n ON n.file_index = q.file_index
        WHERE q.problem IS NOT NULL
        """,
        [SOURCE],
    )


def quarantine_rejected(wh: Warehouse, rows: list[tuple]) -> None:
    """Records not readable as rows: (load id, file name, row number, reason, text JSON)."""
    if rows:
        wh.con.executemany(
            "INSERT INTO quarantine VALUES (?, ?, ?, ?, 'rejected', NULL, NULL, ?, ?)",
            [
                (load_id, SOURCE, name, row, reason, text)
                for load_id, name, row, reason, text in rows
            ],
        )


def loaded_counts(wh: Warehouse) -> dict[int, int]:
    """{file index: rows loaded}."""
    return {
        i: int(n) for i, n in wh.rows("SELECT file_index, sum(rows) FROM file_months GROUP BY 1")
    }


def bad_counts(wh: Warehouse) -> dict[int, int]:
    """{file index: rows quarantined}."""
    return dict(
        wh.rows("SELECT file_index, count(*) FROM checked WHERE problem IS NOT NULL GROUP BY 1")
    )


def file_summaries(wh: Warehouse) -> dict[int, tuple[str, str, str | None, list[str]]]:
    """{file index: (first month, last month, its one force or None, every month)}."""
    return {
        i: (first, last, force, list(months))
        for i, first, last, force, months in wh.rows(
            "SELECT file_index, strftime(min(month), '%Y-%m'), strftime(max(month), '%Y-%m'), "
            "CASE WHEN count(DISTINCT reported_by) = 1 THEN any_value(reported_by) END, "
            "list_sort(list(DISTINCT strftime(month, '%Y-%m'))) "
            "FROM file_months GROUP BY file_index"
        )
    }


# -- what is held (coverage and quality) ------------------------------------------------


def forces_held(wh: Warehouse) -> list[str]:
    """police.uk force names with any force-month in force, A to Z."""
    return [
        r[0]
        for r in wh.rows(
            "SELECT DISTINCT force FROM load_coverage WHERE source = ? AND superseded_by IS NULL "
            "ORDER BY 1",
            [SOURCE],
        )
    ]


def months_held_by_all(wh: Warehouse, forces: list[str]) -> set[str]:
    """Months (``YYYY-MM``) every one of ``forces`` holds."""
    rows = wh.rows(
        "SELECT strftime(month, '%Y-%m') FROM load_coverage "
        "WHERE source = ? AND superseded_by IS NULL AND force IN (SELECT unnest(?)) "
        "GROUP BY 1 HAVING count(DISTINCT force) = ?",
        [SOURCE, forces, len(forces)],
    )
    return {r[0] for r in rows}


def coverage_by_force(wh: Warehouse, forces: list[str] | None) -> list[tuple]:
    """(force, months held as ``YYYY-MM``, rows, last loaded) for ``forces`` (None: all)."""
    return wh.rows(
        """
        SELECT c.force, list_sort(list(DISTINCT strftime(c.month, '%Y-%m'))), sum(c.rows),
               max(l.finished_at)
        FROM load_coverage c JOIN loads l USING (load_id)
        WHERE c.source = ? AND c.superseded_by IS NULL
          AND (? IS NULL OR c.force IN (SELECT unnest(?)))
        GROUP BY c.force ORDER BY c.force
        """,
        [SOURCE, forces, forces or []],
    )


def locations_by_force(wh: Warehouse, forces: list[str] | None) -> list[tuple]:
    """(force, rows, no LSOA, LSOA not in the lookup, placed outside the force's area)."""
    return wh.rows(
        """
        SELECT s.reported_by,
               count(*) AS rows,
               count(*) FILTER (WHERE s.lsoa_code IS NULL) AS no_lsoa,
               count(*) FILTER (WHERE s.lsoa_code IS NOT NULL AND l.lsoa21_code IS NULL),
               count(*) FILTER (WHERE l.lsoa21_code IS NOT NULL AND f.pfa_code IS NOT NULL
                                AND d.pfa_code IS DISTINCT FROM f.pfa_code)
        FROM police_street s
        LEFT JOIN ref_lsoa l ON l.lsoa21_code = s.lsoa_code
        LEFT JOIN (SELECT DISTINCT lad_code, pfa_code FROM ref_lad) d ON d.lad_code = l.lad_code
        LEFT JOIN ref_force f ON f.police_uk_name = s.reported_by
        WHERE (? IS NULL OR s.reported_by IN (SELECT unnest(?)))
        GROUP BY 1 ORDER BY 1
        """,
        [forces, forces or []],
    )
