"""Independent figures from the illustrative agency extracts, with the standard library.

Nothing here imports saferplaces: the extracts are read as an analyst would read them
(csv, the workbook's XML, the bundled LSOA boundaries as GeoJSON), points are placed in
LSOAs by ray casting, British National Grid coordinates are converted to WGS84 with the
Ordnance Survey's published formulae and Helmert parameters, and LSOAs are put in
districts with the ONS lookup (:mod:`tests.helpers.raw`).
"""

from __future__ import annotations

import csv
import gzip
import json
import math
import re
import zipfile
from collections import Counter
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from xml.etree import ElementTree

from tests.helpers import raw

SOUTH = "E07000012"

# ---------------------------------------------------------------- reading the extracts


def read_csv(path: Path, encoding: str = "utf-8") -> list[dict[str, str]]:
    with open(path, encoding=encoding, newline="") as fh:
        return list(csv.DictReader(fh))


def one(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    assert len(found) == 1, (folder, pattern, found)
    return found[0]


_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def _col(ref: str) -> int:
    n = 0
    for ch in re.match(r"[A-Z]+", ref).group(0):
        n = n * 26 + ord(ch) - 64
    return n - 1


def read_xlsx_first_sheet(path: Path) -> list[dict[str, object]]:
    """The first sheet of a workbook as dicts by header: text, or numbers as floats."""
    with zipfile.ZipFile(path) as z:
        shared: list[str] = []
        if "xl/sharedStrings.xml" in z.namelist():
            root = ElementTree.fromstring(z.read("xl/sharedStrings.xml"))
            shared = ["".join(t.text or "" for t in si.iter(f"{{{_NS['m']}}}t")) for si in root]
        sheet = ElementTree.fromstring(z.read("xl/worksheets/sheet1.xml"))
    rows: list[list[object]] = []
    for row in sheet.iter(f"{{{_NS['m']}}}row"):
        cells: dict[int, object] = {}
        for c in row.findall("m:c", _NS):
            kind = c.get("t")
            if kind == "inlineStr":
                value: object = "".join(t.text or "" for t in c.iter(f"{{{_NS['m']}}}t"))
            elif kind == "s":
                value = shared[int(c.find("m:v", _NS).text)]
            else:
                v = c.find("m:v", _NS)
                value = None if v is None else (v.text if kind == "str" else float(v.text))
            cells[_col(c.get("r"))] = value
        rows.append([cells.get(i) for i in range(max(cells) + 1)] if cells else [])
    header = [str(h) for h in rows[0]]
    return [dict(zip(header, r + [None] * (len(header) - len(r)), strict=True)) for r in rows[1:]]


def excel_date(value: object) -> date:
    if isinstance(value, float):
        return date(1899, 12, 30) + timedelta(days=int(value))
    text = str(value)[:10]
    if re.match(r"\d{4}-\d{2}-\d{2}", text):
        return date.fromisoformat(text)
    d, m, y = text.split("/")
    return date(int(y), int(m), int(d))


# ---------------------------------------------------------------- placing points


@cache
def _polygons() -> tuple:
    """(code, (min lon, min lat, max lon, max lat), [[ring, ...] per polygon])."""
    path = raw.SAMPLE / "boundaries" / "cambs_peterborough_lsoa21.geojson.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    out = []
    for f in data["features"]:
        g = f["geometry"]
        polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        xs = [p[0] for poly in polys for p in poly[0]]
        ys = [p[1] for poly in polys for p in poly[0]]
        out.append((f["properties"]["LSOA21CD"], (min(xs), min(ys), max(xs), max(ys)), polys))
    return tuple(out)


def _inside(x: float, y: float, ring) -> bool:
    hit = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            hit = not hit
        j = i
    return hit


def lsoa_of_point(lon: float, lat: float) -> str | None:
    for code, (x0, y0, x1, y1), polys in _polygons():
        if not (x0 <= lon <= x1 and y0 <= lat <= y1):
            continue
        for poly in polys:
            if _inside(lon, lat, poly[0]) and not any(_inside(lon, lat, h) for h in poly[1:]):
                return code
    return None


def bng_to_wgs84(easting: float, northing: float) -> tuple[float, float]:
    """(longitude, latitude) of an OSGB36 National Grid point, by the Ordnance Survey's
    transverse Mercator inverse and the 7-parameter Helmert transformation to WGS84."""
    a, b = 6377563.396, 6356256.909  # Airy 1830
    f0, lat0, lon0 = 0.9996012717, math.radians(49), math.radians(-2)
    n0, e0 = -100000.0, 400000.0
    e2 = 1 - b * b / (a * a)
    n = (a - b) / (a + b)
    lat, m = lat0, 0.0
    while True:
        lat = (northing - n0 - m) / (a * f0) + lat
        d = lat - lat0
        s = lat + lat0
        m = (
            b
            * f0
            * (
                (1 + n + 5 / 4 * n**2 + 5 / 4 * n**3) * d
                - (3 * n + 3 * n**2 + 21 / 8 * n**3) * math.sin(d) * math.cos(s)
                + (15 / 8 * n**2 + 15 / 8 * n**3) * math.sin(2 * d) * math.cos(2 * s)
                - 35 / 24 * n**3 * math.sin(3 * d) * math.cos(3 * s)
            )
        )
        if abs(northing - n0 - m) < 1e-5:
            break
    sin, cos, tan = math.sin(lat), math.cos(lat), math.tan(lat)
    nu = a * f0 / math.sqrt(1 - e2 * sin * sin)
    rho = a * f0 * (1 - e2) / (1 - e2 * sin * sin) ** 1.5
    eta2 = nu / rho - 1
    sec = 1 / cos
    vii = tan / (2 * rho * nu)
    viii = tan / (24 * rho * nu**3) * (5 + 3 * tan**2 + eta2 - 9 * tan**2 * eta2)
    ix = tan / (720 * rho * nu**5) * (61 + 90 * tan**2 + 45 * tan**4)
    x = sec / nu
    xi = sec / (6 * nu**3) * (nu / rho + 2 * tan**2)
    xii = sec / (120 * nu**5) * (5 + 28 * tan**2 + 24 * tan**4)
    xiia = sec / (5040 * nu**7) * (61 + 662 * tan**2 + 1320 * tan**4 + 720 * tan**6)
    de = easting - e0
    phi = lat - vii * de**2 + viii * de**4 - ix * de**6
    lam = lon0 + x * de - xi * de**3 + xii * de**5 - xiia * de**7
    # OSGB36 geodetic -> cartesian -> Helmert (OSGB36 to WGS84) -> WGS84 geodetic.
    sp, cp = math.sin(phi), math.cos(phi)
    nu = a / math.sqrt(1 - e2 * sp * sp)
    x1, y1, z1 = nu * cp * math.cos(lam), nu * cp * math.sin(lam), (1 - e2) * nu * sp
    tx, ty, tz, s = 446.448, -125.157, 542.060, -20.4894e-6
    rx, ry, rz = (math.radians(v / 3600) for v in (0.1502, 0.2470, 0.8421))
    x2 = tx + (1 + s) * x1 - rz * y1 + ry * z1
    y2 = ty + rz * x1 + (1 + s) * y1 - rx * z1
    z2 = tz - ry * x1 + rx * y1 + (1 + s) * z1
    a2, b2 = 6378137.0, 6356752.3142  # WGS84
    e2w = 1 - b2 * b2 / (a2 * a2)
    p = math.hypot(x2, y2)
    phi2 = math.atan2(z2, p * (1 - e2w))
    for _ in range(10):
        nu2 = a2 / math.sqrt(1 - e2w * math.sin(phi2) ** 2)
        phi2 = math.atan2(z2 + e2w * nu2 * math.sin(phi2), p)
    return math.degrees(math.atan2(y2, x2)), math.degrees(phi2)


def district_of_lsoa(code: str | None) -> str | None:
    row = raw.lookup().get(code or "")
    return row["ltla24_code"] if row else None


def place(row: dict, lat="latitude", lon="longitude", lsoa="lsoa_code") -> str | None:
    """The district of a record: its point, else its LSOA (the product's order)."""
    if row.get(lat) and row.get(lon):
        return district_of_lsoa(lsoa_of_point(float(row[lon]), float(row[lat])))
    return district_of_lsoa(row.get(lsoa))


# ---------------------------------------------------------------- figures by source


def police_extract(demo: Path) -> list[dict[str, str]]:
    rows = read_csv(one(demo / "police-extract", "*.csv"))
    for r in rows:
        r["_district"] = place(r) or ""
    return rows


def yearly(rows: list[dict], test, district: str = SOUTH) -> Counter:
    """{year: rows in ``district`` passing ``test``}."""
    return Counter(r["date"][:4] for r in rows if r["_district"] == district and test(r))


def fire_deliberate_south(demo: Path) -> Counter:
    """{year: deliberate fires placed in South Cambridgeshire}."""
    out: Counter = Counter()
    for r in read_csv(one(demo / "fire", "*.csv"), encoding="windows-1252"):
        if not r["Fire Cause"].lower().startswith("deliberate"):
            continue
        if r["Easting"] and r["Northing"]:
            lon, lat = bng_to_wgs84(float(r["Easting"]), float(r["Northing"]))
            district = district_of_lsoa(lsoa_of_point(lon, lat))
        else:
            district = district_of_lsoa(r["LSOA"])
        if district == SOUTH:
            out[r["Date of Call"][6:10]] += 1
    return out
