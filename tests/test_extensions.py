"""The extension surface: every point declared once and documented, the built-ins
registered through it like a third party's plugin, nothing registered by importing a
module, and a warehouse's own specs read once, not on every read."""

from __future__ import annotations

import inspect
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from saferplaces import extensions
from saferplaces.extensions import hookspecs
from saferplaces.indicators.registry import get_indicator
from saferplaces.sources.agency import indicators as agency_indicators
from saferplaces.sources.agency import ingest_agency
from tests.sources.agency.helpers import write_csv

ROOT = Path(__file__).resolve().parent.parent
ARCHITECTURE = ROOT / "docs" / "architecture.md"


def hooks() -> dict[str, object]:
    return {
        name: fn
        for name, fn in inspect.getmembers(hookspecs, inspect.isfunction)
        if name.startswith("saferplaces_")
    }


def _env(plugins: Path | None = None) -> dict[str, str]:
    """This environment, with ``plugins`` (a folder of installed packages) on the path."""
    env = dict(os.environ)
    if plugins is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(plugins), env.get("PYTHONPATH")]))
    return env


def _python(code: str, plugins: Path | None = None) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter (a fresh registry)."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=_env(plugins),
        timeout=120,
    )


def test_every_extension_point_is_in_architecture_md():
    text = ARCHITECTURE.read_text(encoding="utf-8")
    rows = {
        m.group(1): m.group(0) for m in re.finditer(r"^\| `(saferplaces_\w+)` \|.*$", text, re.M)
    }
    missing = sorted(set(hooks()) - set(rows))
    assert not missing, f"extension points missing from docs/architecture.md: {missing}"
    assert not set(rows) - set(hooks()), "docs/architecture.md names hooks that do not exist"
    # Each row names the registry its hook fills, as the hook's own docstring does.
    for name, fn in hooks().items():
        owner = re.search(r"Owner: :func:`saferplaces\.([\w.]+)`", fn.__doc__ or "")
        assert owner, f"{name}: its docstring names no owner"
        assert f"`{owner.group(1)}`" in rows[name], (name, owner.group(1))


def test_every_built_in_plugin_is_named_in_architecture_md():
    text = ARCHITECTURE.read_text(encoding="utf-8")
    for name in extensions.DEFAULT_PLUGINS:
        # saferplaces.sources.police_uk.plugin -> sources/police_uk/plugin
        assert name.removeprefix("saferplaces.").replace(".", "/") in text, name


def test_every_point_that_fills_a_registry_has_its_registrar():
    assert set(extensions.registrars()) == set(hooks()) - {"saferplaces_warehouse_opened"}


def test_load_is_idempotent_and_registers_every_built_in_plugin():
    pm = extensions.load()
    assert extensions.load() is pm
    assert extensions.plugin_names()[: len(extensions.DEFAULT_PLUGINS)] == list(
        extensions.DEFAULT_PLUGINS
    )
    for name in extensions.DEFAULT_PLUGINS:
        assert pm.get_hookcallers(pm.get_plugin(name)), f"{name} implements no hook"


def test_importing_modules_registers_nothing_and_load_registers_everything():
    # Importing every capability fills no registry; load() then fills all of them, and
    # harm is found without importing saferplaces.places first.
    run = _python(
        """
        import importlib, pkgutil, saferplaces
        # Not pkgutil.walk_packages: it imports every package to look inside, and the
        # web app's packages (a models package) need Django set up first.
        def walk(path, prefix):
            for m in pkgutil.iter_modules(path, prefix):
                if m.name.startswith(("saferplaces.web", "saferplaces.__main__")):
                    continue
                module = importlib.import_module(m.name)
                if m.ispkg:
                    walk(module.__path__, m.name + ".")
        walk(saferplaces.__path__, "saferplaces.")
        from saferplaces.indicators import registry
        from saferplaces.sources.registry import _SOURCES
        from saferplaces.assessment.registry import _ELEMENTS, _SECTIONS
        from saferplaces.quality.coverage import _COVERAGE
        from saferplaces.geography.reference import EXTRA_REFERENCE_FILES
        from saferplaces.quality.report import EXTRA_SECTIONS
        print(len(registry._REGISTRY), len(_SOURCES), len(_ELEMENTS), len(_SECTIONS),
              len(_COVERAGE), len(EXTRA_REFERENCE_FILES), len(EXTRA_SECTIONS))
        try:
            registry.get_indicator("harm")
        except Exception as e:
            print(e)
        from saferplaces import extensions
        extensions.load()
        print(registry.get_indicator("harm").unit, registry.get_indicator("asb").id)
        """
    )
    assert run.returncode == 0, run.stderr
    counts, error, after = run.stdout.splitlines()
    assert counts == "0 0 0 0 0 0 0"
    assert error == "no indicators are registered: call saferplaces.extensions.load() first"
    assert after == "harm days anti-social-behaviour"


