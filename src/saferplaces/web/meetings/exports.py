"""Download the agenda pack and the minutes: the documents built in
:mod:`saferplaces.web.meetings.documents`, rendered by the shared renderer as HTML, PDF,
Word or a workbook."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.text import slugify

from saferplaces.render.write import FORMATS
from saferplaces.web.core.access import partnership_view
from saferplaces.web.documents import document_response
from saferplaces.web.meetings import documents
from saferplaces.web.meetings.models import Meeting
from saferplaces.web.meetings.visibility import log_restricted


@partnership_view(None, public=True)
def agenda_pack(request, p, pk, fmt):
    meeting = get_object_or_404(Meeting.objects.live(), pk=pk, partnership=p)
    if fmt not in FORMATS:
        raise Http404
    ctx = documents.agenda_context(meeting, request.user)
    log_restricted(request.user, ctx["shown"], "download")
    name = f"agenda-{slugify(p.slug)}-{meeting.date:%Y-%m-%d}"
    return document_response(documents.agenda_document(ctx), name, fmt)


@partnership_view(None, public=True)
def minutes(request, p, pk, fmt):
    meeting = get_object_or_404(Meeting.objects.live(), pk=pk, partnership=p)
    if fmt not in FORMATS:
        raise Http404
    ctx = documents.minutes_context(meeting, request.user)
    log_restricted(request.user, ctx["shown"], "download")
    name = f"minutes-{slugify(p.slug)}-{meeting.date:%Y-%m-%d}"
    return document_response(documents.minutes_document(ctx), name, fmt)
