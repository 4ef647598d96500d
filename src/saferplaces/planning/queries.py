"""The planning capability's SQL: the county of a district, and residents' views held
as agency records (the residents-survey and consultation-log sources)."""

from __future__ import annotations

from saferplaces.core.periods import Period
from saferplaces.geography.areas import Area
from saferplaces.warehouse.connection import Warehouse


def county_of(wh: Warehouse, area: Area) -> str:
    """The county council whose area holds every district of ``area`` ("" when it is a
    unitary area or spans several)."""
    if area.level not in ("district", "csp", "ward") or not wh.table_exists("ref_lad_county"):
        return ""
    cond, params = area.predicate("l")
    rows = wh.rows(
        "SELECT DISTINCT c.county_name FROM ref_lsoa l JOIN ref_lad_county c USING (lad_code) "
        f"WHERE {cond}",
        params,
    )
    return f"{rows[0][0]} County Council" if len(rows) == 1 else ""


def _districts(wh: Warehouse, area: Area) -> list[str]:
    cond, params = area.predicate("l")
    return [r[0] for r in wh.rows(f"SELECT DISTINCT lad_code FROM ref_lsoa l WHERE {cond}", params)]


def survey_answers(wh: Warehouse, area: Area, period: Period) -> list[tuple]:
    """(consultation, question, answer, respondents, first month, last month,
    illustrative) for the area's districts, in surveys that ran during ``period``."""
    return wh.rows(
        """
        SELECT fields->>'consultation', fields->>'question', fields->>'answer',
               sum(CAST(measures->>'respondents' AS BIGINT)), min(month), max(month_end),
               bool_or(illustrative), min(row_number)
        FROM agency_record
        WHERE source = 'residents-survey' AND fields->>'area_code' IN (SELECT unnest(?))
          AND month <= ? AND month_end >= ?
        GROUP BY 1, 2, 3
        ORDER BY 1, min(row_number)
        """,
        [_districts(wh, area), period.end_date, period.start_date],
    )


def consultations(wh: Warehouse, area: Area, period: Period) -> list[tuple]:
    """(consultation, method, reached, participants, first month, last month,
    illustrative) for the area's districts, run during ``period``."""
    return wh.rows(
        """
        SELECT fields->>'consultation', fields->>'method',
               string_agg(DISTINCT fields->>'reached', '; '),
               sum(CAST(measures->>'participants' AS BIGINT)), min(month), max(month_end),
               bool_or(illustrative)
        FROM agency_record
        WHERE source = 'consultation-log' AND fields->>'area_code' IN (SELECT unnest(?))
          AND month <= ? AND month_end >= ?
        GROUP BY 1, 2
        ORDER BY min(month), 1
        """,
        [_districts(wh, area), period.end_date, period.start_date],
    )


def any_held(wh: Warehouse, area: Area) -> bool:
    if not wh.table_exists("agency_record"):
        return False
    return bool(
        wh.scalar(
            "SELECT EXISTS (SELECT 1 FROM agency_record WHERE source = 'residents-survey' "
            "AND fields->>'area_code' IN (SELECT unnest(?)))",
            [_districts(wh, area)],
        )
    )
