"""The document layer sits below every builder: ``document/`` imports nothing of
saferplaces but ``core/``, and ``render/`` nothing but ``document/`` (issue 10 §1). Read
from the source, so a lazy import inside a function counts too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "saferplaces"
ALLOWED = {"document": {"core", "document"}, "render": {"document", "render"}}


def _imports(package: str) -> dict[str, set[str]]:
    """{module file: the saferplaces packages it imports}."""
    out = {}
    for path in sorted((SRC / package).rglob("*.py")):
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
            elif isinstance(node, ast.Import):
                names.update(a.name for a in node.names)
        out[path.name] = {n.split(".")[1] for n in names if n.startswith("saferplaces.")}
    return out


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_the_document_layer_imports_nothing_above_it(package):
    wrong = {m: sorted(p - ALLOWED[package]) for m, p in _imports(package).items()}
    assert {m: p for m, p in wrong.items() if p} == {}
