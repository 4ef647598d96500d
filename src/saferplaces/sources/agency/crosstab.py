"""Pivot tables of an agency source: the tables analysts build in Excel today.

:func:`crosstab` counts an incident source's records (or sums an aggregate table's
measure, or works out one of its rates) by one field down the rows and another, or a
time unit, across the columns: ED assault arrivals by incident location type by year;
fires by cause by month; ambulance call-outs by district by year, where the rows whose
location is unknown or outside the area are their own rows.

>>> # t = crosstab(wh, "ambulance", rows="district", columns="year", area=force)
>>> # t.cell("Cambridge", "2025"), t.total("Location unknown")
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.periods import Period
from saferplaces.geography.areas import Area
from saferplaces.sources.agency.coverage import held_months
from saferplaces.sources.agency.quality import agency_sources_held, spec_of
from saferplaces.sources.agency.spec import Spec
from saferplaces.sources.agency.timeunits import (
    TIME_UNITS,
    all_buckets,
    bucket_label,
    bucket_months,
    bucket_sql,
    part_period_notes,
)
from saferplaces.warehouse.connection import Warehouse

GEO_UNITS = ("district", "ward")

UNKNOWN = "Location unknown"
OUTSIDE_HELD = "Outside the area held"


@dataclass
class CrosstabRow:
    label: str
    cells: dict[str, float | int | None]
    total: float | int | None
    kind: str = "value"  # value | location unknown | outside | total


@dataclass
class Crosstab:
    source: str
    title: str
    rows_by: str
    columns_by: str
    value: str  # "records", a measure, or a rate's id
    value_label: str
    area: Area | None
    period: Period | None
    columns: list[str]
    rows: list[CrosstabRow]
    totals: dict[str, float | int | None]
    grand_total: float | int | None
    notes: list[str] = field(default_factory=list)
    statistic: str = "count"  # count | sum | rate (%) | monthly average

    def cell(self, row: str, column: str) -> float | int | None:
        for r in self.rows:
            if r.label == row:
                return r.cells.get(column)
        raise KeyError(row)

    def total(self, row: str) -> float | int | None:
        return next(r.total for r in self.rows if r.label == row)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "title": self.title,
            "rows_by": self.rows_by,
            "columns_by": self.columns_by,
            "value": self.value,
            "value_label": self.value_label,
            "statistic": self.statistic,
            "area": self.area.to_dict() if self.area else None,
            "period": self.period.to_dict() if self.period else None,
            "columns": self.columns,
            "rows": [
                {"label": r.label, "kind": r.kind, "cells": r.cells, "total": r.total}
                for r in self.rows
            ],
            "totals": self.totals,
            "grand_total": self.grand_total,
            "notes": self.notes,
        }


@dataclass
class _Dim:
    name: str
    sql: str  # an expression over r (agency_record) and l (ref_lsoa)
    end_sql: str | None = None  # time units: the bucket of the row's last month
    order: list[str] | None = None


def _spec_for(wh: Warehouse, source: str) -> Spec:
    held = agency_sources_held(wh)
    if source not in held:
        listed = ", ".join(held) if held else "none yet"
        raise SaferplacesError(
            f"no {source} data is loaded (sources held: {listed}); load some with "
            f"`saferplaces ingest {source} PATH`"
        )
    return spec_of(wh, source)


def _dimension(spec: Spec, name: str, *, columns: bool) -> _Dim:
    if name in TIME_UNITS:
        return _Dim(name, bucket_sql(name, "r.month"), bucket_sql(name, "r.month_end"))
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
            else ("coalesce(l.ward_code, r.ward_code)")
        )
        return _Dim(name, code)
    if columns and name == "measures":
        return _Dim(name, "NULL")
    fields = {f.name: f for f in spec.dimensions}
    if name not in fields:
        allowed = [*TIME_UNITS, *(GEO_UNITS if spec.location_fields else ()), *fields]
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
    return _Dim(name, f"json_extract_string(r.fields, '$.{name}')", order=order)


def crosstab(
    wh: Warehouse,
    source: str,
    rows: str,
    columns: str,
    *,
    area: Area | None = None,
    period: Period | None = None,
    value: str | None = None,
    statistic: str = "total",
) -> Crosstab:
    """``source`` broken down by ``rows`` and ``columns`` (a field, a time unit, district,
    ward or, for tables, ``measures``), counted for ``area`` in ``period``.

    ``value`` is what a cell holds: records (incident data), a measure, or a rate the
    source declares (e.g. ``engagement_rate``), in percent. ``statistic`` ``monthly
    average`` divides each cell by the months its column covers (time columns only).
    """
    spec = _spec_for(wh, source)
    row_dim = _dimension(spec, rows, columns=False)
    col_dim = _dimension(spec, columns, columns=True)
    if rows == columns:
        raise SaferplacesError("rows and columns must be different")
    value, value_label, kind = _value(spec, value, columns)
    if statistic not in ("total", "monthly-average"):
        raise SaferplacesError("statistic must be total or monthly-average")
    if statistic == "monthly-average" and (columns not in TIME_UNITS or kind == "rate"):
        raise SaferplacesError(
            "a monthly average needs a time unit across the columns (year, quarter, ...) and "
            "counts or an additive measure"
        )

    params: list[Any] = [spec.name]
    where = ["r.source = ?"]
    notes: list[str] = []
    if period is not None:
        where.append("r.month >= ? AND r.month_end <= ?")
        params += [period.start_date, period.end_date]
        cut = wh.scalar(
            "SELECT count(*) FROM agency_record r WHERE r.source = ? AND r.month <= ? "
            "AND r.month_end >= ? AND (r.month < ? OR r.month_end > ?)",
            [spec.name, period.end_date, period.start_date, period.start_date, period.end_date],
        )
        if cut:
            notes.append(
                f"{cut:,} row(s) cover months both inside and outside {period.label}; their "
                "counts cannot be split, so they are left out."
            )

    geo_dims = {rows, columns} & set(GEO_UNITS)
    area_lads: list[str] = []
    if area is not None:
        if not spec.location_fields:
            raise SaferplacesError(
                f"{spec.name} records hold no incident location, so they cannot be limited to "
                "an area; break them down by "
                + (", ".join(f.name for f in spec.residence_fields) or "a field")
                + " instead"
            )
        cond, cparams = area.predicate("x")
        area_lads = [
            r[0]
            for r in wh.rows(f"SELECT DISTINCT x.lad_code FROM ref_lsoa x WHERE {cond}", cparams)
        ]
        area_cond, area_params = area.predicate("l")
        in_area = (
            f"((l.lsoa21_code IS NOT NULL AND {area_cond}) OR "
            "(l.lsoa21_code IS NULL AND r.lad_code IN (SELECT unnest(?::VARCHAR[]))"
            + (" AND r.ward_code IS NULL" if area.level == "ward" else "")
            + (" OR r.ward_code = ?" if area.level == "ward" else "")
            + "))"
        )
        in_params: list[Any] = [*area_params, area_lads] + (
            [area.code] if area.level == "ward" else []
        )
        if not geo_dims:
            where.append(in_area)
            params += in_params
            out = wh.scalar(
                "SELECT count(*) FROM agency_record r LEFT JOIN ref_lsoa l ON "
                f"l.lsoa21_code = r.lsoa_code WHERE r.source = ? AND NOT {in_area}"
                + (" AND r.month >= ? AND r.month_end <= ?" if period else ""),
                [spec.name, *in_params, *([period.start_date, period.end_date] if period else [])],
            )
            if out:
                notes.append(
                    f"{out:,} row(s) with an unknown location or outside {area.name} are left "
                    f"out; break down by district to see them."
                )

    measures = [f.name for f in spec.measures]
    sums = ", ".join(
        f"sum(coalesce(TRY_CAST(json_extract(r.measures, '$.{m}') AS DOUBLE), 0)) AS \"{m}\""
        for m in measures
    )
    snapshot = spec.kind == "snapshot"
    group_cols = [
        f"{row_dim.sql} AS rk",
        f"{col_dim.sql} AS ck",
        f"{row_dim.end_sql or 'NULL'} AS rk_end",
        f"{col_dim.end_sql or 'NULL'} AS ck_end",
        "r.location_status AS status",
        "strftime(r.event_date, '%Y-%m-%d') AS snap" if snapshot else "NULL AS snap",
    ]
    sql = (
        f"SELECT {', '.join(group_cols)}, count(*) AS n, "
        "strftime(r.month, '%Y-%m') || '..' || strftime(r.month_end, '%Y-%m') AS span"
        + (f", {sums}" if sums else "")
        + " FROM agency_record r LEFT JOIN ref_lsoa l ON l.lsoa21_code = r.lsoa_code "
        f"WHERE {' AND '.join(where)} GROUP BY ALL"
    )
    groups = wh.dicts(sql, params)
    for g in groups:
        for dim, k, k_end in ((row_dim, "rk", "rk_end"), (col_dim, "ck", "ck_end")):
            if dim.end_sql and g[k] != g[k_end]:
                raise SaferplacesError(
                    f"{spec.name} rows cover more than one {dim.name} (e.g. a row for a whole "
                    f"year cannot be split by {dim.name}); choose a longer time unit"
                )
    if snapshot and groups:
        groups, snap_note = _latest_snapshots(groups, row_dim, col_dim)
        notes.append(snap_note)

    lad_names = dict(wh.rows("SELECT DISTINCT lad_code, lad_name FROM ref_lad"))
    ward_names = dict(wh.rows("SELECT DISTINCT ward_code, ward_name FROM ref_lsoa"))

    def label(dim: _Dim, key: Any, status: str) -> tuple[str, str]:
        return _label(dim, key, status, spec, area, area_lads, lad_names, ward_names)

    # Accumulate the parts of each cell: records, the periods covered, each measure.
    cells: dict[tuple[str, str], dict[str, Any]] = {}
    row_kind: dict[str, str] = {}
    for g in groups:
        rl, rkind = label(row_dim, g["rk"], g["status"])
        row_kind.setdefault(rl, rkind)
        targets = (
            _measure_columns(spec)
            if columns == "measures"
            else [label(col_dim, g["ck"], g["status"])[0]]
        )
        for cl in targets:
            acc = cells.setdefault((rl, cl), {"n": 0, "spans": set()})
            acc["n"] += g["n"]
            acc["spans"].add(g["span"])
            for m in measures:
                acc[m] = acc.get(m, 0.0) + (g[m] or 0.0)
    if not cells:
        notes.append("No rows match.")

    col_labels = _column_order(spec, col_dim, period, wh, {c for _, c in cells}, columns)
    row_labels = (
        _column_order(spec, row_dim, period, wh, {r for r, _ in cells}, rows)
        if row_dim.end_sql
        else _ordered(row_dim, {r for r, _ in cells}, spec)
    )
    for dim in (row_dim, col_dim):
        if dim.end_sql is not None:
            notes += part_period_notes(wh, spec, dim.name, period)

    def compute(parts: list[dict[str, Any]], column: str | None, total: bool) -> float | int | None:
        v, k = column_value[column] if columns == "measures" and column else (value, kind)
        if k == "rate":
            ratio = next(r for r in spec.ratios if r.id == v)
            num = sum(p.get(ratio.numerator, 0.0) for p in parts)
            den = sum(p.get(ratio.denominator, 0.0) for p in parts)
            return None if den < 10 else round(100.0 * num / den, 1)
        if v == "records":
            return int(sum(p["n"] for p in parts))
        if not spec.field(v).additive and len(set().union(*(p["spans"] for p in parts))) > 1:
            if total:
                return None  # people in treatment in different periods do not add up
            raise SaferplacesError(
                f"{v} counts people during each reporting period, so it cannot be added across "
                "periods; break it down by the reporting period (e.g. --columns year) or give a "
                "--period that holds one reporting period"
            )
        t = sum(p.get(v, 0.0) for p in parts)
        return int(t) if float(t).is_integer() else t

    column_value = {c: _column_value(spec, c) for c in col_labels} if columns == "measures" else {}
    out_rows = []
    for rl in row_labels:
        rc = {
            cl: compute([cells[(rl, cl)]] if (rl, cl) in cells else [], cl, False)
            for cl in col_labels
        }
        tot = (
            None
            if columns == "measures"
            else compute([cells[(rl, cl)] for cl in col_labels if (rl, cl) in cells], None, True)
        )
        out_rows.append(CrosstabRow(rl, rc, tot, row_kind.get(rl, "value")))
    totals = {
        cl: compute([cells[(rl, cl)] for rl in row_labels if (rl, cl) in cells], cl, True)
        for cl in col_labels
    }
    grand = None if columns == "measures" else compute(list(cells.values()), None, True)

    stat_label = {"count": "count", "sum": "sum", "rate": "rate (%)"}[kind]
    if statistic == "monthly-average":
        held = (
            set().union(*held_months(wh, spec.name).values())
            if held_months(wh, spec.name)
            else set()
        )
        months_in = {}
        for cl in col_labels:
            b = next(
                b for b in all_buckets(columns, period, held) if bucket_label(columns, b) == cl
            )
            ms = [m for m in bucket_months(columns, b) if m in held]
            if period:
                ms = [m for m in ms if period.first <= m <= period.last]
            months_in[cl] = len(ms)
        for r in out_rows:
            r.cells = {
                cl: (round(v / months_in[cl], 1) if months_in[cl] and v is not None else None)
                for cl, v in r.cells.items()
            }
            r.total = None
        totals = {
            cl: (round(v / months_in[cl], 1) if months_in[cl] and v is not None else None)
            for cl, v in totals.items()
        }
        grand = None
        stat_label = "monthly average"
        notes.append("Monthly average: each column's count divided by the months of it held.")
    if kind == "rate":
        notes.append("Rates are not shown where the base is under 10.")

    return Crosstab(
        source=spec.name,
        title=spec.title,
        rows_by=rows,
        columns_by=columns,
        value=value,
        value_label=value_label,
        area=area,
        period=period,
        columns=col_labels,
        rows=out_rows,
        totals=totals,
        grand_total=grand,
        notes=notes,
        statistic=stat_label,
    )


def _value(spec: Spec, value: str | None, columns: str) -> tuple[str, str, str]:
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


def _measure_columns(spec: Spec) -> list[str]:
    return [f.label or f.name for f in spec.measures] + [f"{r.name} (%)" for r in spec.ratios]


def _column_value(spec: Spec, column: str) -> tuple[str, str]:
    for f in spec.measures:
        if (f.label or f.name) == column:
            return f.name, "sum"
    for r in spec.ratios:
        if f"{r.name} (%)" == column:
            return r.id, "rate"
    raise KeyError(column)


def _latest_snapshots(groups: list[dict], row_dim: _Dim, col_dim: _Dim) -> tuple[list[dict], str]:
    """Keep, for each time bucket (or overall), only the latest snapshot's rows."""

    def bucket(g: dict) -> tuple:
        return (
            g["rk"] if row_dim.end_sql else None,
            g["ck"] if col_dim.end_sql else None,
        )

    latest: dict[tuple, str] = {}
    for g in groups:
        b = bucket(g)
        latest[b] = max(latest.get(b, ""), g["snap"])
    kept = [g for g in groups if g["snap"] == latest[bucket(g)]]
    dates = sorted(set(latest.values()))
    if len(dates) == 1:
        note = f"Caseload on the latest snapshot held, {dates[0]} (snapshots are never added)."
    else:
        note = "Each column shows its latest snapshot (snapshots are never added)."
    return kept, note


