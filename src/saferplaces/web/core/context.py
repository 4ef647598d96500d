"""Template context every page gets: the navigation for the current partnership."""

from __future__ import annotations

from django.urls import reverse

from saferplaces.web.core.permissions import ROLE_LABELS, can, roles_for


def navigation(request) -> dict:
    p = getattr(request, "partnership", None)
    items = []
    if p is not None:
        path = request.path
        links = [("Overview", reverse("partnerships:detail", args=[p.slug]), "public")]
        links.append(("Meetings", reverse("meetings:list", args=[p.slug]), "public"))
        if can(request.user, p, "view"):
            links.append(("Action points", reverse("meetings:action_points", args=[p.slug]), ""))
            links.append(("Action plan", reverse("actions:plan", args=[p.slug]), ""))
            links.append(("Priorities and plan", reverse("planning:index", args=[p.slug]), ""))
            links.append(("People", reverse("partnerships:members", args=[p.slug]), ""))
        if can(request.user, p, "view_finance"):
            links.append(("Budget", reverse("finance:home", args=[p.slug]), ""))
        if p.is_county and can(request.user, p, "view"):
            links.append(("Districts", reverse("county:overview", args=[p.slug]), ""))
        if can(request.user, p, "view_evidence"):
            links.append(("Evidence", reverse("evidence:indicators", args=[p.slug]), ""))
        if can(request.user, p, "view_reviews"):
            links.append(("Reviews", reverse("reviews:index", args=[p.slug]), ""))
        for text, href, _ in links:
            overview = href == reverse("partnerships:detail", args=[p.slug])
            current = path == href if overview else path.startswith(href)
            items.append({"text": text, "href": href, "current": current})
    roles = roles_for(request.user, p) if p is not None else []
    return {
        "nav_items": items,
        "partnership": p,
        "role_label": ", ".join(ROLE_LABELS[r] for r in roles),
    }
