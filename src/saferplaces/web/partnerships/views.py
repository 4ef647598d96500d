"""A partnership's public page, its agencies and its members."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from saferplaces.web.core.access import partnership_view
from saferplaces.web.core.forms import ReasonForm
from saferplaces.web.core.pages import form_page
from saferplaces.web.core.permissions import can
from saferplaces.web.partnerships.forms import (
    MemberForm,
    OrganisationForm,
    PartnershipDetailsForm,
    PartnershipForm,
)
from saferplaces.web.partnerships.models import Member, Organisation


@partnership_view(None, public=True)
def detail(request, p):
    from saferplaces.web.agreements.register import reminders as agreement_reminders
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
            "can_manage": can(request.user, p, "manage_members"),
            "reminders": agreement_reminders(p, today) if can(request.user, p, "view") else [],
            "districts": p.districts.filter(archived_on__isnull=True).order_by("area_name")
            if p.is_county
            else [],
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


def partnership_add(request):
    """A new partnership (superusers only): then its officers add its people in the app."""
    from saferplaces.web.partnerships.setup import create_partnership

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.is_superuser:
        raise PermissionDenied("Only an administrator (superuser) can add a partnership.")
    form = PartnershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        p = create_partnership(
            d["name"], d["slug"], d["area"], description=d["description"], user=request.user
        )
        messages.success(
            request,
            f"{p.name} created for {p.area_name}. Add its organisations and members next.",
        )
        return redirect("partnerships:members", p.slug)
    return form_page(request, form, title="Add a partnership", back=reverse("home"))


@partnership_view("manage_members")
def partnership_edit(request, p):
    form = PartnershipDetailsForm(request.POST or None, instance=p)
    if request.method == "POST" and form.is_valid():
        form.save(commit=False).save_by(request.user)
        messages.success(request, "Details saved.")
        return redirect("partnerships:detail", p.slug)
    return form_page(
        request,
        form,
        title="Change the partnership's details",
        caption=f"{p.name} ({p.area_name or p.area_code})",
        back=reverse("partnerships:detail", args=[p.slug]),
    )
