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
        if self.level == "ward":
            return f"{alias}.ward_code = ?", [self.code]
        if self.level == "district":
            return f"{alias}.lad_code = ?", [self.code]
        if self.level == "county":
            return (
                f"{alias}.lad_code IN (SELECT lad_code FROM ref_lad_county WHERE county_code = ?)",
                [self.code],
            )
        column = "csp_code" if self.level == "csp" else "pfa_code"
        return (
            f"{alias}.lad_code IN (SELECT lad_code FROM ref_lad WHERE {column} = ?)",
            [self.code],
        )

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "name": self.name, "level": self.level}

    @property
    def describe(self) -> str:
        where = f", {self.parent}" if self.parent else ""
        return f"{self.name} ({LEVEL_LABELS[self.level]} {self.code}{where})"


_CANDIDATES_SQL = """
SELECT DISTINCT 'ward' AS level, l.ward_code AS code, l.ward_name AS name, l.lad_name AS parent
FROM ref_lsoa l
UNION ALL
SELECT DISTINCT 'district', lad_code, lad_name, pfa_name FROM ref_lad
UNION ALL
SELECT DISTINCT 'csp', csp_code, csp_name, pfa_name FROM ref_lad
UNION ALL
SELECT DISTINCT 'force', pfa_code, pfa_name, NULL FROM ref_lad
UNION ALL
SELECT DISTINCT 'county', county_code, county_name || ' County Council', NULL FROM ref_lad_county
UNION ALL
SELECT DISTINCT 'force', f.pfa_code, f.police_uk_name, NULL
FROM ref_force f WHERE f.pfa_code IS NOT NULL
"""


def _short(area: Area) -> str:
    return area.name.removesuffix(" County Council")


def _all_areas(wh: Warehouse) -> list[Area]:
    return [
        Area(code, name, level, parent) for level, code, name, parent in wh.rows(_CANDIDATES_SQL)
    ]


def _canonical(wh: Warehouse, area: Area) -> Area:
    """Force aliases (police.uk force names) resolve to the force area's own name."""
    if area.level == "force":
        name = wh.scalar("SELECT any_value(pfa_name) FROM ref_lad WHERE pfa_code = ?", [area.code])
        return Area(area.code, name or area.name, "force")
    return area


def _lsoa_set(wh: Warehouse, area: Area) -> frozenset[str]:
    cond, params = area.predicate()
    return frozenset(
        r[0] for r in wh.rows(f"SELECT lsoa21_code FROM ref_lsoa l WHERE {cond}", params)
    )


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
    cond, params = area.predicate()
    return wh.rows(
        f"SELECT DISTINCT ward_code, ward_name FROM ref_lsoa l WHERE {cond} "
        "ORDER BY ward_name, ward_code",
        params,
    )


def districts_of(wh: Warehouse, area: Area) -> list[tuple[str, str]]:
    """(district code, name) of every district in ``area``, by name."""
    cond, params = area.predicate()
    return wh.rows(
        f"SELECT DISTINCT lad_code, lad_name FROM ref_lsoa l WHERE {cond} ORDER BY lad_name",
        params,
    )


def force_of(wh: Warehouse, area: Area) -> Area | None:
    """The police force area that contains ``area`` (None if it spans several)."""
    if area.level == "force":
        return area
    cond, params = area.predicate()
    rows = wh.rows(
        f"SELECT DISTINCT d.pfa_code, d.pfa_name FROM ref_lsoa l JOIN ref_lad d USING (lad_code) "
        f"WHERE {cond}",
        params,
    )
    if len(rows) != 1:
        return None
    return Area(rows[0][0], rows[0][1], "force")


def force_names(wh: Warehouse, force: Area) -> list[str]:
    """The police.uk 'Reported by' names of a force area."""
    return [
        r[0]
        for r in wh.rows(
            "SELECT police_uk_name FROM ref_force WHERE pfa_code = ? ORDER BY 1", [force.code]
        )
    ]
