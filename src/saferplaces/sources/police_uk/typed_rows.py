"""Typing the rows of police.uk outcomes and stop and search files, one by one.

Each row of a file read by :func:`~saferplaces.sources.police_uk.records.read_records`
either loads (its values typed) or is quarantined with the field, the value and the
reason, as the street loader does: a blank Crime ID (an outcome joins its crime by it),
a month that does not parse or lies in the future, no force, coordinates that are not
numbers or not in Great Britain, a search dated outside its file's month, a yes/no
column holding something else.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from saferplaces.geography.boundaries import LATITUDE_RANGE, LONGITUDE_RANGE
from saferplaces.sources.police_uk.records import Records

_UK = ZoneInfo("Europe/London")
_MONTH = re.compile(r"^\s*(\d{4})-(\d{2})\s*$")


class Problem(Exception):
    """A value that stops a row loading: the file's column, and why."""

    def __init__(self, column: str, reason: str) -> None:
        super().__init__(reason)
        self.column, self.reason = column, reason


@dataclass
class Typed:
    """A file's rows: ``rows`` load (dicts of the table's columns, ``row_number`` among
    them); ``quarantined`` are (row number, field, value, reason, the row as JSON)."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    quarantined: list[tuple[int, str, str | None, str, str]] = field(default_factory=list)


def type_rows(read: Records, names: tuple[str, ...], one_row) -> Typed:
    """``one_row(values by column name) -> dict`` over every row of ``read``; a
    :class:`Problem` quarantines the row."""
    out = Typed()
    for k, number in enumerate(read.numbers):
        values = {n: read.columns[i][k] for i, n in enumerate(names)}
        try:
            out.rows.append({"row_number": number, **one_row(values)})
        except Problem as p:
            out.quarantined.append(
                (number, p.column, values.get(p.column), p.reason, json.dumps(values))
            )
    return out


def _this_month() -> date:
    today = date.today()
    return date(today.year, today.month, 1)


def month(value: str | None, column: str = "Month") -> date:
    m = _MONTH.match(value or "")
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise Problem(column, "unparseable month (expected YYYY-MM)")
    found = date(int(m.group(1)), int(m.group(2)), 1)
    if found > _this_month():
        raise Problem(column, "month after the current month (a date in the future)")
    return found


def required(values: dict, column: str, reason: str) -> str:
    v = (values[column] or "").strip()
    if not v:
        raise Problem(column, reason)
    return v


def coordinates(values: dict) -> tuple[float | None, float | None]:
    """(longitude, latitude), both None when both are blank."""
    lon_t, lat_t = (values["Longitude"] or "").strip(), (values["Latitude"] or "").strip()
    if not lon_t and not lat_t:
        return None, None
    if not lat_t:
        raise Problem("Latitude", "a longitude without a latitude")
    if not lon_t:
        raise Problem("Longitude", "a latitude without a longitude")
    try:
        lon = float(lon_t)
    except ValueError:
        raise Problem("Longitude", "longitude is not a number") from None
    try:
        lat = float(lat_t)
    except ValueError:
        raise Problem("Latitude", "latitude is not a number") from None
    (lat0, lat1), (lon0, lon1) = LATITUDE_RANGE, LONGITUDE_RANGE
    if not (lat0 <= lat <= lat1 and lon0 <= lon <= lon1):  # NaN fails too
        raise Problem("Latitude", "coordinates are outside Great Britain")
    return lon, lat


def outcome_row(values: dict) -> dict[str, Any]:
    """One row of an outcomes file, typed."""
    crime_id = required(values, "Crime ID", "no Crime ID (an outcome joins its crime by it)")
    m = month(values["Month"])
    force = required(values, "Reported by", "no force named (Reported by is blank)")
    outcome = required(values, "Outcome type", "no outcome type")
    lon, lat = coordinates(values)
    return {
        "crime_id": crime_id,
        "month": m,
        "reported_by": force,
        "falls_within": values["Falls within"],
        "longitude": lon,
        "latitude": lat,
        "location": values["Location"],
        "lsoa_code": (values["LSOA code"] or "").strip() or None,
        "lsoa_name": values["LSOA name"],
        "outcome_type": outcome,
    }


def _yes_no(values: dict, column: str) -> bool | None:
    v = (values[column] or "").strip().lower()
    if not v:
        return None
    if v in ("true", "false"):
        return v == "true"
    raise Problem(column, f"{column} is not True or False")


def stop_search_row(values: dict, file_month: date) -> dict[str, Any]:
    """One row of a stop and search file of ``file_month``, typed."""
    text = (values["Date"] or "").strip()
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise Problem("Date", "unparseable date (expected 2024-01-31T12:00:00+00:00)") from None
    # police.uk files a search under its month in UK time; its dates are UTC (a search at
    # 23:51 UTC on 31 March 2024 was at 00:51 BST on 1 April, and is in April's file).
    if when.tzinfo is not None:
        when = when.astimezone(_UK)
    local = when.replace(tzinfo=None)
    if date(local.year, local.month, 1) > _this_month():
        raise Problem("Date", "a date in the future")
    if (local.year, local.month) != (file_month.year, file_month.month):
        raise Problem(
            "Date",
            f"dated {local:%Y-%m}, outside the file's month {file_month:%Y-%m} (a file "
            "replaces only its own month)",
        )
    lon, lat = coordinates(values)
    return {
        "month": file_month,
        "searched_at": local,
        "type": values["Type"],
        "part_of_operation": _yes_no(values, "Part of a policing operation"),
        "operation": values["Policing operation"],
        "longitude": lon,
        "latitude": lat,
        "gender": values["Gender"],
        "age_range": values["Age range"],
        "self_defined_ethnicity": values["Self-defined ethnicity"],
        "officer_defined_ethnicity": values["Officer-defined ethnicity"],
        "legislation": values["Legislation"],
        "object_of_search": values["Object of search"],
        "outcome": values["Outcome"],
        "outcome_linked": _yes_no(values, "Outcome linked to object of search"),
        "outer_clothing_removed": _yes_no(values, "Removal of more than just outer clothing"),
    }
