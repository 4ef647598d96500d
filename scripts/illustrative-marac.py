"""Write data/sample/illustrative/marac-cases-ILLUSTRATIVE.csv: invented MARAC cases.

ILLUSTRATIVE DATA, NOT REAL: no row describes a real case. The volumes imitate a
published figure (1,471 daily MARAC cases across Cambridgeshire and Peterborough in
2019/20, seed 002) spread over the six districts by their residents; every other value
is drawn at random. Standard library only; the same seed always writes the same bytes.

    python scripts/illustrative-marac.py
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "data/sample/illustrative/marac-cases-ILLUSTRATIVE.csv"
SEED = 19
FIRST, LAST = date(2024, 4, 1), date(2025, 12, 31)  # 2024/25 and 2025/26 to December
PER_YEAR = 1471
DISTRICTS = {  # Census 2021 usual residents: the share of cases each district draws
    "E07000008": 145_700,
    "E07000009": 87_700,
    "E07000010": 102_500,
    "E07000011": 180_800,
    "E07000012": 162_100,
    "E06000031": 215_700,
}
AGENCIES = {
    "police": 62,
    "IDVA service": 14,
    "health": 8,
    "children's social care": 6,
    "housing": 3,
    "probation": 2,
    "adult social care": 1,
    "voluntary sector": 2,
    "Not known": 2,
}


def main() -> None:
    rng = random.Random(SEED)
    days = (LAST - FIRST).days + 1
    n = round(PER_YEAR * days / 365)
    codes, weights = list(DISTRICTS), list(DISTRICTS.values())
    agencies, shares = list(AGENCIES), list(AGENCIES.values())
    rows = []
    for _ in range(n):
        d = FIRST + timedelta(days=rng.randrange(days))
        while d.weekday() >= 5:  # MARACs meet on working days
            d -= timedelta(days=1)
        district = rng.choices(codes, weights)[0] if rng.random() > 0.02 else ""
        repeat = "yes" if rng.random() < 0.33 else "no"
        rows.append([d.isoformat(), district, repeat, rng.choices(agencies, shares)[0]])
    rows.sort()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["case_id", "date", "district_code", "repeat", "referring_agency", "illustrative"])
        for i, (d, district, repeat, agency) in enumerate(rows, 1):
            w.writerow([f"ILL-M{i:05d}", d, district, repeat, agency, "yes"])


if __name__ == "__main__":
    main()
