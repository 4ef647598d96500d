"""The quarterly place report against hand-built runs: every kind of change, written by
hand.

Flagton's five wards, two runs stored by hand (the previous over January to March 2025,
the latest over April to June, proposed against it), on burglary, deliberate fires,
anti-social behaviour and violence (a sensitive indicator):

====== ============================== ==================================== ===========
Ward   Previous run                   Latest run                           Change
====== ============================== ==================================== ===========
W1     emerging: burglary, fires,     emerging: burglary, fires            stays
       violence
W2     not listed: ASB                emerging: burglary, ASB              new
W3     emerging: burglary, fires, ASB sustaining: burglary                 moves
W4     sustaining: fires              no flags, off                        comes off
W5     preventing (decision), none    none; rules: not listed; decision    stays, by decision
====== ============================== ==================================== ===========

The decision on W5 ("preventing") was made on 2 March 2025 by A. Analyst.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from saferplaces.cli.phrasing import cli_text
from saferplaces.core.errors import SaferplacesError
from saferplaces.core.periods import parse_period
from saferplaces.disclosure import Edition
from saferplaces.geography.areas import resolve_area
from saferplaces.places import store
from saferplaces.places.flag_decisions import resolve_ward, set_category
from saferplaces.places.place_report import (
    COMES_OFF,
    MOVES,
    NEW,
    STAYS,
    add_profiles,
    build_place_report,
    sentences,
)
from saferplaces.places.place_report_document import place_report_document
from tests.places import toy

BURGLARY, FIRES, ASB, VIOLENCE = (
    "burglary",
    "deliberate-fires",
    "anti-social-behaviour",
    "violence-and-sexual-offences",
)
INDICATORS = [BURGLARY, FIRES, ASB, VIOLENCE]


def _code(ward: str) -> str:
    return f"E0590000{ward[1]}"


def _save(wh, run_id, period, previous, wards, loads, values=()):
    """A run stored by hand: ``wards`` maps a ward to (flags, proposed, category)."""
    p = parse_period(period)
    store.save_run(
        wh,
        {
            "run_id": run_id,
            "area_code": toy.FLAGTON[0],
            "area_name": toy.FLAGTON[1],
            "area_level": "district",
            "period_start": p.start,
            "period_end": p.end,
            "indicators": INDICATORS,
            "measure": "rate",
            "top": 0.4,
            "min_flags": 2,
            "previous_run_id": previous,
            "inputs_sha256": run_id * 4,
            "loads": [
                {"load_id": i, "source": s, "file_name": f, "sha256": "x"} for i, s, f in loads
            ],
            "created_at": datetime(2025, 7 if previous else 4, 10, 9, 30),
            "created_by": "tester",
            "notes": [],
        },
        list(values),
        [
            (
                run_id,
                _code(w),
                f"Ward {w}",
                len(flags),
                json.dumps(flags),
                None,
                None,
                proposed,
                category,
                None,
            )
            for w, (flags, proposed, category) in wards.items()
        ],
    )


# Load ids far above any a warehouse's own loads take (the reference data's).
LOADS = [
    (901, "police-uk-street", "2025-01.csv"),
    (902, "police-uk-street", "2025-04.csv"),
    (903, "fire", "fire-2025.xlsx"),
    (904, "reference:lsoa-lookup", "lookup.csv"),
]


def _store_runs(wh):
    with wh.transaction():
        for load_id, source, name in LOADS:
            n = load_id - 900
            wh.execute(
                "INSERT INTO loads (load_id, batch_id, source, file_name, sha256, first_month, "
                "last_month, rows_read, rows_loaded, rows_quarantined, rows_rejected, "
                "started_at, finished_at, status) VALUES (?, 'b', ?, ?, 'x', ?, ?, 100, ?, 0, 0, "
                "?, ?, 'current')",
                [
                    load_id,
                    source,
                    name,
                    None if source.startswith("reference") else f"2025-0{1 + 3 * (n > 1)}-01",
                    None if source.startswith("reference") else "2025-06-01",
                    90 + n,
                    datetime(2025, 7, n),
                    datetime(2025, 7, n, 1),
                ],
            )
    _save(
        wh,
        "prev000000000001",
        "2025-01..2025-03",
        None,
        {
            "W1": ([BURGLARY, FIRES, VIOLENCE], "emerging", "emerging"),
            "W2": ([ASB], None, None),
            "W3": ([BURGLARY, FIRES, ASB], "emerging", "emerging"),
            "W4": ([FIRES], "sustaining", "sustaining"),
            "W5": ([], None, "preventing"),
        },
        [LOADS[0], LOADS[3]],
    )
    ward = resolve_ward(wh, "Ward W5", resolve_area(wh, "Flagton"))
    set_category(
        wh,
        ward,
        "preventing",
        "new homes being built",
        who="A. Analyst",
        when=datetime(2025, 3, 2, 14, 0),
    )
    # W1's counts on each indicator: a count of 3 on violence (sensitive, flagged at the
    # last run) is hidden in the public edition; ASB (flagged neither time) is not shown.
    values = [
        ("late000000000002", _code("W1"), BURGLARY, 12, 1000, 12.0, 1, 9.0, True),
        ("late000000000002", _code("W1"), FIRES, 7, 1000, 7.0, 2, 6.0, True),
        ("late000000000002", _code("W1"), ASB, 20, 1000, 20.0, 4, 31.0, False),
        ("late000000000002", _code("W1"), VIOLENCE, 3, 1000, 3.0, 3, 5.0, False),
    ]
    _save(
        wh,
        "late000000000002",
        "2025-04..2025-06",
        "prev000000000001",
        {
            "W1": ([BURGLARY, FIRES], "emerging", "emerging"),
            "W2": ([BURGLARY, ASB], "emerging", "emerging"),
            "W3": ([BURGLARY], "sustaining", "sustaining"),
            "W4": ([], "off", "off"),
            "W5": ([], None, "preventing"),
        },
        LOADS,
        values,
    )
    return wh


@pytest.fixture
def runs(toy_wh):
    return _store_runs(toy_wh)


def _report(wh):
    return build_place_report(wh, resolve_area(wh, "Flagton"), parse_period("2025-04..2025-06"))


def test_each_kind_of_change_as_a_sentence_written_by_hand(runs):
    report = _report(runs)
    assert {w.ward_name: w.change for w in report.wards} == {
        "Ward W1": STAYS,
        "Ward W2": NEW,
        "Ward W3": MOVES,
        "Ward W4": COMES_OFF,
        "Ward W5": STAYS,
    }
    assert sentences(report, public=True) == [
        "Ward W2 is new to the list as an emerging area: 2 flags against 1 at the last run; "
        "newly flagged on Burglary; still flagged on Anti-social behaviour.",
        "Ward W1 stays an emerging area, with 2 flags against 3 at the last run; still flagged "
        "on Burglary and Deliberate fires; no longer flagged on Violence and sexual offences.",
        "Ward W3 moves from emerging to a sustaining area: 1 flag against 3 at the last run; "
        "still flagged on Burglary; no longer flagged on Deliberate fires and Anti-social "
        "behaviour.",
        "Ward W5 stays a preventing area, with no data flags. It is preventing by the "
        "partnership's decision on 2 March 2025, not by the rules, which would take it off "
        "the list: “new homes being built”.",
        "Ward W4 comes off the list, having been a sustaining area: it is no longer flagged "
        "on any indicator.",
    ]
    # The restricted edition says who decided.
    assert (
        "It is preventing by the partnership's decision by A. Analyst on 2 March 2025"
        in sentences(report, public=False)[3]
    )


def test_a_decision_that_takes_a_flagged_ward_off_says_so(runs):
    area = resolve_area(runs, "Flagton")
    ward = resolve_ward(runs, "Ward W2", area)
    set_category(runs, ward, "off", "flags are one-off fly-tipping", who="B. Board")
    report = _report(runs)
    w2 = next(w for w in report.wards if w.ward_name == "Ward W2")
    assert w2.change is None  # not listed before, not listed now: no sentence
    assert all("Ward W2" not in s for s in sentences(report, public=True))
    # A ward on the list that a person takes off while it is still flagged.
    w1 = resolve_ward(runs, "Ward W1", area)
    set_category(
        runs, w1, "off", "the work there is done", who="B. Board", when=datetime(2025, 7, 20)
    )
    said = [s for s in sentences(_report(runs), public=True) if s.startswith("Ward W1")]
    assert said == [
        "Ward W1 comes off the list, having been an emerging area: it is still flagged on "
        "Burglary and Deliberate fires. It is off the list by the partnership's decision on "
        "20 July 2025, not by the rules, which would make it an emerging area: "
        "“the work there is done”."
    ]


def test_data_sets_added_are_the_loads_new_since_the_previous_run(runs):
    report = _report(runs)
    # Loads 2 (police.uk, a source held before) and 3 (fire, new); the reference load and
    # load 1 (held at the previous run) are not listed.
    assert [(d.source, d.files, d.rows, d.new_source) for d in report.datasets] == [
        ("fire", 1, 93, True),
        ("police-uk-street", 1, 92, False),
    ]
    assert report.datasets[0].title == "Fire incidents"
    assert (report.datasets[1].first_month, report.datasets[1].last_month) == (
        "2025-04",
        "2025-06",
    )


def test_no_run_for_the_period_is_one_clear_line(runs):
    with pytest.raises(SaferplacesError) as e:
        build_place_report(runs, resolve_area(runs, "Flagton"), parse_period("2024"))
    text = cli_text(e.value)
    assert text.startswith("no flags run for Flagton over ")
    assert "saferplaces flags run --area" in text and "\n" not in text
    assert "--" not in str(e.value)  # the library names no flag; the command line does


def _cells(doc, table_id):
    t = next(t for t in doc.tables() if t.id.startswith(table_id))
    return [[c.text for c in row] for row in t.rows]


def test_the_document_in_both_editions(runs):
    report = add_profiles(runs, _report(runs))
    assert [w.ward_name for w in report.profiled()] == ["Ward W2", "Ward W1", "Ward W3"]
    public = place_report_document(report, Edition.PUBLIC)
    restricted = place_report_document(report, Edition.RESTRICTED)
    assert public.marking is None and restricted.marking == "RESTRICTED"
    places = public.find("places")
    assert [s.title for s in places.children] == [
        "Ward W2: emerging area",
        "Ward W1: emerging area",
        "Ward W3: sustaining area",
    ]
    # W1's page: violence (count 3, sensitive) hidden in public, shown when restricted.
    pub = {r[0]: r for r in _cells(public, "place-report-values-E05900001")}
    res = {r[0]: r for r in _cells(restricted, "place-report-values-E05900001")}
    assert pub["Violence and sexual offences"][1:3] == ["<5", "[c]"]
    assert res["Violence and sexual offences"][1:3] == ["3", "3.00"]
    assert pub["Burglary"][1:7] == ["12", "12.00", "1", "9.00", "Yes", "Yes"]
    assert res["Violence and sexual offences"][5:7] == ["No", "Yes"]
    assert list(pub) == ["Burglary", "Deliberate fires", "Violence and sexual offences"]
    # Who decided: only in the restricted edition's decisions table.
    assert _cells(public, "place-report-decisions") == [
        ["Ward W5", "preventing", "not listed", "new homes being built", "2 March 2025"]
    ]
    assert _cells(restricted, "place-report-decisions")[0][-1] == "A. Analyst"
    added = _cells(public, "place-report-datasets")
    assert [r[0] for r in added] == [
        "Fire incidents (new)",
        "police.uk street-level crime and ASB",
    ]
    # Made without the web app: the actions are named as the web app's.
    actions = public.find("actions")
    assert "web app" in actions.blocks[0].blocks[0].text


# ------------------------------------------------------------------------ the command


@pytest.fixture
def runs_path(warehouse_path):
    """The hand-built runs in a warehouse the command can open: the bundled reference
    data (which the command expects) with Flagton added."""
    from saferplaces.warehouse import Warehouse

    with Warehouse.open(warehouse_path) as wh:
        toy.build(wh)
        _store_runs(wh)
    return warehouse_path


def test_the_command_prints_the_sentences(cli, runs_path):
    r = cli(
        "report",
        "places",
        "--area",
        "Flagton",
        "--period",
        "2025-04..2025-06",
        "--warehouse",
        runs_path,
    )
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert lines[0] == (
        "Place report, Flagton, April 2025 to June 2025: run late000000000002 against run "
        "prev000000000001"
    )
    assert lines[1].startswith("- Ward W2 is new to the list as an emerging area")
    assert lines[5].startswith("- Ward W4 comes off the list")
    assert lines[6:] == [
        "Data set added: Fire incidents, 1 file(s), 93 rows (new source)",
        "Data set added: police.uk street-level crime and ASB, 1 file(s), 92 rows",
    ]


def test_the_command_with_no_run_is_one_line(cli, runs_path):
    r = cli("report", "places", "--area", "Flagton", "--period", "2024", "--warehouse", runs_path)
    assert r.code == 1
    assert r.err.strip().startswith("Error: no flags run for Flagton over")
    assert len(r.err.strip().splitlines()) == 1 and "Traceback" not in r.err


@pytest.mark.slow
def test_the_report_files_pass_the_checks(cli, runs_path, tmp_path):
    from tests.helpers.document_checks import CHROMIUM, axe_violations, check_docx, check_pdf

    out = tmp_path / "report"
    r = cli(
        "report",
        "places",
        "--area",
        "Flagton",
        "--period",
        "2025-04..2025-06",
        "--edition",
        "restricted",
        "--out",
        out,
        "--warehouse",
        runs_path,
    )
    assert r.code == 0, r.err
    for name in ("place-report.html", "place-report.pdf", "place-report.docx", "place-report.xlsx"):
        assert (out / name).stat().st_size > 0, name
    d = check_docx(out / "place-report.docx")
    text = "\n".join(p.text for p in d.paragraphs)
    assert "Ward W3 moves from emerging to a sustaining area" in text
    check_pdf(out / "place-report.pdf", title="RESTRICTED: Quarterly place report")
    assert "RESTRICTED" in (out / "place-report.html").read_text(encoding="utf-8")
    if Path(CHROMIUM).exists():
        assert axe_violations(out / "place-report.html") == []


def test_runs_made_by_the_rules_worked_by_hand(toy_wh):
    """Two runs made by ``run_flags`` on the toy district of test_flags.py (periods A and
    B there): W1 emerging on toy-a and toy-c in A, no flags in B; W2 (toy-a in A) and W5
    (toy-c in A) flagged on all three in B; W3 one flag in B, never listed."""
    from tests.places.test_flags import _run

    _run(toy_wh, "A")
    _run(toy_wh, "B")
    report = build_place_report(
        toy_wh, resolve_area(toy_wh, "Flagton"), parse_period("2025-04..2025-06")
    )
    # The toy indicators are not registered: the sentences name them by their ids.
    assert sentences(report, public=True) == [
        "Ward W2 is new to the list as an emerging area: 3 flags against 1 at the last run; "
        "newly flagged on toy-b and toy-c; still flagged on toy-a.",
        "Ward W5 is new to the list as an emerging area: 3 flags against 1 at the last run; "
        "newly flagged on toy-a and toy-b; still flagged on toy-c.",
        "Ward W1 comes off the list, having been an emerging area: it is no longer flagged "
        "on any indicator.",
    ]
    assert report.datasets == []  # the toy's figures come from no load
