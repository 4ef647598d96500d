"""Agency extracts declared by dataset specs: fire, ambulance, hospital, police force,
council and service data, or any source a partnership declares in TOML."""

from saferplaces.sources.agency.loader import ingest_agency
from saferplaces.sources.agency.spec import (
    Spec,
    SpecError,
    builtin_names,
    builtin_spec,
    load_spec,
    parse_spec,
)

__all__ = [
    "Spec",
    "SpecError",
    "builtin_names",
    "builtin_spec",
    "ingest_agency",
    "load_spec",
    "parse_spec",
]
