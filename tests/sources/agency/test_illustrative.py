"""The illustrative extracts: the same seed writes the same files, every row says it is
illustrative, the volumes are those documented, and every file loads without a loss."""

from __future__ import annotations

import csv
import hashlib
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from saferplaces.sources.agency import ingest_agency
from saferplaces.sources.illustrative import volumes as v
from saferplaces.sources.illustrative import write_demo_data

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    return out, write_demo_data(out, seed=2025)


def _digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _csv(path: Path, encoding: str = "utf-8") -> list[dict[str, str]]:
    with open(path, encoding=encoding, newline="") as fh:
        return list(csv.DictReader(fh))


def test_same_seed_same_files_other_seed_other_files(demo, tmp_path):
    out, _ = demo
    again = tmp_path / "again"
    write_demo_data(again, seed=2025)
    assert _digests(again) == _digests(out)
    other = tmp_path / "other"
    write_demo_data(other, seed=7)
    changed = [k for k, d in _digests(other).items() if _digests(out).get(k) != d]
    assert len(changed) >= 10  # every data file differs (the specs do not)


def test_every_file_and_row_is_labelled(demo):
    out, files = demo
    assert "ILLUSTRATIVE DATA: NOT REAL" in (out / "README.txt").read_text()
    assert {f.source for f in files} == {
        "fire",
        "ambulance",
        "ed-assaults",
        "police-extract",
        "asb-cases",
        "idva",
        "drug-treatment",
        "youth-fte",
        "probation-caseload",
        "school-attendance",
    }
    for f in files:
        assert f.path.name.startswith("illustrative-")
        if f.path.suffix == ".xlsx":
            ws = openpyxl.load_workbook(f.path).worksheets[0]
            rows = list(ws.iter_rows(values_only=True))
            header, body = rows[0], rows[1:]
            assert all(r[header.index("illustrative")] == "yes" for r in body)
            assert all(str(r[0]).startswith("ILL-") for r in body)
            continue
        rows = _csv(f.path, "windows-1252" if f.source == "fire" else "utf-8")
        assert len(rows) == f.rows
        assert all(r["illustrative"] == "yes" for r in rows), f.source
        id_column = next(iter(rows[0]))
        if f.source in ("fire", "ambulance", "police-extract", "asb-cases"):
            assert all(r[id_column].startswith("ILL-") for r in rows), f.source


def test_volumes_are_the_documented_ones(demo):
    """Counted from the files with the csv module, against volumes.py (and so the docs)."""
    out, _ = demo
    amb = _csv(next((out / "ambulance").glob("*.csv")))
    per_year = Counter(r["date"][:4] for r in amb)
    expected = (
        sum(v.AMBULANCE_PER_YEAR.values())
        + v.AMBULANCE_UNKNOWN_PER_YEAR
        + (v.AMBULANCE_OUTSIDE_PER_YEAR)
    )
    assert abs(per_year["2024"] - expected) < 4 * expected**0.5
    assert max(r["date"] for r in amb) < "2025-12-01"  # December not yet received
    fires = _csv(next((out / "fire").glob("*.csv")), "windows-1252")
    assert "Estimated Loss (£)" in fires[0]
    fires_2024 = sum(1 for r in fires if r["Date of Call"][6:10] == "2024")
    expected = sum(v.FIRES_PER_YEAR.values())
    assert abs(fires_2024 - expected) < 4 * expected**0.5
    deliberate = sum(
        1
        for r in fires
        if r["Fire Cause"].startswith("Deliberate") and r["Date of Call"][6:10] == "2024"
    )
    assert abs(deliberate / fires_2024 - v.FIRE_CAUSE["deliberate"]) < 0.03
    idva = _csv(next((out / "idva").glob("*.csv")))
    q1 = [r for r in idva if r["Quarter"] == "2024/25 Q1" and r["Area"] == "Hunts"]
    assert len(q1) == 1 and abs(int(q1[0]["Referrals"]) - 82) < 4 * 82**0.5
    drug = _csv(next((out / "drug-treatment").glob("*.csv")))
    east = sum(
        int(r["clients_in_treatment"])
        for r in drug
        if r["district_code"] == v.EAST and r["period_start"] == "2025-01-01"
    )
    assert abs(east - 180) < 4 * 180**0.5


def test_the_volumes_are_documented_beside_the_published_figures():
    text = (ROOT / "docs" / "sources.md").read_text()
    for figure in ("20.5", "29.3", "888", "7.6", "438", "1,109", "383", "72.6%"):
        assert figure in text, figure


def test_every_file_loads_with_nothing_quarantined(demo, wh):
    _, files = demo
    for f in files:
        r = ingest_agency(wh, [f.path.parent], source=f.source, spec=f.spec)
        (res,) = r.files
        assert res.rows_read == f.rows, f.source
        assert (res.rows_quarantined, res.rows_rejected) == (0, 0), f.source
        assert res.note == "illustrative data"
    assert wh.scalar("SELECT count(*) FROM agency_record WHERE NOT illustrative") == 0
