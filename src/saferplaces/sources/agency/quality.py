"""The agency sources' part of ``saferplaces quality``, and their gaps for data notes.

For every agency source held: the months covered and missing inside the range; the
months after its last month that other sources already hold ("December 2025 not yet
received"); whether its latest file came later than the source's expected lag; rows
with no usable location, placed only by district, or outside the area held; record ids
held more than once; rows held that are illustrative; and words in descriptive fields its
spec does not map, loaded as unknown. Rows not loaded are listed by reason with every
other source's (the quarantine section is shared).
"""

from __future__ import annotations

from functools import lru_cache

from saferplaces.core.periods import Period, format_month
from saferplaces.geography.areas import Area
from saferplaces.quality.report import QualityReport
from saferplaces.sources.agency import queries as q
from saferplaces.sources.agency.coverage import held_months, months_usable
from saferplaces.sources.agency.spec import BUILTIN_ORDER, Spec, SpecError, is_builtin
from saferplaces.sources.agency.spec_reader import builtin_spec, spec_from_texts
from saferplaces.warehouse.connection import Warehouse


def month_name(i: int) -> str:
    """A month index named as people write it: ``March 2025``."""
    return Period(i, i).label


def _runs(months: list[int]) -> str:
    """[2025-11, 2025-12] -> 'November 2025 to December 2025'; one month is named alone."""
    if not months:
        return ""
    parts, start, prev = [], months[0], months[0]
    for m in [*months[1:], None]:
        if m is not None and m == prev + 1:
            prev = m
            continue
        parts.append(
            month_name(start) if start == prev else f"{month_name(start)} to {month_name(prev)}"
        )
        if m is not None:
            start = prev = m
    return ", ".join(parts)


def agency_sources_held(wh: Warehouse) -> list[str]:
    """Agency sources with any load in force, built-in ones first in their usual order;
    a source whose stored spec no longer reads is left out (see :func:`broken_sources`),
    so one broken source never takes the others down."""
    names = q.sources_held(wh)
    broken = broken_sources(wh)
    return [n for n in BUILTIN_ORDER if n in names] + sorted(
        names - set(BUILTIN_ORDER) - set(broken)
    )


def broken_sources(wh: Warehouse) -> dict[str, str]:
    """{source: why} of the sources held whose stored spec no longer reads (a spec an
    earlier saferplaces accepted and this one refuses)."""
    out = {}
    for source in sorted(q.sources_held(wh) - set(BUILTIN_ORDER)):
        try:
            spec_of(wh, source)
        except SpecError as e:
            out[source] = str(e)
    return out


def spec_of(wh: Warehouse, source: str) -> Spec:
    """The spec that read the source's latest load (the built-in one for built-in sources)."""
    if is_builtin(source):
        return builtin_spec(source)
    texts = q.latest_spec_texts(wh, source)
    if texts is None:
        raise KeyError(source)
    return _stored_spec(tuple(texts), source)


@lru_cache(maxsize=64)
def _stored_spec(texts: tuple[str, ...], source: str) -> Spec:
    # Read again on every page and count otherwise; a spec that fails is not kept.
    return spec_from_texts(texts, f"stored spec for {source}")


def horizon(wh: Warehouse) -> int | None:
    """The latest month any source holds (police.uk included), as a month index."""
    return q.latest_month_held(wh)


def _gaps(months: set[int]) -> list[int]:
    if not months:
        return []
    return [m for m in range(min(months), max(months) + 1) if m not in months]


def _cadence(wh: Warehouse, spec: Spec) -> int | None:
    """How many months one delivery covers: 1 for incident data, the usual span of a
    table's rows (3 for quarterly, 12 for yearly), None for snapshots (no cadence)."""
    if spec.kind == "incidents":
        return 1
    if spec.kind == "snapshot":
        return None
    return q.usual_span(wh, spec.name)


def _not_yet(months: set[int], top: int | None, cadence: int | None) -> list[int]:
    """Whole deliveries after the last month held that other sources already cover."""
    if not months or top is None or not cadence:
        return []
    last = max(months)
    whole = (top - last) // cadence * cadence
    return list(range(last + 1, last + whole + 1))


def _late(wh: Warehouse, spec: Spec, scope: str) -> str | None:
    """The latest file, if it was loaded later than the source's expected lag."""
    if spec.expected_lag_days is None:
        return None
    latest = q.latest_file(wh, spec.name, scope)
    if latest is None:
        return None
    name, last_month, finished = latest
    month_end = q.month_date(last_month + 1)
    days = (finished.date() - month_end).days
    if days <= spec.expected_lag_days:
        return None
    return (
        f"the latest file ({name.rsplit('/', 1)[-1]}, to {month_name(last_month)}) was loaded "
        f"{days} days after that month ended; {spec.title} is expected within "
        f"{spec.expected_lag_days} days"
    )


