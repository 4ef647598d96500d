"""The quarterly place report: the latest flags run for a district and period against the
run its categories were proposed against, every ward's category and what changed,
drafted as plain sentences for the data group's paper.

Each ward's **change** compares its category in force now (a person's decision that
stands, else the rules' proposal, as the flags page shows it) with its category in the
previous run:

* **new**: on the list now, not before;
* **stays**: on the list in the same category;
* **moves**: on the list in another category;
* **off**: on the list before, not now.

A ward on the list neither time has no change and no sentence. When a person's decision
sets a category the rules would not, the sentence says so with the decision's reason.
The data sets added are the loads the latest run was made from that the previous run
was not (each run records the loads in force when it was made).
:mod:`saferplaces.places.place_report_document` makes the document.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.periods import Period
from saferplaces.document.formatting import long_date
from saferplaces.geography.areas import Area
from saferplaces.indicators.registry import get_indicator
from saferplaces.places import queries, store
from saferplaces.places.categories import EMERGING, LISTED, OFF, PREVENTING, SUSTAINING
from saferplaces.places.custom_area import from_wards
from saferplaces.places.flags import check_district
from saferplaces.places.profile import Profile, brief_profile
from saferplaces.places.stored_runs import default_run
from saferplaces.warehouse.connection import Warehouse

NEW, STAYS, MOVES, COMES_OFF = "new", "stays", "moves", "off"
CHANGES = (NEW, STAYS, MOVES, COMES_OFF)
# Reading order of the sentences: the list as it now stands, then the wards leaving it.
_ORDER = {EMERGING: 0, SUSTAINING: 1, PREVENTING: 2}


@dataclass
class PlaceChange:
    """One ward of the latest run: its category now and before, and its flags."""

    ward_code: str
    ward_name: str
    category: str | None  # in force now: a standing decision, else the proposal
    before: str | None  # in force when the previous run was made (None: not listed)
    proposed: str | None  # what the rules propose in the latest run
    flags: list[str]  # indicator ids the ward is flagged on now
    previous_flags: list[str] | None  # in the previous run; None when it did not hold the ward
    decision: dict[str, Any] | None = None  # the decision in force, if any

    @property
    def listed(self) -> bool:
        return self.category in LISTED

    @property
    def change(self) -> str | None:
        was, now = self.before in LISTED, self.category in LISTED
        if now and not was:
            return NEW
        if now and was:
            return STAYS if self.category == self.before else MOVES
        return COMES_OFF if was else None

    @property
    def overridden(self) -> bool:
        """True when a person's decision sets a category the rules do not propose."""
        return self.decision is not None and self.decision["category"] != self.proposed

    def to_dict(self) -> dict[str, Any]:
        d = self.decision
        return {
            "ward_code": self.ward_code,
            "ward_name": self.ward_name,
            "category": self.category,
            "before": self.before,
            "proposed": self.proposed,
            "change": self.change,
            "flags": self.flags,
            "previous_flags": self.previous_flags,
            "decision": None
            if d is None
            else {
                "category": d["category"],
                "reason": d["reason"],
                "decided_by": d["decided_by"],
                "decided_at": str(d["decided_at"]),
            },
        }


@dataclass
class DatasetAdded:
    """One source's loads that the latest run was made from and the previous was not."""

    source: str
    title: str
    files: int
    first_month: str | None  # YYYY-MM
    last_month: str | None
    rows: int
    loaded: date | None  # when the latest of these files finished loading
    new_source: bool  # no load of this source was in force at the previous run


