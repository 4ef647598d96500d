"""Place flags for the web pages, through the places library (``saferplaces.places``):
the same calls as ``saferplaces flags run|set|history``, shaped for a page.

A run shows each ward's flags, flag count, the category the rules propose and the
category in force: a person's decision (latest, not cleared) when there is one, else
the proposal. Each ward row carries the actions of the partnership's plan linked to it
(``ActionPlace``), so a board member goes from a flagged ward to what responds to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from saferplaces.core.errors import SaferplacesError
from saferplaces.document.palette import CATEGORIES as PALETTE_CATEGORIES
from saferplaces.geography.areas import Area
from saferplaces.indicators.registry import get_indicator
from saferplaces.places import store
from saferplaces.places.categories import CATEGORIES, CLEAR, LISTED
from saferplaces.places.flag_decisions import resolve_ward
from saferplaces.places.flag_history import FlagHistory, flags_history
from saferplaces.places.flags import FlagRun
from saferplaces.places.stored_runs import stored_run
from saferplaces.warehouse.connection import Warehouse

CATEGORY_LABELS = {k: c.label for k, c in PALETTE_CATEGORIES.items()} | {"": "Not listed"}
CATEGORY_HELP = {
    "emerging": "Flagged on enough indicators and new to the list, or more flags than before.",
    "sustaining": "A focus area whose flags have fallen since it joined: hold the improvement.",
    "preventing": "Chosen by the partnership for prevention (growth, new communities); "
    "stays until removed.",
    "off": "No flags now: dropped from the list.",
    CLEAR: "Remove the decision: the rules decide again from the next run.",
}
# The GOV.UK tag of each category: the same hue as its colour on every map.
CATEGORY_TAGS = {k: c.tag for k, c in PALETTE_CATEGORIES.items() if k}


def indicator_name(ident: str) -> str:
    try:
        return get_indicator(ident).name
    except SaferplacesError:  # an indicator no longer registered: its id still says what
        return ident


def who_in_web(user) -> str:
    """How a web user is named on a run or a decision in the warehouse."""
    name = user.get_full_name().strip()
    return f"{name} ({user.get_username()})" if name else user.get_username()


def flags_held(wh: Warehouse) -> bool:
    return wh.table_exists("flag_runs")


@dataclass
class WardRow:
    code: str
    name: str
    flags: list[str]  # indicator names
    flag_count: int
    previous_flag_count: int | None
    proposed: str | None
    category: str | None  # in force now
    decision: dict[str, Any] | None
    actions: list = field(default_factory=list)

    @property
    def listed(self) -> bool:
        return self.category in LISTED


@dataclass
class RunView:
    run: FlagRun
    created_at: Any
    created_by: str
    wards: list[WardRow]
    thresholds: list[tuple[str, float, int]]

    @property
    def listed(self) -> list[WardRow]:
        return [w for w in self.wards if w.listed]


def latest_run_id(wh: Warehouse, area: Area) -> str | None:
    if not flags_held(wh):
        return None
    runs = store.runs_for(wh, area.code)
    if not runs:
        return None
    # The most recent run: the latest period, then the latest made.
    return max(runs, key=lambda r: (r["period_end"], r["created_at"], r["run_id"]))["run_id"]


def run_view(wh: Warehouse, run_id: str, partnership=None) -> RunView:
    """A stored run with each ward's category in force now and its linked actions."""
    run = stored_run(wh, run_id)
    meta = store.get_run(wh, run_id)  # stored_run has already found it
    codes = [w.ward_code for w in run.wards]
    decided = store.decisions_in_force(wh, codes)
    actions = actions_by_ward(partnership, codes) if partnership is not None else {}
    wards = []
    for w in run.wards:
        d = decided.get(w.ward_code)
        wards.append(
            WardRow(
                w.ward_code,
                w.ward_name,
                [indicator_name(i) for i in w.flags],
                w.flag_count,
                w.previous_flag_count,
                w.proposed_category,
                d["category"] if d else w.proposed_category,
                d,
                actions.get(w.ward_code, []),
            )
        )
    thresholds = [(indicator_name(t.indicator), t.threshold, t.flagged) for t in run.thresholds]
    return RunView(run, meta["created_at"], meta["created_by"], wards, thresholds)


def runs(wh: Warehouse, area: Area) -> list[dict[str, Any]]:
    """Every run for the district, newest first, with how many wards it listed."""
    if not flags_held(wh):
        return []
    h = flags_history(wh, area)
    return list(reversed(h.runs))


def ward_summary(wh: Warehouse, area: Area, code: str) -> WardRow | None:
    """The ward in the latest run (with the category in force now), if any run holds it."""
    run_id = latest_run_id(wh, area)
    if run_id is None:
        return None
    view = run_view(wh, run_id)
    row = next((w for w in view.wards if w.code == code), None)
    if row is not None:
        row.run = view  # type: ignore[attr-defined]
    return row


def ward_summaries(partnership, codes: list[str]) -> dict[str, WardRow]:
    """{ward code: its row in the latest run} for the partnership's district; empty when
    the warehouse cannot be read or holds no run (a page still shows without them)."""
    from saferplaces.web.evidence.warehouse import EvidenceUnavailable, open_evidence

    try:
        with open_evidence(partnership) as (wh, area):
            run_id = latest_run_id(wh, area)
            if run_id is None:
                return {}
            view = run_view(wh, run_id)
    except EvidenceUnavailable:
        return {}
    out = {}
    for w in view.wards:
        if w.code in codes:
            w.run = view  # type: ignore[attr-defined]
            out[w.code] = w
    return out


def ward_history(wh: Warehouse, area: Area, code: str) -> FlagHistory | None:
    if not flags_held(wh):
        return None
    return flags_history(wh, area, resolve_ward(wh, code, area))


def actions_by_ward(partnership, codes: list[str]) -> dict[str, list]:
    """{ward code: the plan's live actions linked to it}."""
    from saferplaces.web.actions.models import ActionPlace

    out: dict[str, list] = {}
    for pl in (
        ActionPlace.objects.live()
        .filter(ward_code__in=codes, action__partnership=partnership)
        .filter(action__archived_on__isnull=True)
        .select_related("action__priority")
        .order_by("action__priority__plan_year", "action__number")
    ):
        out.setdefault(pl.ward_code, []).append(pl)
    return out


def report_actions(places: list) -> dict[str, list[dict[str, str]]]:
    """{ward code: its actions as the place report lists them (label, RAG status)}, from
    ``ActionPlace`` links already chosen for the report's edition."""
    out: dict[str, list[dict[str, str]]] = {}
    for pl in places:
        a = pl.action
        text = " ".join(a.text.split())
        out.setdefault(pl.ward_code, []).append(
            {
                "label": f"Action {a.number}: {text[:117] + '...' if len(text) > 120 else text}",
                "rag": a.get_rag_display() if a.rag else "no RAG status yet",
            }
        )
    return out


def run_of(wh: Warehouse, area: Area, run_id: str) -> dict[str, Any] | None:
    """The stored run ``run_id`` if it is one of the partnership's runs for ``area``."""
    if not flags_held(wh):
        return None
    return next((r for r in store.runs_for(wh, area.code) if r["run_id"] == run_id), None)


def actions_for_ward(partnership, code: str) -> list:
    return actions_by_ward(partnership, [code]).get(code, [])


CATEGORY_CHOICES = [(c, CATEGORY_LABELS[c]) for c in CATEGORIES] + [
    (CLEAR, "Clear the decision (back to the rules)")
]
