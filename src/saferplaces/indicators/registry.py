"""Indicators, declared as data: what is counted, from which source, per what.

Every indicator is an :class:`Indicator` whose ``events`` SQL yields one row per event
(or per aggregate cell, weighted by ``n``) with these columns:

* ``month`` (DATE, the first of the month) when the event happened;
* ``lsoa_code`` (VARCHAR) where it happened, or NULL;
* ``lad_code`` (VARCHAR) the district, for data only held at district level, else NULL;
* ``force`` (VARCHAR) the police.uk force that recorded it, for police data, else NULL;
* ``n`` (BIGINT) how many events the row stands for (1 for incident-level data);
* ``ward_code`` (VARCHAR, optional: only when ``Indicator.ward_events``) the ward, for
  events placed by their ward and no LSOA (they also carry the ward's ``lad_code``), so
  they count for their ward as well as their district.

A *proportion* indicator (``base_events`` set) is a share, not a count: ``events``
yields its numerator (completions) and ``base_events``, with the same columns, its base
(people in treatment); both are counted by the engine, and the tables show the
percentage with a Wilson interval (``methods.md``).

The counting engine (:mod:`saferplaces.indicators.engine`) turns that into counts for
any area, period, ward or LSOA, so a capability that brings a new source only declares
its indicators here (``register``) and never writes counting code of its own.

>>> get_indicator("asb").name
'Anti-social behaviour'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from saferplaces.core.errors import SaferplacesError


def slug(name: str) -> str:
    """``Criminal damage and arson`` -> ``criminal-damage-and-arson``."""
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")


@dataclass(frozen=True)
class Indicator:
    id: str  # slug, e.g. "burglary", "deliberate-fires"
    name: str  # as shown, e.g. "Burglary"
    source: str  # the source whose coverage governs comparisons, e.g. "police-uk"
    events: str  # SQL, see the module docstring
    denominator: str | None = "residents"  # residents | households | None (counts only)
    sensitive: bool = False  # small counts suppressed in public outputs
    resolution: str = "lsoa"  # finest geography the data holds: lsoa | district
    unit: str = "crimes"  # what one event is, for sentences: crimes, incidents, arrivals
    group: str = "police.uk"  # heading to group indicators under
    description: str = ""
    # True when ``n`` carries weights (e.g. harm days) rather than counting events: the
    # engine sums them as it sums counts, but Poisson intervals and tests do not apply.
    weighted: bool = False
    # True when ``events`` also yields ``ward_code`` (events placed by ward, no LSOA).
    ward_events: bool = False
    # Where an event is placed: the incident's location, or where the person lives.
    placed_by: str = "incident"  # incident | residence
    # A proportion: the SQL of its base (same columns); ``events`` is then the numerator.
    base_events: str | None = None
    base_name: str = ""  # what the base counts, e.g. "people in treatment"
    # False when the base counts people per reporting period (people in treatment), so
    # it cannot be added across periods: the proportion needs one period's rows.
    base_additive: bool = True
    # Other names users may give it (``asb``), looked up like the id.
    aliases: tuple[str, ...] = ()
    # A headline indicator is in every table by default (police.uk's crime types and all
    # crime): headline ones come first in every list, in the order registered.
    headline: bool = False
    # A total of other indicators (all crime): ranking on it as well would flag a place
    # twice for one problem.
    total: bool = False

    @property
    def is_proportion(self) -> bool:
        return self.base_events is not None

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "source": self.source,
            "denominator": self.denominator,
            "sensitive": self.sensitive,
            "resolution": self.resolution,
            "group": self.group,
            "kind": "proportion" if self.is_proportion else "count",
            "placed_by": self.placed_by,
        }


_REGISTRY: dict[str, Indicator] = {}
_ALIASES: dict[str, str] = {}


def register(indicator: Indicator, *aliases: str) -> None:
    """Add ``indicator`` and its aliases (``indicator.aliases`` and any given here).
    Registering again for the same source replaces it (a source's spec read again); an
    id or alias another source's indicator holds is refused, so no source can take over
    another's indicator."""
    other = taken(indicator.id)
    if other is not None and other.source != indicator.source:
        raise SaferplacesError(
            f"indicator id {indicator.id!r} is already an indicator of {other.source} "
            f"({other.name}); choose another id"
        )
    for a in (*indicator.aliases, *aliases):
        other = taken(a)
        if other is not None and other.source != indicator.source:
            raise SaferplacesError(
                f"indicator alias {a!r} of {indicator.id!r} already names {other.id!r} of "
                f"{other.source}; choose another alias"
            )
    _REGISTRY[indicator.id] = indicator
    for a in (*indicator.aliases, *aliases):
        _ALIASES[slug(a)] = indicator.id


def taken(ident: str) -> Indicator | None:
    """The indicator that already has ``ident`` as its id or an alias, if any."""
    key = _ALIASES.get(slug(ident), slug(ident))
    return _REGISTRY.get(key)


def get_indicator(text: str) -> Indicator:
    """The indicator named by ``text`` (id, name or alias, any case); raise if unknown."""
    key = slug(text)
    key = _ALIASES.get(key, key)
    if key in _REGISTRY:
        return _REGISTRY[key]
    for ind in _REGISTRY.values():
        if slug(ind.name) == key:
            return ind
    if not _REGISTRY:
        raise SaferplacesError(
            "no indicators are registered: call saferplaces.extensions.load() first"
        )
    aliases = sorted(a for a, i in _ALIASES.items() if a != i and i in _REGISTRY)
    raise SaferplacesError(
        f"unknown indicator {text!r}; choose one of: {', '.join(sorted(_REGISTRY))}"
        + (f" (or {', '.join(aliases)})" if aliases else "")
    )


def headline_indicators() -> list[Indicator]:
    """The indicators every table shows unless told otherwise, in the order registered."""
    return [i for i in _REGISTRY.values() if i.headline]


def all_indicators() -> list[Indicator]:
    """Every registered indicator: the headline ones first in their registered order,
    then the rest by group and name."""
    others = sorted(
        (i for i in _REGISTRY.values() if not i.headline), key=lambda i: (i.group, i.name)
    )
    return headline_indicators() + others
