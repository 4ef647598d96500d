"""The place a plan is about: a ward, or one LSOA (a hot spot), inside its district."""

from __future__ import annotations

from saferplaces.core.errors import SaferplacesError
from saferplaces.geography import queries
from saferplaces.geography.areas import Area, wards_of
from saferplaces.warehouse.connection import Warehouse

KINDS = {"ward": "Ward", "lsoa": "Hot spot (LSOA)"}


def place_area(wh: Warehouse, district: Area, kind: str, code: str) -> Area:
    """The place as an area the counting engine understands; refused if it is not in the
    partnership's district."""
    if kind == "ward":
        names = dict(wards_of(wh, district))
        if code not in names:
            raise SaferplacesError(f"ward {code} is not in {district.name}")
        return Area(code, names[code], "ward", district.name)
    if kind == "lsoa":
        from saferplaces.places.custom_area import from_lsoas

        row = queries.lsoa(wh, code)
        if row is None or row[1] != district.code:
            raise SaferplacesError(f"LSOA {code} is not in {district.name}")
        return from_lsoas(wh, row[0], [code])
    raise SaferplacesError(f"a plan's place is a ward or an LSOA, not {kind!r}")


def ward_of_lsoa(wh: Warehouse, code: str) -> tuple[str, str] | None:
    row = queries.lsoa(wh, code)
    return (row[2], row[3]) if row else None
