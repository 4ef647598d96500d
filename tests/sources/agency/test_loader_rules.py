"""The warehouse rules for agency loads: idempotent, months replace, atomic, nothing lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.faults import InjectedFault
from saferplaces.sources.agency import ingest_agency
from saferplaces.warehouse import Warehouse
from tests.sources.agency.helpers import held, quarantined, write_csv

HEADER = ["incident_id", "date", "cause", "property_type", "lsoa_code"]


def fires(path, *rows):
    return write_csv(path, HEADER, [list(r) for r in rows])


def snapshot(wh) -> tuple:
    """Everything an agency load could change."""
    return (
        wh.rows("SELECT * FROM loads ORDER BY load_id"),
        wh.rows("SELECT * FROM agency_record ORDER BY ALL"),
        wh.rows("SELECT * FROM agency_load ORDER BY ALL"),
        wh.rows("SELECT source, spec_sha256 FROM agency_spec ORDER BY ALL"),
        wh.rows("SELECT * FROM load_coverage ORDER BY ALL"),
        wh.rows("SELECT * FROM quarantine ORDER BY ALL"),
    )


def test_same_file_twice_is_already_loaded(wh, tmp_path):
    f = fires(tmp_path / "a.csv", ("F1", "2025-01-02", "deliberate", "outdoor", "E01018218"))
    ingest_agency(wh, [f], source="fire")
    before = snapshot(wh)
    again = ingest_agency(wh, [f], source="fire")
    assert again.files[0].status == "already loaded"
    assert snapshot(wh) == before


def test_a_later_file_replaces_its_months(wh, tmp_path):
    jan_feb = fires(
        tmp_path / "a.csv",
        ("F1", "2025-01-02", "deliberate", "outdoor", "E01018218"),
        ("F2", "2025-02-02", "deliberate", "outdoor", "E01018218"),
        ("F3", "2025-02-03", "accidental", "outdoor", "E01018218"),
    )
    ingest_agency(wh, [jan_feb], source="fire")
    # The service re-sends February (one fire was recorded wrongly) and adds March.
    feb_mar = fires(
        tmp_path / "b.csv",
        ("F2", "2025-02-02", "deliberate", "outdoor", "E01018218"),
        ("F4", "2025-03-01", "deliberate", "vehicle", "E01018218"),
    )
    r = ingest_agency(wh, [feb_mar], source="fire")
    assert (r.files[0].status, r.files[0].rows_replaced) == ("replaced", 2)
    assert dict(wh.rows("SELECT record_id, strftime(month, '%m') FROM agency_record")) == {
        "F1": "01",
        "F2": "02",
        "F4": "03",
    }
    statuses = [
        s for (s,) in wh.rows("SELECT status FROM loads WHERE source = 'fire' ORDER BY load_id")
    ]
    assert statuses == ["partly superseded", "current"]
    # Loading the first file again puts January and February back as they were.
    back = ingest_agency(wh, [jan_feb], source="fire")
    assert back.files[0].status == "replaced"
    assert held(wh, "fire") == 4  # F1, F2, F3 and March's F4


def test_two_files_for_one_month_in_a_command_fail(wh, tmp_path):
    a = fires(tmp_path / "a.csv", ("F1", "2025-01-02", "deliberate", "outdoor", ""))
    b = fires(tmp_path / "b.csv", ("F2", "2025-01-09", "deliberate", "outdoor", ""))
    with pytest.raises(SaferplacesError, match="both hold 2025-01"):
        ingest_agency(wh, [a, b], source="fire")
    assert held(wh, "fire") == 0


def test_a_corrected_spec_reads_the_same_file_again(wh, tmp_path):
    f = fires(
        tmp_path / "a.csv",
        ("F1", "2025-01-02", "Malicious", "outdoor", ""),
        ("F2", "2025-01-03", "accidental", "outdoor", ""),
    )
    r = ingest_agency(wh, [f], source="fire")
    assert (r.files[0].rows_loaded, r.files[0].rows_quarantined) == (1, 1)
    spec = tmp_path / "fix.toml"
    spec.write_text('[source]\nname = "fire"\n[fields.cause.values]\n"Malicious" = "deliberate"\n')
    r = ingest_agency(wh, [f], source="fire", spec=spec)
    assert (r.files[0].status, r.files[0].rows_loaded, r.files[0].rows_quarantined) == (
        "replaced",
        2,
        0,
    )
    # The superseded load's quarantined row no longer counts as "not loaded".
    assert (
        wh.scalar(
            "SELECT count(*) FROM quarantine q JOIN loads l USING (load_id) "
            "WHERE l.status <> 'superseded' AND q.source = 'fire'"
        )
        == 0
    )


def test_an_id_already_held_for_another_month_is_a_duplicate(wh, tmp_path):
    ingest_agency(
        wh,
        [fires(tmp_path / "a.csv", ("F1", "2025-01-02", "deliberate", "outdoor", ""))],
        source="fire",
    )
    b = fires(
        tmp_path / "b.csv",
        ("F1", "2025-02-02", "deliberate", "outdoor", ""),
        ("F2", "2025-02-03", "deliberate", "outdoor", ""),
    )
    r = ingest_agency(wh, [b], source="fire")
    assert (r.files[0].rows_loaded, r.files[0].rows_quarantined) == (1, 1)
    ((row, _, field, value, reason),) = quarantined(wh, "fire")
    assert (row, field, value) == (2, "incident_id", "F1")
    assert reason == "duplicate incident_id (already loaded for another month)"
    assert wh.scalar("SELECT record->>'duplicate of' FROM quarantine").endswith("a.csv row 2")


def test_a_spec_for_another_source_is_refused(wh, tmp_path):
    spec = tmp_path / "amb.toml"
    spec.write_text('[source]\nname = "ambulance"\n')
    f = fires(tmp_path / "a.csv", ("F1", "2025-01-02", "deliberate", "outdoor", ""))
    with pytest.raises(SaferplacesError, match="is a spec for 'ambulance', not 'fire'"):
        ingest_agency(wh, [f], source="fire", spec=spec)


def test_failure_inside_the_transaction_rolls_back(wh, tmp_path, monkeypatch):
    ingest_agency(
        wh,
        [fires(tmp_path / "a.csv", ("F1", "2025-01-02", "deliberate", "outdoor", ""))],
        source="fire",
    )
    before = snapshot(wh)
    monkeypatch.setenv("SAFERPLACES_FAULT", "agency-after-insert:raise")
    b = fires(
        tmp_path / "b.csv",
        ("F1", "2025-01-02", "accidental", "outdoor", ""),
        ("F2", "2025-02-02", "deliberate", "outdoor", ""),
    )
    with pytest.raises(InjectedFault):
        ingest_agency(wh, [b], source="fire")
    monkeypatch.delenv("SAFERPLACES_FAULT")
    assert snapshot(wh) == before


@pytest.mark.slow
def test_kill_in_the_middle_of_a_load_leaves_the_warehouse_as_it_was(warehouse_path, tmp_path):
    first = fires(tmp_path / "a.csv", ("F1", "2025-01-02", "deliberate", "outdoor", ""))
    with Warehouse.open(warehouse_path) as w:
        ingest_agency(w, [first], source="fire")
        before = snapshot(w)
    second = fires(
        tmp_path / "b.csv",
        ("F1", "2025-01-02", "accidental", "outdoor", ""),
        ("F2", "2025-02-02", "deliberate", "outdoor", ""),
    )
    marker = tmp_path / "paused"
    env = dict(os.environ, SAFERPLACES_FAULT=f"agency-before-commit:pause:{marker}")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "saferplaces",
            "ingest",
            "fire",
            str(second),
            "--warehouse",
            str(warehouse_path),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 120
    while not marker.exists():
        assert proc.poll() is None, "the load finished before the fault point"
        assert time.time() < deadline
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with Warehouse.open(warehouse_path) as w:
        assert snapshot(w) == before
        assert ingest_agency(w, [second], source="fire").files[0].status == "replaced"


# -- Review 4: what a later file replaces -------------------------------------------------


def _fire_rows(prefix: str, month: str, n: int, lsoa: str = "E01018218") -> list[tuple]:
    return [
        (f"{prefix}-{i}", f"{month}-{i % 28 + 1:02d}", "deliberate", "outdoor", lsoa)
        for i in range(n)
    ]


def _per_month(wh, source: str = "fire") -> dict[str, int]:
    return dict(
        wh.rows(
            "SELECT strftime(month, '%Y-%m'), count(*) FROM agency_record WHERE source = ? "
            "GROUP BY 1 ORDER BY 1",
            [source],
        )
    )


def test_a_stray_year_does_not_wipe_out_the_years_between(wh, tmp_path):
    # A year of fires is held; then a March file arrives with one date typed 2015.
    year = [r for m in range(1, 13) for r in _fire_rows(f"Y{m}", f"2024-{m:02d}", 5)]
    ingest_agency(wh, [fires(tmp_path / "2024.csv", *year)], source="fire")
    march = fires(
        tmp_path / "mar.csv",
        ("M1", "2025-03-02", "deliberate", "outdoor", "E01018218"),
        ("M2", "2025-03-05", "accidental", "outdoor", "E01018218"),
        ("M3", "2015-03-05", "accidental", "outdoor", "E01018218"),
    )
    r = ingest_agency(wh, [march], source="fire")
    (f,) = r.files
    assert (f.status, f.months, f.rows_replaced) == ("loaded", ["2025-03"], 0)
    assert (f.rows_read, f.rows_loaded, f.rows_quarantined) == (3, 2, 1)
    # Every 2024 fire is still held, and the stray row is kept aside with its reason.
    assert _per_month(wh) == {f"2024-{m:02d}": 5 for m in range(1, 13)} | {"2025-03": 2}
    ((row, kind, field, value, reason),) = quarantined(wh, "fire")
    assert (row, kind, field, value) == (4, "quarantined", "date", "2015-03-05")
    assert "more than a year from the file's other records" in reason


def test_a_late_record_in_next_months_file_is_added_to_its_month(wh, tmp_path):
    feb = fires(tmp_path / "feb.csv", *_fire_rows("F2", "2025-02", 28))
    ingest_agency(wh, [feb], source="fire")
    # March's file carries one February fire recorded late.
    mar = fires(
        tmp_path / "mar.csv",
        *_fire_rows("F3", "2025-03", 30),
        ("F2-late", "2025-02-27", "accidental", "building", "E01018218"),
    )
    r = ingest_agency(wh, [mar], source="fire")
    (f,) = r.files
    assert (f.status, f.months, f.rows_loaded, f.rows_replaced) == ("loaded", ["2025-03"], 31, 0)
    assert "2025-02" in f.note
    assert _per_month(wh) == {"2025-02": 29, "2025-03": 30}
    statuses = dict(wh.rows("SELECT file_name, status FROM loads WHERE source = 'fire'"))
    assert statuses == {str(feb): "current", str(mar): "current"}
    # February is still held by February's file (coverage), and not claimed by March's.
    held_by = wh.rows(
        "SELECT l.file_name FROM load_coverage c JOIN loads l USING (load_id) "
        "WHERE c.source = 'fire' AND c.month = DATE '2025-02-01' AND c.superseded_by IS NULL"
    )
    assert held_by == [(str(feb),)]


def test_a_late_record_already_held_replaces_that_record_only(wh, tmp_path):
    ingest_agency(
        wh, [fires(tmp_path / "feb.csv", *_fire_rows("F2", "2025-02", 20))], source="fire"
    )
    mar = fires(
        tmp_path / "mar.csv",
        *_fire_rows("F3", "2025-03", 25),
        ("F2-3", "2025-02-04", "accidental", "vehicle", "E01018218"),  # a corrected record
    )
    r = ingest_agency(wh, [mar], source="fire")
    assert (r.files[0].rows_loaded, r.files[0].rows_replaced, r.files[0].rows_quarantined) == (
        26,
        1,
        0,
    )
    assert _per_month(wh) == {"2025-02": 20, "2025-03": 25}
    assert (
        wh.scalar("SELECT fields->>'property_type' FROM agency_record WHERE record_id = 'F2-3'")
        == "vehicle"
    )


def test_a_resent_month_still_replaces_it(wh, tmp_path):
    ingest_agency(wh, [fires(tmp_path / "a.csv", *_fire_rows("A", "2025-02", 28))], source="fire")
    again = fires(tmp_path / "b.csv", *_fire_rows("A", "2025-02", 25))  # three were wrong
    r = ingest_agency(wh, [again], source="fire")
    assert (r.files[0].status, r.files[0].rows_replaced) == ("replaced", 28)
    assert _per_month(wh) == {"2025-02": 25}


IDVA = ["district_code", "period_start", "period_end", "referrals", "engaged", "repeats"]


def test_tables_sent_one_file_per_district_are_kept_side_by_side(wh, tmp_path):
    cam = write_csv(
        tmp_path / "idva-cambridge.csv",
        IDVA,
        [["Cambridge", "2025-01-01", "2025-03-31", 60, 50, 20]],
    )
    fen = write_csv(
        tmp_path / "idva-fenland.csv", IDVA, [["Fenland", "2025-01-01", "2025-03-31", 50, 40, 10]]
    )
    ingest_agency(wh, [cam], source="idva")
    r = ingest_agency(wh, [fen], source="idva")
    assert (r.files[0].status, r.files[0].rows_replaced) == ("loaded", 0)
    referrals = dict(
        wh.rows(
            "SELECT lad_code, (measures->>'referrals')::INT FROM agency_record "
            "WHERE source = 'idva'"
        )
    )
    assert referrals == {"E07000008": 60, "E07000010": 50}
    # A corrected Cambridge file replaces Cambridge's cell, and only it.
    fixed = write_csv(
        tmp_path / "idva-cambridge-v2.csv",
        IDVA,
        [["Cambridge", "2025-01-01", "2025-03-31", 62, 50, 20]],
    )
    r = ingest_agency(wh, [fixed], source="idva")
    assert (r.files[0].status, r.files[0].rows_replaced) == ("replaced", 1)
    referrals = dict(
        wh.rows(
            "SELECT lad_code, (measures->>'referrals')::INT FROM agency_record "
            "WHERE source = 'idva'"
        )
    )
    assert referrals == {"E07000008": 62, "E07000010": 50}
    statuses = dict(wh.rows("SELECT file_name, status FROM loads WHERE source = 'idva'"))
    assert statuses == {str(cam): "superseded", str(fen): "current", str(fixed): "current"}


def test_tables_for_one_quarter_load_together(wh, tmp_path):
    cam = write_csv(
        tmp_path / "c.csv", IDVA, [["Cambridge", "2025-01-01", "2025-03-31", 60, 50, 20]]
    )
    fen = write_csv(tmp_path / "f.csv", IDVA, [["Fenland", "2025-01-01", "2025-03-31", 50, 40, 10]])
    r = ingest_agency(wh, [cam, fen], source="idva")
    assert [f.rows_loaded for f in r.files] == [1, 1]
    assert held(wh, "idva") == 2


def test_two_incident_files_for_one_month_say_how_to_keep_both(wh, tmp_path):
    a = fires(tmp_path / "north.csv", ("F1", "2025-01-02", "deliberate", "outdoor", ""))
    b = fires(tmp_path / "south.csv", ("F2", "2025-01-09", "deliberate", "outdoor", ""))
    with pytest.raises(SaferplacesError) as e:
        ingest_agency(wh, [a, b], source="fire")
    message = str(e.value)
    assert "separate commands" not in message
    assert "provider" in message and "one file" in message
    assert held(wh, "fire") == 0
