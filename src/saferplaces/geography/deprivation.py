"""Deprivation by LSOA (2021): England's IoD2025, and Wales's WIMD 2019.

Each nation publishes its own index: English LSOAs get the English Indices of
Deprivation 2025 (on 2021 LSOAs, as published), Welsh LSOAs the Welsh Index of Multiple
Deprivation 2019, published on 2011 LSOAs and brought to 2021 LSOAs through the ONS
LSOA (2011) to LSOA (2021) exact-fit lookup (``docs/methods.md``, "Deprivation in
Wales"): an unchanged or split LSOA takes its 2011 LSOA's scores; a merged one the mean
of its 2011 LSOAs' scores; every index and domain is then ranked again among Wales's
2021 LSOAs (1 = the most deprived; ties share the lower rank), and deciles are
ceil(10 × rank / LSOAs). The two indices measure different things in different years,
so a rank or decile is only ever compared within its own nation, and every document
says which index it uses (:func:`indices_of`).

:func:`saferplaces.geography.queries.deprivation_sql` is the one relation every
deprivation table reads: one row per LSOA (2021) with ``index_key``, ``lsoas`` (of its
nation, for "rank r of n") and each domain's ``_score``, ``_rank`` and ``_decile`` (NULL
for a domain its index does not have).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from saferplaces.geography import queries
from saferplaces.warehouse.connection import Warehouse


@dataclass(frozen=True)
class DeprivationIndex:
    key: str  # iod2025 | wimd2019
    name: str  # as a document names it
    short: str
    nation: str
    lsoa_vintage: str  # the LSOAs it was published on
    # (domain key, label) in the index's own order; "imd" is the whole index.
    domains: tuple[tuple[str, str], ...]

    def describe(self) -> str:
        how = (
            "by LSOA (2021)"
            if self.lsoa_vintage == "2021"
            else "published on 2011 LSOAs, brought to 2021 LSOAs through the ONS exact-fit "
            "lookup and ranked again among Wales's 2021 LSOAs"
        )
        return f"{self.name} ({self.short}), {how}"


IOD2025 = DeprivationIndex(
    "iod2025",
    "English Indices of Deprivation 2025",
    "IoD2025",
    "England",
    "2021",
    (
        ("income", "Income"),
        ("employment", "Employment"),
        ("education", "Education, skills and training"),
        ("health", "Health deprivation and disability"),
        ("crime", "Crime"),
        ("housing", "Barriers to housing and services"),
        ("environment", "Living environment"),
    ),
)
WIMD2019 = DeprivationIndex(
    "wimd2019",
    "Welsh Index of Multiple Deprivation 2019",
    "WIMD 2019",
    "Wales",
    "2011",
    (
        ("income", "Income"),
        ("employment", "Employment"),
        ("health", "Health"),
        ("education", "Education"),
        ("access", "Access to services"),
        ("housing", "Housing"),
        ("crime", "Community safety"),
        ("environment", "Physical environment"),
    ),
)
INDICES = {i.key: i for i in (IOD2025, WIMD2019)}
DOMAIN_KEYS = (
    "imd",
    "income",
    "employment",
    "education",
    "health",
    "crime",
    "housing",
    "environment",
    "access",
)


def index_of(lsoa_or_district_code: str) -> DeprivationIndex:
    """The index an LSOA or district is measured on, by its nation (W: Wales)."""
    return WIMD2019 if lsoa_or_district_code.upper().startswith("W") else IOD2025


def indices_of(codes: Iterable[str]) -> list[DeprivationIndex]:
    """The indices a set of LSOAs or districts uses (one, unless it spans the border)."""
    found = {index_of(c).key for c in codes}
    return [i for i in (IOD2025, WIMD2019) if i.key in found]


def lsoa_deprivation(wh: Warehouse, lsoas: list[str]) -> list[dict[str, object]]:
    """Each of ``lsoas`` with its nation's index (rows for LSOAs no index covers are left
    out), the most deprived first within each index."""
    return queries.lsoa_deprivation(wh, DOMAIN_KEYS, lsoas)
