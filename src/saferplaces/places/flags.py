"""Place flags: the data group method, run, stored and explained.

:func:`run_flags` ranks every ward of a district on each indicator, flags the top share
(ties included, zeros never), counts each ward's flags, proposes a category against the
previous run (:mod:`saferplaces.places.categories`), applies the decisions people have
made (:mod:`saferplaces.places.flag_decisions`), and stores the run with its inputs,
thresholds and notes.

The previous run is the latest earlier run of the same district made with the same
settings (indicators, measure, top and min_flags), so an exploratory run (one indicator,
another top share) never becomes the base of next quarter's categories; ``against``
names another run explicitly. A period with months missing from a source is refused unless
``allow_incomplete``; a period with no month of a source is always refused.

A run's id is a hash of its inputs: the parameters, every ward's count and denominator
on every indicator, the previous run and the decisions in force. Running again on the
same inputs finds the same run and prints the same output, byte for byte.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.messages import Hint, Note, Param
from saferplaces.core.periods import Period
from saferplaces.geography.areas import Area, wards_of
from saferplaces.indicators.registry import Indicator
from saferplaces.places import queries, store
from saferplaces.places.categories import EMERGING, Previous, entry_for, propose
from saferplaces.places.completeness import check_period
from saferplaces.places.flag_decisions import current_user
from saferplaces.places.options import FLAGS
from saferplaces.places.ranking import flag_rank, flag_rule, held_defaults, ward_values
from saferplaces.quality.coverage import Coverage
from saferplaces.warehouse.connection import Warehouse

# The settings of the partnership's regular run (``flags run`` with no options).
DEFAULT_TOP: float = FLAGS["top"].default
DEFAULT_MIN_FLAGS: int = FLAGS["min_flags"].default
DEFAULT_MEASURE: str = FLAGS["measure"].default
AREA = Param("area", "area")
AGAINST = FLAGS["against"].param()
SETTINGS = (
    "the same indicators, measure, ",
    FLAGS["top"].param(),
    " and ",
    FLAGS["min_flags"].param(),
)
# Ranking fewer wards than this against each other is not a comparison of places: with
# one ward, it is flagged on every indicator it has any of.
MIN_WARDS = 5
_PLACES = 9


@dataclass
class WardFlags:
    ward_code: str
    ward_name: str
    flags: list[str]
    flag_count: int
    previous_flag_count: int | None
    proposed_category: str | None
    category: str | None
    decision: dict[str, Any] | None = None  # the decision in force, if any

    def to_dict(self) -> dict[str, Any]:
        return {
            "ward_code": self.ward_code,
            "ward_name": self.ward_name,
            "flags": self.flags,
            "flag_count": self.flag_count,
            "proposed_category": self.proposed_category,
            "category": self.category,
        }


@dataclass
class IndicatorThreshold:
    indicator: str
    name: str
    threshold: float
    flagged: int


@dataclass
class FlagRun:
    id: str
    area: Area
    period: Period
    indicators: list[Indicator]
    measure: str
    top: float
    min_flags: int
    previous_run_id: str | None
    wards: list[WardFlags]
    thresholds: list[IndicatorThreshold]
    stored: bool  # False when the same run was already held
    notes: list[str] = field(default_factory=list)
    coverage: list[Coverage] = field(default_factory=list)
    owner: str = ""  # the partnership whose run it is ('' for the command line's own)

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract; nothing in it depends on when the run was made."""
        return {
            "run": {
                "id": self.id,
                "area": self.area.to_dict(),
                "period": self.period.to_dict(),
                "indicators": [i.id for i in self.indicators],
                "measure": self.measure,
                "top": self.top,
                "min_flags": self.min_flags,
                "previous_run_id": self.previous_run_id,
            },
            "thresholds": [
                {
                    "indicator": t.indicator,
                    "threshold": t.threshold,
                    "wards_flagged": t.flagged,
                }
                for t in self.thresholds
            ],
            "wards": [w.to_dict() for w in self.wards],
            "coverage": [c.to_dict() for c in self.coverage],
            "notes": self.notes,
        }


