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
from saferplaces.core.periods import Period
from saferplaces.disclosure import (
    HIDDEN,
    KEY,
    SMALL,
    Disclosure,
    parse_edition,
    primary_mask,
    secondary_mask,
)
from saferplaces.geography.areas import Area
from saferplaces.sources.agency import queries as q
from saferplaces.sources.agency.coverage import held_months
from saferplaces.sources.agency.dimensions import (
    GEO_UNITS,
    OUTSIDE_HELD,
    UNKNOWN,
    Dim,
    Labeller,
    column_value,
    dimension,
    measure_columns,
    ordered,
    value_of,
)
from saferplaces.sources.agency.quality import agency_sources_held, spec_of
from saferplaces.sources.agency.spec import Spec
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

Value = float | int | str | None  # a number, or "<5" / "[c]" where suppressed


@dataclass
class CrosstabRow:
    label: str
    cells: dict[str, Value]
    total: Value
    kind: str = "value"  # value | area total | location unknown | outside | total


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

    grid = _Grid(spec, row_dim, col_dim, columns, value, kind)
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
        notes += _protect(table, disclosure, spec, _level(row_dim, col_dim, area))
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
                f"{cut:,} row(s) cover months both inside and outside {period.label}; their "
                "counts cannot be split, so they are left out."
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
            f"{out:,} row(s) with an unknown location or outside {area.name} are left "
            "out; break down by district to see them."
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


@dataclass
class _Table:
    rows: list[CrosstabRow]
    totals: dict[str, Value]
    grand: Value
    counts: dict[tuple[str, str], int | float | None]  # what disclosure looks at


class _Grid:
    """The parts of every cell (records, periods covered, snapshot, each measure), and
    the values worked out from them."""

    def __init__(
        self, spec: Spec, row_dim: Dim, col_dim: Dim, columns: str, value: str, kind: str
    ) -> None:
        self.spec, self.row_dim, self.col_dim = spec, row_dim, col_dim
        self.by_measures = columns == "measures"
        self.value, self.kind = value, kind
        self.cells: dict[tuple[str, str], dict[str, Any]] = {}
        self.row_kind: dict[str, str] = {}
        self.snapshot_times: set[str] = set()  # time labels holding a snapshot
        self.latest: str | None = None  # the latest snapshot date in the table
        self.notes: list[str] = []

    def fill(self, groups: list[dict], labeller: Labeller) -> None:
        measures = [f.name for f in self.spec.measures]
        for g in groups:
            rl, rkind = labeller.label(self.row_dim, g["rk"], g["status"], g["district"])
            self.row_kind.setdefault(rl, rkind)
            targets = (
                measure_columns(self.spec)
                if self.by_measures
                else [labeller.label(self.col_dim, g["ck"], g["status"], g["district"])[0]]
            )
            for cl in targets:
                acc = self.cells.setdefault((rl, cl), {"n": 0, "spans": set(), "snaps": set()})
                acc["n"] += g["n"]
                acc["spans"].add(g["span"])
                if g["snap"]:
                    acc["snaps"].add(g["snap"])
                    self.latest = max(self.latest or "", g["snap"])
                    for dim, label in ((self.row_dim, rl), (self.col_dim, cl)):
                        if dim.is_time:
                            self.snapshot_times.add(label)
                for m in measures:
                    acc[m] = acc.get(m, 0.0) + (g[m] or 0.0)

    def row_labels(self) -> set[str]:
        return {r for r, _ in self.cells}

    def col_labels(self) -> set[str]:
        return {c for _, c in self.cells}

    @property
    def _snapshot_over_time(self) -> bool:
        return self.spec.kind == "snapshot" and (self.row_dim.is_time or self.col_dim.is_time)

    def _no_snapshot(self, *labels: str) -> bool:
        """A time row or column in which no snapshot was taken: blank, not zero."""
        if not self._snapshot_over_time:
            return False
        times = [
            label
            for dim, label in zip((self.row_dim, self.col_dim), labels, strict=False)
            if dim.is_time and label is not None
        ]
        return any(t not in self.snapshot_times for t in times)

    def _parts(self, keys: list[tuple[str, str]], across_time: bool) -> list[dict[str, Any]]:
        parts = [self.cells[k] for k in keys if k in self.cells]
        if across_time and self._snapshot_over_time:
            # Snapshots are never added: a total across time is the latest snapshot.
            parts = [p for p in parts if self.latest in p["snaps"]]
        return parts

    def compute(
        self, parts: list[dict[str, Any]], column: str | None, total: bool
    ) -> tuple[Value, int | float | None]:
        """(value shown, the count behind it) from a cell's (or a total's) parts."""
        v, k = (
            column_value(self.spec, column)
            if self.by_measures and column
            else (
                self.value,
                self.kind,
            )
        )
        if k == "rate":
            ratio = next(r for r in self.spec.ratios if r.id == v)
            num = sum(p.get(ratio.numerator, 0.0) for p in parts)
            den = sum(p.get(ratio.denominator, 0.0) for p in parts)
            return (None if den < 10 else round(100.0 * num / den, 1)), _whole(num)
        if v == "records":
            n = int(sum(p["n"] for p in parts))
            return n, n
        if not self.spec.field(v).additive and len(set().union(*(p["spans"] for p in parts))) > 1:
            if total:
                return None, None  # people in treatment in different periods do not add up
            raise SaferplacesError(
                f"{v} counts people during each reporting period, so it cannot be added across "
                "periods; break it down by the reporting period (e.g. --columns year) or give a "
                "--period that holds one reporting period"
            )
        t = _whole(sum(p.get(v, 0.0) for p in parts))
        return t, t

    def table(self, row_labels: list[str], col_labels: list[str], area: Area | None) -> _Table:
        counts: dict[tuple[str, str], int | float | None] = {}
        rows: list[CrosstabRow] = []
        col_time = self.col_dim.is_time
        for rl in row_labels:
            cells: dict[str, Value] = {}
            for cl in col_labels:
                if self._no_snapshot(rl, cl):
                    cells[cl] = counts[(rl, cl)] = None
                    continue
                cells[cl], counts[(rl, cl)] = self.compute(
                    self._parts([(rl, cl)], False), cl, False
                )
            total: Value = None
            if not self.by_measures and not self._no_snapshot(rl, None):
                keys = [(rl, cl) for cl in col_labels]
                total, counts[(rl, "")] = self.compute(self._parts(keys, col_time), None, True)
            rows.append(CrosstabRow(rl, cells, total, self.row_kind.get(rl, "value")))
        if area is not None and self.row_dim.is_place:
            rows = self._with_area_total(rows, row_labels, col_labels, area)
        row_time = self.row_dim.is_time
        real = [r for r in row_labels]
        totals: dict[str, Value] = {}
        for cl in col_labels:
            if self._no_snapshot(None, cl):
                totals[cl] = None
                continue
            totals[cl] = self.compute(self._parts([(rl, cl) for rl in real], row_time), cl, True)[0]
        grand: Value = None
        if not self.by_measures:
            keys = [(rl, cl) for rl in real for cl in col_labels]
            grand = self.compute(self._parts(keys, row_time or col_time), None, True)[0]
        if self._snapshot_over_time and self.latest:
            self.notes.append(
                f"Totals across time are the latest snapshot, {self.latest} (snapshots are "
                "never added); a time column with no snapshot is blank."
            )
        elif self.spec.kind == "snapshot" and self.latest:
            self.notes.append(
                f"Caseload on the latest snapshot held, {self.latest} (snapshots are never added)."
            )
        return _Table(rows, totals, grand, counts)

    def _with_area_total(
        self, rows: list[CrosstabRow], row_labels: list[str], col_labels: list[str], area: Area
    ) -> list[CrosstabRow]:
        """A row for the area's own districts or wards together, before the rows outside
        it: the figure a district is set against (e.g. the county's rate)."""
        inside = [r.label for r in rows if r.kind == "value"]
        col_time = self.col_dim.is_time
        cells: dict[str, Value] = {}
        for cl in col_labels:
            if self._no_snapshot(None, cl):
                cells[cl] = None
                continue
            cells[cl] = self.compute(self._parts([(rl, cl) for rl in inside], False), cl, True)[0]
        total: Value = None
        if not self.by_measures:
            keys = [(rl, cl) for rl in inside for cl in col_labels]
            total = self.compute(self._parts(keys, col_time), None, True)[0]
        at = next((i for i, r in enumerate(rows) if r.kind != "value"), len(rows))
        return [
            *rows[:at],
            CrosstabRow(f"{area.name} total", cells, total, "area total"),
            *rows[at:],
        ]


