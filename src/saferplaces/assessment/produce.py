"""Build the assessment and write it in every format asked for (through
:func:`saferplaces.render.write.render_document`): the one library call behind
``saferplaces assess``.

>>> FORMATS
('html', 'pdf', 'docx', 'xlsx')
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from saferplaces import extensions
from saferplaces.assessment.builder import AssessmentError, build_assessment
from saferplaces.assessment.spec import load_spec
from saferplaces.core.periods import Period
from saferplaces.disclosure import Edition
from saferplaces.geography.areas import Area
from saferplaces.render.write import FORMATS, Produced, render_document
from saferplaces.warehouse.connection import Warehouse

BASENAME = "assessment"


def parse_formats(text: str) -> tuple[str, ...]:
    wanted = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        raise AssessmentError(
            f"format {', '.join(unknown) or text!r} is not known; choose from {', '.join(FORMATS)}"
        )
    return wanted


def produce(
    wh: Warehouse,
    area: Area,
    period: Period,
    baseline: Period | None,
    out_dir: Path,
    *,
    spec_path: Path | None = None,
    narrative_dir: Path | None = None,
    formats: tuple[str, ...] = FORMATS,
    edition: Edition = Edition.PUBLIC,
    created: date | None = None,
) -> Produced:
    """Build the assessment of ``area`` and write it into ``out_dir``."""
    import time

    # The document producer's start-up: its section and element kinds, and the sources
    # and indicators it reads, are registered (once) before the spec is read.
    extensions.load()
    extensions.load_warehouse(wh)

    t = time.perf_counter()
    doc = build_assessment(
        wh,
        area,
        period,
        baseline,
        spec=load_spec(spec_path),
        narrative_dir=narrative_dir,
        edition=edition,
        created=created,
    )
    built = time.perf_counter() - t
    produced = render_document(doc, out_dir, formats, BASENAME)
    produced.timings = {"build": built, **produced.timings}
    return produced
