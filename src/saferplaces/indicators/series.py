"""Monthly series of police.uk counts for an area, every month present (zeros included)."""

from __future__ import annotations

from saferplaces.core.periods import Period
from saferplaces.geography.areas import Area
from saferplaces.indicators.queries import between
from saferplaces.quality.coverage import police_forces_for
from saferplaces.sources.police_uk.crime_types import ALL_CRIME, CRIMES
from saferplaces.warehouse.connection import Warehouse


def monthly_counts(
    wh: Warehouse, area: Area, indicator: str, period: Period
) -> list[tuple[str, int]]:
    """[(``YYYY-MM``, count)] for every month of ``period``.

    Counts follow :func:`saferplaces.indicators.police.police_indicators`: records located
    in the area, plus, for a force area, the force's records with no usable location.
    """
    types = list(CRIMES) if indicator == ALL_CRIME else [indicator]
    cond, params = area.predicate("l")
    located = dict(
        wh.rows(
            f"""
            SELECT strftime(s.month, '%Y-%m'), count(*)
            FROM police_street s JOIN ref_lsoa l ON l.lsoa21_code = s.lsoa_code
            WHERE {cond} AND s.crime_type IN (SELECT unnest(?)) AND s.month BETWEEN ? AND ?
            GROUP BY 1
            """,
            [*params, types, *between(period)],
        )
    )
    if area.level == "force":
        forces = police_forces_for(wh, area)
        for month, n in wh.rows(
            """
            SELECT strftime(s.month, '%Y-%m'), count(*)
            FROM police_street s LEFT JOIN ref_lsoa l ON l.lsoa21_code = s.lsoa_code
            WHERE l.lsoa21_code IS NULL AND s.reported_by IN (SELECT unnest(?))
              AND s.crime_type IN (SELECT unnest(?)) AND s.month BETWEEN ? AND ?
            GROUP BY 1
            """,
            [forces, types, *between(period)],
        ):
            located[month] = located.get(month, 0) + n
    return [(m, int(located.get(m, 0))) for m in period.month_list()]
