"""The cells of a pivot table: what each holds (records, periods covered, snapshot
dates, every measure) and the values worked out from them, with row, column and area
totals. Snapshots are never added: a total across time is the latest snapshot, and a
time row or column with no snapshot is blank.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.messages import Hint, Param
from saferplaces.geography.areas import Area
from saferplaces.sources.agency.dimensions import Dim, Labeller, column_value, measure_columns
from saferplaces.sources.agency.spec import Spec

Value = float | int | str | None  # a number, or "<5" / "[c]" where suppressed


@dataclass
class CrosstabRow:
    label: str
    cells: dict[str, Value]
    total: Value
    kind: str = "value"  # value | area total | location unknown | outside | total


@dataclass
class Table:
    rows: list[CrosstabRow]
    totals: dict[str, Value]
    grand: Value
    counts: dict[tuple[str, str], int | float | None]  # what disclosure looks at


class Grid:
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
                "periods; break it down by the reporting period",
                Hint(" (e.g. ", Param("columns", "columns", "year"), ")"),
                " or choose a period that holds one reporting period",
                code="agency.not-additive",
            )
        t = _whole(sum(p.get(v, 0.0) for p in parts))
        return t, t

    def table(self, row_labels: list[str], col_labels: list[str], area: Area | None) -> Table:
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
        return Table(rows, totals, grand, counts)

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
