"""Shared fixtures: warehouses built from the real bundled files, and file builders."""

from __future__ import annotations

import csv
import gzip
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from saferplaces.cli.app import main
from saferplaces.geography.reference import load_reference
from saferplaces.sources.police_uk import ingest_police_uk
from saferplaces.sources.police_uk.files import STREET_COLUMNS
from saferplaces.warehouse import Warehouse
from tests.helpers.raw import SAMPLE, STREET


@pytest.fixture(scope="session")
def reference_template(tmp_path_factory) -> Path:
    """A warehouse file holding only the bundled reference data, built once."""
    path = tmp_path_factory.mktemp("template") / "reference.duckdb"
    with Warehouse.open(path) as wh:
        load_reference(wh, SAMPLE)
    return path


@pytest.fixture
def warehouse_path(reference_template, tmp_path) -> Path:
    """A fresh warehouse (reference data only) for a test that writes."""
    path = tmp_path / "warehouse.duckdb"
    shutil.copy(reference_template, path)
    return path


@pytest.fixture
def wh(warehouse_path) -> Iterator[Warehouse]:
    w = Warehouse.open(warehouse_path)
    yield w
    w.close()


@pytest.fixture(scope="session")
def loaded_path(reference_template, tmp_path_factory) -> Path:
    """A warehouse with all 24 bundled police.uk months loaded, built once; read only."""
    path = tmp_path_factory.mktemp("loaded") / "warehouse.duckdb"
    shutil.copy(reference_template, path)
    with Warehouse.open(path) as w:
        ingest_police_uk(w, [STREET])
    return path


@pytest.fixture
def loaded(loaded_path) -> Iterator[Warehouse]:
    w = Warehouse.open(loaded_path, read_only=True)
    yield w
    w.close()


def street_row(**values: str) -> list[str]:
    """A police.uk street row with sensible values, overridden by keyword (column name
    with spaces as underscores)."""
    base = {
        "Crime ID": "",
        "Month": "2025-01",
        "Reported by": "Cambridgeshire Constabulary",
        "Falls within": "Cambridgeshire Constabulary",
        "Longitude": "0.123",
        "Latitude": "52.2",
        "Location": "On or near High Street",
        "LSOA code": "E01018238",
        "LSOA name": "South Cambridgeshire 017A",
        "Crime type": "Burglary",
        "Last outcome category": "",
        "Context": "",
    }
    for k, v in values.items():
        base[k.replace("_", " ")] = v
    return [base[c] for c in STREET_COLUMNS]


def write_street(path: Path, rows: list[list[str]], header=STREET_COLUMNS) -> Path:
    """Write a street CSV (gzipped when the name ends .gz)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "wt", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        if header is not None:
            w.writerow(header)
        w.writerows(rows)
    return path


def sample_month(month: str) -> Path:
    return STREET / f"{month}-cambridgeshire-street.csv.gz"


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys, monkeypatch):
    """Run the ``saferplaces`` command in-process, as a user would from the shell."""

    def run(*args: str) -> Result:
        monkeypatch.setattr(sys, "argv", ["saferplaces", *map(str, args)])
        code = 0
        try:
            main()
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


# ---- strategic assessment (issue 3): documents built and rendered once per session ----


@dataclass
class AgencyLoaded:
    """A warehouse with the bundled police.uk data and every illustrative agency extract
    (``saferplaces demo-data --seed 2025``), and the folder of those extracts."""

    path: Path
    demo: Path


@pytest.fixture(scope="session")
def agency_loaded(loaded_path, tmp_path_factory) -> AgencyLoaded:
    """Built once; tests that write (an assessment stores its place-flags run) use a copy
    or this session's own documents."""
    from saferplaces.sources.agency import ingest_agency
    from saferplaces.sources.illustrative import write_demo_data

    folder = tmp_path_factory.mktemp("agency")
    path = folder / "warehouse.duckdb"
    shutil.copy(loaded_path, path)
    files = write_demo_data(folder / "demo", seed=2025)
    with Warehouse.open(path) as w:
        for f in files:
            ingest_agency(w, [f.path.parent], source=f.source, spec=f.spec)
    return AgencyLoaded(path, folder / "demo")


@pytest.fixture(scope="session")
def assessment_public(agency_loaded, tmp_path_factory):
    """South Cambridgeshire 2025 against 2024, public edition, every format, with every
    chapter: police.uk, the illustrative agency extracts and the Places chapter."""
    from tests.helpers.documents import produce_demo

    return produce_demo(
        agency_loaded.path, tmp_path_factory.mktemp("public"), "public", read_only=False
    )


@pytest.fixture(scope="session")
def assessment_restricted(agency_loaded, tmp_path_factory):
    """The same assessment, restricted edition, every format."""
    from tests.helpers.documents import produce_demo

    return produce_demo(
        agency_loaded.path, tmp_path_factory.mktemp("restricted"), "restricted", read_only=False
    )
