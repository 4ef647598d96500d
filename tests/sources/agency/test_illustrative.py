"""The illustrative extracts: the same seed writes the same files, every row says it is
illustrative, the volumes are those documented, and every file loads without a loss."""

from __future__ import annotations

import csv
import hashlib
import re
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from saferplaces.sources.agency import ingest_agency
from saferplaces.sources.illustrative import volumes as v
from saferplaces.sources.illustrative import write_demo_data
from tests.helpers import raw

ROOT = Path(__file__).resolve().parents[3]

pytestmark = pytest.mark.slow  # writes (and loads) every illustrative extract


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


def _volumes_table() -> dict[str, str]:
    """The docs' table of volumes: {extract: volume generated}."""
    text = (ROOT / "docs" / "sources.md").read_text()
    table = text[text.index("| extract | volume generated |") :].split("\n\n")[0]
    rows = [line.split(" | ") for line in table.splitlines()[2:]]
    return {r[0].lstrip("| "): r[1] for r in rows}


def _by_district(cell: str) -> dict[str, float]:
    """{district code: number} for "Cambridge 175, East Cambridgeshire 40, ..." in a cell."""
    out = {}
    for code, name in v.DISTRICTS.items():
        m = re.search(rf"(?<![A-Za-z]){name} ([\d,.]+)", cell)
        if m:
            out[code] = float(m[1].replace(",", "").rstrip("."))
    return out


def test_the_documented_volumes_are_the_generated_ones():
    """docs/sources.md's table says what volumes.py generates, figure by figure."""
    docs = _volumes_table()
    assert _by_district(docs["Fire incidents"]) == v.FIRES_PER_YEAR
    amb = docs["Ambulance call-outs for assault"]
    assert _by_district(amb) == v.AMBULANCE_PER_YEAR
    assert f"no location {v.AMBULANCE_UNKNOWN_PER_YEAR}" in amb
    assert f"outside the area {v.AMBULANCE_OUTSIDE_PER_YEAR}" in amb
    assert docs["ED assault arrivals"].startswith(f"{v.ED_PER_YEAR} a year")
    assert _by_district(docs["Domestic abuse crimes"]) == v.DA_CRIMES_PER_1000
    assert (
        f"{v.DA_NON_CRIME_PER_CRIME} for each crime" in docs["Domestic abuse non-crime incidents"]
    )
    assert _by_district(docs["Hate crimes"]) == v.HATE_PER_YEAR
    assert docs["Cyber-enabled crimes"].startswith(f"{v.CYBER_FORCE_PER_YEAR} a year")
    assert _by_district(docs["Council ASB cases"]) == v.ASB_CASES_PER_YEAR
    drug = docs["Drug and alcohol treatment"]
    in_treatment = {code: sum(groups) for code, (groups, _) in v.DRUG_TREATMENT.items()}
    assert _by_district(drug) == in_treatment
    for code, (groups, done) in v.DRUG_TREATMENT.items():
        name, n = v.DISTRICTS[code], sum(groups)
        assert re.search(rf"{name} {n:,}( in treatment)? \({done}( completions)?\)", drug)
    fte = _by_district(docs["Youth first-time entrants"])
    assert fte == {code: sum(mf) for code, mf in v.FTE_PER_YEAR.items()}
    extract = docs["Force crime extract"]
    for (_, sub), share in v.VIOLENCE_AND_SEXUAL.items():
        assert f"{share * 100:g}% " in extract, sub
    crimes = sum(1 for r in raw.street_rows() if r["Crime type"] != "Anti-social behaviour")
    assert f"({crimes:,};" in extract


def test_the_force_extract_holds_every_police_uk_crime(demo):
    """Counted from the file and from the raw police.uk files, with the csv module."""
    out, _ = demo
    rows = _csv(next((out / "police-extract").glob("*.csv")))
    crimes = [r for r in rows if r["record_type"] == "crime"]
    by_hand = Counter(
        r["Month"][:4] for r in raw.street_rows() if r["Crime type"] != "Anti-social behaviour"
    )
    assert Counter(r["date"][:4] for r in crimes) == by_hand
    # Violence with injury is about 31% of police.uk's violence and sexual offences.
    vso = sum(1 for r in raw.street_rows() if r["Crime type"] == "Violence and sexual offences")
    vwi = sum(1 for r in crimes if r["offence_subgroup"] == "violence with injury")
    share = v.VIOLENCE_AND_SEXUAL[("violence against the person", "violence with injury")]
    assert abs(vwi - share * vso) < 4 * (share * vso) ** 0.5


def test_every_file_loads_with_nothing_quarantined(demo, wh):
    _, files = demo
    for f in files:
        r = ingest_agency(wh, [f.path.parent], source=f.source, spec=f.spec)
        (res,) = r.files
        assert res.rows_read == f.rows, f.source
        assert (res.rows_quarantined, res.rows_rejected) == (0, 0), f.source
        assert res.note == "illustrative data"
    assert wh.scalar("SELECT count(*) FROM agency_record WHERE NOT illustrative") == 0
