"""What ``saferplaces sources`` shows: each source's fields, indicators and example."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from saferplaces.sources.agency.cells import human_format
from saferplaces.sources.agency.spec import Spec, builtin_names, is_builtin
from saferplaces.sources.agency.spec_reader import builtin_spec, load_spec


def _resolution(spec: Spec, geography: str) -> str:
    return "district" if geography != "incident" else spec.derived_resolution


def describe(spec: Spec) -> dict[str, Any]:
    """A spec as plain data (for listing, JSON and the docs)."""
    return {
        "name": spec.name,
        "title": spec.title,
        "agency": spec.agency,
        "kind": spec.kind,
        "description": " ".join(spec.description.split()),
        "date_field": spec.date_field,
        "resolution": spec.derived_resolution,
        "origin": spec.origin,
        "header": spec.canonical_header,
        "fields": [
            {
                "name": f.name,
                "columns": list(f.columns),
                "type": f.type,
                "required": f.required,
                "allowed": list(f.allowed),
                "formats": " or ".join(human_format(x) for x in f.formats),
                "of": f.of,
                "measure": f.measure,
                "label": f.label,
            }
            for f in spec.fields
        ],
        "indicators": [
            {
                "id": i.id,
                "name": i.name,
                "sensitive": i.sensitive,
                "resolution": _resolution(spec, i.geography),
                "measure": i.measure,
                "geography": i.geography,
            }
            for i in spec.indicators
        ],
        "ratios": [{"id": r.id, "name": r.name} for r in spec.ratios],
        "example": example_rows(spec),
        "layout": "canonical" if spec.builtin else "this spec's",
        "texts": list(spec.texts),
    }


def example_rows(spec: Spec) -> list[list[str]]:
    """The example rows in the spec's own layout: one value under every column of
    :attr:`Spec.canonical_header` (blank for a location field a spec adds), dates written
    in the spec's first format, so the example is a file the spec reads."""
    out = []
    for row in spec.example:
        cells = []
        for i, f in enumerate(spec.fields):
            v = row[i] if i < len(row) else ""
            if f.formats and f.type in ("date", "period_start", "period_end"):
                v = _formatted(v, f.formats[0])
            cells.append(v)
        out.append(cells)
    return out


def _formatted(value: str, fmt: str) -> str:
    try:
        return date.fromisoformat(value).strftime(fmt)
    except ValueError:
        return value  # not an ISO date: shown as the example gives it


def source_catalogue() -> list[dict[str, Any]]:
    """Every built-in source, described."""
    return [describe(builtin_spec(n)) for n in builtin_names()]


def describe_source(name: str) -> dict[str, Any]:
    """A built-in source by name, or the source a spec file declares."""
    if is_builtin(name):
        return describe(builtin_spec(name))
    if name.lower().endswith(".toml") or Path(name).is_file():
        return describe(load_spec(name))
    return describe(builtin_spec(name))  # raises, listing the built-in sources