@dataclass
class PlaceReport:
    area: Area
    period: Period
    run: dict[str, Any]  # the latest run, as stored
    previous: dict[str, Any] | None  # the run it was proposed against
    wards: list[PlaceChange]
    datasets: list[DatasetAdded]
    names: dict[str, str]  # indicator id -> name
    notes: list[str] = field(default_factory=list)
    # For each profiled ward: {indicator id: its stored row} in the latest run, and its
    # profile (see :func:`add_profiles`).
    values: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    profiles: dict[str, Profile] = field(default_factory=dict)

    @property
    def run_indicators(self) -> list[str]:
        return json.loads(self.run["indicators"])

    @property
    def min_flags(self) -> int:
        return int(self.run["min_flags"])

    def by_change(self, change: str) -> list[PlaceChange]:
        return [w for w in self.wards if w.change == change]

    def profiled(self) -> list[PlaceChange]:
        """The wards that get a one-page profile: emerging, then sustaining."""
        return [w for w in _reading_order(self.wards) if w.category in (EMERGING, SUSTAINING)]

    def to_dict(self) -> dict[str, Any]:
        return {
            "area": self.area.to_dict(),
            "period": self.period.to_dict(),
            "run_id": self.run["run_id"],
            "previous_run_id": self.previous["run_id"] if self.previous else None,
            "wards": [w.to_dict() for w in self.wards],
            "datasets_added": [d.__dict__ | {"loaded": str(d.loaded)} for d in self.datasets],
            "notes": self.notes,
        }


# ------------------------------------------------------------------------------- building


def report_run(wh: Warehouse, area: Area, period: Period) -> dict[str, Any]:
    """The run a report describes: the partnership's regular run over exactly ``period``
    (the default settings), else the latest run made over it. One clear line when none."""
    check_district(area)
    run = default_run(wh, area, period)
    if run is None:
        runs = store.runs_over(wh, area.code, period.start, period.end)
        run = runs[0] if runs else None
    if run is None:
        raise SaferplacesError(
            f"no flags run for {area.name} over {period.label}: run the district's place "
            "flags for the period first",
            code="places.report-no-run",
            data={"area_name": area.name, "period": period.spec, "period_label": period.label},
        )
    return run


def _indicator_name(ident: str) -> str:
    try:
        return get_indicator(ident).name
    except SaferplacesError:  # an indicator no longer registered: its id still says what
        return ident


def build_place_report(wh: Warehouse, area: Area, period: Period) -> PlaceReport:
    """The place report of ``area`` (a district) for ``period``, read from stored runs."""
    run = report_run(wh, area, period)
    previous = store.get_run(wh, run["previous_run_id"]) if run["previous_run_id"] else None
    now = store.run_wards(wh, run["run_id"])
    before = store.run_wards(wh, previous["run_id"]) if previous else {}
    decided = store.decisions_in_force(wh, list(now))
    wards = []
    for code, w in now.items():
        b = before.get(code)
        d = decided.get(code)
        wards.append(
            PlaceChange(
                code,
                w["ward_name"],
                d["category"] if d else w["proposed_category"],
                b["category"] if b else None,
                w["proposed_category"],
                json.loads(w["flags"]),
                json.loads(b["flags"]) if b else None,
                d,
            )
        )
    wards.sort(key=lambda w: (w.ward_name, w.ward_code))
    ids = set(json.loads(run["indicators"]))
    for w in wards:
        ids.update(w.flags + (w.previous_flags or []))
    notes = []
    if previous is None:
        notes.append(
            f"Run {run['run_id']} was proposed against no earlier run, so every ward on the "
            "list is new to it."
        )
    return PlaceReport(
        area,
        period,
        run,
        previous,
        wards,
        datasets_added(wh, run, previous),
        {i: _indicator_name(i) for i in sorted(ids)},
        notes,
    )


def _source_title(name: str) -> str:
    from saferplaces.sources.registry import get_source

    for candidate in (name, name.rsplit("-", 1)[0]):  # police-uk-street: police-uk
        try:
            return get_source(candidate).title
        except SaferplacesError:
            continue
    return name


def _month(d: Any) -> str | None:
    return None if d is None else f"{d:%Y-%m}" if hasattr(d, "year") else str(d)[:7]