def agency_quality_section(wh: Warehouse, area: Area | None, report: QualityReport) -> None:
    """Add every agency source to ``report`` (registered in ``EXTRA_SECTIONS``).

    Agency sources are not held by force, so they are listed whatever ``area`` is. The
    ``force`` key holds the provider (blank when the spec names none).
    """
    top = horizon(wh)
    illustrative: list[str] = []
    for source, why in broken_sources(wh).items():
        report.broken.append({"source": source, "reason": why})
        report.notes.append(
            f"{source}: its stored spec cannot be read, so its records are left out of every "
            f"count until it is loaded again with a corrected spec ({why})"
        )
    for source in agency_sources_held(wh):
        spec = spec_of(wh, source)
        held = held_months(wh, source)
        locations = {r[0]: r for r in q.location_counts(wh, source)}
        dup_n, dup_example = q.duplicate_ids(wh, source)
        label = spec.title
        for scope, months in sorted(held.items()):
            last_loaded = q.last_loaded(wh, source, scope)
            loc = locations.get(scope, (scope, 0, 0, 0, 0, 0, 0))
            snapshot = spec.kind == "snapshot"
            # Snapshots are taken every few months: the months between are not missing.
            gaps = [] if snapshot else _gaps(months)
            not_yet = _not_yet(months, top, _cadence(wh, spec))
            made_up = int(loc[6]) == int(loc[1]) and int(loc[1]) > 0
            late = None if made_up else _late(wh, spec, scope)
            report.coverage.append(
                {
                    "source": source,
                    "force": None if scope == source else scope,
                    "first_month": format_month(min(months)),
                    "last_month": format_month(max(months)),
                    "months_present": len(months),
                    "missing_months": [format_month(m) for m in gaps],
                    "not_yet_received": [format_month(m) for m in not_yet],
                    "late": late,
                    "duplicate_ids": dup_n,
                    "rows": int(loc[1]),
                    "illustrative_rows": int(loc[6]),
                    "last_loaded": last_loaded.isoformat(timespec="seconds")
                    if last_loaded
                    else None,
                }
            )
            if spec.location_fields:
                report.location.append(
                    {
                        "source": source,
                        "force": None if scope == source else scope,
                        "rows": int(loc[1]),
                        "location_unknown": int(loc[2]),
                        "lsoa_not_in_lookup": int(loc[3]),
                        "outside_force_area": int(loc[4]),
                        "district_only": int(loc[5]),
                    }
                )
            if gaps:
                report.notes.append(
                    f"{label}: months missing inside {month_name(min(months))} to "
                    f"{month_name(max(months))}: {_runs(gaps)}"
                )
            if not_yet:
                report.notes.append(
                    f"{label}: {_runs(not_yet)} not yet received (other sources run to "
                    f"{month_name(top)})"  # type: ignore[arg-type]
                )
            if late:
                report.notes.append(f"{label}: {late}")
            if loc[6]:
                illustrative.append(f"{label} ({int(loc[6]):,} of {int(loc[1]):,} rows)")
        unmapped = q.unmapped_in_force(wh, source)
        if unmapped:
            words = ", ".join(
                f"{field} {value!r} ({n:,} row{'s' if n != 1 else ''})"
                for field, value, n in unmapped[:5]
            ) + (f" and {len(unmapped) - 5} more" if len(unmapped) > 5 else "")
            report.notes.append(
                f"{label}: rows loaded with a value read as unknown, its word not in the "
                f"spec's values: {words}; map each under [fields.NAME.values] in the spec "
                "and load the files again"
            )
        if dup_n:
            report.notes.append(
                f"{label}: {dup_n:,} record id(s) are held more than once (e.g. "
                f"{dup_example!r}); check the extracts do not overlap"
            )
        if not spec.location_fields:
            report.notes.append(
                f"{label}: the records hold no incident location; they are counted by "
                + (", ".join(f.name for f in spec.residence_fields) or "no place")
            )
    if illustrative:
        report.notes.append(
            "Illustrative data (made by `saferplaces demo-data`), not real: "
            + "; ".join(illustrative)
        )


def data_gaps(wh: Warehouse, period: Period) -> list[str]:
    """One sentence per agency source whose data does not cover ``period`` fully.

    For an assessment's data notes, e.g. "Ambulance call-outs for assault: December
    2025 not held (not yet received)".
    """
    out = []
    top = horizon(wh)
    for source in agency_sources_held(wh):
        spec = spec_of(wh, source)
        usable, _ = months_usable(wh, source, period)
        missing = [m for m in range(period.first, period.last + 1) if m not in usable]
        if not missing:
            continue
        held = set().union(*held_months(wh, source).values())
        after = [m for m in missing if held and m > max(held)]
        why = ""
        if after and len(after) == len(missing) and top is not None and max(after) <= top:
            why = " (not yet received)"
        out.append(f"{spec.title}: {_runs(missing)} not held{why} for {period.label}")
    return out


def first_rows_not_loaded(wh: Warehouse, load_ids: list[int], limit: int = 5) -> list[dict]:
    """The first rows the loads ``load_ids`` did not load, each with where and why."""
    return q.first_rows_not_loaded(wh, load_ids, limit)
