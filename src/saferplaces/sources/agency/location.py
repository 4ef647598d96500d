"""Placing agency records: points, LSOAs, wards, districts and postcode districts.

A record is placed by the finest location it has that can be used: a point (WGS84
latitude/longitude, or British National Grid easting/northing converted with pyproj)
placed in an LSOA by point-in-polygon on the bundled boundaries; else an LSOA code; else
a ward; else a district; else a postcode district (through an optional lookup). A point
outside the boundaries held is "outside area"; a record with nothing usable is
"location unknown". A value that is not a location at all (a latitude that is not a
number, coordinates outside Great Britain, a district name nobody uses) is refused with
the reason, and the row is quarantined.

Residence (where the person lives) is read by the same district rules but kept in its
own field: it never places the incident.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from saferplaces.geography.areas import ABBREVIATIONS
from saferplaces.geography.boundaries import (
    LATITUDE_RANGE,
    LONGITUDE_RANGE,
    PointLocator,
    bng_to_lonlat,
    boundaries,
)
from saferplaces.sources.agency import queries as q
from saferplaces.sources.agency.cells import Bad, key, read_number, text_of
from saferplaces.sources.agency.spec import Field
from saferplaces.warehouse.connection import Warehouse

LOCATED, OUTSIDE, UNKNOWN = "located", "outside area", "unknown"

# Great Britain with a margin: coordinates outside are not a place we can mean.
_LAT = LATITUDE_RANGE
_LON = LONGITUDE_RANGE
_EASTING = (0.0, 700_000.0)
_NORTHING = (0.0, 1_300_000.0)

_LSOA = re.compile(r"^[EW]01\d{6}$")
_WARD = re.compile(r"^[EW]05\d{6}$")
_LAD = re.compile(r"^[EW]0[6-9]\d{6}$")
_POSTCODE_DISTRICT = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?$")
_UNKNOWN_WORDS = frozenset({"unknown", "not known", "n/a", "na", "none", "-"})
_OUTSIDE_WORDS = frozenset(
    {"outside", "outside area", "out of area", "outside the area", "out of county"}
)


@dataclass
class Place:
    """Where a record happened, as far as it can be told."""

    lsoa_code: str | None = None
    ward_code: str | None = None
    lad_code: str | None = None
    located_by: str | None = None
    status: str = UNKNOWN
    note: str | None = None
    longitude: float | None = None
    latitude: float | None = None


class Geography:
    """The reference lookups a load needs, read once per command."""

    def __init__(self, wh: Warehouse) -> None:
        self.wh = wh
        self.lsoa_lad = q.lsoa_districts(wh)
        wards = q.wards(wh)
        self.ward_lad = {code: lad for code, _, lad in wards}
        self.ward_names: dict[str, list[tuple[str, str]]] = {}
        for code, name, lad in wards:
            self.ward_names.setdefault(key(name), []).append((code, lad))
        # Wards whose boundaries are held: the partnership's own area, where a ward name
        # used elsewhere in England and Wales too most likely means.
        self.wards_held = q.wards_with_boundaries(wh)
        self.lad_names = q.district_names(wh)
        self.lad_by_name = {key(name): code for code, name in self.lad_names.items()}
        self.postcode_lad = q.postcode_districts(wh)

    @cached_property
    def lsoa_locator(self) -> PointLocator:
        return PointLocator(boundaries(self.wh, "lsoa"))

    @cached_property
    def area_held(self) -> str:
        names = q.districts_with_boundaries(self.wh)
        if not names:
            return "no boundaries are loaded"
        return "boundaries held: " + ", ".join(names)

    # -- single values -------------------------------------------------------------

    def district(self, cell: object, f: Field) -> tuple[str | None, str]:
        """(district code, status) for a district cell: a code, a name, or unknown/outside."""
        s = text_of(cell)
        if s is None:
            return None, UNKNOWN
        mapped = f.values.get(key(s), s)
        k = key(mapped)
        if k in _UNKNOWN_WORDS:
            return None, UNKNOWN
        if k in _OUTSIDE_WORDS:
            return None, OUTSIDE
        code = self._lad_code(mapped)
        if code:
            return code, LOCATED
        close = difflib.get_close_matches(mapped, list(self.lad_names.values()), n=2, cutoff=0.8)
        raise Bad(
            "unknown district (give a district name or code, e.g. 'South Cambridgeshire' or "
            f"E07000012, or map it in [fields.{f.name}.values]; 'unknown' and 'outside' are "
            "understood)",
            hint=" or ".join(close) or None,
        )

    def _lad_code(self, text: str) -> str | None:
        t = text.strip()
        if _LAD.match(t.upper()) and t.upper() in self.lad_names:
            return t.upper()
        k = key(t)
        if k in self.lad_by_name:
            return self.lad_by_name[k]
        expanded = " ".join(ABBREVIATIONS.get(w.rstrip("."), w) for w in k.split())
        for candidate in (
            expanded,
            re.sub(r"\s+(city|district|borough)(\s+council)?$", "", expanded),
            re.sub(r"^(city|district|borough) of\s+", "", expanded),
        ):
            if key(candidate) in self.lad_by_name:
                return self.lad_by_name[key(candidate)]
        return None

    def lsoa(self, cell: object, f: Field) -> tuple[str | None, str | None]:
        """(LSOA code if in the lookup, note if not) for an LSOA cell."""
        s = text_of(cell)
        if s is None:
            return None, None
        code = s.upper()
        if not _LSOA.match(code):
            raise Bad(f"{f.name} is not an LSOA code (E01 or W01 and six digits)")
        if code in self.lsoa_lad:
            return code, None
        return None, f"LSOA {code} is not in the ONS LSOA (2021) lookup (a 2011 code?)"

    def ward(self, cell: object, f: Field, lad: str | None) -> tuple[str | None, str | None]:
        """(ward code, note) for a ward cell: a code, or a name unique within ``lad``."""
        s = text_of(cell)
        if s is None:
            return None, None
        if _WARD.match(s.upper()):
            if s.upper() in self.ward_lad:
                return s.upper(), None
            return None, f"ward {s.upper()} is not in the ward (2024) lookup"
        matches = self.ward_names.get(key(f.values.get(key(s), s)), [])
        if lad:
            matches = [m for m in matches if m[1] == lad] or matches
        if len(matches) > 1:
            matches = [m for m in matches if m[0] in self.wards_held] or matches
        if len(matches) == 1:
            return matches[0][0], None
        if not matches:
            raise Bad("unknown ward (give a ward (2024) code or name)")
        return None, f"ward name {s!r} is used in {len(matches)} districts held; give its code"

    def postcode_district(self, cell: object, f: Field) -> tuple[str | None, str | None]:
        """(district code, note) for a postcode district (a full postcode is cut to it)."""
        s = text_of(cell)
        if s is None:
            return None, None
        t = s.upper().strip()
        outward = t.split()[0] if " " in t else (t[:-3] if len(t) > 4 else t)
        if not _POSTCODE_DISTRICT.match(outward):
            raise Bad(f"{f.name} is not a postcode district (e.g. CB23)")
        if outward in self.postcode_lad:
            return self.postcode_lad[outward], None
        if not self.postcode_lad:
            return None, (
                f"postcode district {outward}: no postcode district lookup is loaded "
                "(see `saferplaces reference list`)"
            )
        return None, f"postcode district {outward} is not in the postcode district lookup"


def read_pair(a: object, b: object, fa: Field, fb: Field, kind: str) -> tuple[float, float] | None:
    """Two coordinate cells as numbers, checked to be a place in Great Britain."""
    va = read_number(a, fa, whole=False)
    vb = read_number(b, fb, whole=False)
    if va is None and vb is None:
        return None
    if va is None or vb is None:
        given, missing = (fa, fb) if va is not None else (fb, fa)
        raise Bad(f"{given.name} is given without {missing.name}")
    if kind == "latlon":
        lat, lon = float(va), float(vb)
        if lat == 0 and lon == 0:
            return None  # 0, 0 is how some systems write "no location"
        if not (_LAT[0] <= lat <= _LAT[1] and _LON[0] <= lon <= _LON[1]):
            swapped = _LAT[0] <= lon <= _LAT[1] and _LON[0] <= lat <= _LON[1]
            raise Bad(
                "coordinates are outside Great Britain"
                + (" (latitude and longitude look swapped)" if swapped else ""),
                f"{lat:g}, {lon:g}",
            )
        return lat, lon
    e, n = float(va), float(vb)
    if e == 0 and n == 0:
        return None
    if not (_EASTING[0] <= e <= _EASTING[1] and _NORTHING[0] <= n <= _NORTHING[1]):
        raise Bad("easting and northing are outside the British National Grid", f"{e:g}, {n:g}")
    return e, n


def place_points(
    geo: Geography, places: list[Place], latlon: list[int], bng: list[int], raw: dict
) -> list[int]:
    """Put the points of ``places`` (indices ``latlon`` and ``bng`` into ``raw``) into
    LSOAs; returns the indices of grid references that convert to a place outside Great
    Britain (a grid reference can be on the grid and still out at sea), left unplaced."""
    lon = np.full(len(places), np.nan)
    lat = np.full(len(places), np.nan)
    for i in latlon:
        lat[i], lon[i] = raw[i]
    at_sea: list[int] = []
    if bng:
        e = np.array([raw[i][0] for i in bng])
        n = np.array([raw[i][1] for i in bng])
        lo, la = bng_to_lonlat(e, n)
        for j, i in enumerate(bng):
            lon[i], lat[i] = float(lo[j]), float(la[j])
            if not (_LAT[0] <= lat[i] <= _LAT[1] and _LON[0] <= lon[i] <= _LON[1]):
                at_sea.append(i)
    wanted = sorted(set(latlon) | set(bng) - set(at_sea))
    if not wanted:
        return at_sea
    codes = geo.lsoa_locator.locate(lon[wanted], lat[wanted])
    for i, code in zip(wanted, codes, strict=True):
        p = places[i]
        p.longitude, p.latitude = round(float(lon[i]), 6), round(float(lat[i]), 6)
        if code:
            p.lsoa_code, p.ward_code, p.lad_code = code, None, None
            p.located_by, p.status, p.note = "point", LOCATED, None
        elif p.status != LOCATED:
            p.status, p.located_by = OUTSIDE, "point"
            p.note = f"point outside the {geo.area_held}"
        else:
            # Another field placed it; say why the point was not used.
            p.note = f"point outside the {geo.area_held}; placed by its {p.located_by}"
    return at_sea
