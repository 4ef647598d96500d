"""Areas users name: force, county, Community Safety Partnership, district or ward.

:func:`resolve_area` takes a name or code, case-insensitive. A name that is exactly the
name of a larger area (force, CSP, district) means that area even when a ward somewhere
has the same name ("Cambridge" is the district); a district and the CSP that covers
exactly the same district are one area. Anything else that matches more than one area,
or nothing, fails with the candidates. ``ward:NAME`` (or ``district:``, ``csp:``,
``force:``, ``county:``) picks the level explicitly, and ``Castle, Cambridge`` names a
ward with its district. A county (the upper-tier local authority of a two-tier area) is
named "Cambridgeshire County Council", by its code (E10000003), or ``county:Cambridgeshire``;
"Cambridgeshire" alone stays the police force area.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from saferplaces.core.errors import AreaError
from saferplaces.geography import queries as q
from saferplaces.warehouse.connection import Warehouse

LEVELS = ("force", "county", "csp", "district", "ward")
LEVEL_LABELS = {
    "force": "police force area",
    "county": "county",
    "csp": "community safety partnership",
    "district": "district",
    "ward": "ward",
}


# The county abbreviations analysts write ("South Cambs"), expanded word by word.
ABBREVIATIONS = {
    "beds": "Bedfordshire",
    "berks": "Berkshire",
    "bucks": "Buckinghamshire",
    "cambs": "Cambridgeshire",
    "glos": "Gloucestershire",
    "hants": "Hampshire",
    "herts": "Hertfordshire",
    "lancs": "Lancashire",
    "leics": "Leicestershire",
    "lincs": "Lincolnshire",
    "northants": "Northamptonshire",
    "notts": "Nottinghamshire",
    "oxon": "Oxfordshire",
    "staffs": "Staffordshire",
    "wilts": "Wiltshire",
    "worcs": "Worcestershire",
}


def _expand(text: str) -> str:
    return " ".join(ABBREVIATIONS.get(w.casefold().rstrip("."), w) for w in text.split())


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    level: str  # force | county | csp | district | ward
    parent: str | None = None  # district name for a ward, force name for a district

    def predicate(self, alias: str = "l") -> tuple[str, list[str]]:
        """SQL condition on ``ref_lsoa`` (as ``alias``) selecting this area's LSOAs."""
        return q.area_condition(self.level, self.code, alias)

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "name": self.name, "level": self.level}

    @property
    def describe(self) -> str:
        where = f", {self.parent}" if self.parent else ""
        return f"{self.name} ({LEVEL_LABELS[self.level]} {self.code}{where})"


def _short(area: Area) -> str:
    return area.name.removesuffix(" County Council")


def _all_areas(wh: Warehouse) -> list[Area]:
    return [Area(code, name, level, parent) for level, code, name, parent in q.candidate_areas(wh)]


def _canonical(wh: Warehouse, area: Area) -> Area:
    """Force aliases (police.uk force names) resolve to the force area's own name."""
    if area.level == "force":
        name = q.force_area_name(wh, area.code)
        return Area(area.code, name or area.name, "force")
    return area


def _lsoa_set(wh: Warehouse, area: Area) -> frozenset[str]:
    return frozenset(q.lsoa_codes(wh, area.predicate()))


def resolve_area(wh: Warehouse, text: str, levels: tuple[str, ...] = LEVELS) -> Area:
    """Find the one area ``text`` names; raise :class:`AreaError` listing candidates if not."""
    query = text.strip()
    wanted = levels
    if ":" in query:
        prefix, rest = query.split(":", 1)
        if prefix.strip().lower() in LEVELS:
            wanted = (prefix.strip().lower(),)
            query = rest.strip()
    if not query:
        raise AreaError("no area given; name a district, CSP, ward or force, or give its code")
    q = query.casefold()
    q_expanded = _expand(query).casefold()
    areas = [a for a in _all_areas(wh) if a.level in wanted]

    exact = {a for a in areas if a.code.casefold() == q or a.name.casefold() in (q, q_expanded)}
    if wanted == ("county",):  # county:Cambridgeshire names Cambridgeshire County Council
        exact |= {a for a in areas if _short(a).casefold() in (q, q_expanded)}
    exact = {_canonical(wh, a) for a in exact}
    larger = {a for a in exact if a.level != "ward"}
    if larger:
        exact = larger
    if len(exact) > 1:
        # A CSP that covers exactly one district is the same place as that district.
        by_lsoas: dict[frozenset[str], list[Area]] = {}
        for a in exact:
            by_lsoas.setdefault(_lsoa_set(wh, a), []).append(a)
        if len(by_lsoas) == 1:
            same = next(iter(by_lsoas.values()))
            # Prefer the district: it is what analysts mean by the place.
            return max(same, key=lambda a: LEVELS.index(a.level))
        described = sorted(a.describe for a in exact)
        listed = "; ".join(described[:8])
        if len(described) > 8:
            listed += f"; and {len(described) - 8} more"
        raise AreaError(
            f"area {text!r} is ambiguous: {listed}. Give the code, or name the district "
            f"too, e.g. '{query}, {min(exact, key=lambda a: a.describe).parent}'"
        )
    if exact:
        return exact.pop()
    if ", " in query:
        # "Castle, Cambridge": a ward (or district) named with the area that holds it.
        name, parent = (part.strip().casefold() for part in query.split(", ", 1))
        within = [
            a
            for a in areas
            if a.name.casefold() == name
            and (a.parent or "").casefold() in (parent, _expand(parent).casefold())
        ]
        if len(within) == 1:
            return _canonical(wh, within[0])

    names = sorted({a.name for a in areas})
    close = difflib.get_close_matches(query, names, n=5, cutoff=0.75)
    contains = [n for n in names if q in n.casefold()][:5]
    suggestions = list(dict.fromkeys(close + contains))[:6]
    where = "" if wanted == LEVELS else f" at level {'/'.join(wanted)}"
    if suggestions:
        raise AreaError(f"no area called {text!r}{where}; did you mean: {', '.join(suggestions)}?")
    raise AreaError(
        f"no area called {text!r}{where}; give a district, CSP, ward or force name or code "
        "(reference data covers England and Wales)"
    )


def wards_of(wh: Warehouse, area: Area) -> list[tuple[str, str]]:
    """(ward code, ward name) of every ward in ``area``, by name."""
    return q.wards(wh, area.predicate())


def districts_of(wh: Warehouse, area: Area) -> list[tuple[str, str]]:
    """(district code, name) of every district in ``area``, by name."""
    return q.districts(wh, area.predicate())


def force_of(wh: Warehouse, area: Area) -> Area | None:
    """The police force area that contains ``area`` (None if it spans several)."""
    if area.level == "force":
        return area
    rows = q.force_areas(wh, area.predicate())
    if len(rows) != 1:
        return None
    return Area(rows[0][0], rows[0][1], "force")


def force_names(wh: Warehouse, force: Area) -> list[str]:
    """The police.uk 'Reported by' names of a force area."""
    return q.police_uk_names(wh, force.code)
