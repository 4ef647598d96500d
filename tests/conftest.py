"""Shared fixtures: warehouses built from the real bundled files, and file builders."""

from __future__ import annotations

import csv
import gzip
import shutil
import sys
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from saferplaces import extensions
from saferplaces.cli.app import main
from saferplaces.sources.police_uk.files import STREET_COLUMNS
from saferplaces.warehouse import Warehouse
from tests.helpers.raw import STREET
from tests.helpers.warehouses import cached, copy_warehouse


@pytest.fixture(scope="session", autouse=True)
def _extensions() -> None:
    """The built-in plugins registered once, as the CLI and the web app do at start-up."""
    extensions.load()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """The web tests' SQLite database is a file, as in production. Django's default
    in-memory shared-cache database locks whole tables and fails at once ("database
    table is locked") where a file database waits its busy timeout, so a test in which
    a background thread writes while the request thread reads failed by chance."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        folder = tmp_path_factory.mktemp("web-database")
        db.setdefault("TEST", {})["NAME"] = str(folder / "test.sqlite3")


@pytest.fixture(scope="session")
def reference_template(tmp_path_factory) -> Path:
    """A warehouse file holding only the bundled reference data (this session's copy of
    the cached build, see ``tests/helpers/warehouses.py``)."""
    return copy_warehouse("reference", tmp_path_factory.mktemp("template") / "reference.duckdb")


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
def loaded_path(tmp_path_factory) -> Path:
    """A warehouse with all 24 bundled police.uk months loaded (this session's copy of the
    cached build); read only."""
    return copy_warehouse("police-uk", tmp_path_factory.mktemp("loaded") / "warehouse.duckdb")


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


# ---- tiers and cores (docs/testing.md, docs/decisions/0017-parallel-tests.md) ----

# Fixtures that build a whole assessment (or profile): a test using one is `slow`, so
# `make test-fast` leaves it out; `make test` runs it.
WHOLE_BUILDS = {"assessment_public", "assessment_restricted", "built", "editions", "bar_hill"}

# Files whose tests use the session's rendered assessments: on several cores they run on
# one worker (one scope of `--dist loadfile`), so the two documents are built once, not
# once per worker. Every other file is its own scope, so module fixtures are built once.
SHARED_BUILDS = {"assessment_public", "assessment_restricted"}
SHARED_FILES = {
    f"tests/{name}.py": "assessment-documents"
    for name in (
        "assessment/test_agency_chapters",
        "assessment/test_disclosure_attack",
        "assessment/test_review_fixes",
        "render/test_accessibility",
        "render/test_document_quality",
        "render/test_outputs",
    )
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        used = set(item.fixturenames)
        if WHOLE_BUILDS & used:
            item.add_marker(pytest.mark.slow)
        path = item.nodeid.split("::")[0]
        if SHARED_BUILDS & used and path not in SHARED_FILES:
            warnings.warn(
                f"{path} uses the rendered assessments: add it to SHARED_FILES in "
                "tests/conftest.py so that on several cores they are built once",
                stacklevel=1,
            )


def pytest_xdist_make_scheduler(config, log):
    """`--dist loadfile`, with the files of SHARED_FILES as one scope. (xdist's own
    `xdist_group` marks do nothing under pytest 9, whose items ignore the node id
    xdist rewrites.)"""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class SharedBuilds(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return SHARED_FILES.get(path, path)

    return SharedBuilds(config, log)


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
def agency_loaded(tmp_path_factory) -> AgencyLoaded:
    """This session's copy of the cached build, with the place-flags run the built-in
    spec's Places chapter shows made after the loads, as `make demo` makes it (an
    assessment never makes it). The extracts are read from the cache, where the
    warehouse was loaded from them."""
    from tests.helpers.documents import run_spec_flags

    path = copy_warehouse("agency", tmp_path_factory.mktemp("agency") / "warehouse.duckdb")
    with Warehouse.open(path) as w:
        run_spec_flags(w)
    return AgencyLoaded(path, cached("agency") / "demo")


@pytest.fixture(scope="session")
def assessment_public(agency_loaded, tmp_path_factory):
    """South Cambridgeshire 2025 against 2024, public edition, every format, with every
    chapter: police.uk, the illustrative agency extracts and the Places chapter."""
    from tests.helpers.documents import produce_demo

    return produce_demo(agency_loaded.path, tmp_path_factory.mktemp("public"), "public")


@pytest.fixture(scope="session")
def assessment_restricted(agency_loaded, tmp_path_factory):
    """The same assessment, restricted edition, every format."""
    from tests.helpers.documents import produce_demo

    return produce_demo(agency_loaded.path, tmp_path_factory.mktemp("restricted"), "restricted")
