"""Wales gets WIMD 2019 through the LSOA (2011) to LSOA (2021) lookup; England IoD2025.

Expected values are computed here from the bundled raw CSVs with the standard library."""

from __future__ import annotations

import csv
import gzip
from collections import defaultdict
from functools import cache

import pytest

from saferplaces.geography.deprivation import (
    DOMAIN_KEYS,
    IOD2025,
    WIMD2019,
    index_of,
    indices_of,
    lsoa_deprivation,
)
from saferplaces.geography.queries import deprivation_sql
from tests.helpers.raw import SAMPLE, lookup, population


@cache
def _wimd() -> dict[str, dict[str, str]]:
    with gzip.open(SAMPLE / "imd" / "wimd2019_lsoa11_wales.csv.gz", "rt") as fh:
        return {r["lsoa11_code"]: r for r in csv.DictReader(fh)}


@cache
def _parents() -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    with gzip.open(SAMPLE / "geography" / "lsoa11_lsoa21_wales_exact.csv.gz", "rt") as fh:
        for r in csv.DictReader(fh):
            out[r["lsoa21_code"]].append(r["lsoa11_code"])
    return dict(out)


@cache
def _welsh_ranks() -> dict[str, int]:
    """LSOA21 -> rank of its mean WIMD score among Wales's 2021 LSOAs (ties: lowest)."""
    score = {
        lsoa: sum(float(_wimd()[p]["IMD_score"]) for p in ps) / len(ps)
        for lsoa, ps in _parents().items()
    }
    ordered = sorted(score.values(), reverse=True)
    return {lsoa: ordered.index(s) + 1 for lsoa, s in score.items()}


def test_unchanged_split_and_merged_lsoas_take_their_2011_scores(wh):
    parents = _parents()
    merged = next(c for c, ps in sorted(parents.items()) if len(ps) > 1)  # W01002003
    split_parent = "W01000383"  # Wrexham 020A: split into W01001971 and W01001972
    split = sorted(c for c, ps in parents.items() if ps == [split_parent])
    unchanged = "W01000240"  # the most deprived LSOA of Wales, unchanged
    rows = {r["lsoa21_code"]: r for r in lsoa_deprivation(wh, [merged, *split, unchanged])}
    assert {r["index_key"] for r in rows.values()} == {"wimd2019"}
    expected_merged = sum(float(_wimd()[p]["IMD_score"]) for p in parents[merged]) / len(
        parents[merged]
    )
    assert rows[merged]["imd_score"] == pytest.approx(expected_merged)
    assert rows[merged]["lsoas_2011"] == len(parents[merged]) == 2
    for child in split:
        assert rows[child]["imd_score"] == pytest.approx(float(_wimd()[split_parent]["IMD_score"]))
    assert len(split) == 2 and rows[split[0]]["imd_rank"] == rows[split[1]]["imd_rank"]
    assert rows[unchanged]["imd_rank"] == 1 and rows[unchanged]["imd_decile"] == 1
    for code, r in rows.items():
        assert r["imd_rank"] == _welsh_ranks()[code]
        assert r["lsoas"] == 1_917
        assert r["imd_decile"] == -(-10 * r["imd_rank"] // 1_917)
        assert r["access_rank"] is not None  # a Welsh domain England has not


def test_every_welsh_2021_lsoa_has_wimd_and_every_english_one_iod(wh):
    relation = deprivation_sql(DOMAIN_KEYS)
    counts = dict(wh.rows("SELECT index_key, count(*) FROM (" + relation + ") GROUP BY 1"))
    welsh = {c for c in lookup() if c.startswith("W")}
    english = {c for c in lookup() if c.startswith("E")}
    assert (
        counts
        == {"wimd2019": len(welsh), "iod2025": len(english)}
        == {
            "wimd2019": 1_917,
            "iod2025": 33_755,
        }
    )
    e = lsoa_deprivation(wh, ["E01018238"])[0]  # South Cambridgeshire 017A
    assert e["index_key"] == "iod2025" and e["access_rank"] is None and e["lsoas"] == 33_755


def test_bundled_district_profiles_use_the_same_welsh_mapping(wh):
    """scripts/derive-reference-data.py computed the Welsh districts' deprivation position
    with its own code: it agrees with the warehouse's mapping."""
    ranks = {
        r["lsoa21_code"]: r["imd_rank"]
        for r in lsoa_deprivation(wh, sorted(c for c in lookup() if c.startswith("W")))
    }
    pop = population()
    weighted: dict[str, float] = defaultdict(float)
    residents: dict[str, int] = defaultdict(int)
    for lsoa, row in lookup().items():
        if lsoa in ranks:
            lad = row["ltla24_code"]
            weighted[lad] += 100 * (ranks[lsoa] - 1) / (1_917 - 1) * pop[lsoa][0]
            residents[lad] += pop[lsoa][0]
    profile = dict(
        wh.rows(
            "SELECT lad_code, deprivation_percentile FROM ref_district_profile "
            "WHERE country = 'Wales'"
        )
    )
    assert len(profile) == 22
    for lad, value in profile.items():
        assert value == pytest.approx(weighted[lad] / residents[lad], abs=0.001)


def test_documents_name_the_index_of_each_nation():
    assert index_of("W06000015") is WIMD2019 and index_of("E07000012") is IOD2025
    assert indices_of(["E01018238", "W01000240"]) == [IOD2025, WIMD2019]
    assert "Welsh Index of Multiple Deprivation 2019" in WIMD2019.describe()
    assert "2011 LSOAs" in WIMD2019.describe() and "2021" in IOD2025.describe()
    assert dict(WIMD2019.domains)["crime"] == "Community safety"
