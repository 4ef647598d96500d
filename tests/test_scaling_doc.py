"""docs/scaling.md stays true: its commands run as shown, in order, and the shipping
steps it shows put a whole warehouse in place; the figures it quotes are in the
benchmark results it names."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
from pathlib import Path

import duckdb
import pytest
import typer

from saferplaces.cli.app import app
from tests.helpers import raw

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "scaling.md"
SRV = "/srv/saferplaces"  # where the doc's web machine keeps its warehouse


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", DOC.read_text(), re.S)


@pytest.mark.slow  # every command of the page, loads and exports included
def test_the_commands_run_as_shown(cli, loaded_path, tmp_path, monkeypatch):
    home = tmp_path / "office"
    (home / ".saferplaces").mkdir(parents=True)
    (home / ".saferplaces" / "warehouse.duckdb").write_bytes(loaded_path.read_bytes())
    (home / "data").symlink_to(ROOT / "data")
    srv = tmp_path / "srv"
    srv.mkdir()
    monkeypatch.chdir(home)
    monkeypatch.delenv("SAFERPLACES_WAREHOUSE", raising=False)
    ran = 0
    for block in _blocks("sh"):
        for line in block.strip().splitlines():
            words = shlex.split(line.replace(SRV, str(srv)))
            if words[:2] == ["saferplaces", "serve"]:
                # Starting a server is web's tests' job: here, that it parses as shown.
                command = typer.main.get_command(app)
                command.commands["serve"].make_context("serve", words[2:])
            elif words[0] == "saferplaces":
                result = cli(*words[1:])
                assert result.code == 0, f"{line}: {result.err}"
            else:
                subprocess.run(words, check=True)
            ran += 1
    assert ran >= 7
    shipped = srv / "warehouse.duckdb"
    con = duckdb.connect(str(shipped), read_only=True)
    try:
        held = con.execute("SELECT count(*) FROM police_street").fetchone()[0]
    finally:
        con.close()
    assert held == len(raw.street_rows())
    assert json.loads((home / "out" / "restricted" / "manifest.json").read_text())["restricted"]
    for sql in _blocks("sql"):
        rows = duckdb.connect().execute(sql).fetchall()
        by_type: dict[str, int] = {}
        for r in raw.street_rows():
            by_type[r["Crime type"]] = by_type.get(r["Crime type"], 0) + 1
        assert dict(rows) == by_type


def test_quoted_figures_are_in_the_results_they_name():
    # Every number in a row of the "Measured today" table is a value of the file the row
    # names, to the precision quoted (0.353 for 0.3525; 167,962 for 167962).
    text = DOC.read_text()
    rows = re.findall(r"^\| (.+?) \| (.+?) \| `(\w+\.json)` \|$", text, re.M)
    assert len(rows) >= 5
    for what, figures, name in rows:
        held = list(_numbers(json.loads((ROOT / "benchmarks" / "results" / name).read_text())))
        for quoted in re.findall(r"(?<![\w.])\d[\d,]*(?:\.\d+)?", what + " " + figures):
            decimals = len(quoted.partition(".")[2])
            number = float(quoted.replace(",", ""))
            assert any(abs(number - h) <= 0.5 * 10**-decimals + 1e-9 for h in held), (
                f"{quoted} is not in {name}"
            )


def _numbers(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _numbers(v)
    elif isinstance(value, list):
        for v in value:
            yield from _numbers(v)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        yield value
