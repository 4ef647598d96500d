"""The assessment's own SQL: the few facts about held records it needs beyond the
counting engine (every count comes from :mod:`saferplaces.indicators.engine`)."""

from __future__ import annotations

from datetime import date

from saferplaces.warehouse.connection import Warehouse


def illustrative_sources(wh: Warehouse) -> set[str]:
    """Agency sources holding rows written by ``saferplaces demo-data``."""
    if not wh.table_exists("agency_record"):
        return set()
    return {r[0] for r in wh.rows("SELECT DISTINCT source FROM agency_record WHERE illustrative")}


def latest_record_date(wh: Warehouse, source: str) -> date | None:
    """The date of the latest record of ``source`` (a caseload's latest snapshot)."""
    return wh.scalar("SELECT max(event_date) FROM agency_record WHERE source = ?", [source])
