"""Loading police.uk files: idempotence, republished months, quarantine, atomicity."""

from __future__ import annotations

import csv
import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.faults import InjectedFault
from saferplaces.sources.police_uk import ingest_police_uk
from saferplaces.sources.police_uk.files import STREET_COLUMNS, Candidate, prepare
from saferplaces.sources.police_uk.stage import STAGE_FIELDS, read_exact, read_files
from saferplaces.warehouse import Warehouse
from tests.conftest import sample_month, street_row, write_street
from tests.helpers import raw
from tests.sources.test_police_uk_bad_input import snapshot


def raw_count(path: Path, **where: str) -> int:
    with gzip.open(path, "rt", newline="") as fh:
        return sum(
            1
            for r in csv.DictReader(fh)
            if all(r[k.replace("_", " ")] == v for k, v in where.items())
        )


def test_loads_every_row_of_a_month(wh):
    f = sample_month("2025-03")
    report = ingest_police_uk(wh, [f])
    (r,) = report.files
    assert r.status == "loaded"
    assert r.rows_read == r.rows_loaded == raw_count(f)
    assert r.months == ["2025-03"]
    assert r.force == "Cambridgeshire Constabulary"
    load = wh.dicts("SELECT * FROM loads WHERE source = 'police-uk-street'")[0]
    assert load["rows_read"] == raw_count(f)
    assert len(load["sha256"]) == 64
    assert load["file_name"] == str(f)
    assert load["finished_at"] >= load["started_at"]


def test_same_file_twice_is_already_loaded(wh):
    f = sample_month("2025-03")
    ingest_police_uk(wh, [f])
    before = snapshot(wh)
    report = ingest_police_uk(wh, [f])
    assert [r.status for r in report.files] == ["already loaded"]
    assert snapshot(wh) == before


def test_same_content_plain_or_gzipped_is_the_same_file(wh, tmp_path):
    f = sample_month("2025-03")
    plain = tmp_path / "2025-03-cambridgeshire-street.csv"
    plain.write_bytes(gzip.decompress(f.read_bytes()))
    ingest_police_uk(wh, [f])
    assert [r.status for r in ingest_police_uk(wh, [plain]).files] == ["already loaded"]


def test_republished_month_replaces_never_double_counts(wh, tmp_path):
    f = sample_month("2025-03")
    ingest_police_uk(wh, [f, sample_month("2025-04")])
    original = raw_count(f)
    # police.uk republishes March with three records withdrawn and one added.
    with gzip.open(f, "rt", newline="") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    new_body = [*body[3:], street_row(Month="2025-03", Crime_type="Robbery")]
    republished = write_street(tmp_path / "2025-03-cambridgeshire-street.csv", new_body, header)

    report = ingest_police_uk(wh, [republished])
    (r,) = report.files
    assert r.status == "replaced"
    assert r.rows_replaced == original
    march = wh.scalar("SELECT count(*) FROM police_street WHERE month = DATE '2025-03-01'")
    assert march == original - 3 + 1
    april = wh.scalar("SELECT count(*) FROM police_street WHERE month = DATE '2025-04-01'")
    assert april == raw_count(sample_month("2025-04"))
    statuses = dict(
        wh.rows("SELECT file_name, status FROM loads WHERE source = 'police-uk-street'")
    )
    assert statuses[str(f)] == "superseded"
    assert statuses[str(republished)] == "current"

    # Going back to the first publication replaces again, rather than "already loaded".
    again = ingest_police_uk(wh, [f]).files[0]
    assert again.status == "replaced"
    assert (
        wh.scalar("SELECT count(*) FROM police_street WHERE month = DATE '2025-03-01'") == original
    )


def test_two_files_for_one_force_month_in_a_batch_fail(wh, tmp_path):
    a = write_street(tmp_path / "a.csv", [street_row()])
    b = write_street(tmp_path / "b.csv", [street_row(Crime_type="Drugs")])
    before = snapshot(wh)
    with pytest.raises(SaferplacesError, match="both hold Cambridgeshire Constabulary 2025-01"):
        ingest_police_uk(wh, [a, b])
    assert snapshot(wh) == before


def test_quarantine_bad_month_and_unknown_type_with_row_numbers(wh, tmp_path):
    rows = [
        street_row(),
        street_row(Month="2025-13"),
        street_row(Crime_type="Jaywalking"),
        street_row(LSOA_code="", LSOA_name="", Longitude="", Latitude="", Location="No location"),
        street_row(Longitude="east"),
        street_row(Reported_by=""),
        street_row(Crime_type="burglary"),
    ]
    f = write_street(tmp_path / "2025-01-cambridgeshire-street.csv", rows)
    (r,) = ingest_police_uk(wh, [f]).files
    assert (r.rows_read, r.rows_loaded, r.rows_quarantined, r.rows_rejected) == (7, 3, 4, 0)
    q = wh.dicts("SELECT row_number, field, value, reason FROM quarantine ORDER BY row_number")
    assert [(x["row_number"], x["field"], x["value"]) for x in q] == [
        (3, "Month", "2025-13"),
        (4, "Crime type", "Jaywalking"),
        (6, "Longitude", "east"),
        (7, "Reported by", None),
    ]
    assert "unknown crime type" in q[1]["reason"]
    # The whole row is kept, so nothing is lost.
    record = json.loads(wh.scalar("SELECT record FROM quarantine WHERE row_number = 4"))
    assert record["Crime type"] == "Jaywalking" and record["LSOA code"] == "E01018238"
    # No LSOA loads as location unknown; a type in the wrong case is recognised.
    assert wh.scalar("SELECT count(*) FROM police_street WHERE lsoa_code IS NULL") == 1
    assert wh.scalar("SELECT count(*) FROM police_street WHERE crime_type = 'Burglary'") == 3


