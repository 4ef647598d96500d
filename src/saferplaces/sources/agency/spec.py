"""The dataset spec: how to read one agency's extract, declared as TOML.

A spec names a source (``[source]``), says how the file is laid out (``[file]``), and
maps the file's columns to canonical fields (``[fields.NAME]``), each with a type and,
for categories, the allowed values and the agency's own words for them. A built-in
source (``fire``, ``ambulance``, ...) carries the canonical fields; a user's spec for a
built-in source only says which column holds each field and how its values are
written. A spec for a new source declares its fields in full and may declare its own
indicators. See ``docs/sources.md`` for every key.

>>> spec = builtin_spec("fire")
>>> spec.kind, [f.name for f in spec.fields][:3]
('incidents', ['incident_id', 'date', 'cause'])
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from saferplaces.core.errors import SaferplacesError

KINDS = ("incidents", "aggregate", "snapshot")
FORMATS = ("csv", "xlsx")

# Field types, and what each holds.
FIELD_TYPES: dict[str, str] = {
    "id": "the record's identifier; a second row with the same id is quarantined",
    "text": "free text, kept as given",
    "date": "a calendar date (formats from `formats`, ISO YYYY-MM-DD by default)",
    "period": "a period covered by an aggregate row: 2025, 2024/25, 2024/25 Q3, 2025-01..2025-03",
    "period_start": "the first day of the period an aggregate row covers",
    "period_end": "the last day of the period an aggregate row covers",
    "category": "one of `allowed`; the agency's own words map to them through `values`",
    "flag": "yes or no (yes, y, true, 1 / no, n, false, 0; blank is no)",
    "integer": "a whole number (a count, an age)",
    "number": "a number",
    "latitude": "WGS84 latitude of the incident",
    "longitude": "WGS84 longitude of the incident",
    "easting": "British National Grid easting of the incident",
    "northing": "British National Grid northing of the incident",
    "lsoa": "LSOA (2021) code, e.g. E01018238",
    "ward": "electoral ward (2024) code or name",
    "district": "local authority district code or name, e.g. E07000012 or South Cambridgeshire",
    "postcode_district": "postcode district (the outward code), e.g. CB23",
}
LOCATION_TYPES = frozenset(
    {
        "latitude",
        "longitude",
        "easting",
        "northing",
        "lsoa",
        "ward",
        "district",
        "postcode_district",
    }
)
PERIOD_TYPES = frozenset({"period", "period_start", "period_end"})

# Keys a user's spec may set on a field of a built-in source (the rest is the source's).
MAPPING_KEYS = frozenset({"column", "columns", "formats", "values", "blank", "year_start"})
FIELD_KEYS = MAPPING_KEYS | {
    "type",
    "required",
    "allowed",
    "of",
    "measure",
    "additive",
    "minimum",
    "maximum",
    "at_most",
    "label",
    "description",
}
SOURCE_KEYS = frozenset(
    {
        "name",
        "title",
        "agency",
        "provider",
        "kind",
        "date_field",
        "expected_lag_days",
        "group",
        "description",
        "outside_area",
        "resolution",
        "sensitive",
    }
)
FILE_KEYS = frozenset({"format", "encoding", "delimiter", "sheet", "header_row"})
INDICATOR_KEYS = frozenset(
    {
        "id",
        "name",
        "where",
        "measure",
        "geography",
        "denominator",
        "sensitive",
        "unit",
        "group",
        "description",
    }
)
RATIO_KEYS = frozenset({"id", "name", "numerator", "denominator", "description", "indicator"})

# What an indicator's rate is per: Census 2021 usual residents, households, residents aged
# 10 to 17 (mid-2020 estimates, by district), or nothing (counts only).
DENOMINATORS = ("residents", "households", "residents_10_17", "none")

# Source names that are not agency sources, which a user's spec may not take.
RESERVED_SOURCES = {
    "police-uk": "the police.uk street-level source",
    "police-uk-street": "the police.uk street-level source",
}

_SPACES = re.compile(r"\s+")


def value_key(text: str) -> str:
    """How cell values are compared: case and runs of spaces do not matter."""
    return _SPACES.sub(" ", text.strip()).casefold()


class SpecError(SaferplacesError):
    """A dataset spec that cannot be used; names the spec file and the key."""

    def __init__(self, where: str, message: str) -> None:
        self.where = where
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Field:
    """One canonical field and where the file holds it."""

    name: str
    type: str
    columns: tuple[str, ...]  # header names that hold it; the first is the canonical one
    required: bool = False
    allowed: tuple[str, ...] = ()
    values: dict[str, str] = field(default_factory=dict)  # casefolded raw -> canonical
    formats: tuple[str, ...] = ()
    blank: str | None = None  # a category's value when the cell is blank
    of: str = "incident"  # location fields: incident | residence
    measure: bool = False  # an aggregate count, summed
    additive: bool = True  # False: a count of people over a period (not summed across periods)
    minimum: float | None = None
    maximum: float | None = None
    at_most: str | None = None  # another measure this one may not exceed
    year_start: int = 4  # period fields: the month a "2024/25" year starts (4: April)
    label: str = ""
    description: str = ""

    @property
    def is_location(self) -> bool:
        return self.type in LOCATION_TYPES and self.of == "incident"


@dataclass(frozen=True)
class FileFormat:
    format: str = "csv"
    encoding: str = "utf-8"
    delimiter: str = ","
    sheet: str | None = None
    header_row: int = 1


@dataclass(frozen=True)
class IndicatorDef:
    """An indicator declared by a spec: which rows count, and per what."""

    id: str
    name: str
    where: dict[str, Any] = field(default_factory=dict)
    measure: str | None = None  # aggregate sources: the measure summed
    geography: str = "incident"  # incident | the name of a residence field
    denominator: str | None = "residents"
    sensitive: bool = False
    unit: str = "incidents"
    group: str | None = None
    description: str = ""


@dataclass(frozen=True)
class RatioDef:
    """A rate an aggregate source holds the parts of, e.g. engaged / referrals."""

    id: str
    name: str
    numerator: str
    denominator: str
    description: str = ""
    indicator: str | None = None  # the id it is registered under as a proportion indicator


@dataclass(frozen=True)
class Spec:
    """A whole dataset spec, after any user spec is laid over its built-in source."""

    name: str
    title: str
    kind: str
    fields: tuple[Field, ...]
    file: FileFormat = FileFormat()
    agency: str = ""
    provider: str | None = None
    date_field: str | None = None
    expected_lag_days: int | None = None
    group: str | None = None
    description: str = ""
    outside_area: str = "keep"  # keep | quarantine: points outside the boundaries held
    resolution: str | None = None  # lsoa | district; derived from the fields when None
    indicators: tuple[IndicatorDef, ...] = ()
    # Person-level or sensitive data: small counts below district level are suppressed in
    # public outputs (methods.md). Default: any of its indicators is sensitive.
    sensitive: bool = False
    ratios: tuple[RatioDef, ...] = ()
    example: tuple[tuple[str, ...], ...] = ()
    builtin: bool = False
    origin: str = ""  # where the spec came from: "built-in" or the user's file
    texts: tuple[str, ...] = ()  # the TOML the spec was built from (built-in, then user's)

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    def has(self, name: str) -> bool:
        return any(f.name == name for f in self.fields)

    @property
    def scope(self) -> str:
        """What a month of data belongs to: a later file replaces the same scope's months."""
        return self.provider or self.name

    @property
    def id_field(self) -> Field | None:
        return next((f for f in self.fields if f.type == "id"), None)

    @property
    def indicator_ids(self) -> list[str]:
        """Every indicator id the spec declares: counts, then proportions."""
        return [i.id for i in self.indicators] + [r.indicator for r in self.ratios if r.indicator]

    @property
    def measures(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.measure)

    @property
    def location_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.is_location)

    @property
    def residence_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.type in LOCATION_TYPES and f.of == "residence")

    @property
    def dimensions(self) -> tuple[Field, ...]:
        """Fields a table can be broken down by (categories, flags, text, districts...)."""
        return tuple(
            f
            for f in self.fields
            if not f.measure
            and f.type not in ("id", "date", "latitude", "longitude", "easting", "northing")
            and f.type not in PERIOD_TYPES
            and not (f.is_location and f.type in ("lsoa", "postcode_district"))
        )

    @property
    def descriptive_fields(self) -> frozenset[str]:
        """Category fields that only describe an incident: a word the spec does not map
        loads the row with the value "unknown" (and a warning) rather than quarantining it.

        A field an indicator selects by (``where``) decides what is counted, a required
        one is part of what a record is, and a table's categories name the cell its
        counts belong to: those keep quarantining an unknown word."""
        if self.kind != "incidents":
            return frozenset()
        counted = {name for i in self.indicators for name in i.where}
        return frozenset(
            f.name
            for f in self.fields
            if f.type == "category" and not f.required and f.name not in counted
        )

    @property
    def derived_resolution(self) -> str:
        """The finest geography rows can reach: ``lsoa`` with points or LSOAs, else district."""
        if self.resolution:
            return self.resolution
        finest = {f.type for f in self.location_fields}
        if finest & {"latitude", "easting", "lsoa"}:
            return "lsoa"
        return "district"

    @property
    def canonical_header(self) -> list[str]:
        return [f.columns[0] for f in self.fields]

    @property
    def sha256(self) -> str:
        """A fingerprint of everything that decides how a file is read."""
        doc = {
            "name": self.name,
            "kind": self.kind,
            "file": asdict(self.file),
            "fields": [asdict(f) for f in self.fields],
            "date_field": self.date_field,
            "outside_area": self.outside_area,
            "scope": self.scope,
        }
        return hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()

    def allowed_text(self, name: str) -> str:
        return ", ".join(self.field(name).allowed)


# ---------------------------------------------------------------------------------------
# Finding specs


def builtin_names() -> list[str]:
    """The built-in sources, in the order the docs list them."""
    return list(BUILTIN_ORDER)


BUILTIN_ORDER = (
    "fire",
    "ambulance",
    "ed-assaults",
    "police-extract",
    "asb-cases",
    "idva",
    "marac",
    "drug-treatment",
    "youth-fte",
    "probation-caseload",
    "school-attendance",
    "residents-survey",
    "consultation-log",
)


def is_builtin(name: str) -> bool:
    return name in BUILTIN_ORDER
