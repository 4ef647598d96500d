"""Pivot tables of an agency source: the tables analysts build in Excel today.

:func:`crosstab` counts an incident source's records (or sums an aggregate table's
measure, or works out one of its rates) by one field down the rows and another, or a
time unit, across the columns: ED assault arrivals by incident location type by year;
fires by cause by month; ambulance call-outs by district by year, where the rows whose
location is unknown or outside the area are their own rows.

Snapshots (a caseload) are never added together: a cell shows the latest snapshot in
its time column, a total across time the latest snapshot of all, and a time column with
no snapshot is blank, not an empty caseload.

With ``edition="public"``, small counts of a sensitive source below district level are
suppressed (``methods.md``); ``"restricted"`` shows everything and is marked; the
default (None) gives the numbers as held, for callers that apply their own control.

>>> # t = crosstab(wh, "ambulance", rows="district", columns="year", area=force)
>>> # t.cell("Cambridge", "2025"), t.total("Location unknown")
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.messages import Hint, Note
from saferplaces.core.periods import Period
from saferplaces.disclosure import Disclosure, parse_edition
from saferplaces.geography.areas import Area
from saferplaces.sources.agency import queries as q
from saferplaces.sources.agency.coverage import held_months
from saferplaces.sources.agency.dimensions import (
    GEO_UNITS,
    OUTSIDE_HELD,
    UNKNOWN,
    Dim,
    Labeller,
    dimension,
    measure_columns,
    ordered,
    value_of,
)
from saferplaces.sources.agency.grid import CrosstabRow, Grid, Table, Value
from saferplaces.sources.agency.quality import agency_sources_held, broken_sources, spec_of
from saferplaces.sources.agency.spec import Spec
from saferplaces.sources.agency.suppression import level_of, protect
from saferplaces.sources.agency.timeunits import (
    TIME_UNITS,
    all_buckets,
    bucket_label,
    bucket_months,
    part_period_notes,
)
from saferplaces.warehouse.connection import Warehouse

__all__ = ["GEO_UNITS", "OUTSIDE_HELD", "UNKNOWN", "Crosstab", "CrosstabRow", "crosstab"]

ILLUSTRATIVE_NOTE = "Illustrative data (made by `saferplaces demo-data`), not real."


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
    totals: dict[str, Value]
    grand_total: Value
    notes: list[str] = field(default_factory=list)
    statistic: str = "count"  # count | sum | rate (%) | monthly average
    illustrative: bool = False
    edition: str | None = None  # public | restricted | None (numbers as held)
    marking: str | None = None  # RESTRICTED for the restricted edition
    # With an area and districts or wards down the rows: the area's own rows together
    # (the county figure a district is set against). Not one of ``rows``, which each hold
    # every record once and add up to the totals.
    area_total: CrosstabRow | None = None

    def cell(self, row: str, column: str) -> Value:
        for r in self._all:
            if r.label == row:
                return r.cells.get(column)
        raise KeyError(row)

    def total(self, row: str) -> Value:
        return next(r.total for r in self._all if r.label == row)

    @property
    def _all(self) -> list[CrosstabRow]:
        return [*self.rows, *([self.area_total] if self.area_total else [])]

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
            "area_total": (
                {
                    "label": self.area_total.label,
                    "cells": self.area_total.cells,
                    "total": self.area_total.total,
                }
                if self.area_total
                else None
            ),
            "notes": self.notes,
            "illustrative": self.illustrative,
            "edition": self.edition,
            "marking": self.marking,
        }


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
    edition: str | None = None,
) -> Crosstab:
    """``source`` broken down by ``rows`` and ``columns`` (a field, a time unit, district,
    ward or, for tables, ``measures``), counted for ``area`` in ``period``.

    ``value`` is what a cell holds: records (incident data), a measure, or a rate the
    source declares (e.g. ``engagement_rate``), in percent. ``statistic``
    ``monthly-average`` divides each cell by the months its column covers (time columns
    only). ``edition`` public or restricted applies disclosure control (see above).
    """
    spec = _spec_for(wh, source)
    if rows == columns:
        raise SaferplacesError("rows and columns must be different")
    row_dim = dimension(spec, rows, columns=False)
    col_dim = dimension(spec, columns, columns=True)
    value, value_label, kind = value_of(spec, value, columns)
    _check_statistic(statistic, columns, kind)
    disclosure = Disclosure(parse_edition(edition)) if edition else None

    where, params, notes = _filters(wh, spec, row_dim, col_dim, area, period)
    groups = q.crosstab_groups(
        wh,
        row_dim.sql,
        col_dim.sql,
        row_dim.end_sql,
        col_dim.end_sql,
        [f.name for f in spec.measures],
        spec.kind == "snapshot",
        where,
        params,
    )
    _check_time_spans(spec, groups, row_dim, col_dim)
    if spec.kind == "snapshot" and groups:
        groups = _latest_snapshots(groups, row_dim, col_dim)

    grid = Grid(spec, row_dim, col_dim, columns, value, kind)
    grid.fill(groups, _labeller(wh, spec, area))
    if not grid.cells:
        notes.append("No rows match.")
    col_labels = _time_or_ordered(wh, spec, col_dim, period, grid.col_labels(), columns)
    row_labels = _time_or_ordered(wh, spec, row_dim, period, grid.row_labels(), rows)
    for dim in (row_dim, col_dim):
        if dim.is_time:
            notes += part_period_notes(wh, spec, dim.name, period)
    table = grid.table(row_labels, col_labels, area)
    notes += grid.notes

    if disclosure is not None:
        notes += protect(table, disclosure, spec, level_of(row_dim, col_dim, area))
    stat_label = {"count": "count", "sum": "sum", "rate": "rate (%)"}[kind]
    if statistic == "monthly-average":
        _monthly_average(wh, spec, table, columns, period)
        stat_label = "monthly average"
        notes.append("Monthly average: each column's count divided by the months of it held.")
    if kind == "rate" or (columns == "measures" and spec.ratios):
        notes.append("Rates are not shown where the base is under 10.")
    illustrative = bool(q.illustrative_sources(wh, [spec.name]))
    if illustrative:
        notes.append(ILLUSTRATIVE_NOTE)

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
        rows=[r for r in table.rows if r.kind != "area total"],
        area_total=next((r for r in table.rows if r.kind == "area total"), None),
        totals=table.totals,
        grand_total=table.grand,
        notes=notes,
        statistic=stat_label,
        illustrative=illustrative,
        edition=disclosure.edition.value if disclosure else None,
        marking=disclosure.marking if disclosure else None,
    )


def _spec_for(wh: Warehouse, source: str) -> Spec:
    held = agency_sources_held(wh)
    broken = broken_sources(wh)
    if source in broken:
        raise SaferplacesError(
            f"{source} is held but its stored spec cannot be read: {broken[source]}; load "
            f"its files again with a corrected spec (`saferplaces ingest SPEC.toml PATH`)"
        )
    if source not in held:
        listed = ", ".join(held) if held else "none yet"
        raise SaferplacesError(
            f"no {source} data is loaded (sources held: {listed}); load some with "
            f"`saferplaces ingest {source} PATH`"
        )
    return spec_of(wh, source)


def _check_statistic(statistic: str, columns: str, kind: str) -> None:
    if statistic not in ("total", "monthly-average"):
        raise SaferplacesError("statistic must be total or monthly-average")
    if statistic == "monthly-average" and (columns not in TIME_UNITS or kind == "rate"):
        raise SaferplacesError(
            "a monthly average needs a time unit across the columns (year, quarter, ...) and "
            "counts or an additive measure"
        )


def _filters(
    wh: Warehouse, spec: Spec, row_dim: Dim, col_dim: Dim, area: Area | None, period: Period | None
) -> tuple[list[str], list[Any], list[str]]:
    """The WHERE clauses for the source, period and area, and notes on what they leave out."""
    where, params, notes = ["r.source = ?"], [spec.name], []
    if period is not None:
        cut = q.count_records(
            wh,
            [*where, "r.month <= ? AND r.month_end >= ? AND (r.month < ? OR r.month_end > ?)"],
            [*params, period.end_date, period.start_date, period.start_date, period.end_date],
        )
        where.append("r.month >= ? AND r.month_end <= ?")
        params += [period.start_date, period.end_date]
        if cut:
            notes.append(
                Note(
                    f"{cut:,} row(s) cover months both inside and outside {period.label}; "
                    "their counts cannot be split, so they are left out.",
                    code="crosstab.spanning-months",
                    data={"rows": cut, "period": period.label},
                )
            )
    if area is None:
        return where, params, notes
    residence = row_dim.residence or col_dim.residence or _only_residence(spec)
    if not spec.location_fields and not residence:
        raise SaferplacesError(
            f"{spec.name} records hold no incident location, so they cannot be limited to an "
            "area; break them down by "
            + (", ".join(f.name for f in spec.residence_fields) or "a field")
            + " instead"
        )
    if residence:
        notes.append(
            f"{spec.title} hold where each person lives, not where anything happened: "
            f"{area.name} means the people living there ({residence})."
        )
    if row_dim.is_place or col_dim.is_place:
        return where, params, notes  # places outside the area are rows of their own
    in_area, in_params = q.in_area_sql(area, q.area_districts(wh, area), residence)
    out = q.count_records(wh, [*where, f"NOT coalesce({in_area}, false)"], [*params, *in_params])
    where.append(in_area)
    params += in_params
    if out:
        notes.append(
            Note(
                f"{out:,} row(s) with an unknown location or outside {area.name} are left out",
                Hint("; break down by district to see them"),
                ".",
                code="crosstab.outside-area",
                data={"rows": out, "area": area.name},
            )
        )
    return where, params, notes


def _only_residence(spec: Spec) -> str | None:
    from saferplaces.sources.agency.dimensions import residence_district

    return residence_district(spec)


def _check_time_spans(spec: Spec, groups: list[dict], row_dim: Dim, col_dim: Dim) -> None:
    for g in groups:
        for dim, k, k_end in ((row_dim, "rk", "rk_end"), (col_dim, "ck", "ck_end")):
            if dim.is_time and g[k] != g[k_end]:
                raise SaferplacesError(
                    f"{spec.name} rows cover more than one {dim.name} (e.g. a row for a whole "
                    f"year cannot be split by {dim.name}); choose a longer time unit"
                )


def _latest_snapshots(groups: list[dict], row_dim: Dim, col_dim: Dim) -> list[dict]:
    """Keep, for each time bucket (or overall), only the latest snapshot's rows."""

    def bucket(g: dict) -> tuple:
        return (g["rk"] if row_dim.is_time else None, g["ck"] if col_dim.is_time else None)

    latest: dict[tuple, str] = {}
    for g in groups:
        latest[bucket(g)] = max(latest.get(bucket(g), ""), g["snap"])
    return [g for g in groups if g["snap"] == latest[bucket(g)]]


