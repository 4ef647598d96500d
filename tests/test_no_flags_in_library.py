"""No string in the library names a command-line flag.

The library raises and returns structured errors and notes that name parameters; the
command line (``saferplaces.cli``) phrases them with its flags, the web app with its
form fields, documents in a board's words (``saferplaces.core.messages``). This test
fails when a string outside ``cli/`` (a message, a docstring, a template, a data file)
names one of the command line's flags.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import typer

import saferplaces
from saferplaces.cli.app import app

PACKAGE = Path(saferplaces.__file__).parent
TEXT_FILES = {".html", ".txt", ".md", ".yaml", ".yml", ".toml", ".sql", ".j2"}
FLAG = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")


def _flags() -> set[str]:
    """Every option of every command, as typed at the command line."""

    def walk(command):
        yield command
        for sub in getattr(command, "commands", {}).values():
            yield from walk(sub)

    out = set()
    for command in walk(typer.main.get_command(app)):
        for param in command.params:
            out |= {o for o in (*param.opts, *param.secondary_opts) if o.startswith("--")}
    return out - {"--help"}


def _strings(path: Path):
    """(line, text) of every string constant in a Python file, docstrings included."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


def _library_files():
    for path in sorted(PACKAGE.rglob("*")):
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] == "cli" or "static" in rel.parts or not path.is_file():
            continue
        if path.suffix == ".py":
            yield rel, list(_strings(path))
        elif path.suffix in TEXT_FILES:
            lines = path.read_text(encoding="utf-8").splitlines()
            if path.suffix == ".sql":
                # An SQL comment is for whoever reads the schema, as a Python comment is.
                lines = [line.split("--", 1)[0] for line in lines]
            yield rel, list(enumerate(lines, start=1))


def test_the_command_line_has_flags_to_look_for():
    flags = _flags()
    assert {"--allow-incomplete", "--min-flags", "--top", "--spec", "--area"} <= flags


def test_no_library_string_names_a_command_line_flag():
    flags = _flags()
    found = [
        f"{rel}:{line}: {flag}"
        for rel, strings in _library_files()
        for line, text in strings
        for flag in FLAG.findall(text)
        if flag in flags
    ]
    assert not found, "library strings naming CLI flags:\n" + "\n".join(found)
