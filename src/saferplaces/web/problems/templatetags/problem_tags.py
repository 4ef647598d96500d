"""The plans for a ward, for the evidence pages (the flags page, a ward's pages): shown
only to those who may read plans, with a link to open one for those who may."""

from __future__ import annotations

from django import template

from saferplaces.web.core.permissions import can

register = template.Library()


@register.inclusion_tag("problems/_ward_plans.html", takes_context=True)
def ward_plans(context, code: str, name: str = "", compact: bool = False):
    from saferplaces.web.problems.models import ProblemPlan

    request = context["request"]
    p = context["partnership"]
    if not can(request.user, p, "view_problems"):
        return {"show": False}
    plans = list(
        ProblemPlan.objects.live()
        .filter(partnership=p, ward_code=code)
        .exclude(status="closed")
        .order_by("-created_on")
    )
    return {
        "show": True,
        "plans": plans,
        "code": code,
        "name": name,
        "compact": compact,
        "partnership": p,
        "can_edit": can(request.user, p, "edit_problems"),
    }
