"""Download the agenda pack and the minutes as PDF or Word."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.text import slugify

from saferplaces.web.core.access import partnership_view
from saferplaces.web.meetings import documents
from saferplaces.web.meetings.models import Meeting
from saferplaces.web.meetings.visibility import log_restricted

TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _respond(content: bytes, name: str, fmt: str) -> HttpResponse:
    resp = HttpResponse(content, content_type=TYPES[fmt])
    resp["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return resp


@partnership_view(None, public=True)
def agenda_pack(request, p, pk, fmt):
    meeting = get_object_or_404(Meeting.objects.live(), pk=pk, partnership=p)
    if fmt not in TYPES:
        raise Http404
    ctx = documents.agenda_context(meeting, request.user)
    log_restricted(request.user, ctx["shown"], "download")
    content = (
        documents.pdf("documents/agenda_pack.html", ctx)
        if fmt == "pdf"
        else documents.agenda_docx(ctx)
    )
    return _respond(content, f"agenda-{slugify(p.slug)}-{meeting.date:%Y-%m-%d}", fmt)


@partnership_view(None, public=True)
def minutes(request, p, pk, fmt):
    meeting = get_object_or_404(Meeting.objects.live(), pk=pk, partnership=p)
    if fmt not in TYPES:
        raise Http404
    ctx = documents.minutes_context(meeting, request.user)
    log_restricted(request.user, ctx["shown"], "download")
    content = (
        documents.pdf("documents/minutes.html", ctx)
        if fmt == "pdf"
        else documents.minutes_docx(ctx)
    )
    return _respond(content, f"minutes-{slugify(p.slug)}-{meeting.date:%Y-%m-%d}", fmt)