def _whole(x: float) -> int | float:
    return int(x) if float(x).is_integer() else x


def _level(row_dim: Dim, col_dim: Dim, area: Area | None) -> str:
    """The finest geography a table shows: a ward table (or any table for a ward) is
    below district level."""
    if "ward" in (row_dim.name, col_dim.name) or (area is not None and area.level == "ward"):
        return "ward"
    return "district"


def _protect(table: _Table, disclosure: Disclosure, spec: Spec, level: str) -> list[str]:
    """Suppress small counts in place (public edition); mark a restricted one."""
    notes: list[str] = []
    if disclosure.marking:
        notes.append(f"{disclosure.marking}: not for publication (small counts are shown in full).")
    if not disclosure.applies(sensitive=spec.sensitive, level=level):
        return notes
    body = [r for r in table.rows if r.kind != "area total"]
    cols = list(body[0].cells) if body else []
    keys = [*cols, ""]  # "" is the row's total
    grid = [[_count(table.counts.get((r.label, c))) for c in keys] for r in body]
    small = primary_mask(grid)
    hidden = secondary_mask(grid, small)
    inside = [i for i, r in enumerate(body) if r.kind == "value"]
    while inside:  # the area total is a sum too: protect within the area's own rows
        sub = secondary_mask([grid[i] for i in inside], [hidden[i] for i in inside])
        changed = False
        for j, i in enumerate(inside):
            if sub[j] != hidden[i]:
                hidden[i], changed = sub[j], True
        if not changed:
            break
        hidden = secondary_mask(grid, hidden)
    n_small = n_hidden = 0
    for i, r in enumerate(body):
        for j, c in enumerate(keys):
            if not hidden[i][j]:
                continue
            mark = SMALL if small[i][j] else HIDDEN
            n_small += small[i][j]
            n_hidden += not small[i][j]
            if c == "":
                r.total = mark
            else:
                r.cells[c] = mark
    if n_small:
        notes.append(
            f"Public edition: {n_small} count(s) from 1 to 4 of sensitive data below district "
            f"level are shown as {SMALL}, and {n_hidden} other(s) as {HIDDEN}. {KEY}"
        )
    return notes


def _count(v: int | float | None) -> int | None:
    if v is None:
        return None
    return int(v) if float(v).is_integer() else None


def _monthly_average(
    wh: Warehouse, spec: Spec, table: _Table, columns: str, period: Period | None
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
