"""Writing small hand-made agency extracts, and reading back what a load did.

The places below are points inside real LSOAs (the representative point of each
LSOA's bundled boundary); ``test_places_are_where_we_say`` checks them against the
boundary file with Shapely directly, not through saferplaces.
"""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl

from saferplaces.warehouse import Warehouse

# name: (LSOA code, district code, latitude, longitude)
PLACES = {
    "balsham": ("E01018218", "E07000012", 52.15327, 0.35049),  # South Cambridgeshire
    "linton": ("E01018220", "E07000012", 52.07351, 0.36209),  # South Cambridgeshire
    "abbey": ("E01017943", "E07000008", 52.20963, 0.14307),  # Cambridge
    "bottisham": ("E01018011", "E07000009", 52.21935, 0.27285),  # East Cambridgeshire
    "whittlesey": ("E01018058", "E07000010", 52.57792, -0.07958),  # Fenland
    "barnack": ("E01015589", "E06000031", 52.62672, -0.36772),  # Peterborough
}
BEDFORD = (52.136, -0.467)  # in Great Britain, outside the boundaries held
SOUTH, CAMBRIDGE, EAST, FENLAND, HUNTS, PETERBOROUGH = (
    "E07000012",
    "E07000008",
    "E07000009",
    "E07000010",
    "E07000011",
    "E06000031",
)


def lat(name: str) -> str:
    return str(PLACES[name][2])


def lon(name: str) -> str:
    return str(PLACES[name][3])


def write_csv(
    path: Path,
    header: list[str],
    rows: list[list[object]],
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh, delimiter=delimiter, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    return path


def write_xlsx(
    path: Path, header: list[str], rows: list[list[object]], sheet: str = "Data"
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def quarantined(wh: Warehouse, source: str) -> list[tuple]:
    """(row, kind, field, value, reason) of every row not loaded, in row order."""
    return wh.rows(
        "SELECT row_number, kind, field, value, reason FROM quarantine WHERE source = ? "
        "ORDER BY file_name, row_number",
        [source],
    )


def held(wh: Warehouse, source: str) -> int:
    return int(wh.scalar("SELECT count(*) FROM agency_record WHERE source = ?", [source]))
