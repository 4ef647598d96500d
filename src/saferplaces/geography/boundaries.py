"""Boundaries as Shapely geometries, and placing points in them.

Boundaries come from ``ref_boundary`` (GeoJSON, WGS84 longitude/latitude). Points are
placed by point-in-polygon against an STRtree; British National Grid eastings and
northings are converted with pyproj first. Only areas whose boundaries are loaded can
receive points: the bundled set covers Cambridgeshire and Peterborough.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from saferplaces.geography import queries as q
from saferplaces.warehouse.connection import Warehouse

# Great Britain (and Northern Ireland) with a margin, in WGS84 degrees: coordinates
# outside are not a place a record can mean. Every loader checks points against these.
LATITUDE_RANGE = (49.8, 61.0)
LONGITUDE_RANGE = (-8.8, 2.0)


def boundaries(
    wh: Warehouse, level: str, codes: Sequence[str] | None = None
) -> dict[str, BaseGeometry]:
    """{code: geometry} for ``level`` (``ward`` or ``lsoa``), optionally only ``codes``."""
    rows = q.boundary_geojson(wh, level, codes)
    return {code: shape(json.loads(geom)) for code, geom in rows}


@lru_cache(maxsize=1)
def _bng_to_wgs84() -> Transformer:
    return Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)


@lru_cache(maxsize=1)
def _wgs84_to_bng() -> Transformer:
    return Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)


def bng_to_lonlat(
    easting: Sequence[float], northing: Sequence[float]
) -> tuple[np.ndarray, np.ndarray]:
    """British National Grid (EPSG:27700) to WGS84 longitude and latitude."""
    lon, lat = _bng_to_wgs84().transform(np.asarray(easting, float), np.asarray(northing, float))
    return np.asarray(lon), np.asarray(lat)


def lonlat_to_bng(lon: Sequence[float], lat: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    """WGS84 longitude and latitude to British National Grid eastings and northings."""
    e, n = _wgs84_to_bng().transform(np.asarray(lon, float), np.asarray(lat, float))
    return np.asarray(e), np.asarray(n)


class PointLocator:
    """Places WGS84 points in the polygons of one boundary level.

    >>> # locator = PointLocator(boundaries(wh, "lsoa")); locator.locate([0.12], [52.2])
    """

    def __init__(self, polygons: dict[str, BaseGeometry]) -> None:
        self.codes = list(polygons)
        self.geoms = list(polygons.values())
        self.tree = shapely.STRtree(self.geoms)

    def locate(self, lon: Sequence[float], lat: Sequence[float]) -> list[str | None]:
        """The code of the polygon holding each point, or None (outside, or no coordinates)."""
        lon_a = np.asarray(lon, float)
        lat_a = np.asarray(lat, float)
        out: list[str | None] = [None] * len(lon_a)
        ok = ~(np.isnan(lon_a) | np.isnan(lat_a))
        points = shapely.points(lon_a[ok], lat_a[ok])
        idx = np.flatnonzero(ok)
        # intersects, not within: a point on a shared edge goes to the first polygon found.
        pairs = self.tree.query(points, predicate="intersects")
        for p, g in zip(pairs[0], pairs[1], strict=True):
            i = idx[p]
            if out[i] is None:
                out[i] = self.codes[g]
        return out
