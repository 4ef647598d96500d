"""The seeded national archive the national benchmark ingests (benchmarks/national_archive.py):
each force's replay holds the bundled months' rows, its own force, and only its own LSOAs;
Cambridgeshire's files are the bundled ones; the same seed writes the same bytes."""

from __future__ import annotations

import csv
import gzip
import hashlib
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.helpers import raw

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import national_archive  # noqa: E402

pytestmark = pytest.mark.slow  # reads every bundled month to draw the LSOA mapping
MONTHS = 3  # of the 24 bundled: enough to see each month kept apart


def _force_lsoas() -> dict[str, set[str]]:
    """Police force name -> its LSOAs, straight from the bundled lookups."""
    with (raw.SAMPLE / "reference" / "police_forces.csv").open(encoding="utf-8") as fh:
        name_of = {r["pfa24_code"]: r["police_uk_name"] for r in csv.DictReader(fh)}
    with gzip.open(raw.SAMPLE / "geography" / "lad24_csp24_pfa24_ew.csv.gz", "rt") as fh:
        force_of = {r["ltla24_code"]: name_of[r["pfa24_code"]] for r in csv.DictReader(fh)}
    out: dict[str, set[str]] = {}
    for code, row in raw.lookup().items():
        out.setdefault(force_of[row["ltla24_code"]], set()).add(code)
    return out


def _rows(folder: Path) -> list[dict[str, str]]:
    return _rows_of(sorted(folder.glob("*.csv.gz")))


def _rows_of(files: list[Path]) -> list[dict[str, str]]:
    rows = []
    for f in files:
        with gzip.open(f, "rt", encoding="utf-8", newline="") as fh:
            rows.extend(csv.DictReader(fh))
    return rows


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for f in sorted(folder.rglob("*.csv.gz")):
        h.update(str(f.relative_to(folder)).encode() + f.read_bytes())
    return h.hexdigest()


def test_each_force_replays_the_bundled_months_in_its_own_lsoas(tmp_path):
    archive = national_archive.generate(tmp_path / "a", seed=7, limit=2, months=MONTHS)
    files = sorted(raw.STREET.glob("*.csv.gz"))[:MONTHS]
    bundled = _rows_of(files)
    assert archive.forces[0].slug == "cambridgeshire" and len(archive.forces) == 2
    assert archive.files == 2 * MONTHS and archive.rows == 2 * len(bundled)
    for f in files:
        assert (tmp_path / "a" / "cambridgeshire" / f.name).read_bytes() == f.read_bytes()

    other = archive.forces[1]
    folder = tmp_path / "a" / other.slug
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(p.name.replace("cambridgeshire", other.slug) for p in files)
    rows = _rows(folder)
    assert Counter((r["Month"], r["Crime type"]) for r in rows) == Counter(
        (r["Month"], r["Crime type"]) for r in bundled
    )
    assert {r["Reported by"] for r in rows} == {other.name} == {r["Falls within"] for r in rows}
    placed = {r["LSOA code"] for r in rows if r["LSOA code"]}
    assert placed <= _force_lsoas()[other.name]
    assert sum(1 for r in rows if not r["LSOA code"]) == sum(
        1 for r in bundled if not r["LSOA code"]
    )
    # Rows in one bundled LSOA stay together in one LSOA of the force.
    pairs = {(b["LSOA code"], r["LSOA code"]) for b, r in zip(bundled, rows, strict=True)}
    assert len({b for b, _ in pairs}) == len(pairs)
    ids = [r["Crime ID"] for r in rows if r["Crime ID"]]
    assert not set(ids) & {r["Crime ID"] for r in bundled}

    again = national_archive.generate(tmp_path / "b", seed=7, limit=2, months=MONTHS)
    assert again.bytes == archive.bytes and _digest(tmp_path / "a") == _digest(tmp_path / "b")


def test_every_force_area_once():
    # 43 police force areas in England and Wales, each its own folder (two names for one
    # force must not write one folder twice).
    forces = national_archive.forces()
    assert len(forces) == 43
    assert len({f.slug for f in forces}) == len({f.pfa_code for f in forces}) == 43
