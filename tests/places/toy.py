"""Small hand-built districts in a real warehouse, where every answer is known by hand.

* **Flagton** (E07900001): five wards of one LSOA each, 1,000 residents and 400
  households per LSOA (ward W4 has 2,000 residents: two LSOAs), no boundaries.
* **Gridshire** (E07900002): an 8 × 8 grid of unit-square LSOAs (64), four wards of 16
  (the quarters of the grid), 1,500 residents each; squares share edges and corners, so
  queen contiguity gives 3 neighbours at a corner, 5 on an edge and 8 inside.

Both are in one police force area, "Toyshire" (E23900001). Events are declared by hand
as indicators whose ``events`` SQL is a VALUES list, with a coverage rule saying every
month is held, so nothing depends on police.uk loads.
"""

from __future__ import annotations

import json

from saferplaces.core.periods import Period
from saferplaces.indicators.registry import Indicator
from saferplaces.quality.coverage import Coverage, register_coverage
from saferplaces.warehouse.connection import Warehouse

FORCE = ("E23900001", "Toyshire")
FLAGTON = ("E07900001", "Flagton")
GRIDSHIRE = ("E07900002", "Gridshire")
FLAGTON_WARDS = ["W1", "W2", "W3", "W4", "W5"]
GRID = 8


def _complete(wh: Warehouse, area, period: Period) -> Coverage:
    return Coverage("toy", ("Toy",), period, ())


register_coverage("toy", _complete, "toy data")

GAPPY_LAST = "2025-06"  # the "toy-gappy" source holds every month up to June 2025 only


def _gappy(wh: Warehouse, area, period: Period) -> Coverage:
    missing = tuple(m for m in period.month_list() if m > GAPPY_LAST)
    return Coverage("toy-gappy", ("Toy",), period, missing)


register_coverage("toy-gappy", _gappy, "gappy toy data")


def flagton_lsoa(ward: str, i: int = 1) -> str:
    return f"E0190{ward[1]}{i:03d}"


def grid_lsoa(col: int, row: int) -> str:
    return f"E0199{col}{row:02d}0"


def _square(col: int, row: int, size: int) -> list[list[float]]:
    """A square of ``size`` grid cells, in hundredths of a degree near 0.1°E 52°N; corners
    are rounded so neighbouring squares share exactly the same vertices."""

    def pt(c: int, r: int) -> list[float]:
        return [round(0.1 + c * 0.01, 6), round(52.0 + r * 0.01, 6)]

    cs = [(col, row), (col + size, row), (col + size, row + size), (col, row + size), (col, row)]
    return [pt(c, r) for c, r in cs]


def build(wh: Warehouse) -> None:
    """Insert both toy districts (reference data only) into an empty warehouse."""
    with wh.transaction():
        for code, name in (FLAGTON, GRIDSHIRE):
            wh.execute(
                "INSERT INTO ref_lad VALUES (?, ?, ?, ?, ?, ?)",
                [code, name, f"E2290{code[-1]}", f"{name} CSP", *FORCE],
            )
        for ward in FLAGTON_WARDS:
            for i in (1, 2) if ward == "W4" else (1,):
                lsoa = flagton_lsoa(ward, i)
                wh.execute(
                    "INSERT INTO ref_lsoa VALUES (?, ?, ?, ?, ?, ?)",
                    [lsoa, f"Flagton {ward}{i}", f"E0590000{ward[1]}", f"Ward {ward}", *FLAGTON],
                )
                wh.execute("INSERT INTO ref_population VALUES (?, 1000, 400)", [lsoa])
        for col in range(GRID):
            for row in range(GRID):
                lsoa = grid_lsoa(col, row)
                quarter = (col // 4) + 2 * (row // 4) + 1
                wh.execute(
                    "INSERT INTO ref_lsoa VALUES (?, ?, ?, ?, ?, ?)",
                    [
                        lsoa,
                        f"Grid {col},{row}",
                        f"E0599000{quarter}",
                        f"Quarter {quarter}",
                        *GRIDSHIRE,
                    ],
                )
                wh.execute("INSERT INTO ref_population VALUES (?, 1500, 600)", [lsoa])
                # A unit square at (col, row) in small degrees near 52°N.
                ring = _square(col, row, 1)
                wh.execute(
                    "INSERT INTO ref_boundary VALUES ('lsoa', ?, ?, ?, ?)",
                    [
                        lsoa,
                        f"Grid {col},{row}",
                        GRIDSHIRE[0],
                        json.dumps({"type": "Polygon", "coordinates": [ring]}),
                    ],
                )
        for quarter in range(1, 5):
            cx, cy = (quarter - 1) % 2, (quarter - 1) // 2
            ring = _square(4 * cx, 4 * cy, 4)
            wh.execute(
                "INSERT INTO ref_boundary VALUES ('ward', ?, ?, ?, ?)",
                [
                    f"E0599000{quarter}",
                    f"Quarter {quarter}",
                    GRIDSHIRE[0],
                    json.dumps({"type": "Polygon", "coordinates": [ring]}),
                ],
            )


def indicator(
    ident: str, counts: dict[tuple[str, str], int], source: str = "toy", **kw
) -> Indicator:
    """A toy indicator: ``counts`` maps (LSOA code, month YYYY-MM) to a number of events;
    ``source`` "toy" holds every month, "toy-gappy" only months up to June 2025."""
    values = (
        ", ".join(
            f"(DATE '{month}-01', '{lsoa}', NULL::VARCHAR, NULL::VARCHAR, {n}::BIGINT)"
            for (lsoa, month), n in sorted(counts.items())
        )
        or "(DATE '1900-01-01', NULL::VARCHAR, NULL::VARCHAR, NULL::VARCHAR, 0::BIGINT)"
    )
    events = f"SELECT * FROM (VALUES {values}) AS t(month, lsoa_code, lad_code, force, n)"
    return Indicator(
        id=ident, name=ident.replace("-", " ").title(), source=source, events=events, **kw
    )
