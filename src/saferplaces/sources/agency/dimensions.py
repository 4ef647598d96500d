"""What a pivot table's rows and columns can be, and what each row or column is called.

A dimension is a field (category, flag, text, residence), a time unit (year, financial
year, academic year, quarter, month), or a place: ``district`` and ``ward`` where the
incident happened, or, for a source that only holds where each person lives (ED
arrivals, drug treatment, youth justice, probation), ``district`` is the district of
residence, and is labelled so. With an area, places outside it are one row of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from saferplaces.core.errors import SaferplacesError
from saferplaces.geography.areas import Area
from saferplaces.sources.agency.queries import field_sql
from saferplaces.sources.agency.spec import Spec
from saferplaces.sources.agency.timeunits import TIME_UNITS, bucket_label, bucket_sql

GEO_UNITS = ("district", "ward")

UNKNOWN = "Location unknown"
OUTSIDE_HELD = "Outside the force area"
DISTRICT_ONLY = "Placed by district only (no ward)"
RESIDENCE_UNKNOWN = "Residence unknown"
RESIDENCE_OUTSIDE = "Residence outside the area"


@dataclass
class Dim:
    name: str
    sql: str  # an expression over r (agency_record) and l (ref_lsoa)
    end_sql: str | None = None  # time units: the bucket of the row's last month
    order: list[str] | None = None
    residence: str | None = None  # the residence field a `district` dimension reads

    @property
    def is_time(self) -> bool:
        return self.end_sql is not None

    @property
    def is_place(self) -> bool:
        return self.name in GEO_UNITS


def residence_district(spec: Spec) -> str | None:
    """The one residence district field of a source that holds no incident location."""
    if spec.location_fields:
        return None
    districts = [f.name for f in spec.residence_fields if f.type == "district"]
    return districts[0] if len(districts) == 1 else None


def dimension(spec: Spec, name: str, *, columns: bool) -> Dim:
    """The dimension ``name`` of ``spec``, or a one-line error listing the choices."""
    if name in TIME_UNITS:
        return Dim(name, bucket_sql(name, "r.month"), bucket_sql(name, "r.month_end"))
    if name == "district" and (home := residence_district(spec)):
        return Dim(name, field_sql(home), residence=home)
    if name in GEO_UNITS:
        if not spec.location_fields:
            residence = ", ".join(f.name for f in spec.residence_fields)
            raise SaferplacesError(
                f"{spec.name} records hold no incident location, so they cannot be broken "
                f"down by {name}"
                + (f"; the person's residence is in {residence}" if residence else "")
            )
        code = (
            "coalesce(l.lad_code, r.lad_code)"
            if name == "district"
            else "coalesce(l.ward_code, r.ward_code)"
        )
        return Dim(name, code)
    if columns and name == "measures":
        return Dim(name, "NULL")
    fields = {f.name: f for f in spec.dimensions}
    if name not in fields:
        allowed = [*TIME_UNITS, *(GEO_UNITS if spec.location_fields else ()), *fields]
        if residence_district(spec):
            allowed.insert(len(TIME_UNITS), "district")
        if columns and spec.kind != "incidents":
            allowed.append("measures")
        raise SaferplacesError(
            f"{spec.name} has no field {name!r} to break down by; choose one of: "
            + ", ".join(allowed)
        )
    f = fields[name]
    order = list(f.allowed) if f.type == "category" else None
    if f.type == "flag":
        order = ["true", "false"]
    return Dim(name, field_sql(name), order=order)


@dataclass
class Labeller:
    """Names each row or column of a table, marking places outside ``area``."""

    spec: Spec
    area: Area | None
    area_districts: set[str]
    area_wards: set[str]
    district_names: dict[str, str]
    ward_names: dict[str, str]
    outside_label: str = field(init=False)

    def __post_init__(self) -> None:
        self.outside_label = f"Outside {self.area.name}" if self.area else ""

    def label(self, dim: Dim, key: Any, status: str, district: str | None) -> tuple[str, str]:
        """(label, kind) of ``key``; kind is value | location unknown | outside."""
        if dim.is_time:
            return bucket_label(dim.name, int(key)), "value"
        if dim.residence:
            return self._residence(key)
        if dim.name == "district":
            if key is None:
                return self._unplaced(status)
            if self.area is not None and key not in self.area_districts:
                return self.outside_label, "outside"
            return self.district_names.get(key, key), "value"
        if dim.name == "ward":
            if key is None:
                if status == "located":
                    if self.area is not None and district not in self.area_districts:
                        return self.outside_label, "outside"
                    return DISTRICT_ONLY, "location unknown"
                return self._unplaced(status)
            if self.area is not None and key not in self.area_wards:
                return self.outside_label, "outside"
            return self.ward_names.get(key, key), "value"
        f = self.spec.field(dim.name)
        if f.type == "flag":
            return ("yes" if key == "true" else "no"), "value"
        if key is None:
            return "(blank)", "value"
        if f.type == "district":  # a residence field named directly
            return self._residence(key)
        return str(key), "value"

    def _unplaced(self, status: str) -> tuple[str, str]:
        if status == "outside area":
            return OUTSIDE_HELD, "outside"
        return UNKNOWN, "location unknown"

    def _residence(self, key: Any) -> tuple[str, str]:
        if key is None or key == "unknown":
            return RESIDENCE_UNKNOWN, "location unknown"
        if key == "outside":
            return RESIDENCE_OUTSIDE, "outside"
        if self.area is not None and key not in self.area_districts:
            return f"Living outside {self.area.name}", "outside"
        return self.district_names.get(key, key), "value"


# Rows that always come last, in this order.
_LAST = [DISTRICT_ONLY, OUTSIDE_HELD, RESIDENCE_OUTSIDE, UNKNOWN, RESIDENCE_UNKNOWN, "(blank)"]


def ordered(dim: Dim, present: set[str], spec: Spec) -> list[str]:
    """Labels in reading order: the categories as declared (else A to Z), then places
    outside the area, then the rows of records with no usable location."""
    outside = sorted(
        p for p in present if p.startswith(("Outside ", "Living outside ")) and p != OUTSIDE_HELD
    )
    tail = [x for x in outside + _LAST if x in present]
    body = [p for p in present if p not in tail]
    if dim.order:
        f = spec.field(dim.name) if spec.has(dim.name) else None
        names = ["yes", "no"] if f is not None and f.type == "flag" else dim.order
        head = [o for o in names if o in body]
        body = head + sorted(p for p in body if p not in head)
    else:
        body = sorted(body)
    return body + tail


def value_of(spec: Spec, value: str | None, columns: str) -> tuple[str, str, str]:
    """(value, its label, kind) of what a cell holds: records (count), a measure (sum) or
    a rate the source declares (rate, in percent)."""
    if columns == "measures":
        if spec.kind == "incidents":
            raise SaferplacesError(f"{spec.name} is incident data: it has no measures to show")
        return "measures", "every measure and rate", "sum"
    if spec.kind == "incidents":
        if value not in (None, "records"):
            raise SaferplacesError(f"{spec.name} is incident data: its cells count records")
        return "records", "records", "count"
    measures = {f.name: f for f in spec.measures}
    ratios = {r.id: r for r in spec.ratios}
    if value is None:
        first = spec.measures[0]
        return first.name, first.label or first.name, "sum"
    if value in measures:
        return value, measures[value].label or value, "sum"
    if value in ratios:
        return value, ratios[value].name, "rate"
    raise SaferplacesError(
        f"{spec.name} has no measure or rate {value!r}; choose one of: "
        + ", ".join([*measures, *ratios])
    )


def measure_columns(spec: Spec) -> list[str]:
    return [f.label or f.name for f in spec.measures] + [f"{r.name} (%)" for r in spec.ratios]


def column_value(spec: Spec, column: str) -> tuple[str, str]:
    """(measure or rate id, kind) shown in a ``measures`` column."""
    for f in spec.measures:
        if (f.label or f.name) == column:
            return f.name, "sum"
    for r in spec.ratios:
        if f"{r.name} (%)" == column:
            return r.id, "rate"
    raise KeyError(column)
