"""The partnership's meetings as an iCalendar feed, for calendar apps to subscribe to."""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import reverse

from saferplaces.web.core.access import partnership_view
from saferplaces.web.meetings.calendar import calendar
from saferplaces.web.meetings.models import Meeting
from saferplaces.web.meetings.visibility import Reader


@partnership_view(None, public=True)
def calendar_feed(request, p):
    """Every meeting (all are held in public); members also get how to join online."""
    reader = Reader.of(request.user, p)
    meetings = Meeting.objects.live().filter(partnership=p).order_by("date", "start_time", "pk")
    text = calendar(
        f"{p.name} meetings",
        meetings,
        lambda m: request.build_absolute_uri(reverse("meetings:detail", args=[p.slug, m.pk])),
        f"{p.slug}.saferplaces",
        member=reader.member,
    )
    response = HttpResponse(text.encode(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{p.slug}-meetings.ics"'
    return response
