"""One assessment element at a time: a small build context and an element built on it.

A whole assessment builds thirty chapters, the Places run and the data notes; a test
about one table or figure needs none of that. :func:`element_context` makes the context
an element builder is given (the area, the periods, the disclosure rules), over any
warehouse, and :func:`build_element` builds one element kind from its spec options, as
a chapter of the spec would::

    ctx = element_context(loaded, "South Cambridgeshire", "2025", "2024")
    [figure] = build_element(ctx, "trend", indicator="all-crime", id="overall-trend")

The indicators the element names are the context's whole indicator table, so q-values
are over those alone (in a whole assessment they are over every indicator of the spec).
"""

from __future__ import annotations

from datetime import date

from saferplaces.assessment.context import BuildContext
from saferplaces.assessment.narrative import NarrativeSource
from saferplaces.assessment.registry import element_kinds
from saferplaces.assessment.spec import ChapterSpec, ElementSpec, load_spec
from saferplaces.core.periods import parse_period
from saferplaces.disclosure import Disclosure, Edition
from saferplaces.geography.areas import force_of, resolve_area
from saferplaces.warehouse import Warehouse

CREATED = date(2026, 1, 15)


def element_context(
    wh: Warehouse,
    area: str = "South Cambridgeshire",
    period: str = "2025",
    baseline: str = "2024",
    *,
    edition: Edition = Edition.PUBLIC,
    alpha: float = 0.05,
) -> BuildContext:
    """The build context of an assessment of ``area`` (a district or CSP) for ``period``
    against ``baseline``, with the default spec and the built-in narrative."""
    a = resolve_area(wh, area)
    return BuildContext(
        wh=wh,
        area=a,
        period=parse_period(period),
        baseline=parse_period(baseline),
        spec=load_spec(),
        disclosure=Disclosure(edition),
        narrative=NarrativeSource(None),
        alpha=alpha,
        created=CREATED,
        force=force_of(wh, a),
    )


def build_element(
    ctx: BuildContext,
    kind: str,
    *,
    chapter: str = "topic",
    title: str = "Topic",
    chapter_indicators: list[str] | None = None,
    **options,
) -> list:
    """The blocks (tables, figures) element ``kind`` builds with ``options`` (the keys
    the spec gives it: ``indicator``, ``indicators``, ``id`` ...) in a topic chapter
    ``chapter`` whose indicators are ``chapter_indicators``."""
    spec = ChapterSpec(
        id=chapter,
        kind="topic",
        title=title,
        options={"indicators": chapter_indicators or []},
        line=0,
    )
    named = [options["indicator"]] if "indicator" in options else options.get("indicators", [])
    ctx.available([str(i) for i in [*(chapter_indicators or []), *named]], title)
    return element_kinds()[kind].build(ctx, spec, ElementSpec(kind=kind, options=options, line=0))