def _labeller(wh: Warehouse, spec: Spec, area: Area | None) -> Labeller:
    return Labeller(
        spec,
        area,
        q.area_districts(wh, area) if area else set(),
        q.area_wards(wh, area) if area else set(),
        q.district_names(wh),
        q.ward_names(wh),
    )


def _time_or_ordered(
    wh: Warehouse, spec: Spec, dim: Dim, period: Period | None, present: set[str], name: str
) -> list[str]:
    if name == "measures":
        return measure_columns(spec)
    if dim.is_time:
        held_map = held_months(wh, spec.name)
        held = set().union(*held_map.values()) if held_map else set()
        labels = [bucket_label(dim.name, b) for b in all_buckets(dim.name, period, held)]
        return labels + sorted(present - set(labels))
    return ordered(dim, present, spec)


def _monthly_average(
    wh: Warehouse, spec: Spec, table: Table, columns: str, period: Period | None
) -> None:
    """Each time column's values divided by the months of it held."""
    held_map = held_months(wh, spec.name)
    held = set().union(*held_map.values()) if held_map else set()
    months_in: dict[str, int] = {}
    for b in all_buckets(columns, period, held):
        ms = [m for m in bucket_months(columns, b) if m in held]
        if period:
            ms = [m for m in ms if period.first <= m <= period.last]
        months_in[bucket_label(columns, b)] = len(ms)

    def avg(cl: str, v: Value) -> Value:
        if isinstance(v, str) or v is None:
            return v
        return round(v / months_in[cl], 1) if months_in.get(cl) else None

    for r in table.rows:
        r.cells = {cl: avg(cl, v) for cl, v in r.cells.items()}
        r.total = None
    table.totals = {cl: avg(cl, v) for cl, v in table.totals.items()}
    table.grand = None
