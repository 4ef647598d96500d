"""The planning page: prioritisations, and each plan year's plan and annual review."""

from __future__ import annotations

from django.shortcuts import render

from saferplaces.web.actions.models import Priority
from saferplaces.web.core.access import partnership_view
from saferplaces.web.core.permissions import can
from saferplaces.web.planning.models import PartnershipPlan, Prioritisation


@partnership_view("view")
def index(request, p):
    years = set(Priority.objects.live().filter(partnership=p).values_list("plan_year", flat=True))
    years |= set(
        PartnershipPlan.objects.live().filter(partnership=p).values_list("plan_year", flat=True)
    )
    return render(
        request,
        "planning/index.html",
        {
            "prioritisations": Prioritisation.objects.live().filter(partnership=p)
            if can(request.user, p, "view_evidence")
            else [],
            "years": sorted(years, reverse=True),
            "can_open": can(request.user, p, "run_prioritisation"),
            "evidence": can(request.user, p, "view_evidence"),
        },
    )