def datasets_added(
    wh: Warehouse, run: dict[str, Any], previous: dict[str, Any] | None
) -> list[DatasetAdded]:
    """The evidence loads in force at ``run`` and not at ``previous``, by source
    (reference data such as boundaries and Census counts is left out)."""
    was = {int(x["load_id"]) for x in json.loads(previous["loads"])} if previous else set()
    was_sources = {x["source"] for x in json.loads(previous["loads"])} if previous else set()
    added = [int(x["load_id"]) for x in json.loads(run["loads"]) if int(x["load_id"]) not in was]
    by_source: dict[str, list[dict[str, Any]]] = {}
    for load in queries.loads_by_id(wh, added):
        if not str(load["source"]).startswith("reference:"):
            by_source.setdefault(str(load["source"]), []).append(load)
    out = []
    for source, loads in sorted(by_source.items()):
        firsts = [m for m in (_month(x["first_month"]) for x in loads) if m]
        lasts = [m for m in (_month(x["last_month"]) for x in loads) if m]
        finished = [x["finished_at"] for x in loads if x["finished_at"] is not None]
        latest = max(finished) if finished else None
        out.append(
            DatasetAdded(
                source,
                _source_title(source),
                len(loads),
                min(firsts) if firsts else None,
                max(lasts) if lasts else None,
                sum(int(x["rows_loaded"]) for x in loads),
                latest.date() if isinstance(latest, datetime) else latest,
                source not in was_sources,
            )
        )
    return out


def _values_by_ward(wh: Warehouse, run_id: str, codes: set[str]) -> dict[str, dict]:
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for v in store.run_values(wh, run_id):
        if v["ward_code"] in codes:
            out.setdefault(v["ward_code"], {})[v["indicator_id"]] = v
    return out


def add_profiles(wh: Warehouse, report: PlaceReport) -> PlaceReport:
    """Give each emerging and sustaining ward its page: the ward's value, rank and flag on
    every indicator of the run, and its brief profile (people, deprivation, crime beside
    the district and the force)."""
    codes = {w.ward_code for w in report.profiled()}
    report.values = _values_by_ward(wh, report.run["run_id"], codes)
    # The page's facts need all crime and ASB (the run's table gives every indicator).
    shown = [get_indicator("all-crime"), get_indicator("anti-social-behaviour")]
    cache: dict = {}
    for w in report.profiled():
        place = from_wards(wh, w.ward_name, [w.ward_code], report.area)
        report.profiles[w.ward_code] = brief_profile(
            wh, place, report.period, indicators=shown, cache=cache
        )
    return report


# ------------------------------------------------------------------------------ sentences


