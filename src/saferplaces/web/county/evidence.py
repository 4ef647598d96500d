"""The evidence a county page reads from the warehouse: its districts side by side, and
each district's latest place flags run (the district's own, read as the district's)."""

from __future__ import annotations

from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass

from saferplaces.geography.areas import Area
from saferplaces.places import store as flag_store
from saferplaces.places.categories import EMERGING, LISTED, PREVENTING, SUSTAINING
from saferplaces.web.evidence.flagdata import latest_run_id, run_view

CATEGORY_LABELS = [(EMERGING, "Emerging"), (SUSTAINING, "Sustaining"), (PREVENTING, "Preventing")]


@dataclass
class FlagSummary:
    period: str
    made: object  # when the run was made
    counts: list[tuple[str, int]]  # (category label, wards)
    wards: list[tuple[str, str, int]]  # (ward, category label, flags), listed wards only


@contextmanager
def _as_owner(wh, owner: str):
    """Read place flags as ``owner``'s for the moment, then as the county's again: a run
    belongs to the partnership that made it (decision 0013)."""
    before = flag_store.owner_of(wh)
    flag_store.open_for(wh, owner)
    try:
        yield wh
    finally:
        flag_store.open_for(wh, before)


def district_area(p) -> Area:
    return Area(p.area_code, p.area_name or p.area_code, "district")


def flag_summary(wh, district) -> FlagSummary | None:
    """The district partnership's latest place flags run: how many wards it lists in each
    category and which (None when it has run none)."""
    with _as_owner(wh, district.slug):
        run_id = latest_run_id(wh, district_area(district))
        if run_id is None:
            return None
        view = run_view(wh, run_id)
    labels = dict(CATEGORY_LABELS)
    listed = [w for w in view.wards if w.category in LISTED]
    n = Counter(w.category for w in listed)
    order = [c for c, _ in CATEGORY_LABELS]
    return FlagSummary(
        period=view.run.period.label,
        made=view.created_at,
        counts=[(label, n.get(c, 0)) for c, label in CATEGORY_LABELS],
        wards=[
            (w.name, labels[w.category], w.flag_count)
            for w in sorted(listed, key=lambda w: (order.index(w.category), w.name))
        ],
    )