def test_rows_with_the_wrong_number_of_fields_are_rejected_and_kept(wh, tmp_path):
    f = tmp_path / "2025-01-cambridgeshire-street.csv"
    good = ",".join(street_row())
    f.write_text(
        ",".join(STREET_COLUMNS) + "\n" + good + "\n" + "a,b,c\n" + good + ",extra\n" + good + "\n"
    )
    (r,) = ingest_police_uk(wh, [f]).files
    assert (r.rows_read, r.rows_loaded, r.rows_rejected) == (4, 2, 2)
    rej = wh.rows("SELECT row_number, kind, reason FROM quarantine ORDER BY row_number")
    assert rej == [
        (3, "rejected", "expected 12 fields, found 3"),
        (4, "rejected", "expected 12 fields, found 13"),
    ]


def test_invalid_utf8_row_is_rejected_not_garbled(wh, tmp_path):
    f = write_street(tmp_path / "x.csv", [street_row(), street_row(Location="On or near X")])
    data = f.read_bytes().replace(b"On or near X", b"On or near \xff\xfe")
    f.write_bytes(data)
    (r,) = ingest_police_uk(wh, [f]).files
    assert (r.rows_loaded, r.rows_rejected) == (1, 1)
    assert "not valid UTF-8" in wh.scalar("SELECT reason FROM quarantine")


def test_folders_and_zip_archives(wh, tmp_path):
    """Street, outcomes and stop and search files, told apart by their headers, load
    from nested folders and from inside an archive, gzipped or not."""
    nested = tmp_path / "downloads" / "2025-01"
    nested.mkdir(parents=True)
    shutil.copy(sample_month("2025-01"), nested)
    outcomes = raw.OUTCOMES / "2024-06-cambridgeshire-outcomes.csv.gz"
    shutil.copy(outcomes, nested)
    searches = raw.SEARCHES / "2024-03-cambridgeshire-stop-and-search.csv.gz"
    archive = tmp_path / "downloads" / "police.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr(
            "2025-02/2025-02-cambridgeshire-street.csv",
            gzip.decompress(sample_month("2025-02").read_bytes()),
        )
        z.writestr(
            "2024-03/2024-03-cambridgeshire-stop-and-search.csv",
            gzip.decompress(searches.read_bytes()),
        )
    report = ingest_police_uk(wh, [tmp_path / "downloads"])
    assert sorted((r.source, m) for r in report.files for m in r.months) == [
        ("police-uk-outcomes", "2024-06"),
        ("police-uk-stop-and-search", "2024-03"),
        ("police-uk-street", "2025-01"),
        ("police-uk-street", "2025-02"),
    ]
    assert report.skipped == []
    expected = raw_count(sample_month("2025-01")) + raw_count(sample_month("2025-02"))
    assert wh.scalar("SELECT count(*) FROM police_street") == expected
    assert wh.scalar("SELECT count(*) FROM police_outcome") == raw_count(outcomes)
    assert wh.scalar("SELECT count(*) FROM police_stop_search") == raw_count(searches)
    assert any(":2025-02/2025-02-cambridgeshire-street.csv" in r.file for r in report.files)


def test_failure_inside_the_transaction_rolls_back(wh, monkeypatch):
    ingest_police_uk(wh, [sample_month("2025-01")])
    before = snapshot(wh)
    monkeypatch.setenv("SAFERPLACES_FAULT", "police-uk-after-insert:raise")
    with pytest.raises(InjectedFault):
        ingest_police_uk(wh, [sample_month("2025-02"), sample_month("2025-01")])
    monkeypatch.delenv("SAFERPLACES_FAULT")
    assert snapshot(wh) == before


@pytest.mark.slow
def test_kill_in_the_middle_of_a_load_leaves_the_warehouse_as_it_was(warehouse_path, tmp_path):
    with Warehouse.open(warehouse_path) as w:
        ingest_police_uk(w, [sample_month("2025-01")])
        before = snapshot(w)
    marker = tmp_path / "paused"
    env = dict(os.environ, SAFERPLACES_FAULT=f"police-uk-before-commit:pause:{marker}")
    # The republished January and a new February: a kill must undo both.
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "saferplaces",
            "ingest",
            "police-uk",
            "--warehouse",
            str(warehouse_path),
            str(sample_month("2025-02")),
            str(sample_month("2025-03")),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 60
    while not marker.exists():
        assert proc.poll() is None, "the load finished before the fault point"
        assert time.time() < deadline
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with Warehouse.open(warehouse_path) as w:
        assert snapshot(w) == before
        # And the warehouse still works: the same load now succeeds.
        report = ingest_police_uk(w, [sample_month("2025-02")])
        assert report.files[0].status == "loaded"


def test_fast_and_exact_readers_read_the_same_rows(wh, tmp_path):
    """The two readers must agree on every field of every row of real months."""
    fields = ", ".join(["file_index", *STAGE_FIELDS])
    for month in ("2024-01", "2025-12"):
        f = prepare(Candidate(sample_month(month)), tmp_path, 0)
        assert read_files(wh, [f], "SELECT * FROM raw") == {}
        assert wh.scalar("SELECT count(*) FROM checked WHERE row_number IS NULL") > 0  # fast
        fast = wh.rows(f"SELECT {fields} FROM checked")
        assert read_exact(wh, 0, f, "SELECT * FROM raw") == []
        exact = wh.rows(f"SELECT {fields} FROM checked ORDER BY row_number")
        assert fast == exact
        assert len(fast) == raw_count(sample_month(month))
