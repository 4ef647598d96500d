"""The analyses' options are declared once (``saferplaces.places.options``): the command
line, the web flags form and the assessment spec are made from the declarations, and
``docs/places.md`` documents every one. These tests fail when a surface or the docs
drift from the declarations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer

from saferplaces.assessment.registry import element_kinds, section_kinds
from saferplaces.assessment.spec import SpecError, load_spec, parse_spec
from saferplaces.cli.app import app
from saferplaces.core.errors import ParameterError
from saferplaces.places.options import ANALYSES, CONCENTRATION, FLAGS, FUNNEL, HOTSPOTS

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = {"flags run": ("flags", "run"), "hotspots": ("hotspots",)}
COMMANDS |= {"concentration": ("concentration",), "funnel": ("funnel",)}
# Where the assessment spec offers each analysis's options.
ELEMENTS = {"hotspots": "hotspot-map", "concentration": "concentration", "funnel": "funnel"}


def _command(path: tuple[str, ...]):
    command = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    return command


def _cases(surface: str):
    return [
        pytest.param(a, o, id=f"{a.analysis}:{o.name}") for a in ANALYSES for o in a.on(surface)
    ]


@pytest.mark.parametrize("analysis, option", _cases("cli"))
def test_the_command_line_option_is_the_declaration(analysis, option):
    params = {p.name: p for p in _command(COMMANDS[analysis.analysis]).params}
    p = params[option.name]
    assert p.opts == ["--" + option.name.replace("_", "-")]
    assert p.default == option.default
    assert p.help.startswith(option.help)
    assert p.type_descriptor.annotation is (str if option.type is list else option.type)


def test_every_command_line_option_of_an_analysis_is_declared():
    for analysis in ANALYSES:
        declared = {o.name for o in analysis.on("cli")}
        params = {p.name for p in _command(COMMANDS[analysis.analysis]).params}
        assert declared <= params
        # Everything else is common to every command (area, period, output, files) or
        # says whose run it is (a partnership's), not how the analysis is made.
        assert params - declared <= {"area", "period", "format", "warehouse", "map_path"} | {
            "all_rows",
            "chart",
            "partnership",
        }


@pytest.mark.parametrize("analysis, option", _cases("web"))
def test_the_web_form_field_is_the_declaration(analysis, option):
    from saferplaces.web.evidence.forms import FlagsRunForm

    assert analysis is FLAGS  # the web app runs place flags (the other analyses: CLI, spec)
    form = FlagsRunForm(None, periods=[("2025", "2025")], indicators=[("burglary", "Burglary")])
    field = form.fields[option.name]
    assert field.label == option.label
    assert field.help_text == option.help
    assert field.initial == option.default
    if option.choices:
        assert list(field.choices) == list(option.choices)
    if option.type in (int, float) and option.default is not None:
        # The form refuses what the library refuses, in the form's words.
        bad = {"top": "0", "min_flags": "0"}[option.name]
        data = {"period": "2025", "indicators": ["burglary"], "measure": "rate"}
        data |= {"top": "0.2", "min_flags": "2", option.name: bad}
        bound = FlagsRunForm(data, periods=[("2025", "2025")], indicators=[("burglary", "B")])
        assert not bound.is_valid()
        with pytest.raises(ParameterError) as e:
            option.check(float(bad))
        assert bound.errors[option.name] == [f"Enter {e.value.expected}."]


def test_the_web_form_asks_for_exactly_the_options_declared_for_it():
    from saferplaces.web.evidence.forms import FlagsRunForm

    form = FlagsRunForm(None, periods=[], indicators=[])
    assert list(form.fields) == ["period", *[o.name for o in FLAGS.on("web")]]


def test_the_spec_schema_is_the_declarations():
    assert section_kinds()["topic"].fields["flags"] is FLAGS
    kinds = element_kinds()
    for analysis in (HOTSPOTS, CONCENTRATION, FUNNEL):
        fields = kinds[ELEMENTS[analysis.analysis]].fields
        for option in analysis.on("spec"):
            assert fields[option.name] is option
    # The built-in spec's flags settings are checked as the library checks them.
    text = (ROOT / "src/saferplaces/assessment/default_district.yaml").read_text()
    assert load_spec().chapter("places").get("flags")["min_flags"] == 3
    with pytest.raises(SpecError, match=re.escape("field 'min_flags': must be 1 or more, got 0")):
        parse_spec(text.replace("min_flags: 3", "min_flags: 0"), "my-spec.yaml")
    with pytest.raises(SpecError, match="field 'top': must be a share between 0 and 1"):
        parse_spec(text.replace("top: 0.2", "top: 1.5"), "my-spec.yaml")
    with pytest.raises(SpecError, match="'min_flgs': not a field of flags"):
        parse_spec(text.replace("min_flags: 3", "min_flgs: 3"), "my-spec.yaml")
    places = text.replace("      - hotspot-map\n", "      - hotspot-map: {measure: ratio}\n")
    with pytest.raises(SpecError, match="field 'measure': must be count or rate, got 'ratio'"):
        parse_spec(places, "my-spec.yaml")


def _documented() -> dict[tuple[str, str], list[str]]:
    text = (ROOT / "docs" / "places.md").read_text()
    section = text.split("## Options", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 7 and cells[1].startswith("`"):
            rows[(cells[0], cells[1].strip("`"))] = cells
    return rows


def test_every_option_is_documented_as_declared():
    rows = _documented()
    declared = {(a.analysis, o.name) for a in ANALYSES for o in a}
    assert set(rows) == declared
    for analysis in ANALYSES:
        for o in analysis:
            _, _, cli, web, spec, default, what = rows[(analysis.analysis, o.name)]
            assert cli == (f"`--{o.name.replace('_', '-')}`" if o.offered("cli") else "–")
            assert web == (o.label if o.offered("web") else "–")
            assert (spec != "–") == o.offered("spec") and (o.name in spec or spec == "–")
            if o.default is None:
                assert default == "–"
            elif isinstance(o.default, bool):
                assert default == f"`{str(o.default).lower()}`"
            else:
                assert default == f"`{o.default}`"
            assert what == o.help
