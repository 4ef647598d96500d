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

from saferplaces.cli.phrasing import cli_text
from saferplaces.core.errors import SaferplacesError
from saferplaces.core.periods import parse_period
from saferplaces.geography.areas import resolve_area
from saferplaces.places.categories import Previous, Proposal, propose
from saferplaces.places.flag_decisions import resolve_ward, set_category
from saferplaces.places.flag_history import flags_history
from saferplaces.places.flags import run_flags
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
    # The library names the parameter; the command line says it as its flag.
    with pytest.raises(SaferplacesError, match="top must be a share") as e:
        run_flags(toy_wh, area, parse_period("2025"), INDICATORS, top=0)
    assert cli_text(e.value).startswith("--top must be a share")
    assert toy_wh.scalar("SELECT count(*) FROM flag_decisions") == 0


# --- the previous run: same settings only, or --against --------------------------------


def test_an_exploratory_run_is_never_the_previous_run(toy_wh):
    area = resolve_area(toy_wh, "Flagton")
    run_a = _run(toy_wh, "A")  # the regular run: three indicators, top 0.4
    # An exploratory run over a later period with one indicator: W1 is not flagged on toy-a
    # in B (1 per 1,000), so against run A it would be proposed "off"...
    explore = run_flags(
        toy_wh, area, parse_period(PERIOD["B"]), INDICATORS[:1], top=0.4, min_flags=1
    )
    assert explore.previous_run_id is None  # other indicators: not run A's successor
    assert any("No earlier run with the same indicators" in n for n in explore.notes)
    assert _by_ward(explore)["W1"].proposed_category is None
    # ...and the next regular run (C) is proposed against regular run... none for B, so A.
    run_c = _run(toy_wh, "C")
    assert run_c.previous_run_id == run_a.id
    assert any(f"against run {run_a.id}" in n for n in run_c.notes)
    # Another --top is another series too.
    other_top = run_flags(toy_wh, area, parse_period(PERIOD["D"]), INDICATORS, top=0.2, min_flags=2)
    assert other_top.previous_run_id is None


def test_against_names_the_previous_run(toy_wh):
    area = resolve_area(toy_wh, "Flagton")
    run_a = _run(toy_wh, "A")
    explore = run_flags(
        toy_wh,
        area,
        parse_period(PERIOD["B"]),
        INDICATORS[:1],
        top=0.4,
        min_flags=1,
        against=run_a.id,
    )
    assert explore.previous_run_id == run_a.id
    assert any("as given with --against" in cli_text(n) for n in explore.notes)
    # W1 was emerging in A (2 flags); in B it has no toy-a flag (1 < threshold 8): off.
    assert _by_ward(explore)["W1"].proposed_category == "off"
    with pytest.raises(SaferplacesError, match="no flags run 'nosuchrun'"):
        run_flags(toy_wh, area, parse_period(PERIOD["B"]), INDICATORS, against="nosuchrun")
    with pytest.raises(SaferplacesError, match="does not end before 2025-03"):
        run_flags(toy_wh, area, parse_period(PERIOD["A"]), INDICATORS, against=run_a.id)
    _small_district(toy_wh, 5)
    small = resolve_area(toy_wh, "Smallton")
    with pytest.raises(SaferplacesError, match="is for Flagton, not Smallton"):
        run_flags(toy_wh, small, parse_period(PERIOD["B"]), INDICATORS, against=run_a.id)


def test_indicators_in_another_order_are_the_same_settings(toy_wh):
    area = resolve_area(toy_wh, "Flagton")
    run_a = _run(toy_wh, "A")
    b = run_flags(toy_wh, area, parse_period(PERIOD["B"]), INDICATORS[::-1], top=0.4, min_flags=2)
    assert b.previous_run_id == run_a.id


# --- categories: sustaining is measured against the flags on entry ----------------------


