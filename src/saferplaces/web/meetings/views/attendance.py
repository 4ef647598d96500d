"""Attendance and apologies: the members in office on the day, and anyone else there."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render

from saferplaces.web.core.access import partnership_view
from saferplaces.web.meetings import forms as f
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


@partnership_view("edit_meetings")
def attendance(request, p, pk):
    meeting = get_meeting(p, pk)
    records = {a.member_id: a for a in meeting.attendance.live() if a.member_id}
    # Members in office on the day, and anyone already recorded (so nothing disappears).
    members = [
        m
        for m in Member.objects.live().filter(partnership=p).select_related("organisation")
        if m.in_office(meeting.date) or m.pk in records
    ]
    current = {k: a.status for k, a in records.items()}
    form = _attendance_form(members, current, request.POST if "members" in request.POST else None)
    guest = f.GuestAttendanceForm(request.POST if "guest" in request.POST else None)
    if request.method == "POST" and "members" in request.POST and form.is_valid():
        with transaction.atomic():
            for m in members:
                status = form.cleaned_data.get(f"m{m.pk}") or ""
                rec = records.get(m.pk)
                if rec and not status:
                    rec.archive(request.user, "attendance cleared")
                elif rec and rec.status != status:
                    rec.status = status
                    rec.save_by(request.user)
                elif not rec and status:
                    Attendance(meeting=meeting, member=m, status=status).save_by(request.user)
        messages.success(request, "Attendance saved.")
        return redirect("meetings:detail", p.slug, meeting.pk)
    if request.method == "POST" and "guest" in request.POST and guest.is_valid():
        obj = guest.save(commit=False)
        obj.meeting = meeting
        obj.save_by(request.user)
        messages.success(request, f"{obj.name} added.")
        return redirect("meetings:attendance", p.slug, meeting.pk)
    others = meeting.attendance.live().filter(member__isnull=True)
    return render(
        request,
        "meetings/attendance.html",
        {"form": form, "guest": guest, "meeting": meeting, "others": others},
    )
