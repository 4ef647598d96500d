"""The core library never imports Django: only ``saferplaces.web`` does, and the CLI's
web commands import it inside the command, never at module level."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "saferplaces"
WEB_PACKAGES = ("django", "whitenoise", "dj_database_url", "psycopg")


def _imports(tree: ast.AST, *, top_level_only: bool) -> list[tuple[int, str]]:
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    out = []
    for node in nodes:
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.lineno, node.module))
    return out


def _bad(name: str) -> bool:
    return name.split(".")[0] in WEB_PACKAGES or name.startswith("saferplaces.web")


def test_core_modules_never_import_django():
    offenders = []
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC)
        if rel.parts[0] == "web":
            continue
        tree = ast.parse(path.read_text(), str(path))
        # The CLI's web-database commands may import the web app, but only inside them.
        top_only = rel.as_posix() in (
            "cli/web.py",
            "cli/finance.py",
            "cli/reviews.py",
            "cli/agreement.py",
        )
        for line, name in _imports(tree, top_level_only=top_only):
            if _bad(name):
                offenders.append(f"{rel}:{line} imports {name}")
    assert not offenders, "\n".join(offenders)


def test_the_check_would_catch_an_import(tmp_path):
    tree = ast.parse("import os\nfrom django.db import models\n")
    assert [n for _, n in _imports(tree, top_level_only=False) if _bad(n)] == ["django.db"]


def test_the_cli_starts_without_django():
    import subprocess
    import sys

    code = (
        "import sys; from saferplaces.cli import app; "
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django loaded'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