def test_sustaining_is_against_the_count_on_entry_not_the_last_run():
    # Joined with 4 flags; fell to 1 (sustaining); rose to 2 (more than last time and at
    # least min-flags: emerging again, still 4 on entry); now 2 again: not more than last
    # time, but below the 4 it joined with: sustaining.
    assert propose(4, 2, None) == Proposal("emerging", 4)
    assert propose(1, 2, Previous("emerging", 4, 4)) == Proposal("sustaining", 4)
    assert propose(2, 2, Previous("sustaining", 1, 4)) == Proposal("emerging", 4)
    assert propose(2, 2, Previous("emerging", 2, 4)) == Proposal("sustaining", 4)
    # Back at its entry count with no rise: it keeps its category.
    assert propose(4, 2, Previous("sustaining", 4, 4)) == Proposal("sustaining", 4)


def test_sustaining_over_four_runs(toy_wh):
    """The same chain through stored runs: W1 joins with 3 flags (A), falls to 1 (B:
    sustaining), rises to 2 (C: emerging, entry still 3), stays at 2 (D: sustaining)."""
    area = resolve_area(toy_wh, "Flagton")
    # Three indicators, counts (no denominator), top 0.2 of 5 wards: rank 1 flags.
    tables = {
        "x": {
            "A": [5, 1, 0, 0, 0],
            "B": [0, 3, 0, 0, 0],
            "C": [4, 1, 0, 0, 0],
            "D": [4, 1, 0, 0, 0],
        },
        "y": {
            "A": [5, 1, 0, 0, 0],
            "B": [0, 3, 0, 0, 0],
            "C": [4, 1, 0, 0, 0],
            "D": [4, 1, 0, 0, 0],
        },
        "z": {
            "A": [5, 1, 0, 0, 0],
            "B": [5, 1, 0, 0, 0],
            "C": [0, 3, 0, 0, 0],
            "D": [0, 3, 0, 0, 0],
        },
    }
    inds = [toy.indicator(f"chain-{k}", _counts(t), denominator=None) for k, t in tables.items()]
    got = []
    for p in "ABCD":
        run = run_flags(toy_wh, area, parse_period(PERIOD[p]), inds, top=0.2, min_flags=2)
        w1 = _by_ward(run)["W1"]
        got.append((w1.flag_count, w1.proposed_category))
    assert got == [(3, "emerging"), (1, "sustaining"), (2, "emerging"), (2, "sustaining")]


# --- periods with missing months -------------------------------------------------------


GAPPY = toy.indicator(
    "toy-gappy", {(toy.flagton_lsoa("W1"), "2025-05"): 3}, source="toy-gappy", denominator=None
)


def test_incomplete_periods_are_refused_unless_allowed(toy_wh):
    area = resolve_area(toy_wh, "Flagton")
    inds = [INDICATORS[0], GAPPY]
    with pytest.raises(SaferplacesError, match=r"missing 3 of 6 months .*allow_incomplete") as e:
        run_flags(toy_wh, area, parse_period("2025-04..2025-09"), inds)
    assert "give --allow-incomplete" in cli_text(e.value)
    assert toy_wh.scalar("SELECT count(*) FROM flag_runs") == 0
    run = run_flags(toy_wh, area, parse_period("2025-04..2025-09"), inds, allow_incomplete=True)
    assert run.stored
    incomplete = [n for n in run.notes if n.startswith("Incomplete")]
    assert len(incomplete) == 1 and "gappy toy data" in incomplete[0]
    assert "2025-07, 2025-08, 2025-09" in incomplete[0]
    assert "--allow-incomplete" in cli_text(incomplete[0])
    assert run.to_dict()["coverage"][1]["missing_months"] == ["2025-07", "2025-08", "2025-09"]
    # The notes are kept with the run.
    from saferplaces.places.stored_runs import stored_run

    assert stored_run(toy_wh, run.id).notes == run.notes


