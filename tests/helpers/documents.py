"""Building the demo assessment for tests (the fixtures live in ``tests/conftest.py``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from saferplaces.assessment.produce import produce
from saferplaces.core.periods import parse_period
from saferplaces.disclosure import Edition
from saferplaces.geography.areas import resolve_area
from saferplaces.render.write import Produced
from saferplaces.warehouse import Warehouse

CREATED = date(2026, 1, 15)


def run_spec_flags(wh: Warehouse, area: str = "South Cambridgeshire", period: str = "2025") -> None:
    """Make the place-flags run the built-in spec's Places chapter shows, as `make demo`
    does before its assessment (building an assessment reads runs, never makes one)."""
    from saferplaces.assessment.spec import load_spec
    from saferplaces.places.chapter import flag_settings, make_chapter_run

    district, p = resolve_area(wh, area), parse_period(period)
    flags = dict(load_spec().chapter("places").get("flags") or {})
    make_chapter_run(wh, district, p, flag_settings(wh, district, p, **flags))


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
