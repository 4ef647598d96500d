"""The deprivation context of a district: its LSOAs by national IMD decile, and the most
deprived with their local decile (English Indices of Deprivation 2025)."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any

from saferplaces.geography.areas import Area, force_of, wards_of
from saferplaces.places import queries
from saferplaces.warehouse.connection import Warehouse


@dataclass(frozen=True)
class DeprivedLsoa:
    lsoa_code: str
    lsoa_name: str
    ward_name: str
    national_decile: int  # 1 = the most deprived tenth of England's LSOAs
    local_decile: int | None  # 1 = the most deprived tenth of the police force area


@dataclass(frozen=True)
class Deprivation:
    area: Area
    lsoas: int  # LSOAs of the area with IMD data
    national_deciles: dict[int, int]  # decile (1 to 10) -> LSOAs
    most_deprived_30pc: int  # LSOAs in national deciles 1 to 3
    most_deprived: list[DeprivedLsoa]  # the most deprived first

    def to_dict(self) -> dict[str, Any]:
        return {
            "lsoas": self.lsoas,
            "national_deciles": {str(k): n for k, n in self.national_deciles.items()},
            "most_deprived_30pc": self.most_deprived_30pc,
            "most_deprived": [asdict(r) for r in self.most_deprived],
        }


def deprivation(wh: Warehouse, area: Area, most: int = 5) -> Deprivation:
    """The IMD context of the LSOAs of ``area``'s wards (the ``most`` deprived listed)."""
    lsoas = queries.lsoas_of_wards(wh, [c for c, _ in wards_of(wh, area)])
    force = force_of(wh, area)
    imd = queries.imd_rows(wh, lsoas, force.code if force else None)
    deciles = Counter(int(r["imd_decile"]) for r in imd)
    return Deprivation(
        area,
        len(imd),
        {k: deciles.get(k, 0) for k in range(1, 11)},
        sum(1 for r in imd if r["imd_decile"] <= 3),
        [
            DeprivedLsoa(
                r["lsoa21_code"],
                r["lsoa21_name"],
                r["ward_name"],
                r["imd_decile"],
                r["local_decile"],
            )
            for r in imd[:most]
        ],
    )
