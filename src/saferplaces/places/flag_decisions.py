"""People's decisions on a ward's category (``flags set``), and finding the ward named.

A decision is appended to ``flag_decisions`` with who, when and why, and never edited;
the latest decision for a ward stands in every later run until another replaces it
(``clear`` hands the ward back to the rules).
"""

from __future__ import annotations

import getpass
import os
from datetime import datetime
from typing import Any

from saferplaces.core.errors import AreaError, SaferplacesError
from saferplaces.core.messages import Hint, Param
from saferplaces.geography.areas import Area, resolve_area, wards_of
from saferplaces.places import store
from saferplaces.places.categories import CATEGORIES, CLEAR
from saferplaces.warehouse.connection import Warehouse


def current_user() -> str:
    """Who is running the command: ``SAFERPLACES_USER``, else the login name."""
    try:
        return os.environ.get("SAFERPLACES_USER") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def resolve_ward(wh: Warehouse, text: str, area: Area | None = None) -> Area:
    """A ward named by code or name; with ``area``, one of that district's wards.

    >>> # resolve_ward(wh, "Castle", resolve_area(wh, "Cambridge"))
    """
    name = text.strip()
    if area is None:
        return resolve_area(wh, name, levels=("ward",))
    mine = [
        (c, n) for c, n in wards_of(wh, area) if name.casefold() in (c.casefold(), n.casefold())
    ]
    if len(mine) == 1:
        return resolve_area(wh, mine[0][0], levels=("ward",))
    codes = {c for c, _ in wards_of(wh, area)}
    try:
        # Names written another way ("and" for "&") resolve through the area finder.
        ward = resolve_area(wh, f"{name}, {area.name}", levels=("ward",))
        if ward.code in codes:
            return ward
    except AreaError:
        pass
    try:
        resolve_area(wh, name, levels=("ward",))
    except AreaError as e:
        if "ambiguous" not in str(e):
            raise
    # The ward exists, but elsewhere.
    raise SaferplacesError(
        f"{name} is not a ward of {area.name}",
        Hint(": give the ward's own district with ", Param("area", "area")),
        code="places.ward-elsewhere",
    )


def set_category(
    wh: Warehouse,
    ward: Area,
    category: str,
    reason: str,
    *,
    who: str | None = None,
    when: datetime | None = None,
    owner: str | None = None,
) -> dict[str, Any]:
    """Record a person's decision on a ward's category, as ``owner``'s (a partnership's
    short name, '' for the command line's own; by default the one ``wh`` was opened for);
    it stands in every later run of that owner until another decision replaces it
    (``clear`` hands the ward back to the rules)."""
    cat = category.strip().lower()
    if cat not in (*CATEGORIES, CLEAR):
        raise SaferplacesError(
            f"unknown category {category!r}; choose one of: {', '.join((*CATEGORIES, CLEAR))}"
        )
    if not reason or not reason.strip():
        raise SaferplacesError(
            "a decision needs a reason",
            Hint(": give ", Param("reason", "reason", "TEXT")),
            code="places.no-reason",
        )
    decided_at = when or datetime.now()
    decided_by = who or current_user()
    owner = store.owner_of(wh, owner)
    decision_id = store.add_decision(
        wh,
        area_code=str(store.district_of_ward(wh, ward.code)),
        ward_code=ward.code,
        ward_name=ward.name,
        category=cat,
        reason=reason.strip(),
        decided_by=decided_by,
        decided_at=decided_at,
        owner=owner,
    )
    return {
        "decision_id": decision_id,
        "ward_code": ward.code,
        "ward_name": ward.name,
        "category": cat,
        "reason": reason.strip(),
        "decided_by": decided_by,
        "decided_at": decided_at,
        "owner": owner,
    }