def check_district(area: Area) -> None:
    if area.level not in ("district", "csp"):
        raise SaferplacesError(
            f"{area.describe} is not a district: place flags rank the wards of a district or CSP",
            Hint(" (give ", AREA, " a district name or code)"),
            code="places.not-a-district",
        )


def same_settings(
    run: dict[str, Any], indicators: list[str], measure: str, top: float, min_flags: int
) -> bool:
    """True when a stored run was made with these indicators (in any order), measure,
    top share and minimum flags."""
    return (
        sorted(json.loads(run["indicators"])) == sorted(indicators)
        and run["measure"] == measure
        and round(float(run["top"]), _PLACES) == round(float(top), _PLACES)
        and int(run["min_flags"]) == int(min_flags)
    )


def _previous_run(
    wh: Warehouse,
    area: Area,
    period: Period,
    settings: tuple[list[str], str, float, int],
    against: str | None,
    owner: str = "",
) -> tuple[dict[str, Any] | None, str]:
    """The run to propose categories against, and a note saying which and why: always
    one of ``owner``'s own runs."""
    if against:
        prev = store.get_run(wh, against)
        if prev is None or store.run_owner(prev) != owner:
            raise SaferplacesError(
                f"no flags run {against!r}: see `saferplaces flags history`",
                code="places.no-such-run",
            )
        if prev["area_code"] != area.code:
            raise SaferplacesError(
                f"run {against} is for {prev['area_name']}, not {area.name}",
                Hint(f": give a run of {area.name} to ", AGAINST),
                code="places.run-of-another-area",
            )
        if prev["period_end"] >= period.end:
            raise SaferplacesError(
                f"run {against} covers {prev['period_start']} to {prev['period_end']}, which "
                f"does not end before {period.end}: ",
                AGAINST,
                " needs an earlier run",
                code="places.run-not-earlier",
            )
        which = {"run_id": prev["run_id"], "start": prev["period_start"], "end": prev["period_end"]}
        return prev, Note(
            f"Categories are proposed against run {prev['run_id']} ({prev['period_start']} to "
            f"{prev['period_end']}), as given with ",
            AGAINST,
            ".",
            code="flags.previous-run.chosen",
            data=which,
        )
    earlier = store.runs_before(wh, area.code, period.end, owner)
    matching = [r for r in earlier if same_settings(r, *settings)]
    if matching:
        prev = matching[0]
        return prev, Note(
            f"Categories are proposed against run {prev['run_id']} ({prev['period_start']} to "
            f"{prev['period_end']}): the latest earlier run with ",
            *SETTINGS,
            ".",
            code="flags.previous-run",
        )
    if earlier:
        return None, Note(
            "No earlier run with ",
            *SETTINGS,
            f" ({len(earlier)} earlier run(s) differ): every ward with enough flags is newly "
            "flagged.",
            Hint(" Give ", FLAGS["against"].param("RUN"), " to propose against one of them."),
            code="flags.previous-run.none-matching",
        )
    return None, Note(
        "No earlier run for this area: every ward with enough flags is newly flagged.",
        code="flags.previous-run.none",
    )


