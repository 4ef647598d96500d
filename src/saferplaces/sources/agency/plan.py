"""What each file of a load holds, and so what it replaces (``docs/warehouse.md``).

**Incident data** replaces by provider and month, but only the months a file really
holds: the months from its first to its last *main* month. Two kinds of record are not
taken as the file holding their month:

* a record dated more than a year from the rest of the file (a year typed 2015 for
  2025) is set aside in the quarantine with the reason: it would otherwise claim, and
  wipe out, every month between;
* a few records in the month before (or after) the file's main months (a fire recorded
  late, in next month's extract) are *added* to what is held for their month, replacing
  only a record with the same id, never the month. A month counts as "a few records"
  when it holds under a fifth of the median of the file's other months and so few could
  hardly be a whole month of this file (Poisson probability under 1 in 1,000), or when
  it holds under a fifth of what is already held for that month.

**Tables** (aggregate and snapshot sources) replace by cell: a row replaces the row
held for the same period, place and breakdown (the same values of every field), so
tables sent one file per district, or per service, are kept side by side, and a
corrected file replaces the cells it holds.

>>> thin_edges({24289: 1, 24290: 30, 24291: 28}, {})
({24289}, [24290, 24291])
>>> thin_edges({24289: 1, 24290: 6}, {})  # one record is no surprise at six a month
(set(), [24289, 24290])
"""

from __future__ import annotations

import json
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.periods import format_month
from saferplaces.sources.agency import queries as q
from saferplaces.sources.agency.cells import text_of
from saferplaces.sources.agency.readers import RawTable
from saferplaces.sources.agency.records import Converted, Quarantined, Record, column_name
from saferplaces.sources.agency.spec import Spec
from saferplaces.sources.thin_months import few, few_beside_held
from saferplaces.warehouse.connection import Warehouse

# Records further than this many months from the rest of their file are set aside.
FAR_MONTHS = 12


@dataclass
class FilePlan:
    """What one file holds: the months it replaces (incidents) or covers (tables), the
    months it only adds late records to, and what it replaces in the warehouse."""

    months: set[int] = field(default_factory=set)
    added: dict[int, int] = field(default_factory=dict)  # month -> late records
    update_ids: list[tuple[str, int]] = field(default_factory=list)  # (id, month) sent again
    cells: list[tuple[int, int]] = field(default_factory=list)  # (load id, row) replaced

    def notes(self) -> list[str]:
        return [
            f"{format_month(m)}: {n:,} late record{'s' if n != 1 else ''} added to what is "
            "held for that month, not replacing it (too few to be that month's extract)"
            for m, n in sorted(self.added.items())
        ]


def clusters(months: list[int], gap: int = FAR_MONTHS) -> list[list[int]]:
    """Sorted months split wherever two are more than ``gap`` months apart."""
    out: list[list[int]] = []
    for m in sorted(months):
        if out and m - out[-1][-1] <= gap:
            out[-1].append(m)
        else:
            out.append([m])
    return out


def thin_edges(counts: dict[int, int], held: dict[int, int]) -> tuple[set[int], list[int]]:
    """(edge months holding only late records, the rest) of one file's months; ``held`` is
    how many records the warehouse already holds in each month."""
    months = sorted(counts)
    thin: set[int] = set()
    for end in (0, -1):
        while len(months) > 1:
            m = months[end]
            usual = statistics.median(counts[x] for x in months if x != m)
            # An edge month holds late records, not that month's extract, when it is thin.
            if not (few(counts[m], usual) or few_beside_held(counts[m], held.get(m, 0))):
                break
            thin.add(months.pop(end))
    return thin, months


def plan_incidents(spec: Spec, table: RawTable, cv: Converted, held: dict[int, int]) -> FilePlan:
    """The months an incident file replaces; sets aside records far from the rest.
    ``held`` is how many records are already held in each month (for the provider)."""
    counts = Counter(r.first for r in cv.records)
    if not counts:
        return FilePlan()
    groups = clusters(list(counts))
    main = max(groups, key=lambda g: (sum(counts[m] for m in g), g[-1]))
    if len(groups) > 1:
        _set_aside(spec, table, cv, set(main))
        counts = Counter(r.first for r in cv.records)
    thin, kept = thin_edges(dict(counts), held)
    return FilePlan(
        months=set(range(kept[0], kept[-1] + 1)), added={m: counts[m] for m in sorted(thin)}
    )