def _and(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _a(category: str | None) -> str:
    """'an emerging area', 'a sustaining area'."""
    cat = category or "unlisted"
    return f"{'an' if cat[0] in 'aeiou' else 'a'} {cat} area"


def _flags(n: int) -> str:
    return f"{n} flag" if n == 1 else f"{n} flags"


def _some(names: list[str], *, most: int = 4) -> str:
    """Up to ``most`` names in full; a longer list as its first three and how many more
    (a board paper's sentence, not the table, which lists them all)."""
    if len(names) <= most:
        return _and(names)
    return f"{', '.join(names[:3])} and {len(names) - 3} more"


def _flag_detail(w: PlaceChange, names: dict[str, str]) -> str:
    """What changed in the ward's flags, as a clause ('' when nothing to say)."""
    now = [names.get(f, f) for f in w.flags]
    if w.previous_flags is None:
        return f"flagged on {_some(now)}" if now else ""
    gained = [names.get(f, f) for f in w.flags if f not in w.previous_flags]
    lost = [names.get(f, f) for f in w.previous_flags if f not in w.flags]
    kept = [names.get(f, f) for f in w.flags if f in w.previous_flags]
    if not gained and not lost:
        return f"flagged on {_some(now)} as at the last run" if now else "with no data flags"
    parts = [f"{_flags(len(w.flags))} against {len(w.previous_flags)} at the last run"]
    if gained:
        parts.append(f"newly flagged on {_some(gained)}")
    if kept:
        # The flags that held are said in full only when few: the change is the news.
        parts.append(
            f"still flagged on {_and(kept)}"
            if len(kept) <= 3
            else f"still flagged on {len(kept)} indicators as before"
        )
    if lost:
        parts.append(f"no longer flagged on {_some(lost)}")
    return "; ".join(parts)


def _decision(w: PlaceChange, *, public: bool) -> str:
    """The clause saying a person set the category against the rules, with the reason."""
    d = w.decision
    assert d is not None
    if w.proposed in LISTED:
        rule = f"would make it {_a(w.proposed)}"
    elif w.before in LISTED:
        rule = "would take it off the list"
    else:
        rule = "would not list it"
    when = long_date(d["decided_at"])
    who = "" if public else f" by {d['decided_by']}"
    what = "off the list" if d["category"] == OFF else d["category"]
    return (
        f" It is {what} by the partnership's decision{who} on {when}, not by the rules, "
        f"which {rule}: “{d['reason']}”."
    )


def sentence(w: PlaceChange, names: dict[str, str], min_flags: int, *, public: bool) -> str | None:
    """The ward's change in one or two plain sentences (None: not on the list either
    time). The public edition leaves out who made a decision."""
    change = w.change
    if change is None:
        return None
    detail = _flag_detail(w, names)
    if change == NEW:
        text = f"{w.ward_name} is new to the list as {_a(w.category)}"
        text += f": {detail}." if detail else "."
    elif change == STAYS:
        text = f"{w.ward_name} stays {_a(w.category)}"
        if detail[:1].isdigit():
            detail = f"with {detail}"
        text += f", {detail}." if detail else "."
    elif change == MOVES:
        text = f"{w.ward_name} moves from {w.before} to {_a(w.category)}"
        text += f": {detail}." if detail else "."
    else:
        n = len(w.flags)
        if n == 0:
            why = "it is no longer flagged on any indicator"
        elif n < min_flags:
            shown = _some([names.get(f, f) for f in w.flags])
            why = f"it has {_flags(n)} ({shown}), fewer than the {min_flags} the list needs"
        else:
            why = f"it is still flagged on {_some([names.get(f, f) for f in w.flags])}"
        text = f"{w.ward_name} comes off the list, having been {_a(w.before)}: {why}."
    if w.overridden:
        text += _decision(w, public=public)
    return text


def _reading_order(wards: list[PlaceChange]) -> list[PlaceChange]:
    return sorted(
        wards,
        key=lambda w: (
            _ORDER.get(w.category or "", 3),
            CHANGES.index(w.change) if w.change else 9,
            w.ward_name,
        ),
    )


def sentences(report: PlaceReport, *, public: bool) -> list[str]:
    """Every change as a sentence: the list as it stands (emerging, sustaining,
    preventing; new before stays before moves), then the wards coming off it."""
    out = []
    for w in _reading_order(report.wards):
        s = sentence(w, report.names, report.min_flags, public=public)
        if s:
            out.append(s)
    return out


def summary_line(report: PlaceReport) -> str:
    """How many wards are on the list, by category, and how many changed."""
    listed = [w for w in report.wards if w.listed]
    counts = [
        f"{sum(1 for w in listed if w.category == c)} {c}"
        for c in (EMERGING, SUSTAINING, PREVENTING)
    ]
    moved = [f"{len(report.by_change(c))} {label}" for c, label in _LABELS.items()]
    return (
        f"{len(listed)} of {len(report.wards)} wards are on the list ({', '.join(counts)}); "
        f"{', '.join(moved)}."
    )


_LABELS = {NEW: "new", STAYS: "stay", MOVES: "move", COMES_OFF: "come off"}
