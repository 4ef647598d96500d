"""Turning a file's rows into typed records, or quarantined rows with the reason.

:func:`bind_columns` finds each field's column in the header (a required field with no
column fails the file with one line naming the column and what the header has).
:func:`convert` reads every row field by field in the spec's order; the first field that
cannot be read quarantines the row, naming the column, the value and why, except a word
the spec does not map in a descriptive category field (one no indicator selects by),
which is loaded as "unknown" and counted for the load's warnings. Points are
placed in LSOAs for the whole file at once (:func:`saferplaces.sources.agency.location.
place_points`).
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from saferplaces.core.errors import InputFileError
from saferplaces.core.periods import index_of
from saferplaces.sources.agency import cells as c
from saferplaces.sources.agency.cells import Bad
from saferplaces.sources.agency.location import (
    LOCATED,
    OUTSIDE,
    UNKNOWN,
    Geography,
    Place,
    place_points,
    read_pair,
)
from saferplaces.sources.agency.readers import RawTable
from saferplaces.sources.agency.spec import Field, Spec, value_key

# A column of this name marks rows made by `saferplaces demo-data` (any source).
ILLUSTRATIVE_COLUMN = "illustrative"
# What a descriptive field holds when the file's word is not in the spec's values.
UNMAPPED_VALUE = "unknown"


@dataclass
class Record:
    file_index: int
    row_number: int
    record_id: str | None
    event_date: date | None
    first: int  # month index of the first month the row covers
    last: int
    place: Place
    fields: dict[str, Any]
    measures: dict[str, int | float] | None
    raw: dict[str, Any]
    illustrative: bool = False
    # (field, the file's word) of each descriptive field loaded as "unknown" because the
    # spec does not map the word: counted into the load's warnings.
    unmapped: list[tuple[str, str]] | None = None


@dataclass
class Quarantined:
    file_index: int
    row_number: int
    field: str | None  # the column as the file names it
    value: str | None
    reason: str
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def record_json(self) -> str:
        return json.dumps({k: c.text_of(v) for k, v in self.raw.items()}, ensure_ascii=False)


@dataclass
class Converted:
    records: list[Record]
    quarantined: list[Quarantined]


def bind_columns(spec: Spec, table: RawTable) -> dict[str, int | None]:
    """{field: column index} for the header; fails the file if a required column is absent."""
    index: dict[str, int] = {}
    for i, h in enumerate(table.header):
        index.setdefault(value_key(h), i)
    bound: dict[str, int | None] = {}
    missing: list[Field] = []
    for f in spec.fields:
        found = next((index[value_key(col)] for col in f.columns if value_key(col) in index), None)
        bound[f.name] = found
        if found is None and f.required:
            missing.append(f)
    if missing:
        f = missing[0]
        wanted = " or ".join(repr(col) for col in f.columns)
        close = difflib.get_close_matches(f.columns[0], table.header, n=1, cutoff=0.6)
        hint = (
            f" (is {close[0]!r} it? map it with column = {close[0]!r} in the spec)" if close else ""
        )
        shown = ", ".join(table.header[:12]) + (" ..." if len(table.header) > 12 else "")
        more = (
            f"; also missing: {', '.join(m.name for m in missing[1:])}" if len(missing) > 1 else ""
        )
        raise InputFileError(
            table.display,
            f"missing column {wanted} for the {spec.name} field {f.name}{hint}{more}; "
            f"the header has: {shown}",
            row=table.header_row,
        )
    return bound


def column_name(spec: Spec, table: RawTable, name: str | None) -> str | None:
    """The file's own header for the field ``name`` (None if the file lacks it)."""
    if name is None:
        return None
    index = {value_key(h): h for h in table.header}
    return next(
        (index[value_key(c)] for c in spec.field(name).columns if value_key(c) in index), None
    )