def _third_party(tmp_path: Path, module: str, body: str) -> Path:
    """An installed package with a plugin in the ``saferplaces`` entry-point group."""
    (tmp_path / f"{module}.py").write_text(textwrap.dedent(body), encoding="utf-8")
    dist = tmp_path / f"{module}-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text(f"[saferplaces]\n{module} = {module}\n")
    return tmp_path


def test_a_third_party_plugin_is_found_by_its_entry_point(tmp_path):
    path = _third_party(
        tmp_path,
        "pastors_plugin",
        """
        from saferplaces import hookimpl
        from saferplaces.indicators.registry import Indicator

        @hookimpl
        def saferplaces_indicators():
            return [Indicator(id="pastor-contacts", name="Street pastor contacts",
                              source="pastors", events="SELECT 1", aliases=("pastors",))]

        @hookimpl
        def saferplaces_source_labels():
            return {"pastors": "Street pastors"}
        """,
    )
    run = _python(
        """
        from saferplaces import extensions
        extensions.load()
        from saferplaces.indicators.registry import get_indicator
        from saferplaces.quality.coverage import SOURCE_LABELS
        print(extensions.plugin_names()[-1], get_indicator("pastors").id,
              SOURCE_LABELS["pastors"], get_indicator("burglary").source)
        """,
        plugins=path,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == [
        "pastors_plugin",
        "pastor-contacts",
        "Street",
        "pastors",
        "police-uk",
    ]


def test_a_plugin_with_an_unknown_hook_stops_the_cli_with_one_line(tmp_path):
    path = _third_party(
        tmp_path,
        "typo_plugin",
        """
        from saferplaces import hookimpl

        @hookimpl
        def saferplaces_indicator():  # not a hook: saferplaces_indicators
            return []
        """,
    )
    run = subprocess.run(
        [sys.executable, "-m", "saferplaces", "sources", "list"],
        capture_output=True,
        text=True,
        env=_env(path),
        timeout=120,
    )
    assert run.returncode == 1
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in run.stderr, run.stderr
    assert "plugin 'typo_plugin'" in lines[0] and "saferplaces_indicator" in lines[0]


def test_a_plugin_may_not_take_another_sources_indicator(tmp_path):
    path = _third_party(
        tmp_path,
        "thief_plugin",
        """
        from saferplaces import hookimpl
        from saferplaces.indicators.registry import Indicator

        @hookimpl
        def saferplaces_indicators():
            return [Indicator(id="burglary", name="Burglary", source="mine", events="SELECT 1")]
        """,
    )
    run = _python("from saferplaces import extensions\nextensions.load()\n", plugins=path)
    assert run.returncode == 1
    assert (
        "PluginError: plugin 'thief_plugin' (saferplaces_indicators): indicator id "
        "'burglary' is already an indicator of police-uk (Burglary); choose another id"
    ) in run.stderr


def test_an_alias_another_sources_indicator_holds_is_refused(monkeypatch):
    from saferplaces.core.errors import SaferplacesError
    from saferplaces.indicators import registry

    monkeypatch.setattr(registry, "_REGISTRY", dict(registry._REGISTRY))
    monkeypatch.setattr(registry, "_ALIASES", dict(registry._ALIASES))
    mine = registry.Indicator(
        id="my-nuisance", name="My nuisance", source="mine", events="SELECT 1", aliases=("asb",)
    )
    with pytest.raises(SaferplacesError) as e:
        registry.register(mine)
    assert str(e.value) == (
        "indicator alias 'asb' of 'my-nuisance' already names 'anti-social-behaviour' of "
        "police-uk; choose another alias"
    )
    assert registry.get_indicator("asb").source == "police-uk"


PASTORS = """
[source]
name = "pastor-nights"
title = "Street pastor nights"
agency = "Street Pastors"
kind = "incidents"
date_field = "night"
group = "Voluntary sector"

[fields.night]
type = "date"
formats = ["%d/%m/%Y"]
required = true

[fields.kind]
type = "category"
allowed = ["welfare", "first aid"]
required = true

[fields.ward]
type = "ward"

[[indicators]]
id = "pastor-night-first-aid"
name = "Pastor night first aid"
where = { kind = "first aid" }
unit = "contacts"
"""


def test_a_stored_spec_is_read_once_not_on_every_open(wh, tmp_path, monkeypatch):
    path = tmp_path / "pastors.toml"
    path.write_text(PASTORS, encoding="utf-8")
    f = write_csv(
        tmp_path / "p.csv", ["night", "kind", "ward"], [["07/02/2025", "first aid", "E05013050"]]
    )
    ingest_agency(wh, [f], spec=path)
    # Storing the spec registered it: counted at once, with no further call.
    assert get_indicator("pastor-night-first-aid").source == "pastor-nights"
    read = []
    real = agency_indicators.spec_from_texts
    monkeypatch.setattr(
        agency_indicators, "spec_from_texts", lambda *a, **k: read.append(a) or real(*a, **k)
    )
    for _ in range(3):  # three page loads of the web app, or three commands
        extensions.load_warehouse(wh)
    assert read == []
    assert agency_indicators.register_stored_specs(wh) == ["pastor-nights"]
    assert read == []


@pytest.mark.parametrize("name", sorted(hooks()))
def test_every_hook_says_what_it_adds(name):
    assert len((hooks()[name].__doc__ or "").split()) >= 8, name


def test_document_kinds_come_from_plugins_and_the_web_adds_its_own_once():
    run = _python(
        """
        from saferplaces import extensions
        from saferplaces.document.kinds import document_kinds
        extensions.load()
        print(" ".join(document_kinds()))
        extensions.add_plugin("saferplaces.web.plugin")
        extensions.add_plugin("saferplaces.web.plugin")  # again: nothing more
        print(" ".join(document_kinds()))
        import sys
        print("django" in sys.modules)  # naming the web's builders imported none of them
        """
    )
    assert run.returncode == 0, run.stderr
    core, everything, django = run.stdout.splitlines()
    assert core.split() == [
        "area-profile",
        "place-report",
        "strategic-assessment",
        "community-safety-agreement",
        "partnership-plan",
        "annual-review",
        "domestic-abuse-report",
    ]
    web = ["agenda-pack", "minutes", "action-plan"]
    money = ["budget-monitoring", "end-of-year-report", "funder-return"]
    assert everything.split() == [*core.split(), *web, *money, "problem-solving-plan"]
    assert django == "False"


def test_a_document_kind_another_builder_holds_is_refused(tmp_path):
    path = _third_party(
        tmp_path,
        "rival_plugin",
        """
        from saferplaces import hookimpl
        from saferplaces.document.kinds import DocumentKind

        @hookimpl
        def saferplaces_document_kinds():
            return [DocumentKind("area-profile", "Profile", "rival_plugin:build")]
        """,
    )
    run = _python("from saferplaces import extensions; extensions.load()", plugins=path)
    assert run.returncode != 0
    last = run.stderr.strip().splitlines()[-1]
    assert "plugin 'rival_plugin' (saferplaces_document_kinds)" in last
    assert "'area-profile' is already built by saferplaces.places.profile_document" in last
