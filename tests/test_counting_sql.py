"""Snapshots of the SQL the counting engine generates, for a district, a ward and a force.

The expected SQL is committed under ``tests/snapshots/counting/``, one file per area and
engine call, so a change to how saferplaces counts is reviewed as a diff of the SQL it
runs (as Ibis does for its compilers). Each file holds every statement the call ran
through the warehouse, with its parameters, laid out one clause per line.

After changing the engine on purpose, write the snapshots again and review the diff:

    make snapshots
    git diff tests/snapshots/

(``make snapshots`` runs this module with ``SAFERPLACES_UPDATE_SNAPSHOTS=1``.) The
counts themselves are checked elsewhere, against hand-counted raw rows; these tests
fail only when the SQL changes.
"""

from __future__ import annotations

import json
import os
import re
from datetime import date
from pathlib import Path

import pytest

import saferplaces.places  # noqa: F401  (registers the harm indicator)
from saferplaces.core.periods import parse_period
from saferplaces.geography.areas import resolve_area
from saferplaces.indicators import engine
from saferplaces.indicators.registry import get_indicator

SNAPSHOTS = Path(__file__).parent / "snapshots" / "counting"
UPDATE = os.environ.get("SAFERPLACES_UPDATE_SNAPSHOTS") == "1"
PERIODS = [parse_period("2025"), parse_period("2024")]

AREAS = {
    "district": "South Cambridgeshire",
    "ward": "ward:Cambourne",
    "force": "force:Cambridgeshire",
}
# A police.uk count, a police.uk count over households, the weighted harm index, an agency
# count placed by ward when it has no LSOA, and (not for a ward) a proportion held only by
# district.
COUNTS = ["all-crime", "burglary", "harm", "deliberate-fires"]
PROPORTION = "drug-treatment-completion-rate"

_CLAUSE = (
    r"(?:WITH|SELECT|FROM|WHERE|GROUP BY|HAVING|ORDER BY|UNION ALL BY NAME|UNION ALL|"
    r"(?:LEFT |INNER )?JOIN|LIMIT)\b"
)
# A clause starts a line: after spaces (not those inside LEFT JOIN), or a subquery after
# its bracket (FILTER (WHERE ...) stays on its line).
_BREAK = re.compile(rf"(?<!LEFT)(?<!INNER)\s+(?={_CLAUSE})|(?<=\()(?=(?:SELECT|WITH)\b)")
_LITERAL = re.compile(r"('(?:[^']|'')*')")


def layout(sql: str) -> str:
    """One clause per line, indented by bracket depth: a stable, readable form of the
    SQL (the engine's own spacing is not part of the contract; its clauses are)."""
    parts = _LITERAL.split(sql.strip())  # string literals (odd parts) are kept whole
    marked = "".join(
        p if i % 2 else _BREAK.sub("\n", re.sub(r"\s+", " ", p)) for i, p in enumerate(parts)
    )
    out, depth = [], 0
    for line in marked.split("\n"):
        line = line.strip()
        if not line:
            continue
        out.append("  " * depth + line)
        depth = max(depth + _depth_change(line), 0)
    return "\n".join(out)


def _depth_change(line: str) -> int:
    parts = re.split(r"('(?:[^']|'')*')", line)
    code = "".join(p for i, p in enumerate(parts) if not i % 2)
    return code.count("(") - code.count(")")


def _param(v: object) -> object:
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, list | tuple):
        return [_param(x) for x in v]
    return v


def render(call: str, log: list[tuple[str, object]]) -> str:
    blocks = [f"-- {call}"]
    for n, (sql, params) in enumerate(log, start=1):
        shown = json.dumps(_param(list(params or [])), ensure_ascii=False)
        blocks.append(f"-- statement {n}; parameters: {shown}\n{layout(sql)};")
    return "\n\n".join(blocks) + "\n"


