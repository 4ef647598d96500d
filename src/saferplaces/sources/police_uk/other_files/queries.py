"""Every SQL statement for police.uk's outcomes and stop and search files, in one place:
their loads (:mod:`.write`), the outcomes table (:mod:`.outcomes`) and their quality
section (:mod:`.quality`)."""

from __future__ import annotations

from typing import Any

from saferplaces.warehouse.connection import Warehouse

OUTCOMES_SOURCE = "police-uk-outcomes"
STOP_SEARCH_SOURCE = "police-uk-stop-and-search"
# source: (table, the column naming its force)
TABLES = {
    OUTCOMES_SOURCE: ("police_outcome", "reported_by"),
    STOP_SEARCH_SOURCE: ("police_stop_search", "force"),
}


def force_by_slug(wh: Warehouse, slug: str) -> str | None:
    """The police.uk name of the force whose file names carry ``slug``."""
    return wh.scalar("SELECT police_uk_name FROM ref_force WHERE slug = ?", [slug.lower()])


def replace_force_months(
    wh: Warehouse, source: str, load_id: int, force_months: list[tuple[str, Any]]
) -> int:
    """Remove the rows earlier loads of ``source`` hold for ``force_months`` and mark
    their coverage superseded by ``load_id``; returns the rows removed."""
    table, force = TABLES[source]
    if not force_months:
        return 0
    wh.execute("CREATE OR REPLACE TEMP TABLE new_force_months (force VARCHAR, month DATE)")
    wh.con.executemany("INSERT INTO new_force_months VALUES (?, ?)", force_months)
    held = f"({force}, month) IN (SELECT (force, month) FROM new_force_months)"
    removed = int(wh.scalar(f"SELECT count(*) FROM {table} WHERE {held}"))
    wh.execute(f"DELETE FROM {table} WHERE {held}")
    wh.execute(
        "UPDATE load_coverage SET superseded_by = ? WHERE source = ? AND superseded_by IS NULL "
        "AND (force, month) IN (SELECT (force, month) FROM new_force_months)",
        [load_id, source],
    )
    wh.execute("DROP TABLE new_force_months")
    return removed


def insert_rows(wh: Warehouse, source: str, load_id: int, arrow_table: Any) -> None:
    """Add a file's typed rows (an Arrow table of the table's columns but ``load_id``)."""
    table, _ = TABLES[source]
    wh.con.register("typed_arrow", arrow_table)
    try:
        columns = ", ".join(arrow_table.column_names)
        wh.execute(
            f"INSERT INTO {table} (load_id, {columns}) SELECT ?, {columns} FROM typed_arrow",
            [load_id],
        )
    finally:
        wh.con.unregister("typed_arrow")


def insert_coverage(
    wh: Warehouse, source: str, load_id: int, force_months: list[tuple[str, Any, int]]
) -> None:
    """The force-months (force, month, rows) a load holds."""
    wh.con.executemany(
        "INSERT INTO load_coverage (load_id, source, force, month, rows) VALUES (?, ?, ?, ?, ?)",
        [(load_id, source, f, m, n) for f, m, n in force_months],
    )


def insert_quarantine(wh: Warehouse, source: str, rows: list[tuple]) -> None:
    """(load id, file name, row number, kind, field, value, reason, record) rows."""
    if rows:
        wh.con.executemany(
            "INSERT INTO quarantine (load_id, source, file_name, row_number, kind, field, "
            "value, reason, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(r[0], source, *r[1:]) for r in rows],
        )


# -- outcomes by crime type ------------------------------------------------------------

# police.uk's outcome types that are a charge or a summons (Home Office outcome 1).
CHARGE_OR_SUMMONS = ("Suspect charged", "Suspect charged as part of another case")
NO_SUSPECT = "Investigation complete; no suspect identified"
UNABLE_TO_PROSECUTE = "Unable to prosecute suspect"


def outcome_counts(
    wh: Warehouse, area_condition: tuple[str, list[Any]], first: Any, last: Any
) -> list[tuple]:
    """(crime type, crimes, with an outcome, charge or summons, no suspect identified,
    unable to prosecute) for the street records with a Crime ID in the area (its LSOA
    condition on ``l``) and months ``first``..``last``, each judged by its crime's latest
    outcome: the latest month, and within a month the last in file order."""
    cond, params = area_condition
    return wh.rows(
        f"""
        WITH crimes AS (
            SELECT s.crime_id, s.crime_type
            FROM police_street s JOIN ref_lsoa l ON l.lsoa21_code = s.lsoa_code
            WHERE s.crime_id IS NOT NULL AND s.month BETWEEN ? AND ? AND {cond}
        ),
        latest AS (
            SELECT o.crime_id,
                   arg_max(o.outcome_type, (o.month, o.load_id, o.row_number)) AS outcome
            FROM police_outcome o
            WHERE o.crime_id IN (SELECT crime_id FROM crimes)
            GROUP BY o.crime_id
        )
        SELECT c.crime_type, count(*),
               count(x.outcome),
               count(*) FILTER (WHERE x.outcome IN (SELECT unnest(?::VARCHAR[]))),
               count(*) FILTER (WHERE x.outcome = ?),
               count(*) FILTER (WHERE x.outcome = ?)
        FROM crimes c LEFT JOIN latest x USING (crime_id)
        GROUP BY 1 ORDER BY 2 DESC, 1
        """,
        [first, last, *params, list(CHARGE_OR_SUMMONS), NO_SUSPECT, UNABLE_TO_PROSECUTE],
    )


