"""The action plan: priorities and actions."""

from __future__ import annotations

from datetime import date

from saferplaces.web.actions.models import Action, Priority
from saferplaces.web.partnerships.models import Partnership


def plan_year(today: date | None = None) -> str:
    """This financial year as the plan names it: ``2025/26``."""
    today = today or date.today()
    fy = today.year if today.month >= 4 else today.year - 1
    return f"{fy}/{(fy + 1) % 100:02d}"


def priority(p: Partnership, *, by=None, **fields) -> Priority:
    """The next priority of this year's plan."""
    year = fields.pop("plan_year", plan_year())
    n = Priority.objects.filter(partnership=p, plan_year=year).count() + 1
    values = {"number": n, "title": f"Priority {n}", **fields}
    pr = Priority(partnership=p, plan_year=year, **values)
    pr.save_by(by)
    return pr


def action(pr: Priority, *, by=None, **fields) -> Action:
    """The next action under priority ``pr`` (numbered ``1.1``, ``1.2`` ...)."""
    n = pr.actions.count() + 1
    values = {
        "number": f"{pr.number}.{n}",
        "text": f"Action {pr.number}.{n}",
        "responsible_text": "ALL partners",
        "timescale": "By March",
        **fields,
    }
    a = Action(partnership=pr.partnership, priority=pr, **values)
    a.save_by(by)
    return a
