"""A partnership's public page, its agencies and its members."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from saferplaces.web.core.access import partnership_view
from saferplaces.web.core.forms import ReasonForm
from saferplaces.web.core.permissions import can
from saferplaces.web.partnerships.forms import MemberForm, OrganisationForm
from saferplaces.web.partnerships.models import Member, Organisation


@partnership_view(None, public=True)
def detail(request, p):
    from saferplaces.web.meetings.models import Meeting

    today = date.today()
    meetings = Meeting.objects.live().filter(partnership=p)
    return render(
        request,
        "partnerships/detail.html",
        {
            "next_meetings": meetings.filter(date__gte=today).order_by("date")[:3],
            "past_meetings": meetings.filter(date__lt=today).order_by("-date")[:3],
            "can_view": can(request.user, p, "view"),
            "can_evidence": can(request.user, p, "view_evidence"),
            "can_audit": can(request.user, p, "view_audit"),
        },
    )


@partnership_view("view")
def members(request, p):
    people = Member.objects.live().filter(partnership=p).select_related("organisation", "user")
    orgs = Organisation.objects.live().filter(partnership=p)
    today = date.today()
    voting = {m.organisation_id: m for m in people if m.voting and m.in_office(today)}
    return render(
        request,
        "partnerships/members.html",
        {
            "people": people,
            "organisations": [(o, voting.get(o.pk)) for o in orgs],
            "can_manage": can(request.user, p, "manage_members"),
            "today": date.today(),
        },
    )


@partnership_view("manage_members")
def member_edit(request, p, pk=None):
    member = get_object_or_404(Member.objects.live(), pk=pk, partnership=p) if pk else None
    form = MemberForm(request.POST or None, instance=member, partnership=p)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.save_by(request.user)
        messages.success(request, f"{obj.name} saved.")
        return redirect("partnerships:members", p.slug)
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": f"Change {member.name}" if member else "Add a member",
            "caption": p.name,
            "back": reverse("partnerships:members", args=[p.slug]),
        },
    )


@partnership_view("manage_members")
def member_archive(request, p, pk):
    member = get_object_or_404(Member.objects.live(), pk=pk, partnership=p)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        member.archive(request.user, form.cleaned_data["reason"])
        messages.success(request, f"{member.name} archived.")
        return redirect("partnerships:members", p.slug)
    return render(
        request,
        "core/archive.html",
        {"form": form, "record": member, "title": f"Archive {member.name}", "submit": "Archive"},
    )


@partnership_view("manage_members")
def organisation_edit(request, p, pk=None):
    org = get_object_or_404(Organisation.objects.live(), pk=pk, partnership=p) if pk else None
    form = OrganisationForm(request.POST or None, instance=org)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.partnership = p
        obj.save_by(request.user)
        messages.success(request, f"{obj.name} saved.")
        return redirect("partnerships:members", p.slug)
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": f"Change {org.name}" if org else "Add an organisation",
            "caption": p.name,
            "back": reverse("partnerships:members", args=[p.slug]),
        },
    )
