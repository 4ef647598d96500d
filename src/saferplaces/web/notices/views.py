"""Publishing a meeting's agenda: members are then emailed it (``saferplaces notify``)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render

from saferplaces.web.core.access import partnership_view
from saferplaces.web.meetings.views.common import get_meeting
from saferplaces.web.notices.models import AgendaPublication


def publication_problem(meeting) -> str:
    if AgendaPublication.objects.live().filter(meeting=meeting).exists():
        return "The agenda is already published."
    if meeting.status == "cancelled":
        return "The meeting is cancelled: there is no agenda to publish."
    if meeting.has_taken_place():
        return "The meeting has taken place: its agenda can no longer be published."
    if not meeting.items().exists():
        return "Add the agenda items before publishing the agenda."
    return ""


@partnership_view("edit_meetings")
def publish_agenda(request, p, pk):
    meeting = get_meeting(p, pk)
    problem = publication_problem(meeting)
    if request.method == "POST" and not problem:
        AgendaPublication(meeting=meeting).save_by(request.user, reason="agenda published")
        messages.success(
            request,
            "Agenda published. Members will be emailed it, and then each paper added to it.",
        )
        return redirect("meetings:detail", p.slug, meeting.pk)
    return render(
        request,
        "notices/publish_agenda.html",
        {"meeting": meeting, "problem": problem},
        status=400 if request.method == "POST" and problem else 200,
    )
