"""Money in templates: ``{{ amount|pounds }}`` -> ``£4,000.00`` (a minus sign for a
negative amount, a dash for none), from the one formatter every document uses."""

from __future__ import annotations

from django import template

from saferplaces.finance import money

register = template.Library()


@register.filter
def pounds(value) -> str:
    return money.pounds(value)


@register.filter
def negative(value) -> bool:
    return value is not None and value < 0
