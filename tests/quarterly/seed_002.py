"""The published IDVA table of seed 002 (Domestic Abuse Quarterly Performance Report
2020-21, appendix), typed by hand: 2019-20 referrals by district and service strand for
each quarter, the year's total and average engagement and repeat rates, and the
published totals row. Q3 2020-21 by district and by strand (Cambs and Peterborough added).
"""

from __future__ import annotations

# label, district code ("" for a service strand with no district), Q1..Q4, published
# year total, average engagement %, average repeats %.
TABLE_2019_20 = [
    ("City", "E07000008", (67, 61, 50, 43), 221, 73, 42),
    ("East", "E07000009", (22, 27, 15, 18), 82, 82, 37),
    ("Fenland", "E07000010", (49, 59, 39, 30), 177, 75, 43),
    ("Hunts", "E07000011", (82, 81, 41, 66), 270, 84, 39),
    ("South", "E07000012", (38, 48, 39, 30), 155, 79, 30),
    ("Health all", "", (27, 25, 28, 36), 116, 88, 13),
    ("CYP all", "", (34, 31, 33, 57), 155, 81, 32),
    ("A8 all", "", (52, 48, 63, 67), 230, 71, 33),
    ("Stalking", "", (63, 42, 31, 25), 161, 81, 29),
    ("Peterborough", "E06000031", (112, 96, 98, 106), 412, 66, 37),
]
# The published "Total" row: Q1..Q4 and the year.
TOTALS_2019_20 = {"Q1": 546, "Q2": 518, "Q3": 437, "Q4": 478, "total": 1979}

# Q3 2020-21 ("Q3 Data by District" and "Q3 Data all risk level IDVAs", the Cambs and
# Pboro lines of each strand added).
Q3_2020_21 = [  # label, code, referrals, engaged, repeats (rates of the published table)
    ("Cambridge City", "E07000008", 60, round(60 * 0.83), round(60 * 0.32)),
    ("East Cambs", "E07000009", 26, round(26 * 0.88), round(26 * 0.52)),
    ("Fenland", "E07000010", 50, round(50 * 0.78), round(50 * 0.31)),
    ("Huntingdonshire", "E07000011", 80, round(80 * 0.70), round(80 * 0.23)),
    ("South Cambs", "E07000012", 35, round(35 * 0.89), round(35 * 0.26)),
    ("Peterborough", "E06000031", 135, round(135 * 0.67), round(135 * 0.30)),
    ("A8", "", 44 + 62, 30 + 24, 18 + 20),
    ("YP", "", 40 + 15, 29 + 8, 14 + 6),
    ("Health", "", 23 + 15, 21 + 8, 1 + 6),
    ("DA Stalking", "", 24 + 10, 18 + 9, 8 + 3),
]

QUARTER_DATES = {
    "Q1": ("04-01", "06-30", 0),
    "Q2": ("07-01", "09-30", 0),
    "Q3": ("10-01", "12-31", 0),
    "Q4": ("01-01", "03-31", 1),
}


def _split(total: int, parts: tuple[int, ...]) -> list[int]:
    """``total`` shared over quarters in proportion to ``parts``, whole numbers that add
    up (largest remainders), so the year's rate is exactly the published one."""
    whole = sum(parts)
    raw = [total * p / whole for p in parts]
    out = [int(x) for x in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - out[i], reverse=True)[
        : total - sum(out)
    ]:
        out[i] += 1
    return out


def idva_rows() -> list[list[str]]:
    """The canonical IDVA file (district_code, period_start, period_end, service,
    referrals, engaged, repeats) holding both tables."""
    rows = []
    for label, code, quarters, total, engaged_pct, repeats_pct in TABLE_2019_20:
        engaged = _split(round(total * engaged_pct / 100), quarters)
        repeats = _split(round(total * repeats_pct / 100), quarters)
        for i, k in enumerate(("Q1", "Q2", "Q3", "Q4")):
            first, last, plus = QUARTER_DATES[k]
            y = 2019 + plus
            rows.append(
                [
                    code,
                    f"{y}-{first}",
                    f"{y}-{last}",
                    "" if code else label,
                    str(quarters[i]),
                    str(engaged[i]),
                    str(repeats[i]),
                ]
            )
    for label, code, n, engaged, repeats in Q3_2020_21:
        rows.append(
            [
                code,
                "2020-10-01",
                "2020-12-31",
                "" if code else label,
                str(n),
                str(engaged),
                str(repeats),
            ]
        )
    return rows