def test_a_period_with_no_data_is_never_stored(toy_wh):
    area = resolve_area(toy_wh, "Flagton")
    for allow in (False, True):
        with pytest.raises(SaferplacesError, match=r"missing 3 of 3 months.*no data at all"):
            run_flags(
                toy_wh, area, parse_period("2025-10..2025-12"), [GAPPY], allow_incomplete=allow
            )
    assert toy_wh.scalar("SELECT count(*) FROM flag_runs") == 0


def test_police_data_missing_months_on_the_bundled_force(loaded_copy):
    from saferplaces.indicators.registry import get_indicator
    from saferplaces.warehouse import Warehouse

    with Warehouse.open(loaded_copy) as wh:
        cambridge = resolve_area(wh, "Cambridge")
        burglary = [get_indicator("burglary")]
        with pytest.raises(SaferplacesError, match="missing 12 of 12 months"):
            run_flags(wh, cambridge, parse_period("2030"), burglary, allow_incomplete=True)
        with pytest.raises(SaferplacesError, match="missing 6 of 12 months"):
            run_flags(wh, cambridge, parse_period("2025-07..2026-06"), burglary)
        assert wh.scalar("SELECT count(*) FROM flag_runs") == 0


# --- too few wards, wrong wards ---------------------------------------------------------


def _small_district(wh, wards: int) -> None:
    wh.execute(
        "INSERT INTO ref_lad VALUES ('E07900009', 'Smallton', 'E22909', 'Smallton CSP', "
        "'E23900001', 'Toyshire')"
    )
    for i in range(wards):
        lsoa = f"E0199999{i}"
        wh.execute(
            "INSERT INTO ref_lsoa VALUES (?, ?, ?, ?, 'E07900009', 'Smallton')",
            [lsoa, f"Smallton {i}", f"E0599999{i}", f"Small ward {i}"],
        )
        wh.execute("INSERT INTO ref_population VALUES (?, 1000, 400)", [lsoa])


def test_a_district_with_too_few_wards_is_refused(toy_wh):
    _small_district(toy_wh, 1)  # like the Isles of Scilly: one ward
    ind = toy.indicator("toy-one", {("E01999990", "2025-02"): 3})
    area = resolve_area(toy_wh, "Smallton")
    with pytest.raises(SaferplacesError, match=r"Smallton has 1 ward\(s\).*at least 5"):
        run_flags(toy_wh, area, parse_period("2025"), [ind])
    assert toy_wh.scalar("SELECT count(*) FROM flag_runs") == 0


def test_a_ward_of_another_district_is_named_as_such(toy_wh):
    flagton = resolve_area(toy_wh, "Flagton")
    with pytest.raises(SaferplacesError, match=r"^Quarter 1 is not a ward of Flagton"):
        resolve_ward(toy_wh, "Quarter 1", flagton)
    with pytest.raises(SaferplacesError, match="no area called 'Nowhere'"):
        resolve_ward(toy_wh, "Nowhere", flagton)
    assert resolve_ward(toy_wh, "ward w2", flagton).code == "E05900002"


# --- what a stored run ranked ------------------------------------------------------------


def test_run_values_show_each_ward_against_the_threshold(toy_wh):
    from saferplaces.places.stored_runs import run_values

    run = _run(toy_wh, "A")
    v = run_values(toy_wh, run.id, "Ward W4")
    assert v.ward is not None and v.ward.name == "Ward W4"
    # W4 in A: toy-a 12 events over 2,000 residents = 6 per 1,000, rank 2 (tied), threshold
    # 6, flagged; toy-b 0, rank 1 of five zeros, never flagged; toy-c 2 events (a count),
    # rank 3, threshold 3: not flagged.
    assert [
        (
            r["indicator"],
            r["count"],
            r["denominator"],
            r["value"],
            r["rank"],
            r["threshold"],
            r["flagged"],
        )
        for r in v.rows
    ] == [
        ("toy-a", 12, 2000, 6.0, 2, 6.0, True),
        ("toy-b", 0, 2000, 0.0, 1, 0.0, False),
        ("toy-c", 2, None, 2.0, 3, 3.0, False),
    ]
