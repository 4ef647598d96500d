"""Place flags on a hand-built district: flags and categories worked out by hand.

Flagton has five wards of 1,000 residents (W4: 2,000). Three indicators: toy-a and
toy-b are per 1,000 residents, toy-c has no denominator (counts). With ``top=0.4`` the
threshold is the value at rank ceil(0.4 × 5) = 2, ties included, zeros never.

Period A (Jan): toy-a rates 10, 6, 6, 6 (12 per 2,000), 0 → threshold 6: W1-W4.
                toy-b all zero → nobody. toy-c counts 5, 1, 0, 2, 3 → threshold 3: W1, W5.
                Flags: W1 2 → emerging (first run: newly flagged); the rest 1 or 0.
Period B (Apr): toy-a 1, 8, 7, 0, 9 → threshold 8: W2, W5. toy-b 0, 5, 0, 0, 5: W2, W5.
                toy-c 0, 1, 1, 0, 4 → threshold 1 (tie): W2, W3, W5.
                Flags W1 0 → off; W2 3, W5 3 → emerging; W3 1 → not listed.
(A person sets W3 "preventing".)
Period C (Jul): toy-a 0, 7, 0, 0, 2 → W2, W5. toy-b only W5 1 → W5. toy-c none.
                W2 1 flag < 3 at entry → sustaining; W5 2 < 3 → sustaining;
                W3 preventing by decision (proposal: not listed).
Period D (Oct): toy-a 9, 9, 0, 0, 9 → W1, W2, W5. toy-b 1, 1, 0, 0, 0 → W1, W2.
                toy-c 1, 0, 5, 0, 0 → W3, W1.
                W1 3 (was off) → emerging; W2 2 > 1 before → emerging; W5 1 < 3 → sustaining;
                W3 stays preventing (its proposal: not listed).
"""

from __future__ import annotations

import json

import pytest

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.periods import parse_period
from saferplaces.geography.areas import resolve_area
from saferplaces.places.flags import flags_history, resolve_ward, run_flags, set_category
from tests.places import toy

W = toy.FLAGTON_WARDS
MONTH = {"A": "2025-01", "B": "2025-04", "C": "2025-07", "D": "2025-10"}
PERIOD = {
    "A": "2025-01..2025-03",
    "B": "2025-04..2025-06",
    "C": "2025-07..2025-09",
    "D": "2025-10..2025-12",
}

# Events per ward per period; W4's toy-a 12 is over 2,000 residents (a rate of 6).
A = {"A": [10, 6, 6, 12, 0], "B": [1, 8, 7, 0, 9], "C": [0, 7, 0, 0, 2], "D": [9, 9, 0, 0, 9]}
B = {"A": [0, 0, 0, 0, 0], "B": [0, 5, 0, 0, 5], "C": [0, 0, 0, 0, 1], "D": [1, 1, 0, 0, 0]}
C = {"A": [5, 1, 0, 2, 3], "B": [0, 1, 1, 0, 4], "C": [0, 0, 0, 0, 0], "D": [1, 0, 5, 0, 0]}


def _counts(table):
    return {
        (toy.flagton_lsoa(W[i]), MONTH[p]): n
        for p, ns in table.items()
        for i, n in enumerate(ns)
        if n
    }


INDICATORS = [
    toy.indicator("toy-a", _counts(A)),
    toy.indicator("toy-b", _counts(B)),
    toy.indicator("toy-c", _counts(C), denominator=None),
]


def _run(wh, p):
    area = resolve_area(wh, "Flagton")
    return run_flags(
        wh, area, parse_period(PERIOD[p]), INDICATORS, top=0.4, min_flags=2, who="tester"
    )


def _by_ward(run):
    return {w.ward_name[-2:]: w for w in run.wards}


