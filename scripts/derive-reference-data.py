#!/usr/bin/env python3
"""Derive the bundled district-level reference tables from the shared open data.

Run from the repository root with the shared collection's folder (see
``data/sample/SOURCES.md``)::

    python scripts/derive-reference-data.py /work/shared/data data/sample

It writes, for the 318 districts (LAD 2024) of England and Wales:

* ``classification/similar_areas_lad24_ew.csv``: the inputs of the similar-areas method
  (``docs/methods.md``, "Similar areas"): Census 2021 residents and households, the
  shares of residents aged 16 to 24 and 65 and over (ONS mid-2020), the share not in
  the White ethnic groups (Census 2021), the share living in rural LSOAs (2021
  rural-urban classification), the residents-weighted deprivation percentile within the
  district's own nation (IoD2025 in England, WIMD 2019 in Wales) and the district's
  2021 rural-urban class;
* ``census/census2021_ethnic_group_lad24_ew.csv``: Census 2021 residents in the five
  broad ethnic groups (TS021) by district, the base of stop-and-search rates;

and copies, gzipped and otherwise unchanged, the Welsh Index of Multiple Deprivation
2019 (``imd/wimd2019_lsoa11_wales.csv.gz``) and the Welsh rows of the ONS LSOA (2011) to
LSOA (2021) exact-fit lookup (``geography/lsoa11_lsoa21_wales_exact.csv.gz``).

Standard library only, so anyone can run it again and get the same bytes.
"""

from __future__ import annotations

import csv
import gzip
import io
import math
import sys
from collections import defaultdict
from pathlib import Path

ETHNIC_GROUPS = {
    "Asian, Asian British or Asian Welsh": "asian",
    "Black, Black British, Black Welsh, Caribbean or African": "black",
    "Mixed or Multiple ethnic groups": "mixed",
    "White": "white",
    "Other ethnic group": "other",
}


