"""The built-in agency sources as ``ingest`` sources, and a user's spec file as one."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from saferplaces.core.errors import SaferplacesError
from saferplaces.sources.agency.loader import ingest_agency
from saferplaces.sources.agency.spec import builtin_names, builtin_spec, load_spec


def register_builtin_sources(register: Callable) -> None:
    """Register every built-in agency source with ``register(Source(...))``."""
    from saferplaces.sources.registry import Source

    for name in builtin_names():
        spec = builtin_spec(name)
        register(
            Source(
                name,
                spec.title,
                partial(ingest_agency, source=name),
                f"{spec.agency}: {spec.kind} (CSV or XLSX; --spec FILE for other layouts)",
                accepts_spec=True,
            )
        )


def spec_file_source(path: str):
    """A source read by the user's spec file (``saferplaces ingest my-spec.toml FILE``)."""
    from saferplaces.sources.registry import Source

    if not Path(path).is_file():
        raise SaferplacesError(f"{path}: no such spec file")
    spec = load_spec(path)

    def load(wh, paths, *, on_progress=None, spec=None, encoding=None):
        if spec is not None:
            raise SaferplacesError("give the spec once: as SOURCE or with --spec, not both")
        return ingest_agency(wh, paths, spec=path, encoding=encoding, on_progress=on_progress)

    return Source(spec.name, spec.title, load, f"read by {path}", accepts_spec=True)