def _label(
    dim: _Dim,
    key: Any,
    status: str,
    spec: Spec,
    area: Area | None,
    area_lads: list[str],
    lad_names: dict,
    ward_names: dict,
) -> tuple[str, str]:
    if dim.end_sql is not None:  # a time unit
        return bucket_label(dim.name, int(key)), "value"
    if dim.name == "district":
        if key is None:
            return (
                (OUTSIDE_HELD, "outside")
                if status == "outside area"
                else (UNKNOWN, "location unknown")
            )
        if area is not None and key not in area_lads:
            return f"Outside {area.name}", "outside"
        return lad_names.get(key, key), "value"
    if dim.name == "ward":
        if key is None:
            if status == "outside area":
                return OUTSIDE_HELD, "outside"
            if status == "located":
                return "Placed by district only (no ward)", "location unknown"
            return UNKNOWN, "location unknown"
        return ward_names.get(key, key), "value"
    f = spec.field(dim.name)
    if f.type == "flag":
        return ("yes" if key == "true" else "no"), "value"
    if key is None:
        return "(blank)", "value"
    if f.type == "district":  # residence
        if key == "unknown":
            return "Residence unknown", "location unknown"
        if key == "outside":
            return "Residence outside the area", "outside"
        return lad_names.get(key, key), "value"
    return str(key), "value"


