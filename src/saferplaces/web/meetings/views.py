"""Meeting pages: the agenda, papers, attendance, minutes, decisions and action points."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from saferplaces.web.core.access import partnership_view
from saferplaces.web.core.models import AuditEvent
from saferplaces.web.core.permissions import can
from saferplaces.web.meetings import forms as f
from saferplaces.web.meetings.models import (
    ActionPoint,
    ActionPointReview,
    AgendaItem,
    Attendance,
    Meeting,
    Minute,
    Paper,
)
from saferplaces.web.meetings.visibility import (
    item_views,
    log_restricted_views,
    points_for_review,
    sections,
)
from saferplaces.web.partnerships.models import Member

ATTENDANCE_ORDER = ["present", "in_attendance", "apologies", "absent"]


def _meeting(p, pk) -> Meeting:
    return get_object_or_404(Meeting.objects.live(), pk=pk, partnership=p)


def _item(meeting, pk) -> AgendaItem:
    return get_object_or_404(AgendaItem.objects.live(), pk=pk, meeting=meeting)


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
    meeting = _meeting(p, pk)
    member = can(request.user, p, "view")
    items = item_views(meeting, request.user, drafts=member)
    log_restricted_views(request.user, items)
    has_minutes = any(
        not iv.hidden and (iv.minute or iv.decisions or iv.action_points) for iv in items
    )
    previous = meeting.previous()
    ctx = {
        "meeting": meeting,
        "sections": sections(items),
        "has_minutes": has_minutes,
        "member": member,
        "can_edit": can(request.user, p, "edit_meetings"),
        "restricted_ok": can(request.user, p, "view_restricted"),
        "previous": previous,
        "next": meeting.next(),
        "attendance": sorted(
            meeting.attendance.live().select_related("member__organisation"),
            key=lambda a: (ATTENDANCE_ORDER.index(a.status), a.display_name),
        ),
        "declarations": meeting.declarations.live().select_related("member", "item"),
        "questions": meeting.questions.live(),
    }
    if member:
        ctx["review"] = points_for_review(meeting)
        ctx["review_form"] = f.ReviewForm()
        if previous:
            prev_minutes = Minute.objects.live().filter(item__meeting=previous)
            ctx["previous_minutes"] = prev_minutes
            ctx["previous_drafts"] = prev_minutes.filter(status="draft").count()
            ctx["agree_form"] = f.AgreeMinutesForm()
    return render(request, "meetings/detail.html", ctx)


@partnership_view("edit_meetings")
def meeting_edit(request, p, pk=None):
    meeting = _meeting(p, pk) if pk else None
    form = f.MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.partnership = p
        obj.save_by(request.user)
        messages.success(request, "Meeting saved.")
        return redirect("meetings:detail", p.slug, obj.pk)
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": "Change the meeting" if meeting else "Create a meeting",
            "caption": p.name,
            "back": meeting_url(p, meeting) if meeting else reverse("meetings:list", args=[p.slug]),
        },
    )


@partnership_view("edit_meetings")
def item_edit(request, p, pk, item_pk=None):
    meeting = _meeting(p, pk)
    item = _item(meeting, item_pk) if item_pk else None
    form = f.AgendaItemForm(request.POST or None, instance=item, partnership=p)
    if item is None and not request.POST:
        n = meeting.items().count() + 1
        form.initial.update({"number": str(n)})
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.meeting = meeting
        if not form.cleaned_data.get("order"):
            last = meeting.agenda_items.aggregate(m=Max("order"))["m"] or 0
            obj.order = obj.order if item else last + 10
        obj.save_by(request.user)
        messages.success(request, f"Item {obj.number} saved.")
        if "another" in request.POST:
            return redirect("meetings:item_add", p.slug, meeting.pk)
        return redirect("meetings:detail", p.slug, meeting.pk)
    return render(
        request,
        "meetings/item_form.html",
        {
            "form": form,
            "meeting": meeting,
            "item": item,
            "title": f"Change item {item.number}" if item else "Add an agenda item",
            "caption": str(meeting),
            "back": meeting_url(p, meeting),
        },
    )


@partnership_view("edit_meetings")
def paper_add(request, p, pk, item_pk):
    meeting = _meeting(p, pk)
    item = _item(meeting, item_pk)
    form = f.PaperForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.item = item
        obj.save_by(request.user)
        messages.success(request, f"Paper {obj.title} added.")
        return redirect("meetings:detail", p.slug, meeting.pk)
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "meeting": meeting,
            "back": meeting_url(p, meeting),
            "caption": str(meeting),
            "title": f"Add a paper to item {item.number}",
            "multipart": True,
        },
    )


@partnership_view(None, public=True)
def paper_download(request, p, pk, paper_pk):
    meeting = _meeting(p, pk)
    paper = get_object_or_404(Paper.objects.live(), pk=paper_pk, item__meeting=meeting)
    if paper.is_restricted():
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        if not can(request.user, p, "view_restricted"):
            raise PermissionDenied("This paper is restricted to members of the partnership.")
        AuditEvent.record(request.user, "download", paper)
    try:
        fh = paper.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file of this paper is missing.") from None
    return FileResponse(fh, as_attachment=True, filename=paper.file.name.rsplit("/", 1)[-1])


@partnership_view("edit_meetings")
def question_add(request, p, pk):
    meeting = _meeting(p, pk)
    form = f.QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.meeting = meeting
        obj.save_by(request.user)
        messages.success(request, "Public question recorded.")
        return redirect("meetings:detail", p.slug, meeting.pk)
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "meeting": meeting,
            "back": meeting_url(p, meeting),
            "caption": str(meeting),
            "title": "Record a public question",
        },
    )


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
    meeting = _meeting(p, pk)
    members = list(Member.objects.live().filter(partnership=p).select_related("organisation"))
    records = {a.member_id: a for a in meeting.attendance.live() if a.member_id}
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


@partnership_view("edit_meetings")
def declaration_add(request, p, pk):
    meeting = _meeting(p, pk)
    form = f.DeclarationForm(request.POST or None, partnership=p, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.meeting = meeting
        obj.save_by(request.user)
        messages.success(request, "Declaration of interest recorded.")
        return redirect("meetings:detail", p.slug, meeting.pk)
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "meeting": meeting,
            "back": meeting_url(p, meeting),
            "caption": str(meeting),
            "title": "Record a declaration of interest",
        },
    )


@partnership_view("edit_meetings")
def item_minutes(request, p, pk, item_pk):
    """Minutes, decisions and action points of one agenda item, on one page."""
    meeting = _meeting(p, pk)
    item = _item(meeting, item_pk)
    minute = Minute.objects.live().filter(item=item).first()
    which = request.POST.get("form")
    minute_form = f.MinuteForm(request.POST if which == "minute" else None, instance=minute)
    decision_form = f.DecisionForm(request.POST if which == "decision" else None)
    point_form = f.ActionPointForm(
        request.POST if which == "action" else None, partnership=p, initial={"status": "open"}
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
                if obj.status == "closed":
                    obj.closed_at = meeting
                obj.save_by(request.user)
            messages.success(request, f"Action point {obj.number} recorded.")
            return redirect("meetings:item_minutes", p.slug, meeting.pk, item.pk)
    if item.restricted:
        AuditEvent.record(request.user, "view", item)
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
            "decisions": item.decisions.live(),
            "points": item.action_points.live().select_related("owner"),
            "next_number": _next_number(meeting),
        },
    )


def _next_number(meeting) -> str:
    probe = ActionPoint(meeting=meeting)
    probe.assign_number()
    return probe.number


@partnership_view("edit_meetings")
def action_point_edit(request, p, pk, point_pk):
    meeting = _meeting(p, pk)
    point = get_object_or_404(ActionPoint.objects.live(), pk=point_pk, meeting=meeting)
    form = f.ActionPointForm(request.POST or None, instance=point, partnership=p)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        if obj.status != "closed":
            obj.closed_at = None
        obj.save_by(request.user)
        messages.success(request, f"Action point {obj.number} saved.")
        return redirect("meetings:action_points", p.slug)
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "meeting": meeting,
            "back": meeting_url(p, meeting),
            "caption": str(meeting),
            "title": f"Action point {point.number}",
        },
    )


@partnership_view("edit_meetings")
def review_point(request, p, pk, point_pk):
    """Record what this meeting said about an earlier action point (HTMX or plain POST)."""
    meeting = _meeting(p, pk)
    point = get_object_or_404(points_for_review(meeting), pk=point_pk)
    form = f.ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            status, note = form.cleaned_data["status"], form.cleaned_data["note"].strip()
            ActionPointReview(point=point, meeting=meeting, status=status, note=note).save_by(
                request.user
            )
            point.status = status
            if status == "closed":
                point.closing_note = note
                point.closed_at = meeting
            else:
                point.closed_at = None
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
                },
            )
        messages.success(request, f"Action point {point.number} reviewed.")
        return redirect(f"{meeting_url(p, meeting)}#review")
    template = (
        "meetings/_review_row.html"
        if request.headers.get("HX-Request")
        else ("meetings/review_form.html")
    )
    return render(
        request,
        template,
        {"point": point, "meeting": meeting, "review_form": form, "can_edit": True},
        status=400 if request.method == "POST" else 200,
    )


def meeting_url(p, meeting) -> str:
    return reverse("meetings:detail", args=[p.slug, meeting.pk])


@partnership_view("edit_meetings")
def agree_minutes(request, p, pk):
    """At this meeting, agree the draft minutes of the previous one."""
    meeting = _meeting(p, pk)
    previous = meeting.previous()
    if previous is None:
        raise Http404("There is no previous meeting whose minutes could be agreed.")
    form = f.AgreeMinutesForm(request.POST or None)
    drafts = Minute.objects.live().filter(item__meeting=previous, status="draft")
    if request.method == "POST" and form.is_valid():
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
        {"form": form, "meeting": meeting, "previous": previous, "drafts": drafts},
        status=400 if request.method == "POST" else 200,
    )


@partnership_view("view")
def action_points(request, p):
    points = ActionPoint.objects.live().filter(meeting__partnership=p)
    status = request.GET.get("status", "outstanding")
    if status == "outstanding":
        points = points.exclude(status="closed")
    elif status in dict(ActionPoint.STATUSES):
        points = points.filter(status=status)
    if not can(request.user, p, "view_restricted"):
        points = points.exclude(item__restricted=True)
    points = points.select_related("meeting", "owner", "item", "closed_at").order_by(
        "-meeting__date", "number"
    )
    return render(
        request,
        "meetings/action_points.html",
        {
            "points": points,
            "status": status,
            "statuses": [
                ("outstanding", "Open or in progress"),
                *ActionPoint.STATUSES,
                ("all", "All"),
            ],
            "today": timezone.localdate(),
            "can_edit": can(request.user, p, "edit_meetings"),
        },
    )
