"""Agency extracts declared by dataset specs: fire, ambulance, hospital, police force,
council and service data, or any source a partnership declares in TOML.

The loader (and with it pyproj, Shapely and pyarrow) is imported on first use, so
listing sources or counting indicators never pays for it.
"""

from __future__ import annotations

from typing import Any

from saferplaces.sources.agency.spec import Spec, SpecError, builtin_names
from saferplaces.sources.agency.spec_reader import builtin_spec, load_spec, parse_spec

__all__ = [
    "Spec",
    "SpecError",
    "builtin_names",
    "builtin_spec",
    "ingest_agency",
    "load_spec",
    "parse_spec",
]


def __getattr__(name: str) -> Any:
    if name == "ingest_agency":
        from saferplaces.sources.agency.loader import ingest_agency

        return ingest_agency
    raise AttributeError(name)
