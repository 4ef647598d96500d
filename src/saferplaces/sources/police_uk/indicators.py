"""police.uk's indicators: the fourteen crime types and all crime, counted from
``police_street`` by the counting engine like any other source's.

>>> [i.id for i in police_uk_indicators()][:2]
['anti-social-behaviour', 'bicycle-theft']
"""

from __future__ import annotations

from saferplaces.indicators.registry import Indicator, slug
from saferplaces.sources.police_uk.crime_types import (
    ALL_CRIME,
    ASB,
    CRIME_TYPES,
    HOUSEHOLD_DENOMINATOR,
    SENSITIVE,
)

SOURCE = "police-uk"  # the indicator source (coverage, labels and credits are keyed by it)

# Ids of the fourteen types and all crime, in the order tables show them.
POLICE_INDICATORS: tuple[str, ...] = tuple(slug(t) for t in (*CRIME_TYPES, ALL_CRIME))

ALIASES = {ASB: ("asb",), ALL_CRIME: ("all",), "Violence and sexual offences": ("violence",)}


def _events(where: str) -> str:
    return (
        "SELECT month, lsoa_code, NULL::VARCHAR AS lad_code, reported_by AS force, "
        f"1::BIGINT AS n FROM police_street WHERE {where}"
    )


def police_uk_indicators() -> list[Indicator]:
    """The fourteen crime types, then all crime (every type but anti-social behaviour)."""
    out = [
        Indicator(
            id=slug(t),
            name=t,
            source=SOURCE,
            events=_events(f"crime_type = '{t}'"),
            denominator="households" if t in HOUSEHOLD_DENOMINATOR else "residents",
            sensitive=t in SENSITIVE,
            unit="incidents" if t == ASB else "crimes",
            description=f"police.uk street-level records of {t.lower()}",
            aliases=ALIASES.get(t, ()),
            headline=True,
        )
        for t in CRIME_TYPES
    ]
    out.append(
        Indicator(
            id=slug(ALL_CRIME),
            name=ALL_CRIME,
            source=SOURCE,
            events=_events(f"crime_type <> '{ASB}'"),
            description="police.uk street-level crime: every type except anti-social behaviour",
            aliases=ALIASES[ALL_CRIME],
            headline=True,
            total=True,
        )
    )
    return out
