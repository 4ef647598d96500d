"""Building the demo assessment for tests (the fixtures live in ``tests/conftest.py``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from saferplaces.assessment.produce import Produced, produce
from saferplaces.core.periods import parse_period
from saferplaces.disclosure import Edition
from saferplaces.geography.areas import resolve_area
from saferplaces.warehouse import Warehouse

CREATED = date(2026, 1, 15)


def produce_demo(
    warehouse: Path,
    out: Path,
    edition: str,
    *,
    period: str = "2025",
    baseline: str = "2024",
    formats: tuple[str, ...] = ("html", "pdf", "docx", "xlsx"),
    spec: Path | None = None,
    narrative: Path | None = None,
    read_only: bool = True,
) -> Produced:
    # read_only=False lets the assessment store the place-flags run its Places chapter
    # shows, when none is held for the period.
    with Warehouse.open(warehouse, read_only=read_only) as wh:
        return produce(
            wh,
            resolve_area(wh, "South Cambridgeshire"),
            parse_period(period),
            parse_period(baseline),
            out,
            spec_path=spec,
            narrative_dir=narrative,
            formats=formats,
            edition=Edition(edition),
            created=CREATED,
        )
