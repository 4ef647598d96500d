"""``saferplaces similar``: a district's similar areas."""

from __future__ import annotations

from saferplaces.cli.context import open_warehouse
from saferplaces.cli.options import AreaOption, Format, FormatOption, WarehouseOption
from saferplaces.cli.output import Column, emit
from saferplaces.geography.areas import resolve_area
from saferplaces.geography.similar import similar_areas

COLUMNS = [
    Column("rank", "Rank", "int"),
    Column("district_code", "Code"),
    Column("district_name", "District"),
    Column("force_name", "Force area"),
    Column("distance", "Distance", "rate"),
    Column("residents", "Residents", "int"),
    Column("residents_per_household", "Per household", "rate"),
    Column("share_aged_16_24", "Aged 16-24", "fraction"),
    Column("share_aged_65_plus", "Aged 65+", "fraction"),
    Column("share_not_white", "Not White", "fraction"),
    Column("share_rural", "Rural", "fraction"),
    Column("deprivation_percentile", "Deprivation", "rate"),
    Column("deprivation_index", "Index"),
    Column("ruc21_code", "RUC class"),
]
# People read names; codes and the index's name are in the CSV and JSON.
TABLE_COLUMNS = [c for c in COLUMNS if c.key not in ("district_code", "deprivation_index")]


def similar(
    area: AreaOption,
    format: FormatOption = Format.table,
    warehouse: WarehouseOption = None,
) -> None:
    """The 15 districts of England and Wales most similar to a district, with distances
    (nearest neighbours over seven standardised Census, age, ethnicity, rurality and
    deprivation variables: see docs/methods.md, "Similar areas").

    Example: saferplaces similar --area "South Cambridgeshire"
    """
    wh = open_warehouse(warehouse)
    result = similar_areas(wh, resolve_area(wh, area))
    own = {"rank": None, "district_code": result.area.code, "force_name": result.force_name}
    rows = [r.to_dict() for r in result.rows]
    if format == Format.table:
        rows = [own | result.values | {"district_name": f"{result.area.name} (this area)"}, *rows]
    emit(
        format,
        TABLE_COLUMNS if format == Format.table else COLUMNS,
        rows,
        payload=result.to_dict,
        title=f"Similar areas: {result.area.name}",
        notes=[
            *result.notes,
            "Deprivation: residents' average position in their nation's index, "
            "0 the most deprived LSOA and 100 the least; England's IoD2025 and Wales's "
            "WIMD 2019 are ranked separately. RUC class: the 2021 rural-urban classification "
            "(U urban, I intermediate, R rural; N nearer to, F further from a major town).",
        ],
    )
