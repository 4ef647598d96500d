"""Evidence records: generated assessments."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from saferplaces.web.evidence.models import GeneratedAssessment
from saferplaces.web.partnerships.models import Partnership


def generated_assessment(
    p: Partnership, html: str = "<!DOCTYPE html><title>SA</title><h1>SA</h1>", *, by=None, **fields
) -> GeneratedAssessment:
    """A finished assessment job with a small HTML file on disk (no build: for tests of
    the pages and rules around an assessment, not of the assessment itself)."""
    values = {
        "name": "2025-public",
        "period": "2025",
        "baseline": "2024",
        "edition": "public",
        "status": "done",
        **fields,
    }
    folder = Path(settings.SAFERPLACES_ASSESSMENTS) / p.slug / values["name"]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "assessment.html").write_text(html)
    job = GeneratedAssessment(partnership=p, **values)
    job.save_by(by)
    return job
