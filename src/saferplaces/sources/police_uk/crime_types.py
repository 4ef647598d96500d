"""The fourteen police.uk crime types, and the names users may give them."""

from __future__ import annotations

import re

from saferplaces.core.errors import SaferplacesError

ASB = "Anti-social behaviour"
ALL_CRIME = "All crime"

CRIME_TYPES: tuple[str, ...] = (
    "Anti-social behaviour",
    "Bicycle theft",
    "Burglary",
    "Criminal damage and arson",
    "Drugs",
    "Other crime",
    "Other theft",
    "Possession of weapons",
    "Public order",
    "Robbery",
    "Shoplifting",
    "Theft from the person",
    "Vehicle crime",
    "Violence and sexual offences",
)

# "All crime" is every type except anti-social behaviour, as police.uk itself counts it.
CRIMES: tuple[str, ...] = tuple(t for t in CRIME_TYPES if t != ASB)

# Rates per 1,000 use usual residents, except burglary, which uses households.
HOUSEHOLD_DENOMINATOR = frozenset({"Burglary"})

# Measures whose small counts could identify victims (methods.md, disclosure control).
SENSITIVE = frozenset({"Violence and sexual offences"})

ALIASES = {"asb": ASB, "all": ALL_CRIME, "violence": "Violence and sexual offences"}


def slug(name: str) -> str:
    """``Criminal damage and arson`` -> ``criminal-damage-and-arson``."""
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")


INDICATORS: tuple[str, ...] = (*CRIME_TYPES, ALL_CRIME)
_BY_KEY = {slug(n): n for n in INDICATORS} | {k: v for k, v in ALIASES.items()}


def canonical_type(text: str) -> str | None:
    """The police.uk crime type named by ``text`` (any case, spacing or hyphens), if any."""
    return _BY_KEY.get(slug(text))


def resolve_indicator(text: str) -> str:
    """The indicator named by ``text``; raise listing the choices if unknown."""
    found = canonical_type(text)
    if found is None:
        choices = ", ".join(slug(n) for n in INDICATORS)
        raise SaferplacesError(f"unknown indicator {text!r}; choose one of: {choices} (or asb)")
    return found


def denominator_kind(indicator: str) -> str:
    return "households" if indicator in HOUSEHOLD_DENOMINATOR else "residents"
