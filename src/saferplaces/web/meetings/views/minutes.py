"""Minutes, decisions and action points; reviewing earlier action points and agreeing the
previous minutes, which only a meeting that has taken place can do."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from saferplaces.web.core.access import partnership_view
from saferplaces.web.core.pages import form_page
from saferplaces.web.meetings import forms as f
from saferplaces.web.meetings.models import ActionPoint, ActionPointReview, Minute
from saferplaces.web.meetings.views.common import get_item, get_meeting, meeting_url
from saferplaces.web.meetings.visibility import Reader, log_restricted, points_for_review


def _not_yet(meeting) -> str:
    return (
        f"This meeting has not taken place yet ({meeting.date:%-d %B %Y}): minutes are "
        "agreed and action points reviewed at or after the meeting."
    )


@partnership_view("edit_meetings")
def item_minutes(request, p, pk, item_pk):
    """Minutes, decisions and action points of one agenda item, on one page. Each form
    has its own prefix, so its fields, labels and error links are its own."""
    meeting = get_meeting(p, pk)
    item = get_item(meeting, item_pk)
    minute = Minute.objects.live().filter(item=item).first()
    which = request.POST.get("form")
    data = request.POST
    minute_form = f.MinuteForm(
        data if which == "minute" else None, instance=minute, prefix="minute"
    )
    decision_form = f.DecisionForm(data if which == "decision" else None, prefix="decision")
    point_form = f.ActionPointForm(
        data if which == "action" else None,
        partnership=p,
        initial={"status": "open"},
        prefix="action",
    )
    if request.method == "POST":
        if which == "minute" and minute and minute.status == "agreed":
            minute_form.add_error(None, "These minutes have been agreed and can no longer change.")
        elif which == "minute" and minute_form.is_valid():
            obj = minute_form.save(commit=False)
            obj.item = item
            obj.save_by(request.user)
            messages.success(request, f"Minutes of item {item.number} saved as a draft.")
            return redirect("meetings:item_minutes", p.slug, meeting.pk, item.pk)
        if which == "decision" and decision_form.is_valid():
            obj = decision_form.save(commit=False)
            obj.item = item
            obj.save_by(request.user)
            messages.success(request, "Decision recorded.")
            return redirect("meetings:item_minutes", p.slug, meeting.pk, item.pk)
        if which == "action" and point_form.is_valid():
            with transaction.atomic():
                obj = point_form.save(commit=False)
                obj.meeting = meeting
                obj.item = item
                obj.assign_number()
                obj.set_status(obj.status, at=meeting if obj.status == "closed" else None)
                obj.save_by(request.user)
            messages.success(request, f"Action point {obj.number} recorded.")
            return redirect("meetings:item_minutes", p.slug, meeting.pk, item.pk)
    decisions = list(item.decisions.live())
    points = list(item.action_points.live().select_related("owner"))
    log_restricted(request.user, [item, *([minute] if minute else []), *decisions, *points])
    return render(
        request,
        "meetings/item_minutes.html",
        {
            "meeting": meeting,
            "item": item,
            "minute": minute,
            "minute_form": minute_form,
            "decision_form": decision_form,
            "point_form": point_form,
            "decisions": decisions,
            "points": points,
            "next_number": _next_number(meeting),
        },
    )


def _next_number(meeting) -> str:
    probe = ActionPoint(meeting=meeting)
    probe.assign_number(reserve=False)
    return probe.number


@partnership_view("edit_meetings")
def action_point_edit(request, p, pk, point_pk):
    meeting = get_meeting(p, pk)
    point = get_object_or_404(ActionPoint.objects.live(), pk=point_pk, meeting=meeting)
    was = point.status
    form = f.ActionPointForm(request.POST or None, instance=point, partnership=p)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        if obj.status != was:
            # Closed here, between meetings: no meeting closed it, but the day is kept.
            obj.set_status(obj.status, note=obj.closing_note)
        obj.save_by(request.user)
        messages.success(request, f"Action point {obj.number} saved.")
        return redirect("meetings:action_points", p.slug)
    log_restricted(request.user, [point])
    return form_page(
        request,
        form,
        title=f"Action point {point.reference}",
        caption=str(meeting),
        back=meeting_url(p, meeting),
    )


@partnership_view("edit_meetings")
def review_point(request, p, pk, point_pk):
    """Record what this meeting said about an earlier action point (HTMX or plain POST)."""
    meeting = get_meeting(p, pk)
    reader = Reader.of(request.user, p)
    point = get_object_or_404(points_for_review(meeting, reader), pk=point_pk)
    # Field ids as in the row (note-12): the error summary links to the field itself.
    form = f.ReviewForm(request.POST or None, auto_id=f"%s-{point.pk}")
    if request.method == "POST" and not meeting.has_taken_place():
        form.is_valid()
        form.add_error(None, _not_yet(meeting))
    elif request.method == "POST" and form.is_valid():
        with transaction.atomic():
            status, note = form.cleaned_data["status"], form.cleaned_data["note"].strip()
            ActionPointReview(point=point, meeting=meeting, status=status, note=note).save_by(
                request.user
            )
            point.set_status(status, at=meeting, note=note)
            point.save_by(request.user, reason=f"reviewed at {meeting}")
        if request.headers.get("HX-Request"):
            return render(
                request,
                "meetings/_review_row.html",
                {
                    "point": point,
                    "meeting": meeting,
                    "review_form": f.ReviewForm(),
                    "saved": True,
                    "can_edit": True,
                    "taken_place": True,
                },
            )
        messages.success(request, f"Action point {point.number} reviewed.")
        return redirect(f"{meeting_url(p, meeting)}#review")
    log_restricted(request.user, [point])
    htmx = bool(request.headers.get("HX-Request"))
    template = "meetings/_review_row.html" if htmx else "meetings/review_form.html"
    return render(
        request,
        template,
        {
            "point": point,
            "meeting": meeting,
            "review_form": form,
            "can_edit": True,
            "taken_place": meeting.has_taken_place(),
            "not_yet": "" if meeting.has_taken_place() else _not_yet(meeting),
        },
        # HTMX swaps in only successful responses: the row with its error (and what was
        # typed) must come back as one, or the page would show nothing at all.
        status=400 if request.method == "POST" and not htmx else 200,
    )


@partnership_view("edit_meetings")
def agree_minutes(request, p, pk):
    """At this meeting, agree the draft minutes of the previous one."""
    meeting = get_meeting(p, pk)
    previous = meeting.previous()
    if previous is None:
        raise Http404("There is no previous meeting whose minutes could be agreed.")
    form = f.AgreeMinutesForm(request.POST or None)
    drafts = Minute.objects.live().filter(item__meeting=previous, status="draft")
    taken_place = meeting.has_taken_place()
    # The page lists the draft items by title, restricted ones too (officers only).
    log_restricted(request.user, [m.item for m in drafts])
    if request.method == "POST" and not taken_place:
        form.is_valid()
        form.add_error(None, _not_yet(meeting))
    elif request.method == "POST" and form.is_valid():
        with transaction.atomic():
            for m in drafts:
                m.status = "agreed"
                m.agreed_at = meeting
                m.agreed_on = meeting.date
                m.agreed_by = request.user
                m.agreement_note = form.cleaned_data["note"]
                m.save_by(request.user, reason=f"agreed at {meeting}")
        messages.success(request, f"Minutes of {previous} agreed.")
        return redirect("meetings:detail", p.slug, meeting.pk)
    return render(
        request,
        "meetings/agree_minutes.html",
        {
            "form": form,
            "meeting": meeting,
            "previous": previous,
            "drafts": drafts,
            "taken_place": taken_place,
            "not_yet": "" if taken_place else _not_yet(meeting),
        },
        status=400 if request.method == "POST" else 200,
    )
