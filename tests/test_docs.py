"""The documentation stays true: every command and setting documented, README commands run."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
import typer

from saferplaces.cli.app import app
from saferplaces.core.settings import SETTINGS

ROOT = Path(__file__).resolve().parents[1]


def _commands(group, prefix: str = "saferplaces") -> list[tuple[str, object]]:
    out = []
    for name, cmd in group.commands.items():
        full = f"{prefix} {name}"
        if hasattr(cmd, "commands"):
            out.extend(_commands(cmd, full))
        else:
            out.append((full, cmd))
    return out


COMMANDS = _commands(typer.main.get_command(app))


@pytest.mark.parametrize("name, cmd", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_every_command_is_documented_with_an_example(name, cmd):
    assert f"## {name}\n" in (ROOT / "docs" / "cli.md").read_text()
    assert "Example: saferplaces" in (cmd.help or ""), f"{name} --help has no example"


def test_every_setting_is_documented():
    text = (ROOT / "docs" / "settings.md").read_text()
    for s in SETTINGS:
        assert f"`{s.name}`" in text and f"`{s.env}`" in text


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```sh\n(.*?)```", text, re.S)
    lines = [
        line.split("#")[0].strip()
        for block in blocks
        for line in block.splitlines()
        if line.startswith("saferplaces ")
    ]
    # `assess` builds and renders the whole assessment: not in the quick tier.
    return [
        pytest.param(line, marks=pytest.mark.slow)
        if line.startswith("saferplaces assess")
        else line
        for line in lines
    ]


def test_readme_shows_the_two_commands_first():
    text = (ROOT / "README.md").read_text()
    first_block = re.search(r"```sh\n(.*?)```", text, re.S).group(1)
    assert first_block.splitlines()[0].startswith("make demo")
    assert first_block.splitlines()[1].startswith("make test")


@pytest.mark.parametrize("line", _readme_commands())
def test_readme_commands_work_as_shown(line, cli, loaded_path, tmp_path, monkeypatch):
    path = tmp_path / "w.duckdb"
    shutil.copy(loaded_path, path)
    monkeypatch.setenv("SAFERPLACES_WAREHOUSE", str(path))
    monkeypatch.chdir(ROOT)
    result = cli(*shlex.split(line)[1:])
    assert result.code == 0, result.err
