"""Every extension point of saferplaces, declared once.

A plugin is a module (or object) with functions named after these hooks and marked
``@saferplaces.hookimpl``. The built-in capabilities are plugins too, listed in
:data:`saferplaces.extensions.DEFAULT_PLUGINS`: police.uk and the agency sources add
their sources, indicators and coverage here exactly as a third party's package would.
:func:`saferplaces.extensions.load` calls every hook once at start-up and puts what each
returns in the registry that owns it (the right-hand column of ``docs/architecture.md``'s
table of extension points, which a test keeps complete).

Each hook returns what it adds (or ``None``); nothing registers itself by being imported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from saferplaces.assessment.registry import ElementKind, SectionKind
    from saferplaces.document.kinds import DocumentKind
    from saferplaces.geography.reference import ReferenceFile
    from saferplaces.indicators.registry import Indicator
    from saferplaces.indicators.tables import UnplacedFn
    from saferplaces.quality.coverage import CoverageFn, Credit
    from saferplaces.quality.report import QualitySection
    from saferplaces.sources.registry import Source
    from saferplaces.warehouse.connection import Warehouse

hookspec = pluggy.HookspecMarker("saferplaces")


@hookspec
def saferplaces_sources() -> Iterable[Source]:
    """Sources ``saferplaces ingest SOURCE`` loads: ``Source(name, title, load, help)``
    with ``load(wh, paths, *, on_progress=None, **kw) -> LoadReport``.

    Owner: :func:`saferplaces.sources.registry.register_source`."""


@hookspec
def saferplaces_source_files() -> Mapping[str, Callable[[str], Source]]:
    """{file suffix: f(path) -> Source}: a file named as SOURCE that declares its own
    source (``saferplaces ingest my-spec.toml FILE``).

    Owner: :func:`saferplaces.sources.registry.register_source_file`."""


@hookspec
def saferplaces_indicators() -> Iterable[Indicator]:
    """Indicators: what is counted, from which source, per what (an ``events`` SQL the
    counting engine counts for any area, unit and period). Their ``aliases`` name them
    too. An id another source's indicator holds is refused.

    Owner: :func:`saferplaces.indicators.registry.register`."""


@hookspec
def saferplaces_coverage() -> Mapping[str, CoverageFn]:
    """{indicator source: f(wh, area, period) -> Coverage}: which months a source holds,
    so no comparison is made over missing months.

    Owner: :func:`saferplaces.quality.coverage.register_coverage`."""


@hookspec
def saferplaces_source_labels() -> Mapping[str, str]:
    """{source: short name for notes} ("police.uk", "Fire and rescue incidents").

    Owner: :func:`saferplaces.quality.coverage.register_label`."""


@hookspec
def saferplaces_source_credits() -> Mapping[str, Credit]:
    """{source: how a table or figure from it is credited}: the text ("Fire and rescue
    incidents (Cambridgeshire Fire and Rescue Service)"), or f(wh, force area) -> text
    for a credit naming what the warehouse holds (police.uk names the force).

    Owner: :func:`saferplaces.quality.coverage.register_credit`."""


@hookspec
def saferplaces_source_descriptions() -> Mapping[str, str]:
    """{source: what a document's data notes say about it after its credit} ("monthly
    street-level records from data.police.uk ...").

    Owner: :func:`saferplaces.quality.coverage.register_description`."""


@hookspec
def saferplaces_unplaced_counts() -> Mapping[str, UnplacedFn]:
    """{source: f(wh, indicator, force, periods) -> (location unknown, outside the force
    area) per period}: the extra rows of a districts table for a source whose records
    carry no police force.

    Owner: :func:`saferplaces.indicators.tables.register_unplaced`."""


@hookspec
def saferplaces_quality_sections() -> Iterable[QualitySection]:
    """Sections of the data-quality report: ``f(wh, area, report)`` adds a source's
    coverage, location and quarantine rows and notes to ``report``.

    Owner: :func:`saferplaces.quality.report.register_quality_section`."""


@hookspec
def saferplaces_reference_files() -> Iterable[ReferenceFile]:
    """Reference files besides the bundled geography (harm weights, postcode districts).
    An optional bundled file whose table is empty in an older warehouse is loaded the next
    time that warehouse is written to.

    Owner: :func:`saferplaces.geography.reference.register_reference_file`."""


@hookspec
def saferplaces_section_kinds() -> Iterable[SectionKind]:
    """Chapters an assessment spec can name (``kind: topic``).

    Owner: :func:`saferplaces.assessment.registry.register_section`."""


@hookspec
def saferplaces_element_kinds() -> Iterable[ElementKind]:
    """Tables and figures a topic chapter's *Issues* can name (``trend``, ``ward-map``).

    Owner: :func:`saferplaces.assessment.registry.register_element`."""


@hookspec
def saferplaces_document_kinds() -> Iterable[DocumentKind]:
    """Documents a reader can ask for: ``DocumentKind(name, title, build, help, where)``,
    ``build`` naming the builder (``"package.module:function"``) that returns the
    ``Document`` the shared renderer writes in every format.

    Owner: :func:`saferplaces.document.kinds.register_document_kind`."""


@hookspec
def saferplaces_warehouse_opened(wh: Warehouse) -> None:
    """Register what a warehouse itself declares (the indicators of sources a partnership
    declared in its own dataset spec, stored with their loads). Called when a program
    opens its warehouse, and again only when what it declares has changed.

    Owner: :func:`saferplaces.extensions.load_warehouse`."""
