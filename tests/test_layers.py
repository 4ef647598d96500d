"""The shape of the code: no import cycles, and no layer importing one above it.

Every ``import`` and ``from ... import`` in ``src/saferplaces`` is read with ``ast``,
including those inside functions (a lazy import is still a dependency). The layers, from
the bottom up, are written down in :data:`LAYERS` and in ``docs/architecture.md``; a
module may import its own layer and those below it, never one above.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "saferplaces"

# Bottom to top. A module belongs to the layer of the longest prefix naming it.
LAYERS: tuple[tuple[str, ...], ...] = (
    # The root package (``hookimpl``), errors, settings, periods.
    ("saferplaces", "saferplaces.core"),
    # What every document is built from (model, palette, chart specs, formatting) and the
    # renderer that writes any of them: libraries that know nothing of the data, so any
    # capability above may build a document or draw a chart.
    ("saferplaces.document",),
    ("saferplaces.render",),
    ("saferplaces.warehouse",),
    # Libraries any capability calls: areas and boundaries; small-number suppression.
    ("saferplaces.geography", "saferplaces.disclosure"),
    # Which months each source holds (coverage) and the data-quality report.
    ("saferplaces.quality",),
    # The indicator registry, the counting engine, statistics and tables.
    ("saferplaces.indicators",),
    # Source plugins: each loads its data and declares its indicators and coverage.
    ("saferplaces.sources",),
    # Which sources held have no sharing agreement: a quality check that reads the sources.
    ("saferplaces.quality.agreements",),
    # Statutory review rules and register reading (a register may be a spreadsheet, read
    # by the agency readers).
    ("saferplaces.reviews",),
    ("saferplaces.places",),
    # Money: a partnership's budget figures and the documents built from them.
    ("saferplaces.finance",),
    # The data group's quarterly reports, each built as a Document.
    ("saferplaces.quarterly",),
    # Capabilities that build documents from places and indicators: the assessment, and
    # place problem-solving plans.
    ("saferplaces.assessment", "saferplaces.problems"),
    # Prioritisation and the planning documents: scores, plan, review, checklist.
    # With them, the assessment's board summary: it asks the board to decide from the
    # prioritisation matrix, so the planning plugin gives it.
    ("saferplaces.priorities", "saferplaces.planning", "saferplaces.assessment.sections.board"),
    # The extension surface: loads every plugin, so it sits above all of them.
    ("saferplaces.extensions",),
    # The document producer: builds a document and renders it (and so loads plugins).
    ("saferplaces.assessment.produce",),
    ("saferplaces.cli", "saferplaces.web", "saferplaces.__main__"),
)


# Upward imports being moved on another branch, each with where it goes. An entry that no
# longer happens fails the test, so the list only shrinks.
MOVING: dict[tuple[str, str], str] = {}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(name: str) -> str | None:
    """The module ``name`` imports: itself, or the package holding the name imported."""
    known = modules()
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def _type_checking_only(tree: ast.Module) -> set[int]:
    """ids of the nodes under ``if TYPE_CHECKING:`` (imported for annotations only)."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                out.update(id(n) for n in ast.walk(child))
    return out


@cache
def imports(module: str, *, annotations: bool = True) -> frozenset[str]:
    """The saferplaces modules ``module`` imports anywhere in its file; without
    ``annotations``, leaving out imports made only for type checking (never run)."""
    path = modules()[module]
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    skip = set() if annotations else _type_checking_only(tree)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            found.update(_resolve(a.name) for a in node.names if a.name.startswith("saferplaces"))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            if base != "saferplaces" and not base.startswith("saferplaces."):
                continue
            for a in node.names:
                # ``from saferplaces.x import y`` imports module x.y when y is one.
                full = f"{base}.{a.name}"
                found.add(full if full in modules() else _resolve(base))
    found.discard(None)  # type: ignore[arg-type]
    found.discard(module)
    return frozenset(found)


def layer_of(module: str) -> int:
    best, best_len = None, -1
    for i, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best_len:
                best, best_len = i, len(prefix)
    assert best is not None, f"{module} is in no layer: add it to LAYERS"
    return best


def _layer_name(i: int) -> str:
    return " / ".join(p.removeprefix("saferplaces.") for p in LAYERS[i])


def cycles(graph: dict[str, frozenset[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each as a list."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def _describe(group: list[str], graph: dict[str, frozenset[str]]) -> str:
    edges = [f"{a} -> {b}" for a in group for b in sorted(graph[a]) if b in group]
    return "; ".join(edges)


def test_the_walker_sees_imports_inside_functions_and_relative_ones():
    # A lazy import inside a function counts as a dependency.
    graph = {m: imports(m) for m in modules()}
    assert "saferplaces.extensions" in graph["saferplaces.cli.app"]
    assert cycles({"a": frozenset({"b"}), "b": frozenset({"c"}), "c": frozenset({"a"})}) == [
        ["a", "b", "c"]
    ]
    assert cycles({"a": frozenset({"b"}), "b": frozenset()}) == []


def test_no_import_cycles():
    """No group of modules imports each other, even through a lazy import in a function.

    Imports under ``if TYPE_CHECKING:`` are left out here: they never run, so they cannot
    leave a module half-initialised (the layering test below still counts them)."""
    graph = {m: imports(m, annotations=False) for m in modules()}
    found = cycles(graph)
    assert not found, "import cycles:\n" + "\n".join(_describe(g, graph) for g in found)


@pytest.mark.parametrize("module", sorted(modules()))
def test_no_layer_imports_one_above_it(module):
    mine = layer_of(module)
    above = sorted(m for m in imports(module) if layer_of(m) > mine and (module, m) not in MOVING)
    assert not above, (
        f"{module} ({_layer_name(mine)}) imports "
        + ", ".join(f"{m} ({_layer_name(layer_of(m))})" for m in above)
        + ": move the code down a layer, or give it to the layer above through an "
        "extension point (docs/architecture.md)"
    )


def test_every_move_still_pending_is_still_an_upward_import():
    stale = [pair for pair in MOVING if pair[1] not in imports(pair[0])]
    assert not stale, f"these have moved: take them out of MOVING: {stale}"