def run_flags(
    wh: Warehouse,
    area: Area,
    period: Period,
    indicators: list[Indicator] | None,
    *,
    top: float = DEFAULT_TOP,
    min_flags: int = DEFAULT_MIN_FLAGS,
    measure: str = DEFAULT_MEASURE,
    who: str | None = None,
    against: str | None = None,
    allow_incomplete: bool = False,
    owner: str | None = None,
) -> FlagRun:
    """Rank, flag, categorise and store one run for the wards of ``area``, as
    ``owner``'s (a partnership's short name; '' for the command line's own; by default
    the one ``wh`` was opened for): proposed against ``owner``'s earlier runs, with
    ``owner``'s decisions.

    ``indicators=None`` ranks on the default indicators held for the whole period
    (:func:`~saferplaces.places.ranking.held_defaults`), noting any left out."""
    check_district(area)
    owner = store.owner_of(wh, owner)
    left_out: list[str] = []
    if indicators is None:
        indicators, left_out = held_defaults(wh, area, period)
    if not indicators:
        raise SaferplacesError(
            "no indicators to rank",
            Hint(": name some with ", FLAGS["indicators"].param()),
            code="places.no-indicators",
        )
    FLAGS["min_flags"].check(min_flags)
    FLAGS["top"].check(top)
    FLAGS["measure"].check(measure)
    n_wards = len(wards_of(wh, area))
    if n_wards < MIN_WARDS:
        raise SaferplacesError(
            f"{area.name} has {n_wards} ward(s): place flags rank wards against each other and "
            f"need at least {MIN_WARDS}; use `saferplaces indicators` for a small district"
        )
    covs, notes = check_period(
        wh, area, period, indicators, allow_incomplete=allow_incomplete, what="a flags run"
    )
    notes = [
        Note(
            n,
            " Ranked on the months held",
            Hint(" (", FLAGS["allow_incomplete"].param(), ")"),
            ".",
            code="flags.ranked-incomplete",
        )
        for n in notes
    ]
    notes = left_out + notes

    names: dict[str, str] = {}
    flags: dict[str, list[str]] = {}
    value_rows: list[list[Any]] = []
    thresholds: list[IndicatorThreshold] = []
    figures: list[list[Any]] = []
    unranked: dict[str, list[str]] = {}
    for ind in indicators:
        values = ward_values(wh, area, period, ind, measure)
        ranked_values = [v for v in values if v.value is not None]
        ranked = flag_rule([v.value for v in ranked_values], top)  # type: ignore[misc]
        outcome = {
            v.ward_code: (rank, flagged)
            for v, rank, flagged in zip(ranked_values, ranked.ranks, ranked.flagged, strict=True)
        }
        thresholds.append(
            IndicatorThreshold(ind.id, ind.name, ranked.threshold, sum(ranked.flagged))
        )
        for v in values:
            names[v.ward_code] = v.ward_name
            flags.setdefault(v.ward_code, [])
            rank, flagged = outcome.get(v.ward_code, (None, False))
            if flagged:
                flags[v.ward_code].append(ind.id)
            if v.value is None:
                unranked.setdefault(v.ward_name, []).append(ind.id)
            value_rows.append(
                [
                    v.ward_code,
                    ind.id,
                    v.count,
                    v.denominator,
                    v.value,
                    rank,
                    ranked.threshold,
                    flagged,
                ]
            )
            figures.append([ind.id, v.ward_code, float(v.count), v.denominator])

    settings = ([i.id for i in indicators], measure, top, min_flags)
    prev, prev_note = _previous_run(wh, area, period, settings, against, owner)
    prev_id = prev["run_id"] if prev else None
    prev_wards = store.run_wards(wh, prev_id) if prev_id else {}
    decisions = store.decisions_in_force(wh, list(names), owner)

    inputs = {
        "area": area.code,
        "period": period.spec,
        "indicators": [i.id for i in indicators],
        "measure": measure,
        "top": top,
        "min_flags": min_flags,
        "figures": sorted(figures),
        "previous_run_id": prev_id,
        "decisions": sorted([d["ward_code"], int(d["decision_id"])] for d in decisions.values()),
    }
    if owner:
        # Two owners' runs on the same inputs are two runs (the command line's ids are as
        # they always were).
        inputs["owner"] = owner
    digest = hashlib.sha256(
        json.dumps(inputs, sort_keys=True, separators=(",", ":")).encode()
    ).hexdigest()
    run_id = digest[:16]

    wards: list[WardFlags] = []
    ward_rows: list[tuple] = []
    for code in sorted(names, key=lambda c: (-len(flags[c]), names[c], c)):
        count = len(flags[code])
        row = prev_wards.get(code)
        before = (
            Previous(row["category"], int(row["flag_count"]), row["entry_flags"]) if row else None
        )
        proposed = propose(count, min_flags, before).category
        decision = decisions.get(code)
        category = decision["category"] if decision else proposed
        wards.append(
            WardFlags(
                code,
                names[code],
                flags[code],
                count,
                before.flag_count if before else None,
                proposed,
                category,
                decision,
            )
        )
        ward_rows.append(
            (
                run_id,
                code,
                names[code],
                count,
                json.dumps(flags[code]),
                before.flag_count if before else None,
                entry_for(category, count, before),
                proposed,
                category,
                int(decision["decision_id"]) if decision else None,
            )
        )

    notes += _method_notes(measure, top, len(names), unranked)
    notes.append(prev_note)
    notes += _too_many_note(wards, min_flags, len(indicators))
    notes = [n if isinstance(n, Note) else Note(n, code="flags.method") for n in notes]
    stored = not store.run_exists(wh, run_id)
    if stored:
        store.save_run(
            wh,
            {
                "run_id": run_id,
                "area_code": area.code,
                "area_name": area.name,
                "area_level": area.level,
                "period_start": period.start,
                "period_end": period.end,
                "indicators": [i.id for i in indicators],
                "measure": measure,
                "top": top,
                "min_flags": min_flags,
                "previous_run_id": prev_id,
                "inputs_sha256": digest,
                "loads": queries.loads_in_force(wh),
                "created_at": datetime.now(),
                "created_by": who or current_user(),
                # Notes are kept with their structure, so each audience can word them.
                "notes": [n.to_json() if isinstance(n, Note) else n for n in notes],
                "owner": owner,
            },
            [(run_id, *r) for r in value_rows],
            ward_rows,
        )
    return FlagRun(
        run_id,
        area,
        period,
        indicators,
        measure,
        top,
        min_flags,
        prev_id,
        wards,
        thresholds,
        stored,
        notes,
        covs,
        owner,
    )


