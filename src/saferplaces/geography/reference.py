"""Reference data: lookups, population, deprivation, boundaries and police forces.

Each reference file is declared once in :data:`REFERENCE_FILES` (where it lives under the
data folder, which table it fills, and which of its columns become which fields). Loading
checks the columns, replaces the table in one transaction, and records the load with
the file's SHA-256, so loading the same file again is reported as already loaded.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from saferplaces.core.errors import InputFileError, SaferplacesError
from saferplaces.core.settings import data_dir
from saferplaces.core.staging import expansion_limit, no_room, staging_folder, too_big
from saferplaces.geography import queries as q
from saferplaces.warehouse.connection import Warehouse
from saferplaces.warehouse.loads import (
    FileResult,
    LoadReport,
    current_load_with_hash,
    new_batch_id,
    next_load_id,
    record_load,
)


@dataclass(frozen=True)
class ReferenceFile:
    """One reference file: ``pattern`` is a glob under the data folder."""

    key: str
    pattern: str
    table: str
    columns: dict[str, str]  # table column -> file column
    description: str
    required: bool = True
    kind: str = "csv"  # csv | geojson
    level: str | None = None  # boundaries: ward | lsoa


def _imd_columns() -> dict[str, str]:
    cols = {"lsoa21_code": "lsoa21_code"}
    domains = {
        "imd": "IMD",
        "income": "Income",
        "employment": "Employment",
        "education": "Education",
        "health": "Health",
        "crime": "Crime",
        "housing": "Housing_and_Services",
        "environment": "Environment",
    }
    for ours, theirs in domains.items():
        for part in ("score", "rank", "decile"):
            cols[f"{ours}_{part}"] = f"{theirs}_{part}"
    return cols


def _wimd_columns() -> dict[str, str]:
    cols = {"lsoa11_code": "lsoa11_code"}
    for domain in (
        "imd",
        "income",
        "employment",
        "health",
        "education",
        "access",
        "housing",
        "crime",
        "environment",
    ):
        theirs = "IMD" if domain == "imd" else domain.title()
        for part in ("score", "rank", "decile"):
            cols[f"{domain}_{part}"] = f"{theirs}_{part}"
    return cols


_PROFILE_COLUMNS = (
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
)

REFERENCE_FILES: tuple[ReferenceFile, ...] = (
    ReferenceFile(
        "lsoa-lookup",
        "geography/lsoa21_ward24_lad24_ew.csv*",
        "ref_lsoa",
        {
            "lsoa21_code": "lsoa21_code",
            "lsoa21_name": "lsoa21_name",
            "ward_code": "ward24_code",
            "ward_name": "ward24_name",
            "lad_code": "ltla24_code",
            "lad_name": "ltla24_name",
        },
        "ONS LSOA (2021) to electoral ward (2024) to LAD (2024) best-fit lookup",
    ),
    ReferenceFile(
        "lad-lookup",
        "geography/lad24_csp24_pfa24_ew.csv*",
        "ref_lad",
        {
            "lad_code": "ltla24_code",
            "lad_name": "ltla24_name",
            "csp_code": "csp24_code",
            "csp_name": "csp24_name",
            "pfa_code": "pfa24_code",
            "pfa_name": "pfa24_name",
        },
        "ONS LAD (2024) to Community Safety Partnership to Police Force Area lookup",
    ),
    ReferenceFile(
        "population",
        "population/census2021_lsoa21_residents_households_ew.csv*",
        "ref_population",
        {
            "lsoa21_code": "lsoa21_code",
            "residents": "usual_residents_2021",
            "households": "households_2021",
        },
        "Census 2021 usual residents and households by LSOA (2021)",
    ),
    ReferenceFile(
        "police-forces",
        "reference/police_forces.csv*",
        "ref_force",
        {"police_uk_name": "police_uk_name", "slug": "slug", "pfa_code": "pfa24_code"},
        "police.uk force names and slugs with their police force area codes",
    ),
    ReferenceFile(
        "county-lookup",
        "geography/lad24_county_e.csv*",
        "ref_lad_county",
        {
            "lad_code": "lad24_code",
            "lad_name": "lad24_name",
            "county_code": "county_code",
            "county_name": "county_name",
        },
        "LAD (2024) to county (upper-tier local authority) lookup, two-tier areas of England",
        required=False,
    ),
    ReferenceFile(
        "young-residents",
        "population/mid2020_lad24_age10_17_ew.csv*",
        "ref_population_youth",
        {
            "lad_code": "lad24_code",
            "lad_name": "lad24_name",
            "residents_10_17": "residents_10_17",
            "residents_all_ages": "residents_all_ages",
        },
        "ONS mid-2020 residents aged 10 to 17 by LAD (2024)",
        required=False,
    ),
    ReferenceFile(
        "imd2025",
        "imd/imd2025_lsoa21_england.csv*",
        "ref_imd",
        _imd_columns(),
        "English Indices of Deprivation 2025 by LSOA (2021)",
        required=False,
    ),
    ReferenceFile(
        "wimd2019",
        "imd/wimd2019_lsoa11_wales.csv*",
        "ref_wimd",
        _wimd_columns(),
        "Welsh Index of Multiple Deprivation 2019 by LSOA (2011)",
        required=False,
    ),
    ReferenceFile(
        "lsoa11-lsoa21-wales",
        "geography/lsoa11_lsoa21_wales_exact.csv*",
        "ref_lsoa11_lsoa21",
        {"lsoa11_code": "lsoa11_code", "lsoa21_code": "lsoa21_code", "change_code": "change_code"},
        "ONS LSOA (2011) to LSOA (2021) exact-fit lookup, Wales",
        required=False,
    ),
    ReferenceFile(
        "district-profiles",
        "classification/similar_areas_lad24_ew.csv*",
        "ref_district_profile",
        {
            "lad_code": "lad24_code",
            "lad_name": "lad24_name",
            "country": "country",
            **{c: c for c in _PROFILE_COLUMNS},
        },
        "district profiles for similar areas (Census 2021, ONS mid-2020, RUC 2021, "
        "IoD2025 and WIMD 2019) by LAD (2024)",
        required=False,
    ),
    ReferenceFile(
        "ward-boundaries",
        "boundaries/*wards*.geojson*",
        "ref_boundary",
        {"code": "WD25CD", "name": "WD25NM", "lad_code": "LAD25CD"},
        "ONS ward boundaries (generalised, clipped), WGS84",
        required=False,
        kind="geojson",
        level="ward",
    ),
    ReferenceFile(
        "lsoa-boundaries",
        "boundaries/*lsoa21*.geojson*",
        "ref_boundary",
        {"code": "LSOA21CD", "name": "LSOA21NM", "lad_code": "LADCD_ACTIVE"},
        "ONS LSOA (2021) boundaries (generalised, clipped), WGS84",
        required=False,
        kind="geojson",
        level="lsoa",
    ),
)

# Reference files plugins add (``saferplaces_reference_files``: harm weights, postcode
# districts), in the order registered.
EXTRA_REFERENCE_FILES: list[ReferenceFile] = []


def register_reference_file(ref: ReferenceFile) -> None:
    """Load ``ref`` with the bundled reference data (once, however often it is given)."""
    if ref.key not in {r.key for r in (*REFERENCE_FILES, *EXTRA_REFERENCE_FILES)}:
        EXTRA_REFERENCE_FILES.append(ref)


def reference_files() -> list[ReferenceFile]:
    return [*REFERENCE_FILES, *EXTRA_REFERENCE_FILES]


def _read_bytes(path: Path) -> bytes:
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        limit = expansion_limit(len(raw))
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(raw)) as gz:
                content = gz.read(limit + 1)
        except (OSError, EOFError, zlib.error) as e:
            raise InputFileError(str(path), f"is a corrupt or truncated gzip file ({e})") from None
        if len(content) > limit:
            raise too_big(str(path), limit)
        return content
    return raw


def _source_name(ref: ReferenceFile) -> str:
    return f"reference:{ref.key}"


def _load_csv(wh: Warehouse, ref: ReferenceFile, path: Path, content: bytes) -> int:
    text = content.decode("utf-8-sig", errors="strict")
    header_line = text.split("\n", 1)[0].rstrip("\r")
    header = next(csv.reader(io.StringIO(header_line)), [])
    missing = [c for c in ref.columns.values() if c not in header]
    if missing:
        raise InputFileError(
            str(path),
            f"is not the expected {ref.description}: missing column(s) {', '.join(missing)}",
        )
    # DuckDB reads the decompressed text from a staged file with every column as text,
    # then casts into the typed table; a failed cast names the column.
    with staging_folder() as folder:
        staged = folder / "reference.csv"
        try:
            staged.write_bytes(content)
        except OSError as e:
            raise no_room(e, folder.parent, f"stage {path}") from None
        try:
            return q.replace_from_csv(wh, ref.table, ref.columns, staged)
        except Exception as e:  # duckdb conversion and constraint errors
            first = str(e).splitlines()[0]
            raise InputFileError(str(path), f"cannot be loaded into {ref.table}: {first}") from None


def _load_geojson(wh: Warehouse, ref: ReferenceFile, path: Path, content: bytes) -> int:
    try:
        doc = json.loads(content)
        features = doc["features"]
    except (ValueError, KeyError, TypeError):
        raise InputFileError(str(path), "is not a GeoJSON FeatureCollection") from None
    rows = []
    for i, feat in enumerate(features, start=1):
        props = feat.get("properties") or {}
        missing = [c for c in ref.columns.values() if c not in props]
        if missing:
            raise InputFileError(str(path), f"feature {i} lacks propert(ies) {', '.join(missing)}")
        rows.append(
            (
                ref.level,
                props[ref.columns["code"]],
                props[ref.columns["name"]],
                props.get(ref.columns["lad_code"]),
                json.dumps(feat["geometry"], separators=(",", ":")),
            )
        )
    q.replace_boundaries(wh, ref.level, rows)
    return len(rows)


def load_reference(
    wh: Warehouse,
    folder: str | Path | None = None,
    *,
    on_file: Callable[[str], None] | None = None,
) -> LoadReport:
    """Load every known reference file found under ``folder`` (default: the bundled data).

    Files already loaded with the same content are reported as such and left alone.
    Missing required files fail before anything changes.
    """
    root = Path(folder) if folder else data_dir()
    if not root.is_dir():
        raise SaferplacesError(f"reference data folder {root} does not exist")
    found: list[tuple[ReferenceFile, Path]] = []
    for ref in reference_files():
        matches = sorted(root.glob(ref.pattern))
        if not matches:
            if ref.required and not q.row_count(wh, ref.table):
                raise SaferplacesError(
                    f"reference data folder {root} has no {ref.description} "
                    f"(expected {ref.pattern})"
                )
            continue
        found.append((ref, matches[-1]))

    report = LoadReport(new_batch_id())
    with wh.transaction():
        for ref, path in found:
            if on_file:
                on_file(str(path))
            started = datetime.now()
            content = _read_bytes(path)
            digest = hashlib.sha256(content).hexdigest()
            source = _source_name(ref)
            if current_load_with_hash(wh, source, digest):
                report.files.append(FileResult(str(path), "already loaded", source, digest))
                continue
            loader = _load_geojson if ref.kind == "geojson" else _load_csv
            n = loader(wh, ref, path, content)
            q.supersede_loads(wh, source)
            load_id = next_load_id(wh)
            record_load(
                wh,
                load_id=load_id,
                batch_id=report.batch_id,
                source=source,
                file_name=str(path),
                sha256=digest,
                force=None,
                first_month=None,
                last_month=None,
                rows_read=n,
                rows_loaded=n,
                rows_quarantined=0,
                rows_rejected=0,
                rows_replaced=0,
                started_at=started,
                note=ref.description,
            )
            report.files.append(
                FileResult(str(path), "loaded", source, digest, load_id, rows_read=n, rows_loaded=n)
            )
    return report


def reference_loaded(wh: Warehouse) -> bool:
    return q.reference_held(wh)


def reference_complete(wh: Warehouse) -> bool:
    """Whether the reference data is loaded, with every table a later saferplaces added
    whose file is bundled (so a read-only open needs nothing written first)."""
    return reference_loaded(wh) and not _bundled_but_empty(wh)


def _bundled_but_empty(wh: Warehouse) -> bool:
    """A reference table added since the warehouse was loaded, whose file is bundled."""
    root = data_dir()
    return any(
        not q.row_count(wh, ref.table) and any(root.glob(ref.pattern))
        for ref in reference_files()
        if ref.kind == "csv" and not ref.required and wh.table_exists(ref.table)
    )


def ensure_reference(wh: Warehouse, on_file: Callable[[str], None] | None = None) -> bool:
    """Load the bundled reference data if the warehouse has none, or tables added since it
    was loaded (e.g. counties) when it can be written; True if it loaded."""
    if reference_loaded(wh):
        if wh.read_only or not _bundled_but_empty(wh):
            return False
        load_reference(wh, on_file=on_file)  # files already loaded are left alone
        return True
    if wh.read_only:
        raise SaferplacesError(
            f"warehouse {wh.path} has no reference data; run `saferplaces reference load`"
        )
    load_reference(wh, on_file=on_file)
    return True