def _column_order(
    spec: Spec, dim: _Dim, period: Period | None, wh: Warehouse, present: set[str], columns: str
) -> list[str]:
    if columns == "measures":
        return _measure_columns(spec)
    if dim.end_sql is not None:
        held_map = held_months(wh, spec.name)
        held = set().union(*held_map.values()) if held_map else set()
        labels = [bucket_label(dim.name, b) for b in all_buckets(dim.name, period, held)]
        return labels + sorted(present - set(labels))
    return _ordered(dim, present, spec)


def _ordered(dim: _Dim, present: set[str], spec: Spec) -> list[str]:
    last = [
        "Placed by district only (no ward)",
        OUTSIDE_HELD,
        "Residence outside the area",
        UNKNOWN,
        "Residence unknown",
        "(blank)",
    ]
    outside = sorted(p for p in present if p.startswith("Outside ") and p != OUTSIDE_HELD)
    tail = [x for x in outside + last if x in present]
    body = [p for p in present if p not in tail]
    if dim.order:
        f = spec.field(dim.name) if spec.has(dim.name) else None
        names = ["yes", "no"] if f is not None and f.type == "flag" else dim.order
        head = [o for o in names if o in body]
        body = head + sorted(p for p in body if p not in head)
    else:
        body = sorted(body)
    return body + tail
