"""What readers see: the list of meetings, a meeting, and the register of action points."""

from __future__ import annotations

from datetime import date

from django.shortcuts import render
from django.utils import timezone

from saferplaces.render.write import FORMAT_LABELS
from saferplaces.web.core.access import partnership_view
from saferplaces.web.core.permissions import can
from saferplaces.web.meetings import forms as f
from saferplaces.web.meetings.models import ActionPoint, Meeting, Minute
from saferplaces.web.meetings.views.common import get_meeting
from saferplaces.web.meetings.views.minutes import unsaved_reviews
from saferplaces.web.meetings.visibility import (
    Reader,
    item_views,
    log_restricted,
    points_for_review,
    sections,
    shown_records,
)
from saferplaces.web.notices.views import publication_problem

ATTENDANCE_ORDER = ["present", "in_attendance", "apologies", "absent"]


@partnership_view(None, public=True)
def meeting_list(request, p):
    meetings = Meeting.objects.live().filter(partnership=p)
    today = date.today()
    return render(
        request,
        "meetings/list.html",
        {
            "upcoming": meetings.filter(date__gte=today).order_by("date"),
            "past": meetings.filter(date__lt=today).order_by("-date"),
            "can_edit": can(request.user, p, "edit_meetings"),
        },
    )


@partnership_view(None, public=True)
def meeting_detail(request, p, pk):
    meeting = get_meeting(p, pk)
    reader = Reader.of(request.user, p)
    items = item_views(meeting, reader)
    declarations = reader.declarations(meeting)
    hidden_declarations = meeting.declarations.live().count() - len(declarations)
    review = list(points_for_review(meeting, reader))
    typed = unsaved_reviews(request, meeting) if request.method == "GET" else {}
    for point in review:
        point.typed = typed.get(str(point.pk))
    log_restricted(request.user, shown_records(items, declarations, review))
    previous = meeting.previous()
    can_edit = can(request.user, p, "edit_meetings")
    agreement = meeting.agreement()
    ctx = {
        "agreement": agreement,
        # Once the minutes are agreed their record stands: no buttons to change it.
        "can_change": can_edit and agreement is None,
        "can_publish": can_edit and not publication_problem(meeting),
        "meeting_amendments": meeting.amendments.live()
        .filter(item__isnull=True)
        .select_related("agreed_at", "created_by"),
        "meeting": meeting,
        "sections": sections(items),
        "has_minutes": any(
            not iv.hidden and (iv.minute or iv.decisions or iv.action_points) for iv in items
        ),
        "drafts": any(iv.is_draft for iv in items),
        "member": reader.member,
        "can_edit": can_edit,
        "taken_place": meeting.has_taken_place(),
        "restricted_ok": reader.restricted,
        "previous": previous,
        "next": meeting.next(),
        "attendance": sorted(
            meeting.attendance.live().select_related("member__organisation"),
            key=lambda a: (ATTENDANCE_ORDER.index(a.status), a.display_name),
        ),
        "declarations": declarations,
        "hidden_declarations": hidden_declarations,
        "questions": meeting.questions.live(),
        "review": review,
        "unsaved_reviews": [p.number for p in review if p.typed],
        "document_formats": FORMAT_LABELS,
    }
    if reader.member:
        ctx["review_form"] = f.ReviewForm()
        if previous:
            prev_minutes = Minute.objects.live().filter(item__meeting=previous)
            ctx["previous_minutes"] = prev_minutes
            ctx["previous_drafts"] = prev_minutes.filter(status="draft").count()
    return render(request, "meetings/detail.html", ctx)


@partnership_view("view")
def action_points(request, p):
    reader = Reader.of(request.user, p)
    points = reader.points(ActionPoint.objects.live().filter(meeting__partnership=p))
    status = request.GET.get("status", "outstanding")
    if status == "outstanding":
        points = points.exclude(status="closed")
    elif status in dict(ActionPoint.STATUSES):
        points = points.filter(status=status)
    points = list(
        points.select_related("meeting", "owner", "item", "closed_at").order_by(
            "-meeting__date", "sort_key"
        )
    )
    log_restricted(request.user, points)
    today = timezone.localdate()
    return render(
        request,
        "meetings/action_points.html",
        {
            "points": [(a, a.is_overdue(today)) for a in points],
            "count": len(points),
            "status": status,
            "statuses": [
                ("outstanding", "Open or in progress"),
                *ActionPoint.STATUSES,
                ("all", "All"),
            ],
            "can_edit": can(request.user, p, "edit_meetings"),
        },
    )
