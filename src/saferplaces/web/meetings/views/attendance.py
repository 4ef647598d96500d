"""Attendance and apologies: the members in office on the day, and anyone else there."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render

from saferplaces.web.core.access import partnership_view
from saferplaces.web.meetings import forms as f
from saferplaces.web.meetings.agreement import refusal
from saferplaces.web.meetings.models import Attendance
from saferplaces.web.meetings.views.common import get_meeting
from saferplaces.web.partnerships.models import Member


def _attendance_form(members, current, data=None):
    fields = {}
    for m in members:
        fields[f"m{m.pk}"] = forms.ChoiceField(
            label=str(m),
            choices=[("", "Not recorded"), *Attendance.STATUSES[:3]],
            required=False,
            initial=current.get(m.pk, ""),
        )
    return type("AttendanceForm", (forms.Form,), fields)(data)


def _guest_typed(post) -> bool:
    """Whether anything was typed about a guest (the status alone has a default)."""
    fields = ("name", "organisation", "substitute_for")
    return any(post.get(f"guest-{n}", "").strip() for n in fields)


@partnership_view("edit_meetings")
def attendance(request, p, pk):
    """One form for the meeting's attendance: the members' statuses and, if typed, one
    more person. Either button saves all of it, so nothing typed is lost."""
    meeting = get_meeting(p, pk)
    records = {a.member_id: a for a in meeting.attendance.live() if a.member_id}
    # Members in office on the day, and anyone already recorded (so nothing disappears).
    members = [
        m
        for m in Member.objects.live().filter(partnership=p).select_related("organisation")
        if m.in_office(meeting.date) or m.pk in records
    ]
    current = {k: a.status for k, a in records.items()}
    post = request.POST if request.method == "POST" else None
    form = _attendance_form(members, current, post)
    guest = f.GuestAttendanceForm(
        post if post is not None and _guest_typed(post) else None,
        prefix="guest",
        initial={"status": "in_attendance"},
    )
    frozen = refusal(meeting)
    status = 200
    if post is not None and frozen:
        form.is_valid()
        form.add_error(None, frozen)
        status = 400
    elif post is not None and form.is_valid() and (not guest.is_bound or guest.is_valid()):
        with transaction.atomic():
            for m in members:
                value = form.cleaned_data.get(f"m{m.pk}") or ""
                rec = records.get(m.pk)
                if rec and not value:
                    rec.archive(request.user, "attendance cleared")
                elif rec and rec.status != value:
                    rec.status = value
                    rec.save_by(request.user)
                elif not rec and value:
                    Attendance(meeting=meeting, member=m, status=value).save_by(request.user)
            added = None
            if guest.is_bound:
                added = guest.save(commit=False)
                added.meeting = meeting
                added.save_by(request.user)
        messages.success(request, f"Attendance saved{f' and {added.name} added' if added else ''}.")
        if post.get("save") == "another":
            return redirect("meetings:attendance", p.slug, meeting.pk)
        return redirect("meetings:detail", p.slug, meeting.pk)
    others = meeting.attendance.live().filter(member__isnull=True)
    return render(
        request,
        "meetings/attendance.html",
        {
            "form": form,
            "guest": guest,
            "meeting": meeting,
            "others": others,
            "frozen": frozen,
        },
        status=status,
    )
