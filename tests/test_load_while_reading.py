"""A load and reads running together, from separate processes (issue 18 §3, decision 16).

Readers never wait for a load and never fail because of one: while the load is half-way
(held at a fault point) they read the warehouse as it was; once it has finished they
read the new one, whole; a reader that opened before the load finished keeps reading
the old file to the end. The load never fails because of readers, and a second load
waits for the first instead of failing. Figures are counted from the raw files.
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from saferplaces.sources.police_uk import ingest_police_uk
from saferplaces.warehouse import Warehouse
from tests.conftest import sample_month

pytestmark = pytest.mark.slow

# A reader process: opens the warehouse read-only and counts, again and again, until
# told to stop (or 2,000 reads), and reports what it saw and any error.
READER = """
import json, os, sys
from pathlib import Path
from saferplaces.warehouse import Warehouse
path, stop, out = sys.argv[1:4]
seen, errors, reads = [], [], 0
while not Path(stop).exists() and reads < 2000:
    try:
        with Warehouse.open(path, read_only=True) as wh:
            seen.append(wh.scalar("SELECT count(*) FROM police_street"))
    except Exception as e:
        errors.append(f"{type(e).__name__}: {e}")
    reads += 1
    Path(out + ".new").write_text(json.dumps({"seen": sorted(set(seen)), "reads": reads,
                                              "errors": errors}))
    os.replace(out + ".new", out)  # whole, never half-written, when the test reads it
"""


def rows_in(*months: str) -> int:
    total = 0
    for m in months:
        with gzip.open(sample_month(m), "rt", encoding="utf-8", newline="") as fh:
            total += sum(1 for _ in csv.DictReader(fh))
    return total


def wait_for(what, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not what():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def ingest(path: Path, *months: str, hold: Path | None = None) -> subprocess.Popen:
    env = dict(os.environ)
    if hold is not None:
        env["SAFERPLACES_FAULT"] = f"police-uk-before-commit:hold:{hold}"
    return subprocess.Popen(
        [sys.executable, "-m", "saferplaces", "ingest", "police-uk", "--warehouse", str(path)]
        + [str(sample_month(m)) for m in months],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def cli_read(path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "saferplaces", *args, "--warehouse", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_reads_and_a_load_together_neither_fails(warehouse_path, tmp_path):
    with Warehouse.open(warehouse_path) as w:
        ingest_police_uk(w, [sample_month("2025-01")])
    before, after = rows_in("2025-01"), rows_in("2025-01", "2025-02", "2025-03")

    held = tmp_path / "held"
    load = ingest(warehouse_path, "2025-02", "2025-03", hold=held)
    wait_for(lambda: held.exists() or load.poll() is not None)
    assert load.poll() is None, load.communicate()

    # The load is half-way: every kind of reader reads the warehouse as it was.
    stop = tmp_path / "stop"
    readers = [
        subprocess.Popen(
            [sys.executable, "-c", READER, str(warehouse_path), str(stop), str(tmp_path / f"r{i}")]
        )
        for i in range(2)
    ]
    early = Warehouse.open(warehouse_path, read_only=True)  # held open across the load
    assert early.scalar("SELECT count(*) FROM police_street") == before
    quality = cli_read(warehouse_path, "quality", "--format", "json")
    assert quality.returncode == 0, quality.stderr
    assert [c["last_month"] for c in json.loads(quality.stdout)["coverage"]] == ["2025-01"]
    indicators = cli_read(
        warehouse_path, "indicators", "--area", "Cambridgeshire", "--period", "2025-01"
    )
    assert indicators.returncode == 0, indicators.stderr
    wait_for(lambda: all((tmp_path / f"r{i}").exists() for i in range(2)))

    held.unlink()  # let the load finish, with readers reading
    _, err = load.communicate(timeout=300)
    assert load.returncode == 0, err
    assert "Error" not in err

    # New readers see the new file; the reader opened before it still reads the old one.
    quality = cli_read(warehouse_path, "quality", "--format", "json")
    assert quality.returncode == 0, quality.stderr
    assert [c["last_month"] for c in json.loads(quality.stdout)["coverage"]] == ["2025-03"]
    with Warehouse.open(warehouse_path, read_only=True) as late:
        assert late.scalar("SELECT count(*) FROM police_street") == after
    assert early.scalar("SELECT count(*) FROM police_street") == before
    early.close()

    wait_for(lambda: after in json.loads((tmp_path / "r0").read_text())["seen"])
    stop.touch()
    for r in readers:
        assert r.wait(timeout=120) == 0
    for i in range(2):
        report = json.loads((tmp_path / f"r{i}").read_text())
        assert report["errors"] == []
        assert set(report["seen"]) <= {before, after}  # never half a load
        assert report["reads"] > 1


def test_a_second_load_waits_for_the_first(warehouse_path, tmp_path):
    held = tmp_path / "held"
    first = ingest(warehouse_path, "2025-01", hold=held)
    wait_for(lambda: held.exists() or first.poll() is not None)
    assert first.poll() is None, first.communicate()
    second = ingest(warehouse_path, "2025-02")
    # It says it is waiting, and waits (its first line; readline returns at its end).
    assert "Waiting for another process writing" in second.stderr.readline()
    assert second.poll() is None
    held.unlink()
    assert first.wait(timeout=300) == 0, first.communicate()[1]
    _, err = second.communicate(timeout=300)
    assert second.returncode == 0, err
    with Warehouse.open(warehouse_path, read_only=True) as wh:
        assert wh.scalar("SELECT count(*) FROM police_street") == rows_in("2025-01", "2025-02")


def test_a_load_that_waits_too_long_says_so_and_changes_nothing(warehouse_path, tmp_path):
    held = tmp_path / "held"
    first = ingest(warehouse_path, "2025-01", hold=held)
    wait_for(lambda: held.exists() or first.poll() is not None)
    try:
        second = subprocess.run(
            [
                *(sys.executable, "-m", "saferplaces", "ingest", "police-uk"),
                *("--warehouse", str(warehouse_path), str(sample_month("2025-02"))),
            ],
            env=dict(os.environ, SAFERPLACES_WAREHOUSE_WAIT="0.5"),
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        held.unlink()
    assert first.wait(timeout=300) == 0
    assert second.returncode == 1
    (line,) = [x for x in second.stderr.splitlines() if x.startswith("Error")]
    assert "another process is writing it" in line and "Traceback" not in second.stderr
    with Warehouse.open(warehouse_path, read_only=True) as wh:
        assert wh.scalar("SELECT count(*) FROM police_street") == rows_in("2025-01")


def test_a_killed_load_leaves_nothing_behind_the_next_one_cleans(warehouse_path, tmp_path):
    """A write session's private copy left by kill -9 is removed by the next write."""
    held = tmp_path / "held"
    load = ingest(warehouse_path, "2025-01", hold=held)
    wait_for(lambda: held.exists() or load.poll() is not None)
    leftovers = list(warehouse_path.parent.glob(f".{warehouse_path.name}.writing-*"))
    assert len(leftovers) == 1
    load.kill()
    load.wait()
    with Warehouse.open(warehouse_path, read_only=True) as wh:
        assert wh.scalar("SELECT count(*) FROM police_street") == 0
    with Warehouse.open(warehouse_path):
        pass
    assert not list(warehouse_path.parent.glob(f".{warehouse_path.name}.writing-*"))