def calls(level: str) -> list[tuple[str, str, object]]:
    """(snapshot name, description, function of (wh, area)) for an area's level."""
    counts = [get_indicator(i) for i in COUNTS]
    proportion = get_indicator(PROPORTION)
    many = counts if level == "ward" else [*counts, proportion]
    unit = "lsoa" if level == "ward" else "ward"
    out = [
        (
            "area_counts",
            "engine.area_counts(all-crime, 2025 and 2024)",
            lambda wh, a: engine.area_counts(wh, counts[0], a, PERIODS),
        ),
        (
            "area_counts_many",
            f"engine.area_counts_many({', '.join(i.id for i in many)}, 2025 and 2024)",
            lambda wh, a: engine.area_counts_many(wh, many, a, PERIODS),
        ),
        (
            f"unit_counts_{unit}",
            f"engine.unit_counts(all-crime, by {unit}, 2025 and 2024)",
            lambda wh, a: engine.unit_counts(wh, counts[0], a, unit, PERIODS),
        ),
        (
            f"unit_counts_{unit}_ward_events",
            f"engine.unit_counts(deliberate-fires, by {unit}, 2025)",
            lambda wh, a: engine.unit_counts(wh, counts[3], a, unit, PERIODS[:1]),
        ),
        (
            "monthly_counts",
            "engine.monthly_counts(burglary, 2025)",
            lambda wh, a: engine.monthly_counts(wh, counts[1], a, PERIODS[0]),
        ),
        (
            "denominators",
            "engine.denominators()",
            lambda wh, a: engine.denominators(wh, a),
        ),
    ]
    if level != "ward":
        out += [
            (
                "unit_counts_lad_district_only",
                f"engine.unit_counts({PROPORTION} base, by district, 2025)",
                lambda wh, a: engine.unit_counts(wh, proportion, a, "lad", PERIODS[:1]),
            ),
            (
                "base_counts",
                f"engine.base_counts({PROPORTION}, 2025 and 2024)",
                lambda wh, a: engine.base_counts(wh, proportion, a, PERIODS),
            ),
        ]
    if level == "district":
        # A district's similar areas lie in other forces: counted by district code alone.
        peers = ["E07000012", "E07000008"]
        out += [
            (
                "district_counts",
                f"engine.district_counts({', '.join(COUNTS)}, 2025, {', '.join(peers)})",
                lambda wh, a: engine.district_counts(wh, counts, PERIODS[0], peers),
            ),
            (
                "district_populations",
                f"engine.district_populations({', '.join(peers)})",
                lambda wh, a: engine.district_populations(wh, peers),
            ),
        ]
    if level == "force":
        forces = ["Cambridgeshire Constabulary"]
        out += [
            (
                "unlocated_counts",
                "engine.unlocated_counts(all-crime, Cambridgeshire Constabulary, 2025)",
                lambda wh, a: engine.unlocated_counts(wh, counts[0], forces, PERIODS[:1]),
            ),
            (
                "outside_force_counts",
                "engine.outside_force_counts(all-crime, Cambridgeshire Constabulary, 2025)",
                lambda wh, a: engine.outside_force_counts(wh, counts[0], a, forces, PERIODS[:1]),
            ),
            (
                "status_counts",
                "engine.status_counts(deliberate-fires, 2025)",
                lambda wh, a: engine.status_counts(wh, counts[3], a, PERIODS[:1]),
            ),
        ]
    return out


CASES = [(level, name) for level in AREAS for name, _, _ in calls(level)]


@pytest.mark.parametrize(("level", "name"), CASES, ids=[f"{lv}-{n}" for lv, n in CASES])
def test_counting_sql_matches_its_snapshot(loaded, level, name):
    area = resolve_area(loaded, AREAS[level])
    assert area.level == level
    _, call, fn = next(c for c in calls(level) if c[0] == name)
    with loaded.recording() as log:
        fn(loaded, area)
    assert log, "the call ran no SQL"
    got = render(f"{call} for {area.name} ({level} {area.code})", log)
    path = SNAPSHOTS / f"{level}-{name}.sql"
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert path.exists(), f"no snapshot {path.name}; write it with `make snapshots`"
    expected = path.read_text(encoding="utf-8")
    assert got == expected, (
        f"the SQL of {call} for a {level} changed; if that is intended, run "
        "`make snapshots` and review `git diff tests/snapshots/`"
    )


def test_every_snapshot_file_is_a_case():
    """A snapshot left behind by a removed case would be reviewed for nothing."""
    files = {p.stem for p in SNAPSHOTS.glob("*.sql")}
    assert files == {f"{level}-{name}" for level, name in CASES}


def test_layout_keeps_string_literals_and_breaks_clauses():
    sql = (
        "WITH e AS (SELECT 'a  FROM  b' AS x FROM t) SELECT x FROM e "
        "LEFT JOIN f ON f.x = e.x WHERE x = 'it''s'"
    )
    assert layout(sql) == (
        "WITH e AS (\n"
        "  SELECT 'a  FROM  b' AS x\n"
        "  FROM t)\n"
        "SELECT x\n"
        "FROM e\n"
        "LEFT JOIN f ON f.x = e.x\n"
        "WHERE x = 'it''s'"
    )
