"""The sources ``saferplaces ingest SOURCE`` knows, registered by name.

Each plugin that adds a source returns it from ``saferplaces_sources`` (see
:mod:`saferplaces.extensions.hookspecs`); the CLI lists and dispatches through this
registry and never names a source itself.
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
# File suffix (".toml") -> the source a file of that kind declares.
_SOURCE_FILES: dict[str, Callable[[str], Source]] = {}


def register_source(source: Source) -> None:
    _SOURCES[source.name] = source


def register_source_file(suffix: str, source_of: Callable[[str], Source]) -> None:
    """Let a file ending in ``suffix`` be named as SOURCE: ``source_of(path)`` reads it."""
    _SOURCE_FILES[suffix.lower()] = source_of


def sources() -> list[Source]:
    return sorted(_SOURCES.values(), key=lambda s: s.name)


def get_source(name: str) -> Source:
    if name in _SOURCES:
        return _SOURCES[name]
    for suffix, source_of in _SOURCE_FILES.items():
        if name.lower().endswith(suffix):
            # A file of the user's own (a dataset spec): it names the source it loads into.
            return source_of(name)
    if not _SOURCES:
        raise SaferplacesError(
            "no sources are registered: call saferplaces.extensions.load() first"
        )
    raise SaferplacesError(
        f"unknown source {name!r}; choose one of: {', '.join(sorted(_SOURCES))}"
        + (" (or give a dataset spec file)" if _SOURCE_FILES else "")
    )


def ingest(wh: Warehouse, source: str, paths: list[str | Path], **kwargs) -> LoadReport:
    return get_source(source).load(wh, paths, **kwargs)
