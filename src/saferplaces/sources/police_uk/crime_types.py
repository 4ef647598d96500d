"""The fourteen police.uk crime types, and the names users may give them."""

from __future__ import annotations

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