def outcome_months(wh: Warehouse, forces: list[str] | None) -> Any:
    """The first and last outcome months held for ``forces`` (None: all)."""
    return wh.rows(
        "SELECT min(month), max(month) FROM police_outcome "
        "WHERE ? IS NULL OR reported_by IN (SELECT unnest(?))",
        [forces, forces or []],
    )[0]


# -- quality ---------------------------------------------------------------------------


def coverage_by_force(wh: Warehouse, source: str, forces: list[str] | None) -> list[tuple]:
    """(force, months held as ``YYYY-MM``, rows, last loaded) of ``source``."""
    return wh.rows(
        """
        SELECT c.force, list_sort(list(DISTINCT strftime(c.month, '%Y-%m'))), sum(c.rows),
               max(l.finished_at)
        FROM load_coverage c JOIN loads l USING (load_id)
        WHERE c.source = ? AND c.superseded_by IS NULL
          AND (? IS NULL OR c.force IN (SELECT unnest(?)))
        GROUP BY c.force ORDER BY c.force
        """,
        [source, forces, forces or []],
    )


def unmatched_outcomes(wh: Warehouse, forces: list[str] | None) -> list[tuple]:
    """(force, outcome rows, distinct Crime IDs, Crime IDs no street record held has)."""
    return wh.rows(
        """
        SELECT o.reported_by, count(*), count(DISTINCT o.crime_id),
               count(DISTINCT o.crime_id) FILTER (WHERE s.crime_id IS NULL)
        FROM police_outcome o
        LEFT JOIN (SELECT DISTINCT crime_id FROM police_street WHERE crime_id IS NOT NULL) s
               USING (crime_id)
        WHERE ? IS NULL OR o.reported_by IN (SELECT unnest(?))
        GROUP BY 1 ORDER BY 1
        """,
        [forces, forces or []],
    )


# -- stop and search by one field ------------------------------------------------------

# --by NAME: the police_stop_search expression a search is grouped by.
SEARCH_GROUPS = {
    "object": "s.object_of_search",
    "outcome": "s.outcome",
    "ethnicity": "s.self_defined_ethnicity",
    "age": "s.age_range",
    "gender": "s.gender",
    "month": "strftime(s.month, '%Y-%m')",
}


def search_counts(
    wh: Warehouse, by: str, area_condition: tuple[str, list[Any]], first: Any, last: Any
) -> list[tuple]:
    """(value of ``by``, searches, outcome linked to the object, linkage recorded) for the
    searches placed in the area (their point's LSOA, the condition on ``l``) in months
    ``first``..``last``; a blank value is NULL, last. Most searches first (month: in order)."""
    cond, params = area_condition
    order = "1" if by == "month" else "2 DESC, 1 NULLS LAST"
    return wh.rows(
        f"""
        SELECT {SEARCH_GROUPS[by]}, count(*), count(*) FILTER (WHERE s.outcome_linked),
               count(s.outcome_linked)
        FROM police_stop_search s JOIN ref_lsoa l ON l.lsoa21_code = s.lsoa_code
        WHERE s.month BETWEEN ? AND ? AND {cond}
        GROUP BY 1 ORDER BY {order}
        """,
        [first, last, *params],
    )


def unplaced_searches(wh: Warehouse, forces: list[str], first: Any, last: Any) -> tuple:
    """(with no location given, with a point in no LSOA loaded) of ``forces``' searches in
    months ``first``..``last``: searches no area holds."""
    return wh.rows(
        "SELECT count(*) FILTER (WHERE longitude IS NULL OR latitude IS NULL), "
        "count(*) FILTER (WHERE longitude IS NOT NULL AND latitude IS NOT NULL) "
        "FROM police_stop_search WHERE lsoa_code IS NULL AND month BETWEEN ? AND ? "
        "AND force IN (SELECT unnest(?::VARCHAR[]))",
        [first, last, forces],
    )[0]


def search_months(wh: Warehouse, forces: list[str] | None) -> Any:
    """The first and last stop and search months held for ``forces`` (None: all)."""
    return wh.rows(
        "SELECT min(month), max(month) FROM police_stop_search "
        "WHERE ? IS NULL OR force IN (SELECT unnest(?))",
        [forces, forces or []],
    )[0]


def search_locations(wh: Warehouse, forces: list[str] | None) -> list[tuple]:
    """(force, searches, with no point given, with a point in no LSOA loaded, placed in
    another force's district) of ``forces`` (None: all)."""
    return wh.rows(
        """
        SELECT s.force, count(*),
               count(*) FILTER (WHERE s.longitude IS NULL OR s.latitude IS NULL),
               count(*) FILTER (WHERE s.lsoa_code IS NULL AND s.longitude IS NOT NULL
                                AND s.latitude IS NOT NULL),
               count(*) FILTER (WHERE l.lsoa21_code IS NOT NULL AND f.pfa_code IS NOT NULL
                                AND d.pfa_code IS DISTINCT FROM f.pfa_code)
        FROM police_stop_search s
        LEFT JOIN ref_lsoa l ON l.lsoa21_code = s.lsoa_code
        LEFT JOIN (SELECT DISTINCT lad_code, pfa_code FROM ref_lad) d ON d.lad_code = l.lad_code
        LEFT JOIN ref_force f ON f.police_uk_name = s.force
        WHERE ? IS NULL OR s.force IN (SELECT unnest(?))
        GROUP BY 1 ORDER BY 1
        """,
        [forces, forces or []],
    )
