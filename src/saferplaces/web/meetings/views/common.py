"""Finding a meeting and its records within the partnership of the URL."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse

from saferplaces.web.meetings.models import AgendaItem, Meeting


def get_meeting(p, pk) -> Meeting:
    return get_object_or_404(Meeting.objects.live(), pk=pk, partnership=p)


def get_item(meeting, pk) -> AgendaItem:
    return get_object_or_404(AgendaItem.objects.live(), pk=pk, meeting=meeting)


def meeting_url(p, meeting) -> str:
    return reverse("meetings:detail", args=[p.slug, meeting.pk])
