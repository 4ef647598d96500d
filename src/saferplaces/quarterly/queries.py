"""All the SQL of the quarterly reports: the IDVA rows a report lays out.

The IDVA source is a table of counts (referrals, engaged, repeats) by district or
service and period; the report needs its rows by district *and* by service, which no
indicator gives, so it reads them here rather than counting an indicator itself.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from saferplaces.warehouse.connection import Warehouse


def idva_rows(wh: Warehouse, first: date, last: date) -> list[dict[str, Any]]:
    """Every IDVA row whose first month lies from ``first`` to ``last`` (first days of
    months): its district (NULL when none was given or usable), service, the months it
    covers and its counts."""
    return wh.dicts(
        "SELECT r.lad_code AS district, r.location_status AS status, "
        "nullif(trim(json_extract_string(r.fields, '$.service')), '') AS service, "
        "r.month AS month, r.month_end AS month_end, r.illustrative AS illustrative, "
        "TRY_CAST(json_extract(r.measures, '$.referrals') AS BIGINT) AS referrals, "
        "TRY_CAST(json_extract(r.measures, '$.engaged') AS BIGINT) AS engaged, "
        "TRY_CAST(json_extract(r.measures, '$.repeats') AS BIGINT) AS repeats "
        "FROM agency_record r WHERE r.source = 'idva' AND r.month BETWEEN ? AND ? "
        "ORDER BY r.month, r.row_number",
        [first, last],
    )
