"""Disclosure control: small-number suppression for public outputs (``methods.md``).

A small library any capability can call: :class:`Disclosure` says which edition a
document is and what it may show; :func:`protect_rows` hides small counts with secondary
suppression and everything calculated from them; :func:`suppress_grid` is the bare rule
on a grid of counts.
"""

from saferplaces.disclosure.policy import (
    HIDDEN,
    KEY,
    MIN_PERCENT_BASE,
    RESTRICTED_MARKING,
    SMALL,
    Disclosure,
    Edition,
    parse_edition,
)
from saferplaces.disclosure.suppress import primary_mask, secondary_mask, suppress_grid
from saferplaces.disclosure.tables import Protected, protect_rows

__all__ = [
    "HIDDEN",
    "KEY",
    "MIN_PERCENT_BASE",
    "RESTRICTED_MARKING",
    "SMALL",
    "Disclosure",
    "Edition",
    "Protected",
    "parse_edition",
    "primary_mask",
    "protect_rows",
    "secondary_mask",
    "suppress_grid",
]
