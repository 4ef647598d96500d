"""police.uk as a plugin: its source, indicators, coverage, labels, credit and the data
notes' description of it, given to the extension points
(:mod:`saferplaces.extensions.hookspecs`) as any source's are."""

from __future__ import annotations

from saferplaces import hookimpl
from saferplaces.geography.areas import Area, force_names
from saferplaces.sources.police_uk.coverage import POLICE_SOURCE, police_coverage
from saferplaces.sources.police_uk.indicators import SOURCE, police_uk_indicators
from saferplaces.sources.police_uk.other_files.quality import other_files_quality_section
from saferplaces.sources.police_uk.quality import police_quality_section
from saferplaces.sources.registry import Source
from saferplaces.warehouse.connection import Warehouse


def ingest_police_uk(wh: Warehouse, paths, **kwargs):
    """:func:`saferplaces.sources.police_uk.loader.ingest_police_uk`, imported when a load
    runs: the loader brings pyarrow, which start-up never needs."""
    from saferplaces.sources.police_uk.loader import ingest_police_uk as load

    return load(wh, paths, **kwargs)


@hookimpl
def saferplaces_sources():
    return [
        Source(
            "police-uk",
            "police.uk street-level crime and ASB",
            ingest_police_uk,
            "Monthly police.uk street files (.csv, .csv.gz, folders, or police.uk .zip archives)",
        )
    ]


@hookimpl
def saferplaces_indicators():
    return police_uk_indicators()


@hookimpl
def saferplaces_coverage():
    return {SOURCE: police_coverage}


@hookimpl
def saferplaces_quality_sections():
    return [police_quality_section, other_files_quality_section]


@hookimpl
def saferplaces_source_labels():
    # The indicator source, and the name its loads carry in ``load_coverage``.
    return {POLICE_SOURCE: "police.uk", SOURCE: "police.uk"}


CREDIT = "police.uk street-level crime and anti-social behaviour (Home Office)"


def police_credit(wh: Warehouse, force: Area | None) -> str:
    """The credit, naming the force whose records these are ("..., Cambridgeshire
    Constabulary")."""
    names = force_names(wh, force) if force is not None else []
    return CREDIT + (f", {' and '.join(names)}" if names else "")


@hookimpl
def saferplaces_source_credits():
    return {SOURCE: police_credit}


@hookimpl
def saferplaces_source_descriptions():
    return {
        SOURCE: "monthly street-level records from data.police.uk. Locations are anonymised "
        "to nearby points, and the crime type is the one first recorded."
    }