def test_flags_and_categories_worked_by_hand(toy_wh):
    a = _by_ward(_run(toy_wh, "A"))
    assert {k: sorted(v.flags) for k, v in a.items()} == {
        "W1": ["toy-a", "toy-c"],
        "W2": ["toy-a"],
        "W3": ["toy-a"],
        "W4": ["toy-a"],
        "W5": ["toy-c"],
    }
    assert {k: v.category for k, v in a.items()} == {
        "W1": "emerging",
        "W2": None,
        "W3": None,
        "W4": None,
        "W5": None,
    }

    run_b = _run(toy_wh, "B")
    b = _by_ward(run_b)
    assert {k: v.flag_count for k, v in b.items()} == {"W1": 0, "W2": 3, "W3": 1, "W4": 0, "W5": 3}
    assert {k: v.category for k, v in b.items()} == {
        "W1": "off",
        "W2": "emerging",
        "W3": None,
        "W4": None,
        "W5": "emerging",
    }
    assert b["W3"].flags == ["toy-c"]  # tied at the threshold of 1 with W2

    w3 = resolve_ward(toy_wh, "Ward W3", resolve_area(toy_wh, "Flagton"))
    set_category(toy_wh, w3, "preventing", "new town being built", who="A. Analyst")

    run_c = _run(toy_wh, "C")
    c = _by_ward(run_c)
    assert {k: (v.flag_count, v.proposed_category, v.category) for k, v in c.items()} == {
        "W1": (0, None, None),
        "W2": (1, "sustaining", "sustaining"),
        "W3": (0, None, "preventing"),
        "W4": (0, None, None),
        "W5": (2, "sustaining", "sustaining"),
    }

    d = _by_ward(_run(toy_wh, "D"))
    assert {k: (v.flag_count, v.proposed_category, v.category) for k, v in d.items()} == {
        "W1": (3, "emerging", "emerging"),
        "W2": (2, "emerging", "emerging"),
        "W3": (1, None, "preventing"),  # the proposal never overwrites the decision
        "W4": (0, None, None),
        "W5": (1, "sustaining", "sustaining"),
    }

    # Removing the decision hands the ward back to the rules: a new run, not listed.
    set_category(toy_wh, w3, "clear", "development complete", who="A. Analyst")
    d2 = _run(toy_wh, "D")
    assert _by_ward(d2)["W3"].category is None
    assert d2.previous_run_id == run_c.id


def test_threshold_and_ranks_are_stored(toy_wh):
    run = _run(toy_wh, "A")
    stored = toy_wh.dicts(
        "SELECT ward_code, value, rank, threshold, flagged FROM flag_values "
        "WHERE run_id = ? AND indicator_id = 'toy-a' ORDER BY ward_code",
        [run.id],
    )
    assert [(r["value"], r["rank"], r["flagged"]) for r in stored] == [
        (10.0, 1, True),
        (6.0, 2, True),
        (6.0, 2, True),
        (6.0, 2, True),
        (0.0, 5, False),
    ]
    assert {r["threshold"] for r in stored} == {6.0}
    assert {t.indicator: t.flagged for t in run.thresholds} == {"toy-a": 4, "toy-b": 0, "toy-c": 2}


def test_same_inputs_same_run(toy_wh):
    first = _run(toy_wh, "A")
    again = _run(toy_wh, "A")
    assert first.stored and not again.stored
    assert first.id == again.id
    assert json.dumps(first.to_dict()) == json.dumps(again.to_dict())
    assert toy_wh.scalar("SELECT count(*) FROM flag_runs") == 1


def test_changed_figures_make_a_new_run(toy_wh):
    first = _run(toy_wh, "A")
    changed = [INDICATORS[0], INDICATORS[1], toy.indicator("toy-c", {}, denominator=None)]
    other = run_flags(
        toy_wh,
        resolve_area(toy_wh, "Flagton"),
        parse_period(PERIOD["A"]),
        changed,
        top=0.4,
        min_flags=2,
    )
    assert other.id != first.id


def test_history_lists_runs_and_decisions(toy_wh):
    area = resolve_area(toy_wh, "Flagton")
    _run(toy_wh, "A")
    _run(toy_wh, "B")
    w3 = resolve_ward(toy_wh, "Ward W3", area)
    set_category(toy_wh, w3, "preventing", "new town", who="A. Analyst")
    h = flags_history(toy_wh, area)
    assert [r["period_start"] for r in h.runs] == ["2025-01", "2025-04"]
    assert h.runs[1]["categories"]["off"] == ["Ward W1"]
    assert h.runs[1]["categories"]["emerging"] == ["Ward W2", "Ward W5"]
    assert [(d["ward_name"], d["category"], d["decided_by"], d["reason"]) for d in h.decisions] == [
        ("Ward W3", "preventing", "A. Analyst", "new town")
    ]
    one = flags_history(toy_wh, area, resolve_ward(toy_wh, "Ward W2", area))
    assert [r["ward"]["flag_count"] for r in one.runs] == [1, 3]
    assert [r["ward"]["category"] for r in one.runs] == [None, "emerging"]
    assert [e["kind"] for e in h.events()] == ["run", "run", "decision"]


def test_bad_decisions_and_areas_are_refused(toy_wh):
    area = resolve_area(toy_wh, "Flagton")
    w1 = resolve_ward(toy_wh, "Ward W1", area)
    with pytest.raises(SaferplacesError, match="unknown category 'hot'"):
        set_category(toy_wh, w1, "hot", "because")
    with pytest.raises(SaferplacesError, match="needs a reason"):
        set_category(toy_wh, w1, "preventing", "  ")
    with pytest.raises(SaferplacesError, match="is not a district"):
        run_flags(toy_wh, w1, parse_period("2025"), INDICATORS)
    with pytest.raises(SaferplacesError, match="--top must be a share"):
        run_flags(toy_wh, area, parse_period("2025"), INDICATORS, top=0)
    assert toy_wh.scalar("SELECT count(*) FROM flag_decisions") == 0
