"""Bespoke areas for profiles: a village, an estate or a new town, as a set of LSOAs.

An area is built from wards (every LSOA of each ward), from LSOA codes, or from a
GeoJSON file of polygons (every LSOA whose representative point lies inside them).
It is counted by its LSOAs only, exactly as a ward is: data held only by district never
counts towards it.

>>> # area = from_wards(wh, "Northstowe", ["Longstanton"])
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import shape
from shapely.ops import unary_union

from saferplaces.core.errors import InputFileError, SaferplacesError
from saferplaces.core.messages import Hint, Param
from saferplaces.geography.areas import Area
from saferplaces.geography.boundaries import bng_to_lonlat, boundaries
from saferplaces.places import queries
from saferplaces.places.flag_decisions import resolve_ward
from saferplaces.warehouse.connection import Warehouse


@dataclass(frozen=True)
class CustomArea(Area):
    """A named set of LSOAs (2021).

    It presents itself to the counting engine at ward level ("counted by its LSOAs
    only"), and describes itself as a custom area.
    """

    lsoas: tuple[str, ...] = ()
    built_from: str = ""

    def predicate(self, alias: str = "l") -> tuple[str, list]:
        return f"{alias}.lsoa21_code IN (SELECT unnest(?::VARCHAR[]))", [list(self.lsoas)]

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "name": self.name,
            "level": "custom",
            "lsoas": list(self.lsoas),
            "built_from": self.built_from,
        }

    @property
    def describe(self) -> str:
        return f"{self.name} (custom area of {len(self.lsoas)} LSOAs)"


def _make(name: str, lsoas: list[str], built_from: str) -> CustomArea:
    if not name.strip():
        raise SaferplacesError(
            "a profile needs a name", Hint(": give ", Param("name", "name")), code="places.no-name"
        )
    codes = tuple(sorted(set(lsoas)))
    if not codes:
        raise SaferplacesError(f"{built_from} holds no LSOA (2021)")
    return CustomArea(f"custom:{name.strip()}", name.strip(), "ward", None, codes, built_from)


def _split(text: str) -> list[str]:
    return [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]


def from_wards(
    wh: Warehouse, name: str, wards: str | list[str], district: Area | None = None
) -> CustomArea:
    """Every LSOA of the named wards (names or codes; ``Castle, Cambridge`` form is not
    available inside a comma list, so give codes or the ``district`` for ambiguous names)."""
    names = _split(wards) if isinstance(wards, str) else wards
    codes = [resolve_ward(wh, w, district).code for w in names]
    return _make(name, queries.lsoas_of_wards(wh, codes), f"wards {', '.join(names)}")


def from_lsoas(wh: Warehouse, name: str, lsoas: str | list[str]) -> CustomArea:
    """The LSOAs (2021) named by code; unknown codes are refused, naming them."""
    codes = [c.upper() for c in (_split(lsoas) if isinstance(lsoas, str) else lsoas)]
    known = queries.known_lsoas(wh, codes)
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise SaferplacesError(
            f"unknown LSOA (2021) code(s): {', '.join(unknown[:8])}"
            + (f" and {len(unknown) - 8} more" if len(unknown) > 8 else "")
        )
    return _make(name, codes, f"LSOAs {', '.join(codes[:5])}" + (" ..." if len(codes) > 5 else ""))


def _read_polygons(path: Path):
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputFileError(str(path), "does not exist") from None
    except (ValueError, UnicodeDecodeError) as e:
        raise InputFileError(str(path), f"is not valid JSON ({e})") from None
    if not isinstance(doc, dict):
        raise InputFileError(str(path), "is not a GeoJSON object")
    features = doc.get("features") if doc.get("type") == "FeatureCollection" else [doc]
    geoms = []
    for i, feat in enumerate(features or [], start=1):
        geom = feat.get("geometry") if feat.get("type") == "Feature" else feat
        try:
            g = shape(geom)
        except Exception as e:  # shapely raises several kinds for malformed geometry
            raise InputFileError(str(path), f"feature {i} has no readable geometry ({e})") from None
        if g.geom_type not in ("Polygon", "MultiPolygon"):
            raise InputFileError(str(path), f"feature {i} is a {g.geom_type}, not a polygon")
        geoms.append(g if g.is_valid else g.buffer(0))
    if not geoms:
        raise InputFileError(str(path), "holds no polygon features")
    area = unary_union(geoms)
    minx, miny, maxx, maxy = area.bounds
    if max(abs(minx), abs(maxx)) > 180 or max(abs(miny), abs(maxy)) > 90:
        # Eastings and northings: British National Grid, as most GIS in England use.
        def to_lonlat(xy):
            lon, lat = bng_to_lonlat(xy[:, 0], xy[:, 1])
            return np.column_stack([lon, lat])

        area = shapely.transform(area, to_lonlat)
    return area


def from_geojson(wh: Warehouse, name: str, path: str | Path) -> CustomArea:
    """The LSOAs whose representative point lies inside the file's polygons (WGS84
    longitude/latitude, or British National Grid eastings/northings)."""
    p = Path(path)
    area = _read_polygons(p)
    polys = boundaries(wh, "lsoa")
    if not polys:
        raise SaferplacesError("no LSOA boundaries are loaded: run `saferplaces reference load`")
    codes = list(polys)
    points = shapely.points([polys[c].representative_point().coords[0] for c in codes])
    inside = shapely.contains(area, points)
    chosen = [c for c, ok in zip(codes, inside, strict=True) if ok]
    if not chosen:
        raise InputFileError(
            str(p), "contains no LSOA (2021) of the loaded boundaries (is it in the area covered?)"
        )
    return _make(name, chosen, f"polygons in {p.name}")
