"""Template filters of the planning pages."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def score(value) -> str:
    """A score, impact or likelihood to two decimal places; a dash for nothing."""
    if value is None or value == "":
        return "–"
    return f"{float(value):.2f}"