def _set_aside(spec: Spec, table: RawTable, cv: Converted, main: set[int]) -> None:
    date_column = column_name(spec, table, spec.date_field)  # type: ignore[arg-type]
    span = f"{format_month(min(main))} to {format_month(max(main))}"
    kept: list[Record] = []
    for r in cv.records:
        if r.first in main:
            kept.append(r)
            continue
        cv.quarantined.append(
            Quarantined(
                r.file_index,
                r.row_number,
                date_column,
                text_of(r.raw.get(date_column)) if date_column else None,
                f"date more than a year from the file's other records ({span}); check the "
                "year, or load the record in a file of its own",
                r.raw,
            )
        )
    cv.records = kept


def plan_table(cv: Converted) -> FilePlan:
    """The months a table file covers: every month its rows cover."""
    return FilePlan(months={m for r in cv.records for m in range(r.first, r.last + 1)})


def check_clash(spec: Spec, tables: list[RawTable], plans: list[FilePlan]) -> None:
    """Two incident files of one command may not hold the same month: loading them one
    after the other would keep only the second."""
    holder: dict[int, int] = {}
    for i, plan in enumerate(plans):
        for m in sorted(plan.months):
            if m in holder:
                raise SaferplacesError(
                    f"{tables[holder[m]].display} and {tables[i].display} both hold "
                    f"{format_month(m)} for {spec.scope}, and a later file replaces the months "
                    "it holds, so only one could be kept. If they are parts of one extract "
                    "(e.g. one per district), put them in one file, or give each part its own "
                    "provider ([source] provider in a spec); if one corrects the other, load "
                    "only the right one"
                )
            holder[m] = i


def cell_key(
    first: int,
    last: int,
    event_date: Any,
    lsoa: str | None,
    ward: str | None,
    lad: str | None,
    status: str,
    fields: dict[str, Any],
) -> tuple:
    """What identifies a cell of a table: its period, snapshot date, place and fields."""
    return (
        first,
        last,
        None if event_date is None else str(event_date),
        lsoa,
        ward,
        lad,
        status,
        tuple(sorted((k, json.dumps(v)) for k, v in fields.items())),
    )


def record_cell(r: Record) -> tuple:
    p = r.place
    return cell_key(
        r.first, r.last, r.event_date, p.lsoa_code, p.ward_code, p.lad_code, p.status, r.fields
    )


def replaced_cells(
    wh: Warehouse, spec: Spec, converted: list[Converted], plans: list[FilePlan]
) -> None:
    """Fill each table file's plan with the rows held for the cells it holds."""
    months = set().union(*(p.months for p in plans))
    held: dict[tuple, list[tuple[int, int]]] = {}
    for h in q.held_cells(wh, spec.name, spec.scope, months):
        key = cell_key(
            h["first"],
            h["last"],
            h["event_date"],
            h["lsoa_code"],
            h["ward_code"],
            h["lad_code"],
            h["location_status"],
            h["fields"],
        )
        held.setdefault(key, []).append((h["load_id"], h["row_number"]))
    for cv, plan in zip(converted, plans, strict=True):
        for r in cv.records:
            plan.cells += held.pop(record_cell(r), [])


def drop_loaded_ids(
    wh: Warehouse, spec: Spec, converted: list[Converted], plans: list[FilePlan]
) -> None:
    """Quarantine records whose id is already held for a month this command keeps; a late
    record held already in its own month is sent again, and replaces that record."""
    id_field = spec.id_field
    if spec.kind != "incidents" or id_field is None:
        return
    ids = sorted({r.record_id for cv in converted for r in cv.records if r.record_id})
    if not ids:
        return
    replaced = set().union(*(p.months for p in plans))
    held: dict[str, list[tuple[int, str, int]]] = {}
    for rid, month, name, row in q.held_ids(wh, spec.name, spec.scope, ids):
        if month not in replaced:
            held.setdefault(rid, []).append((month, name, row))
    for cv, plan in zip(converted, plans, strict=True):
        kept = []
        for r in cv.records:
            where = held.get(r.record_id or "")
            if not where:
                kept.append(r)
            elif r.first in plan.added and all(m == r.first for m, _, _ in where):
                plan.update_ids.append((r.record_id, r.first))  # type: ignore[arg-type]
                kept.append(r)
            else:
                _, name, row = where[0]
                cv.quarantined.append(
                    Quarantined(
                        r.file_index,
                        r.row_number,
                        id_field.columns[0],
                        r.record_id,
                        f"duplicate {id_field.name} (already loaded for another month)",
                        {**r.raw, "duplicate of": f"{name} row {row}"},
                    )
                )
        cv.records = kept
