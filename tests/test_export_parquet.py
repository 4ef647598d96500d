"""`saferplaces export parquet DIR`: the warehouse as Parquet files, read back and
checked against the raw bundled files; restricted tables withheld unless asked for; an
export that fails or is killed leaves nothing; a folder in use is refused."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from saferplaces.core.faults import InjectedFault
from saferplaces.warehouse.export import PUBLIC, RESTRICTED, export_parquet
from tests.helpers import raw
from tests.helpers.warehouses import cached, copy_warehouse

ROOT = Path(__file__).resolve().parents[1]


def _read(folder: Path, table: str, sql: str = "SELECT count(*) FROM t") -> list[tuple]:
    con = duckdb.connect()
    try:
        con.execute(
            f"CREATE VIEW t AS SELECT * FROM read_parquet('{folder / (table + '.parquet')}')"
        )
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _left_beside(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.parent.iterdir() if p.name.startswith(f".{folder.name}."))


@pytest.fixture(scope="module")
def public_export(loaded_path, tmp_path_factory):
    folder = tmp_path_factory.mktemp("export") / "parquet"
    export_parquet(loaded_path, folder)
    return folder


def test_police_uk_records_read_back_equal_the_raw_files(public_export):
    rows = raw.street_rows()
    assert _read(public_export, "police_street") == [(len(rows),)]
    by_type = dict(
        _read(public_export, "police_street", "SELECT crime_type, count(*) FROM t GROUP BY 1")
    )
    assert by_type == dict(Counter(r["Crime type"] for r in rows))
    by_month = dict(
        _read(
            public_export,
            "police_street",
            "SELECT strftime(month, '%Y-%m'), count(*) FROM t GROUP BY 1",
        )
    )
    assert by_month == dict(Counter(r["Month"] for r in rows))
    no_place = _read(
        public_export, "police_street", "SELECT count(*) FROM t WHERE lsoa_code IS NULL"
    )
    assert no_place == [(sum(1 for r in rows if not r["LSOA code"]),)]


def test_reference_tables_read_back_equal_the_raw_files(public_export):
    assert _read(public_export, "ref_lsoa") == [(len(raw.lookup()),)]
    residents = _read(
        public_export, "ref_population", "SELECT sum(residents), sum(households) FROM t"
    )
    pop = raw.population()
    assert residents == [(sum(r for r, _ in pop.values()), sum(h for _, h in pop.values()))]


def test_the_manifest_names_every_file_its_rows_columns_and_the_loads(public_export):
    manifest = json.loads((public_export / "manifest.json").read_text())
    assert manifest["format"] == "saferplaces-parquet-export"
    assert manifest["restricted"] is False
    files = sorted(p.name for p in public_export.iterdir())
    assert files == sorted(["manifest.json", *(t["file"] for t in manifest["tables"])])
    for t in manifest["tables"]:
        assert _read(public_export, t["table"]) == [(t["rows"],)], t["table"]
        names = [
            r[0] for r in _read(public_export, t["table"], "SELECT column_name FROM (DESCRIBE t)")
        ]
        assert names == [c["name"] for c in t["columns"]], t["table"]
    # Each police.uk load is named by the SHA-256 of its decompressed file, as a reader
    # can check against the files themselves.
    street = {
        x["file_name"].rsplit("/", 1)[-1]: x["sha256"]
        for x in manifest["loads"]
        if x["source"] == "police-uk-street"
    }
    expected = {
        f.name: hashlib.sha256(gzip.decompress(f.read_bytes())).hexdigest()
        for f in raw.STREET.glob("*.csv.gz")
    }
    assert street == expected
    lines = "\n".join(f"{x['load_id']} {x['sha256']} {x['status']}" for x in manifest["loads"])
    assert manifest["loads_sha256"] == hashlib.sha256(lines.encode()).hexdigest()
    assert _read(public_export, "loads") == [(len(manifest["loads"]),)]


def test_every_warehouse_table_is_either_exported_or_restricted(loaded_path):
    # A table added to the schema must be placed on one side, or it silently never travels.
    con = duckdb.connect(str(loaded_path), read_only=True)
    try:
        tables = {
            r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
        }
    finally:
        con.close()
    assert tables == set(PUBLIC) | set(RESTRICTED)


@pytest.mark.slow  # two exports of the agency warehouse
def test_restricted_tables_travel_only_when_asked_for(tmp_path):
    path = copy_warehouse("agency", tmp_path / "w.duckdb")
    public = tmp_path / "public"
    done = export_parquet(path, public)
    assert "agency_record" in done.withheld and not (public / "agency_record.parquet").exists()
    sources = {r[0] for r in _read(public, "loads", "SELECT DISTINCT source FROM t")}
    assert sources and all(s.startswith(("police-uk", "reference:")) for s in sources)

    whole = tmp_path / "restricted"
    export_parquet(path, whole, restricted=True)
    manifest = json.loads((whole / "manifest.json").read_text())
    assert manifest["restricted"] is True and manifest["withheld"] == []
    assert oct((whole).stat().st_mode & 0o777) == "0o700"
    # Every agency record belongs to an agency load, and each load's loaded rows are its
    # records: read back from the two files independently of each other.
    loaded = dict(
        _read(
            whole,
            "loads",
            "SELECT source, sum(rows_loaded) FROM t WHERE source NOT LIKE 'police-uk%' "
            "AND source NOT LIKE 'reference:%' GROUP BY 1",
        )
    )
    records = dict(_read(whole, "agency_record", "SELECT source, count(*) FROM t GROUP BY 1"))
    assert records == loaded
    # One source per folder of illustrative extracts the warehouse was loaded from.
    assert set(records) == {p.name for p in (cached("agency") / "demo").iterdir() if p.is_dir()}


def test_a_fault_mid_way_leaves_nothing(reference_template, tmp_path, monkeypatch):
    dest = tmp_path / "out"
    monkeypatch.setenv("SAFERPLACES_FAULT", "export-parquet-table-written:raise")
    with pytest.raises(InjectedFault):
        export_parquet(reference_template, dest)
    assert not dest.exists() and _left_beside(dest) == []


def test_a_failed_replace_keeps_the_export_it_would_replace(
    reference_template, tmp_path, monkeypatch
):
    dest = tmp_path / "out"
    dest.mkdir()
    (dest / "earlier.txt").write_text("the export before")
    monkeypatch.setenv("SAFERPLACES_FAULT", "export-parquet-before-rename:raise")
    with pytest.raises(InjectedFault):
        export_parquet(reference_template, dest, replace=True)
    assert [p.name for p in dest.iterdir()] == ["earlier.txt"] and _left_beside(dest) == []
    monkeypatch.delenv("SAFERPLACES_FAULT")
    export_parquet(reference_template, dest, replace=True)
    assert not (dest / "earlier.txt").exists() and (dest / "manifest.json").exists()
    assert _left_beside(dest) == []


@pytest.mark.slow  # a child process
def test_a_killed_export_leaves_no_folder_and_the_next_removes_its_work(
    reference_template, tmp_path
):
    dest = tmp_path / "out"
    marker = tmp_path / "paused"
    env = dict(os.environ, SAFERPLACES_FAULT=f"export-parquet-table-written:pause:{marker}")
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "saferplaces",
            "export",
            "parquet",
            str(dest),
            "--warehouse",
            str(reference_template),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), "the export never reached its first table"
        assert len(_left_beside(dest)) == 1  # its work, beside the destination
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert not dest.exists()
    export_parquet(reference_template, dest)
    assert (dest / "manifest.json").exists() and _left_beside(dest) == []


def test_refusals_are_one_line(cli, reference_template, tmp_path):
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "keep.txt").write_text("mine")
    r = cli("export", "parquet", str(busy), "--warehouse", str(reference_template))
    assert r.code == 1 and "is not empty" in r.err and "--replace" in r.err
    assert len(r.err.strip().splitlines()) == 1 and [p.name for p in busy.iterdir()] == ["keep.txt"]

    r = cli(
        "export", "parquet", str(tmp_path / "new"), "--warehouse", str(tmp_path / "none.duckdb")
    )
    assert r.code == 1 and "does not exist" in r.err and len(r.err.strip().splitlines()) == 1
    assert not (tmp_path / "new").exists() and not (tmp_path / "none.duckdb").exists()

    under_a_file = busy / "keep.txt" / "out"
    r = cli("export", "parquet", str(under_a_file), "--warehouse", str(reference_template))
    assert r.code == 1 and "cannot be made" in r.err and len(r.err.strip().splitlines()) == 1

    # A folder whose parents do not exist yet is made, as `assess --out` makes its own.
    nested = tmp_path / "out" / "parquet"
    r = cli("export", "parquet", str(nested), "--warehouse", str(reference_template))
    assert r.code == 0, r.err
    assert (nested / "manifest.json").exists()

    r = cli("export", "parquet", str(busy / "keep.txt"), "--warehouse", str(reference_template))
    assert r.code == 1 and "is a file" in r.err and len(r.err.strip().splitlines()) == 1

    empty = tmp_path / "empty"
    empty.mkdir()
    r = cli("export", "parquet", str(empty), "--warehouse", str(reference_template))
    assert r.code == 0, r.err
    assert "ref_lsoa" in r.out and (empty / "ref_lsoa.parquet").exists()
    assert _read(empty, "ref_lsoa") == [(len(raw.lookup()),)]