def rows(path: Path) -> list[dict[str, str]]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def write(path: Path, header: list[str], body: list[list[object]], *, compress: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(body)
    data = buf.getvalue().encode("utf-8")
    if compress:
        # mtime=0: the same input gives the same bytes.
        path.write_bytes(gzip.compress(data, mtime=0))
    else:
        path.write_bytes(data)
    print(f"{path}: {len(body)} rows")


def welsh_lsoa21_ranks(shared: Path, lsoa21_wales: set[str]) -> dict[str, tuple[int, int]]:
    """LSOA21 -> (rank, of n) on WIMD 2019, mapped from the 2011 LSOAs by the exact-fit
    lookup: an LSOA21's score is the mean of its 2011 LSOAs' scores (one for an unchanged
    or split LSOA, several for a merged one), ranked among Wales's 2021 LSOAs, 1 = most
    deprived (ties share the lowest rank). The same rule as the warehouse's
    ``ref_deprivation`` (a test checks the two agree)."""
    wimd = {
        r["lsoa11_code"]: float(r["IMD_score"])
        for r in rows(shared / "imd/wimd2019_lsoa11_wales.csv")
    }
    parents: dict[str, list[float]] = defaultdict(list)
    for r in rows(shared / "geography/lsoa11_lsoa21_lad22_exact_ew.csv.gz"):
        if r["lsoa21_code"] in lsoa21_wales and r["lsoa11_code"] in wimd:
            parents[r["lsoa21_code"]].append(wimd[r["lsoa11_code"]])
    score = {k: sum(v) / len(v) for k, v in parents.items()}
    ordered = sorted(score.values(), reverse=True)
    first = {}
    for i, s in enumerate(ordered, start=1):
        first.setdefault(s, i)
    return {k: (first[s], len(score)) for k, s in score.items()}


def main(shared: Path, out: Path) -> None:
    lookup = rows(shared / "geography/lsoa21_ward24_lad24_ew.csv.gz")
    lad_of = {r["lsoa21_code"]: r["ltla24_code"] for r in lookup}
    lad_name = {r["ltla24_code"]: r["ltla24_name"] for r in lookup}
    pop = {
        r["lsoa21_code"]: (int(r["usual_residents_2021"]), int(r["households_2021"]))
        for r in rows(shared / "population/census2021_lsoa21_residents_households_ew.csv.gz")
    }

    residents: dict[str, int] = defaultdict(int)
    households: dict[str, int] = defaultdict(int)
    for lsoa, lad in lad_of.items():
        residents[lad] += pop[lsoa][0]
        households[lad] += pop[lsoa][1]

    # Ethnic groups (Census 2021 TS021, five broad groups) by district.
    groups: dict[str, dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(ETHNIC_GROUPS.values(), 0)
    )
    for r in rows(shared / "census/census2021_ts021_ethnic_group_5cat_lsoa21_ew.csv.gz"):
        groups[lad_of[r["lsoa21_code"]]][ETHNIC_GROUPS[r["ethnic_group"]]] += round(float(r["n"]))

    # Rural share: residents of LSOAs the 2021 rural-urban classification calls rural.
    rural: dict[str, int] = defaultdict(int)
    for r in rows(shared / "geography/ruc21_lsoa21_ew.csv.gz"):
        if r["ruc"] == "Rural":
            rural[lad_of[r["lsoa21_code"]]] += pop[r["lsoa21_code"]][0]
    ruc = {r["ltla24_code"]: r for r in rows(shared / "classification/ruc21_lad24_ew.csv")}

    # Ages: ONS mid-2020 estimates by 2011 LSOA, each placed in its best-fit 2021 LSOA.
    best_fit = {
        r["LSOA11CD"]: r["LSOA21CD"]
        for r in rows(shared / "geography/lsoa11_lsoa21_lad22_bestfit_ew.csv.gz")
    }
    ages: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # all, 16-24, 65+
    for r in rows(shared / "population/mid2020_lsoa11_single_year_age_ew.csv.gz"):
        lad = lad_of[best_fit[r["lsoa11_code"]]]
        a = ages[lad]
        a[0] += int(r["total_population"])
        a[1] += sum(int(r[str(y)]) for y in range(16, 25))
        a[2] += sum(int(r[str(y)]) for y in range(65, 90)) + int(r["90+"])

    # Deprivation: each LSOA's position in its own nation's index, 0 = the most deprived
    # LSOA, 100 = the least, averaged over the district weighted by residents.
    position: dict[str, float] = {}
    imd = rows(shared / "imd/imd2025_lsoa21_england.csv.gz")
    for r in imd:
        position[r["lsoa21_code"]] = 100 * (int(r["IMD_rank"]) - 1) / (len(imd) - 1)
    wales = {k for k in lad_of if k.startswith("W")}
    for lsoa, (rank, n) in welsh_lsoa21_ranks(shared, wales).items():
        position[lsoa] = 100 * (rank - 1) / (n - 1)
    weighted: dict[str, float] = defaultdict(float)
    for lsoa, lad in lad_of.items():
        weighted[lad] += position[lsoa] * pop[lsoa][0]

    body = []
    for lad in sorted(residents):
        res, hh = residents[lad], households[lad]
        all_ages, young, old = ages[lad]
        g = groups[lad]
        body.append(
            [
                lad,
                lad_name[lad],
                "Wales" if lad.startswith("W") else "England",
                res,
                hh,
                round(res / hh, 4),
                round(young / all_ages, 5),
                round(old / all_ages, 5),
                round(1 - g["white"] / sum(g.values()), 5),
                round(rural[lad] / res, 5),
                "WIMD 2019" if lad.startswith("W") else "IoD2025",
                round(weighted[lad] / res, 3),
                ruc[lad]["ruc21_code"],
                ruc[lad]["classification"],
            ]
        )
        assert all(not (isinstance(v, float) and math.isnan(v)) for v in body[-1])
    write(
        out / "classification/similar_areas_lad24_ew.csv",
        [
            "lad24_code",
            "lad24_name",
            "country",
            "residents",
            "households",
            "residents_per_household",
            "share_aged_16_24",
            "share_aged_65_plus",
            "share_not_white",
            "share_rural",
            "deprivation_index",
            "deprivation_percentile",
            "ruc21_code",
            "ruc21_classification",
        ],
        body,
        compress=False,
    )
    write(
        out / "census/census2021_ethnic_group_lad24_ew.csv",
        ["lad24_code", "lad24_name", "residents", *ETHNIC_GROUPS.values()],
        [
            [lad, lad_name[lad], sum(groups[lad].values()), *groups[lad].values()]
            for lad in sorted(groups)
        ],
        compress=False,
    )
    wimd_text = (shared / "imd/wimd2019_lsoa11_wales.csv").read_bytes()
    (out / "imd").mkdir(parents=True, exist_ok=True)
    (out / "imd/wimd2019_lsoa11_wales.csv.gz").write_bytes(gzip.compress(wimd_text, mtime=0))
    exact = rows(shared / "geography/lsoa11_lsoa21_lad22_exact_ew.csv.gz")
    header = list(exact[0])
    write(
        out / "geography/lsoa11_lsoa21_wales_exact.csv.gz",
        header,
        [[r[c] for c in header] for r in exact if r["lsoa21_code"].startswith("W")],
        compress=True,
    )


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]))
