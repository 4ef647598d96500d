"""SQL lives in one query module per capability (style.md, issue 10 §6).

A module that runs a statement on the warehouse is one of the query modules below; every
other module calls them. Indicators declare their ``events`` SQL as data (that is how
the counting engine counts any source), but only the engine runs it.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "saferplaces"

# Modules allowed to run SQL, relative to src/saferplaces.
QUERY_MODULES = {
    "indicators/engine.py",  # the counting engine: every count of every indicator
    "places/store.py",  # the place flags' runs and decisions
    "warehouse/connection.py",  # the schema and transactions
    "warehouse/loads.py",  # the loads every loader records
    "warehouse/sessions.py",  # the checkpoint that ends a write session
    "web/core/appendonly.py",  # triggers of the web database, not the warehouse
}
_RUNS = {"execute", "executemany", "rows", "dicts", "scalar", "sql"}
_KEYWORDS = ("SELECT", "INSERT", "DELETE", "UPDATE", "CREATE", "DROP", "WITH", "ALTER")


def _starts_sql(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.lstrip().upper().startswith(_KEYWORDS)
    if isinstance(node, ast.JoinedStr) and node.values:
        first = node.values[0]
        return isinstance(first, ast.Constant) and _starts_sql(first)
    if isinstance(node, ast.BinOp):
        return _starts_sql(node.left)
    return False


def sql_calls(path: Path) -> list[int]:
    """Lines of ``path`` that run a literal SQL statement."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        n.lineno
        for n in ast.walk(tree)
        if isinstance(n, ast.Call)
        and isinstance(n.func, ast.Attribute)
        and n.func.attr in _RUNS
        and n.args
        and _starts_sql(n.args[0])
    ]


def test_sql_runs_only_in_query_modules():
    found = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if path.name == "queries.py" or rel in QUERY_MODULES:
            continue
        found += [f"{rel}:{line}" for line in sql_calls(path)]
    assert not found, (
        "SQL run outside a query module (move it into the capability's queries.py): "
        + ", ".join(found)
    )


def test_the_check_sees_sql(tmp_path):
    f = tmp_path / "m.py"
    f.write_text(
        "def f(wh, t):\n"
        "    wh.rows('SELECT 1')\n"
        "    wh.execute(f'DELETE FROM {t}')\n"
        '    wh.scalar("  select count(*) FROM x" + t)\n'
        "    wh.rows(some_query)\n"
    )
    assert sql_calls(f) == [2, 3, 4]
