"""Every option's help is shown as written: Rich markup must not eat text in brackets."""

from __future__ import annotations

import re

import typer
from typer.testing import CliRunner

from saferplaces.cli.app import app

_BOX = re.compile(r"[│╭╮╰╯─]")


def _flat(text: str) -> str:
    return " ".join(_BOX.sub(" ", text).split())


def _commands(group, path: tuple[str, ...] = ()):
    yield path, group
    for name, sub in getattr(group, "commands", {}).items():
        yield from _commands(sub, (*path, name))


def test_every_option_help_is_shown_whole():
    runner = CliRunner()
    root = typer.main.get_command(app)
    checked = 0
    for path, command in _commands(root):
        shown = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "400"}, terminal_width=400)
        assert shown.exit_code == 0, (path, shown.output)
        out = _flat(shown.output)
        for param in command.params:
            help_text = getattr(param, "help", None)
            if help_text:
                assert _flat(help_text) in out, (path, param.name, help_text)
                checked += 1
    assert checked > 50