def convert(spec: Spec, table: RawTable, file_index: int, geo: Geography) -> Converted:
    """Every row of ``table`` as a record or a quarantined row."""
    bound = bind_columns(spec, table)
    illustrative_at = next(
        (i for i, h in enumerate(table.header) if value_key(h) == ILLUSTRATIVE_COLUMN), None
    )
    records: list[Record] = []
    quarantined: list[Quarantined] = []
    points: dict[int, tuple[float, float]] = {}
    latlon: list[int] = []
    bng: list[int] = []
    memo: dict = {}
    descriptive = spec.descriptive_fields
    plan = _Plan.of(spec, bound)
    for number, row in table.rows:
        raw = dict(zip(table.header, row, strict=False))
        try:
            rec, point = _convert_row(spec, bound, row, geo, memo, descriptive, plan)
        except _RowError as e:
            col = bound.get(e.field.name) if e.field else None
            column = table.header[col] if col is not None else (e.field.name if e.field else None)
            value = (
                e.bad.value
                if e.bad.value is not None
                else (c.text_of(row[col]) if col is not None else None)
            )
            if e.bad.hint:
                raw = {**raw, "did you mean": e.bad.hint}
            quarantined.append(Quarantined(file_index, number, column, value, str(e.bad), raw))
            continue
        rec.file_index, rec.row_number, rec.raw = file_index, number, raw
        if illustrative_at is not None:
            rec.illustrative = c.key(c.text_of(row[illustrative_at]) or "") in c.YES
        if point is not None:
            points[len(records)] = point[1]
            (latlon if point[0] == "latlon" else bng).append(len(records))
        records.append(rec)
    if points:
        at_sea = set(place_points(geo, [r.place for r in records], latlon, bng, points))
        if at_sea:
            easting = next(f for f in spec.location_fields if f.type == "easting")
            column = column_name(spec, table, easting.name) or easting.name
            for i in sorted(at_sea):
                r = records[i]
                e, n = points[i]
                quarantined.append(
                    Quarantined(
                        file_index,
                        r.row_number,
                        column,
                        f"{e:g}, {n:g}",
                        "easting and northing are outside Great Britain (on the grid, but "
                        "they convert to a place at sea)",
                        r.raw,
                    )
                )
            records = [r for i, r in enumerate(records) if i not in at_sea]
    if spec.outside_area == "quarantine":
        kept = []
        for r in records:
            if r.place.status == OUTSIDE:
                quarantined.append(
                    Quarantined(
                        file_index,
                        r.row_number,
                        None,
                        None,
                        f"location outside the area ({r.place.note or 'outside'})",
                        r.raw,
                    )
                )
            else:
                kept.append(r)
        records = kept
    return Converted(records, quarantined)


class _RowError(Exception):
    def __init__(self, f: Field | None, bad: Bad) -> None:
        self.field = f
        self.bad = bad


def _cell(row: list[Any], bound: dict[str, int | None], f: Field) -> Any:
    i = bound[f.name]
    return row[i] if i is not None else None


def _memo(memo: dict, read, cell: Any, f: Field) -> Any:
    """``read(cell, f)``, remembered: a file repeats its dates and categories many times."""
    try:
        k = (f.name, type(cell), cell)
        hit = memo.get(k, memo)
    except TypeError:  # an unhashable cell
        return read(cell, f)
    if hit is memo:
        try:
            hit = memo[k] = (read(cell, f), None)
        except Bad as e:
            hit = memo[k] = (None, e)
    if hit[1] is not None:
        raise hit[1]
    return hit[0]


@dataclass(frozen=True)
class _Plan:
    """What reading a row of one file needs, worked out once per file, not per row: each
    field read in the row loop with its column and reader, in the spec's order."""

    steps: tuple[tuple[Field, int | None, str], ...]
    at_most: tuple[Field, ...]
    by_type: dict[str, Field]
    id_field: Field | None
    today: int

    @classmethod
    def of(cls, spec: Spec, bound: dict[str, int | None]) -> _Plan:
        steps = []
        for f in spec.fields:
            t = f.type
            if t in ("latitude", "longitude", "easting", "northing", "lsoa", "ward"):
                continue  # read together by _place
            if t in ("postcode_district", "district") and f.of == "incident":
                continue
            steps.append((f, bound[f.name], t))
        return cls(
            tuple(steps),
            tuple(f for f in spec.measures if f.at_most),
            {f.type: f for f in spec.location_fields},
            spec.id_field,
            index_of(date.today()),
        )


_READERS = {
    "date": c.read_date,
    "period": c.read_period,
    "period_start": c.read_month_start,
    "period_end": c.read_month_end,
    "category": c.read_category,
    "flag": c.read_flag,
}


