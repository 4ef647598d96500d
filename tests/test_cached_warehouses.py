"""The cached demo warehouses (tests/helpers/warehouses.py) hold what a user's warehouse
holds, and their key covers what shapes them."""

from __future__ import annotations

from saferplaces.extensions import DEFAULT_PLUGINS
from saferplaces.geography.reference import reference_files
from saferplaces.warehouse import Warehouse
from tests.helpers import warehouses
from tests.helpers.warehouses import ROOT, SAMPLE, SRC


def test_the_cached_reference_holds_every_reference_file_the_plugins_declare(
    reference_template,
):
    # Worked out from the bundled folder itself: each reference file this session
    # registered (the bundled ones, and those plugins declare at start-up, such as the
    # harm weights) that has a file in data/sample was loaded into the cached build.
    expected = {f"reference:{r.key}" for r in reference_files() if any(SAMPLE.glob(r.pattern))}
    assert "reference:harm-weights" in expected  # declared by the places plugin
    with Warehouse.open(reference_template, read_only=True) as wh:
        loaded = {s for (s,) in wh.rows("SELECT source FROM loads WHERE status = 'current'")}
    assert loaded == expected


def test_the_key_covers_the_plugins_the_schema_and_the_specs_but_not_the_web_app():
    keyed = {p.relative_to(ROOT).as_posix() for p in warehouses._keyed_files()}
    plugins = {f"src/{m.replace('.', '/')}.py" for m in DEFAULT_PLUGINS}
    assert plugins <= keyed
    schema = {p.relative_to(ROOT).as_posix() for p in (SRC / "warehouse" / "schema").glob("*.sql")}
    assert schema and schema <= keyed
    specs = {p.relative_to(ROOT).as_posix() for p in (SRC / "sources" / "builtin").glob("*.toml")}
    assert specs and specs <= keyed
    assert not {p for p in keyed if p.startswith(("src/saferplaces/web/", "src/saferplaces/cli/"))}


def test_the_key_names_the_installed_distributions():
    import duckdb

    names = {line.split(" ")[0] for line in warehouses._environment().splitlines()}
    assert f"duckdb=={duckdb.__version__}" in names
