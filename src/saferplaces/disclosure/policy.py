"""Which edition a document is, and what it may show (``methods.md``, disclosure control).

The **public** edition never shows a count from 1 to 4 of a sensitive measure (the
registry's ``Indicator.sensitive``: sexual and violent offences, domestic abuse, hate
crime, exploitation, person-level health or offender data) for an area below district
level: it shows ``<5``, and secondary suppression hides enough other cells that the
value cannot be worked out from totals. Rates, percentages and changes calculated from
a hidden count are hidden too (``[c]``). The **restricted** edition shows everything
and is marked RESTRICTED on every page.

In both editions a percentage is not shown on a base under 10.

>>> d = Disclosure(Edition.PUBLIC)
>>> d.count_text(3, sensitive=True, level="ward"), d.count_text(3, sensitive=True, level="district")
('<5', '3')
>>> Disclosure(Edition.RESTRICTED).count_text(3, sensitive=True, level="ward")
'3'
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from saferplaces.core.errors import SaferplacesError

SMALL = "<5"  # a count from 1 to 4
HIDDEN = "[c]"  # hidden to protect a small count (secondary), or calculated from one
MIN_PERCENT_BASE = 10

# Geographies at or above which nothing is suppressed ("below district level" is not).
DISTRICT_OR_ABOVE = frozenset({"district", "csp", "county", "force", "region", "country"})

RESTRICTED_MARKING = "RESTRICTED"

KEY = (
    f"{SMALL}: a count from 1 to 4, not shown. {HIDDEN}: not shown, so that a small count "
    "cannot be worked out from the totals, or because it is calculated from a count that "
    "is not shown."
)


class Edition(StrEnum):
    PUBLIC = "public"
    RESTRICTED = "restricted"


def parse_edition(text: str) -> Edition:
    try:
        return Edition(text.strip().lower())
    except ValueError:
        raise SaferplacesError(f"edition {text!r} is not known; use public or restricted") from None


@dataclass(frozen=True)
class Disclosure:
    """The rules one document follows."""

    edition: Edition = Edition.PUBLIC

    @property
    def public(self) -> bool:
        return self.edition == Edition.PUBLIC

    @property
    def marking(self) -> str | None:
        """The protective marking to put on every page, or None."""
        return RESTRICTED_MARKING if self.edition == Edition.RESTRICTED else None

    def applies(self, *, sensitive: bool, level: str) -> bool:
        """True when small counts of this measure at this geography must be hidden."""
        return self.public and sensitive and level not in DISTRICT_OR_ABOVE

    def is_small(self, n: int | None) -> bool:
        return n is not None and 1 <= n <= 4

    def count_text(self, n: int, *, sensitive: bool, level: str) -> str:
        """A single count as text: ``<5`` when it must be hidden, else ``1,234``."""
        if self.applies(sensitive=sensitive, level=level) and self.is_small(n):
            return SMALL
        return f"{n:,}"

    @staticmethod
    def percentage(numerator: float, base: float) -> float | None:
        """100 × numerator / base, or None on a base under 10."""
        if base is None or base < MIN_PERCENT_BASE:
            return None
        return 100.0 * numerator / base
