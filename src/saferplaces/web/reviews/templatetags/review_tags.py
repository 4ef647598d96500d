"""GOV.UK tags for review pages: a timescale's status and a recommendation's status,
always in words (never colour alone)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from saferplaces.reviews.dardr import REC_STATUSES
from saferplaces.reviews.deadlines import STATUS_LABELS

register = template.Library()

_DEADLINE = {
    "on_time": "govuk-tag--green",
    "late": "govuk-tag--orange",
    "overdue": "govuk-tag--red",
    "due": "govuk-tag--light-blue",
    "waiting": "govuk-tag--grey",
    "not_needed": "govuk-tag--grey",
}
_REC = {
    "not_started": "govuk-tag--grey",
    "in_progress": "govuk-tag--light-blue",
    "complete": "govuk-tag--green",
    "closed_incomplete": "govuk-tag--orange",
}


@register.simple_tag
def deadline_tag(status: str) -> str:
    return format_html(
        '<strong class="govuk-tag {}">{}</strong>',
        _DEADLINE.get(status, "govuk-tag--grey"),
        STATUS_LABELS.get(status, status),
    )


@register.simple_tag
def rec_tag(status: str) -> str:
    return format_html(
        '<strong class="govuk-tag {}">{}</strong>',
        _REC.get(status, "govuk-tag--grey"),
        dict(REC_STATUSES).get(status, status),
    )


@register.filter
def yes_no(value) -> str:
    return {True: "Yes", False: "No"}.get(value, "Not yet")