def _convert_row(
    spec: Spec,
    bound: dict[str, int | None],
    row: list[Any],
    geo: Geography,
    memo: dict | None = None,
    descriptive: frozenset[str] = frozenset(),
    plan: _Plan | None = None,
) -> tuple[Record, tuple[str, tuple[float, float]] | None]:
    memo = {} if memo is None else memo
    plan = plan or _Plan.of(spec, bound)
    values: dict[str, Any] = {}
    unmapped: list[tuple[str, str]] | None = None
    measures: dict[str, int | float] = {}
    period_start = period_end = None
    period: tuple[int, int] | None = None
    for f, i, t in plan.steps:
        cell = row[i] if i is not None else None
        try:
            reader = _READERS.get(t)
            if reader is not None:
                try:
                    v = _memo(memo, reader, cell, f)
                except c.Unmapped:
                    if f.name not in descriptive:
                        raise
                    v = UNMAPPED_VALUE
                    unmapped = [*(unmapped or []), (f.name, c.text_of(cell) or "")]
                if t == "period":
                    period = v
                elif t == "period_start":
                    period_start = v
                elif t == "period_end":
                    period_end = v
                else:
                    values[f.name] = v
            elif t in ("integer", "number"):
                v = c.read_number(cell, f, whole=t == "integer")
                if f.measure:
                    if v is None:
                        v = 0
                    measures[f.name] = v
                else:
                    values[f.name] = v
            elif t == "district":  # a residence
                code, status = geo.district(cell, f)
                values[f.name] = code or ("outside" if status == OUTSIDE else "unknown")
            elif t == "postcode_district":  # a residence
                code, _ = geo.postcode_district(cell, f)
                values[f.name] = code or "unknown"
            else:  # id, text
                values[f.name] = c.read_text(cell, f)
        except Bad as e:
            raise _RowError(f, e) from None

    for f in plan.at_most:
        if measures.get(f.name, 0) > measures.get(f.at_most, 0):  # type: ignore[arg-type]
            raise _RowError(
                f,
                Bad(
                    f"{f.name} is more than {f.at_most}",
                    f"{measures[f.name]:g} > {measures.get(f.at_most, 0):g}",
                ),
            )

    place, point = _place(spec, bound, row, geo, plan.by_type)

    if spec.kind == "aggregate":
        if period is None:
            assert period_start is not None and period_end is not None
            if period_end < period_start:
                end_field = next(f for f in spec.fields if f.type == "period_end")
                raise _RowError(end_field, Bad("the period ends before it starts"))
            period = (period_start, period_end)
        first, last = period
        event_date = None
    else:
        event_date = values.pop(spec.date_field)  # type: ignore[arg-type]
        if event_date is None:
            raise _RowError(spec.field(spec.date_field), Bad(f"blank {spec.date_field}"))  # type: ignore[arg-type]
        first = last = index_of(event_date)
    if first > plan.today:
        # A date typed 2099 would become the latest month held and every default period.
        when = (
            next(f for f in spec.fields if f.type in ("period", "period_start"))
            if spec.kind == "aggregate"
            else spec.field(spec.date_field)  # type: ignore[arg-type]
        )
        raise _RowError(when, Bad("date after the current month (in the future; check the year)"))
    id_field = plan.id_field
    record_id = values.pop(id_field.name) if id_field else None
    fields = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in values.items()}
    return (
        Record(
            file_index=0,
            row_number=0,
            record_id=record_id,
            event_date=event_date,
            first=first,
            last=last,
            place=place,
            fields=fields,
            measures=measures or None,
            raw={},
            unmapped=unmapped,
        ),
        point,
    )


def _place(
    spec: Spec,
    bound: dict[str, int | None],
    row: list[Any],
    geo: Geography,
    by_type: dict[str, Field] | None = None,
) -> tuple[Place, tuple[str, tuple[float, float]] | None]:
    if by_type is None:
        by_type = {f.type: f for f in spec.location_fields}
    place = Place()
    notes: list[str] = []
    point = None
    for a, b, kind in (("latitude", "longitude", "latlon"), ("easting", "northing", "bng")):
        if a in by_type:
            fa, fb = by_type[a], by_type[b]
            try:
                pair = read_pair(_cell(row, bound, fa), _cell(row, bound, fb), fa, fb, kind)
            except Bad as e:
                raise _RowError(fa, e) from None
            if pair is not None and point is None:
                point = (kind, pair)
    district = status = None
    if "district" in by_type:
        f = by_type["district"]
        try:
            district, status = geo.district(_cell(row, bound, f), f)
        except Bad as e:
            raise _RowError(f, e) from None
    lsoa = ward = pcd = None
    if "lsoa" in by_type:
        f = by_type["lsoa"]
        try:
            lsoa, note = geo.lsoa(_cell(row, bound, f), f)
        except Bad as e:
            raise _RowError(f, e) from None
        notes += [note] if note else []
    if "ward" in by_type:
        f = by_type["ward"]
        try:
            ward, note = geo.ward(_cell(row, bound, f), f, district)
        except Bad as e:
            raise _RowError(f, e) from None
        notes += [note] if note else []
    if "postcode_district" in by_type:
        f = by_type["postcode_district"]
        try:
            pcd, note = geo.postcode_district(_cell(row, bound, f), f)
        except Bad as e:
            raise _RowError(f, e) from None
        notes += [note] if note else []
    if lsoa:
        place = Place(lsoa_code=lsoa, located_by="lsoa", status=LOCATED)
    elif ward:
        place = Place(
            ward_code=ward, lad_code=geo.ward_lad[ward], located_by="ward", status=LOCATED
        )
    elif district:
        place = Place(lad_code=district, located_by="district", status=LOCATED)
    elif pcd:
        place = Place(lad_code=pcd, located_by="postcode district", status=LOCATED)
    elif status == OUTSIDE:
        place = Place(located_by="district", status=OUTSIDE)
    else:
        place = Place(status=UNKNOWN)
    place.note = "; ".join(notes) or None
    return place, point
