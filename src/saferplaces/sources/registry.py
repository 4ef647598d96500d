"""The sources ``saferplaces ingest SOURCE`` knows, registered by name.

Each capability that adds a source registers a loader here; the CLI lists and
dispatches through this registry and never names a source itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from saferplaces.core.errors import SaferplacesError
from saferplaces.warehouse.connection import Warehouse
from saferplaces.warehouse.loads import LoadReport

Loader = Callable[..., LoadReport]  # (wh, paths, *, on_progress=None, spec=None)


@dataclass(frozen=True)
class Source:
    name: str
    title: str
    load: Loader
    help: str
    accepts_spec: bool = False  # True: the loader takes spec= (a dataset spec file)


_SOURCES: dict[str, Source] = {}
_BUILTIN_LOADED = False


def register_source(source: Source) -> None:
    _SOURCES[source.name] = source


def sources() -> list[Source]:
    _load_builtin()
    return sorted(_SOURCES.values(), key=lambda s: s.name)


def get_source(name: str) -> Source:
    _load_builtin()
    if name in _SOURCES:
        return _SOURCES[name]
    if name.lower().endswith(".toml"):
        # A dataset spec file of the user's own: it names the source it loads into.
        from saferplaces.sources.agency.registration import spec_file_source

        return spec_file_source(name)
    raise SaferplacesError(
        f"unknown source {name!r}; choose one of: {', '.join(sorted(_SOURCES))}"
        " (or give a dataset spec file)"
    )


def _load_builtin() -> None:
    # A flag, not "is police-uk registered?", so a source registered early by another
    # capability never stops the built-in ones from registering.
    global _BUILTIN_LOADED
    if _BUILTIN_LOADED:
        return
    _BUILTIN_LOADED = True
    from saferplaces.sources.agency.registration import register_builtin_sources
    from saferplaces.sources.police_uk.loader import ingest_police_uk

    _SOURCES.setdefault(
        "police-uk",
        Source(
            "police-uk",
            "police.uk street-level crime and ASB",
            ingest_police_uk,
            "Monthly police.uk street files (.csv, .csv.gz, folders, or police.uk .zip archives)",
        ),
    )
    register_builtin_sources(register_source)


def ingest(wh: Warehouse, source: str, paths: list[str | Path], **kwargs) -> LoadReport:
    return get_source(source).load(wh, paths, **kwargs)
