"""The reviews home, the partnership's ASB threshold and timescales, and its named review
group (who may read the DARDR register)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from saferplaces.web.core.access import partnership_view
from saferplaces.web.core.pages import form_page
from saferplaces.web.core.permissions import can
from saferplaces.web.reviews.forms import GroupMemberForm, ReviewSettingsForm
from saferplaces.web.reviews.models import ReviewGroupMember, ReviewSettings
from saferplaces.web.reviews.views.common import archive_page
from saferplaces.web.reviews.visibility import reviews_view


@reviews_view("view_reviews")
def index(request, p):
    group = (
        ReviewGroupMember.objects.live()
        .filter(partnership=p)
        .select_related("member__organisation")
        .order_by("member__name")
    )
    return render(
        request,
        "reviews/index.html",
        {
            "reader": request.reader,
            "settings": ReviewSettings.of(p),
            "group": group,
            "can_manage": can(request.user, p, "manage_members"),
        },
    )


@reviews_view("publish_reviews")
def settings_edit(request, p):
    current = ReviewSettings.of(p)
    form = ReviewSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.partnership = p
        obj.save_by(request.user)
        messages.success(request, "The ASB case review threshold and timescales are saved.")
        return redirect("reviews:index", p.slug)
    return form_page(
        request,
        form,
        title="ASB case review threshold and timescales",
        caption=p.name,
        back=reverse("reviews:index", args=[p.slug]),
    )


@partnership_view("manage_members")
def group_add(request, p):
    form = GroupMemberForm(request.POST or None, partnership=p)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.partnership = p
        obj.save_by(request.user)
        messages.success(request, f"{obj.member.name} added to the review group.")
        return redirect("reviews:index", p.slug)
    return form_page(
        request,
        form,
        title="Add a member to the review group",
        caption=p.name,
        back=reverse("reviews:index", args=[p.slug]),
        notice="Members of the review group read every domestic abuse related death review "
        "record. Add only those the partnership has named.",
    )


@partnership_view("manage_members")
def group_remove(request, p, pk):
    entry = get_object_or_404(ReviewGroupMember.objects.live(), pk=pk, partnership=p)
    return archive_page(
        request,
        entry,
        title=f"Take {entry.member.name} out of the review group",
        back=reverse("reviews:index", args=[p.slug]),
        done=reverse("reviews:index", args=[p.slug]),
    )