def _method_notes(
    measure: str, top: float, n_wards: int, unranked: dict[str, list[str]]
) -> list[str]:
    what = "rate per 1,000" if measure == "rate" else "count"
    k = flag_rank(top, n_wards)
    notes = [
        f"{n_wards} wards ranked on each indicator by {what} (count where an indicator has "
        f"no denominator); a ward is flagged when its value is at least the value at rank "
        f"{k} (ceil({top:g} × {n_wards})), ties included; a value of zero is never flagged.",
        "Wards are May 2024 electoral wards; figures are those of their best-fit LSOAs (2021).",
    ]
    if unranked:
        notes.append(
            "Not ranked on rates, having no residents or households (Census 2021), so no "
            "rate: "
            + "; ".join(f"{w} ({', '.join(ids)})" for w, ids in sorted(unranked.items()))
            + ". The threshold rank counts only the wards ranked."
        )
    return notes


def _too_many_note(wards: list[WardFlags], min_flags: int, n_indicators: int) -> list[str]:
    """A warning when the list is no longer a short list of places that stand out."""
    emerging = sum(1 for w in wards if w.proposed_category == EMERGING)
    if not wards or emerging * 3 <= len(wards):
        return []
    return [
        Note(
            f"{emerging} of {len(wards)} wards are proposed emerging: with {n_indicators} "
            f"indicators, {min_flags} flags are easily reached.",
            Hint(
                " For a short list of the places that stand out, raise ",
                FLAGS["min_flags"].param(),
                " or rank fewer ",
                FLAGS["indicators"].param(),
                ".",
            ),
            code="flags.too-many",
            data={
                "emerging": emerging,
                "wards": len(wards),
                "indicators": n_indicators,
                "min_flags": min_flags,
            },
        )
    ]
