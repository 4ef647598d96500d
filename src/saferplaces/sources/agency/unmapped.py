"""Words a file uses in a descriptive category field that its spec does not map.

A row holding one is loaded with the field "unknown"
(:func:`saferplaces.sources.agency.records.convert`), not quarantined: an age band the
spec does not list says nothing about whether or where the incident happened. Each load
counts those rows per field and word, says so in the load summary and keeps the counts
with its load record (table ``load_warning``):

>>> for part in message("age_band", "30-44", 412, "amb.toml").split("; "):
...     print(part)
age_band: 412 rows with '30-44' not in the spec's values: loaded as unknown
add it to [fields.age_band.values] in amb.toml to map it
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from saferplaces.sources.agency.records import Record
from saferplaces.sources.agency.spec import Spec


@dataclass(frozen=True)
class UnmappedValue:
    field: str
    value: str
    rows: int
    message: str


def message(field: str, value: str, rows: int, spec_file: str) -> str:
    return (
        f"{field}: {rows:,} row{'s' if rows != 1 else ''} with {value!r} not in the spec's "
        f"values: loaded as unknown; add it to [fields.{field}.values] in {spec_file} to map it"
    )


def unmapped_values(spec: Spec, records: Iterable[Record]) -> list[UnmappedValue]:
    """Rows loaded as "unknown", per field and word: the most rows first."""
    counts = Counter(pair for r in records if r.unmapped for pair in r.unmapped)
    spec_file = spec.origin if spec.origin not in ("", "built-in") else "a dataset spec"
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [UnmappedValue(f, v, n, message(f, v, n, spec_file)) for (f, v), n in ordered]
