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
