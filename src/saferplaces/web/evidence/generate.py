"""Generating the strategic assessment from the web app, in a background thread.

The same library call as ``saferplaces assess`` (:func:`saferplaces.assessment.produce.
produce`), writing into ``<assessments folder>/<partnership slug>/<name>/``. It takes
about twenty seconds for a district, so the request only records a
:class:`GeneratedAssessment` and starts a thread; the status page follows it. The
library writes every format into a temporary folder and moves them into place at the
end, so a failed generation leaves nothing half-written.

The warehouse is read under the shared (read-only) lock. Should a chapter need to store
something (a place flags run for the period, say), the read-only connection refuses and
the generation runs again with the warehouse opened for writing.
"""

from __future__ import annotations

import threading
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, close_old_connections, transaction
from django.utils import timezone
from django.utils.text import slugify

from saferplaces.core.periods import parse_period
from saferplaces.web.core.files import keep_private
from saferplaces.web.evidence.assessments import folder
from saferplaces.web.evidence.models import GeneratedAssessment
from saferplaces.web.evidence.phrasing import web_text
from saferplaces.web.evidence.warehouse import open_evidence

FORMATS = ("html", "pdf", "docx", "xlsx")


def folder_name(period: str, baseline: str, edition: str, when: datetime) -> str:
    """``2025-against-2024-public-20261121-101500``: readable, sortable, unique enough."""
    stamp = timezone.localtime(when).strftime("%Y%m%d-%H%M%S")
    base = f"{slugify(period)}-against-{slugify(baseline) or 'previous'}-{edition}-{stamp}"
    return base[:110]


def request_assessment(p, user, period: str, baseline: str, edition: str) -> GeneratedAssessment:
    """Record the request (audited) and start generating it."""
    now = timezone.now()
    name = folder_name(period, baseline, edition, now)
    for n in range(1, 10):
        try:
            with transaction.atomic():
                job = GeneratedAssessment(
                    partnership=p,
                    name=name if n == 1 else f"{name}-{n}",
                    period=period,
                    baseline=baseline,
                    edition=edition,
                    status="queued",
                    started_on=now,
                )
                job.save_by(user)
            break
        except IntegrityError:
            continue
    start(job)
    return job


def start(job: GeneratedAssessment) -> None:
    """Run in a thread; with ``SAFERPLACES_ASSESSMENT_INLINE`` (tests), in the request."""
    if getattr(settings, "SAFERPLACES_ASSESSMENT_INLINE", False):
        generate(job.pk)
        return
    # The request's transaction must commit first: the thread reads the record anew.
    transaction.on_commit(
        lambda: threading.Thread(
            target=_in_thread, args=(job.pk,), daemon=True, name=job.name
        ).start()
    )


def _in_thread(pk: int) -> None:
    try:
        generate(pk)
    finally:
        close_old_connections()


def _set(pk: int, **fields) -> None:
    # Progress is bookkeeping, not a change anyone made: the request was audited.
    GeneratedAssessment.objects.filter(pk=pk).update(**fields)


def generate(pk: int) -> GeneratedAssessment:
    """Produce the assessment the record asks for; the record says how it went."""
    from saferplaces.assessment.produce import produce
    from saferplaces.disclosure import parse_edition

    job = GeneratedAssessment.objects.select_related("partnership").get(pk=pk)
    _set(pk, status="running", started_on=timezone.now())
    formats = tuple(getattr(settings, "SAFERPLACES_ASSESSMENT_FORMATS", FORMATS))
    out = folder(job.partnership) / job.name
    period = parse_period(job.period)
    baseline = parse_period(job.baseline) if job.baseline else None
    edition = parse_edition(job.edition)

    try:
        # Read-only: building an assessment never writes to the warehouse (the Places
        # chapter shows a flags run already made, or is left out).
        with open_evidence(job.partnership) as (wh, area):
            produce(wh, area, period, baseline, out, formats=formats, edition=edition)
    except Exception as e:  # any failure is reported on the status page, in one line
        first = (web_text(e).strip().splitlines() or [type(e).__name__])[0]
        _set(pk, status="failed", error=first[:500], finished_on=timezone.now())
    else:
        keep_private(out.parent)
        _set(pk, status="done", error="", finished_on=timezone.now())
    job.refresh_from_db()
    return job
