from __future__ import annotations

import sys
from dataclasses import dataclass

import pytest

from saferplaces.cli.app import main


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
