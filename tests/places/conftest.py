"""Fixtures for place-based tests: the toy districts, and copies of the loaded warehouse."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from saferplaces.warehouse import Warehouse
from tests.places import toy


@pytest.fixture
def toy_path(tmp_path):
    path = tmp_path / "toy.duckdb"
    with Warehouse.open(path) as w:
        toy.build(w)
    return path


@pytest.fixture
def toy_wh(toy_path) -> Iterator[Warehouse]:
    w = Warehouse.open(toy_path)
    yield w
    w.close()


@pytest.fixture
def loaded_copy(loaded_path, tmp_path):
    """A writable copy of the warehouse holding all 24 bundled police.uk months."""
    path = tmp_path / "loaded.duckdb"
    shutil.copy(loaded_path, path)
    return path
