"""The data-quality report's own SQL: what it asks of every source's loads.

Each source's holdings (months, locations) come from that source's query module
(:mod:`saferplaces.sources.police_uk.queries`, :mod:`saferplaces.sources.agency.queries`);
what is here reads the tables every loader shares (``loads``, ``quarantine``).
"""

from __future__ import annotations

from saferplaces.warehouse.connection import Warehouse


def rows_not_loaded(wh: Warehouse, forces: list[str] | None) -> list[tuple]:
    """(source, kind, reason, rows, files, first example) of every row quarantined or
    rejected by a load still in force, for loads of ``forces`` (None: all) and loads of
    no force, most rows first within each source."""
    return wh.rows(
        """
        SELECT q.source, q.kind, q.reason, count(*), count(DISTINCT q.load_id),
               min(q.file_name || ' row ' || coalesce(q.row_number::VARCHAR, '?'))
        FROM quarantine q JOIN loads l USING (load_id)
        WHERE l.status <> 'superseded'
          AND (? IS NULL OR l.force IS NULL OR l.force IN (SELECT unnest(?)))
        GROUP BY 1, 2, 3 ORDER BY 1, 4 DESC
        """,
        [forces, forces or []],
    )
