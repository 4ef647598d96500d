"""Checks across a spec's fields: the date or period, measures, ratios and indicators fit
together, and a user's indicators take no built-in id. Each failure is one line naming
the spec file and the table (:class:`SpecError`).
"""

from __future__ import annotations

import math
from typing import Any

from saferplaces.sources.agency.spec import PERIOD_TYPES, Field, Spec, SpecError


def validate(spec: Spec, where: str) -> None:
    """Cross-field checks: the date, the period, measures and indicators fit the fields."""
    names = [f.name for f in spec.fields]
    if len(set(names)) != len(names):
        raise SpecError(where, "declares a field twice")
    types = {f.name: f.type for f in spec.fields}
    ids = [f.name for f in spec.fields if f.type == "id"]
    if len(ids) > 1:
        raise SpecError(where, f"has more than one id field ({', '.join(ids)})")
    if spec.kind in ("incidents", "snapshot"):
        if not isinstance(spec.date_field, str) or not spec.date_field:
            raise SpecError(where, "[source] date_field must name the field holding the date")
        if types.get(spec.date_field) != "date":
            raise SpecError(
                where, f"[source] date_field {spec.date_field!r} is not a field of type date"
            )
    if spec.kind == "aggregate":
        periods = {t for t in types.values() if t in PERIOD_TYPES}
        if periods not in ({"period"}, {"period_start", "period_end"}):
            raise SpecError(
                where,
                "an aggregate table needs a field of type period, or two fields of types "
                "period_start and period_end",
            )
    if spec.kind in ("aggregate", "snapshot") and not spec.measures:
        raise SpecError(where, f"a {spec.kind} table needs at least one measure (measure = true)")
    measures = {f.name for f in spec.measures}
    for f in spec.fields:
        if f.at_most and f.at_most not in measures:
            raise SpecError(where, f"[fields.{f.name}] at_most {f.at_most!r} is not a measure")
    loc = {f.type for f in spec.location_fields}
    if ("latitude" in loc) != ("longitude" in loc) or ("easting" in loc) != ("northing" in loc):
        raise SpecError(
            where, "coordinates come in pairs: latitude with longitude, easting with northing"
        )
    for r in spec.ratios:
        for part in (r.numerator, r.denominator):
            if part not in measures:
                raise SpecError(where, f"[ratios] {r.id}: {part!r} is not a measure")
        if r.indicator and spec.kind != "aggregate":
            raise SpecError(
                where,
                f"[ratios] {r.id}: only a table of counts (aggregate) has proportion indicators",
            )
    ids = spec.indicator_ids
    if len(set(ids)) != len(ids):
        raise SpecError(where, "declares an indicator id twice")
    residence = {f.name for f in spec.residence_fields}
    for ind in spec.indicators:
        table = f"indicators {ind.id}"
        if spec.kind != "incidents" and ind.measure not in measures:
            raise SpecError(where, f"[{table}] needs measure = one of {', '.join(measures)}")
        if ind.measure is not None:
            m = spec.field(ind.measure) if ind.measure in measures else None
            if m is None:
                raise SpecError(where, f"[{table}] measure {ind.measure!r} is not a measure")
            if not m.additive:
                raise SpecError(
                    where,
                    f"[{table}] {ind.measure} counts people over a period and cannot be "
                    "added across periods (additive = false); it cannot be an indicator",
                )
        if spec.kind == "snapshot":
            raise SpecError(
                where, f"[{table}] a snapshot table has no indicators (it is not a count)"
            )
        if ind.geography != "incident" and ind.geography not in residence:
            raise SpecError(
                where,
                f"[{table}] geography must be 'incident' or a residence field "
                f"({', '.join(residence) or 'none declared'})",
            )
        for key, cond in ind.where.items():
            if key not in types:
                raise SpecError(where, f"[{table}] where: {key!r} is not a field")
            _check_condition(where, table, spec.field(key), cond)


def _check_condition(where: str, table: str, f: Field, cond: Any) -> None:
    if isinstance(cond, dict):
        if set(cond) != {"present"} or not isinstance(cond["present"], bool):
            raise SpecError(where, f"[{table}] where.{f.name}: use {{ present = true|false }}")
        return
    values = cond if isinstance(cond, list) else [cond]
    for v in values:
        if f.type == "flag":
            if not isinstance(v, bool):
                raise SpecError(where, f"[{table}] where.{f.name}: a flag is true or false")
        elif f.type == "category":
            if not isinstance(v, str) or v.casefold() not in {a.casefold() for a in f.allowed}:
                raise SpecError(
                    where,
                    f"[{table}] where.{f.name}: {v!r} is not one of {', '.join(f.allowed)}",
                )
        elif f.type in ("integer", "number"):
            if isinstance(v, bool) or not isinstance(v, int | float):
                raise SpecError(where, f"[{table}] where.{f.name}: {v!r} is not a number")
            if not math.isfinite(v):
                # inf and nan read as TOML numbers, but no record holds them: as SQL they
                # broke every count of every source.
                raise SpecError(where, f"[{table}] where.{f.name}: {v!r} is not a finite number")
        elif not isinstance(v, str | int | float) or isinstance(v, bool):
            raise SpecError(where, f"[{table}] where.{f.name}: {v!r} cannot be compared")


def check_builtin_ids(where: str, spec: Spec) -> None:
    """A user's indicator may not take the id (or alias) of a built-in indicator."""
    from saferplaces.indicators.registry import taken

    tables = [f"indicators {i + 1}] id" for i in range(len(spec.indicators))]
    tables += [f"ratios {r.id}] indicator" for r in spec.ratios if r.indicator]
    for table, ident in zip(tables, spec.indicator_ids, strict=True):
        other = taken(ident)
        if other is not None and other.source != spec.name:
            raise SpecError(
                where,
                f"[{table} {ident!r} is a built-in indicator ({other.name}, from "
                f"{other.source}); choose another id",
            )
