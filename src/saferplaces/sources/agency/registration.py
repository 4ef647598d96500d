"""The built-in agency sources as ``ingest`` sources, and a user's spec file as one."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.messages import Param
from saferplaces.sources.agency.spec import builtin_names
from saferplaces.sources.agency.spec_reader import builtin_spec, load_spec
from saferplaces.sources.registry import Source


def ingest_agency(wh, paths, **kwargs):
    """:func:`saferplaces.sources.agency.loader.ingest_agency`, imported when a load runs:
    the loader brings pyproj, Shapely and pyarrow, which listing sources never needs."""
    from saferplaces.sources.agency.loader import ingest_agency as load

    return load(wh, paths, **kwargs)


def builtin_sources() -> list[Source]:
    """Every built-in agency source, as ``ingest`` knows it."""
    return [
        Source(
            name,
            spec.title,
            partial(ingest_agency, source=name),
            f"{spec.agency}: {spec.kind} (CSV or XLSX; a dataset spec for other layouts)",
            accepts_spec=True,
        )
        for name in builtin_names()
        for spec in [builtin_spec(name)]
    ]


def spec_file_source(path: str) -> Source:
    """A source read by the user's spec file (``saferplaces ingest my-spec.toml FILE``)."""
    if not Path(path).is_file():
        raise SaferplacesError(f"{path}: no such spec file")
    spec = load_spec(path)

    def load(wh, paths, *, on_progress=None, spec=None, encoding=None, accept_partial=True):
        if spec is not None:
            raise SaferplacesError(
                "give the spec once: as SOURCE or as the spec (",
                Param("spec", "spec"),
                "), not both",
                code="agency.spec-twice",
            )
        return ingest_agency(
            wh,
            paths,
            spec=path,
            encoding=encoding,
            on_progress=on_progress,
            accept_partial=accept_partial,
        )

    return Source(spec.name, spec.title, load, f"read by {path}", accepts_spec=True)
