"""A reader with the public edition tries to recover hidden counts from the visible
cells, the totals and the order of the rows; the restricted edition says what the
hidden counts really are. No hidden count may be narrowed to fewer than four values
(``<5`` itself already says "one of 1 to 4").

The reader (``attacker.py``) is written for the tests from the printed cells, without
the suppression code; the first two tests show it does find the leaks the review found
in the earlier suppression (order of rows; two ``<5`` cells beside a total of 8)."""

from __future__ import annotations

import pytest

from saferplaces.assessment.tables import make_table
from saferplaces.disclosure import Disclosure, Edition, protect_rows
from saferplaces.disclosure.audit import Sum, feasible_ranges, protect_sums
from saferplaces.document.model import Column
from tests.assessment.attacker import leaks
from tests.helpers.tables import values

pytestmark = pytest.mark.slow

PUBLIC = Disclosure(Edition.PUBLIC)


def _tables(doc):
    out = {t.id: t for t in doc.tables()}
    out.update({f.data.id: f.data for f in doc.figures() if f.data is not None})
    return out


def _truth(table) -> dict[tuple[str, str], int]:
    head = next(i for i, c in enumerate(table.columns) if c.row_header)
    out = {}
    for key in table.count_columns:
        j = table.column_index(key)
        for row in table.rows:
            v = row[j].value
            if isinstance(v, int | float) and float(v).is_integer():
                out[(row[head].text, key)] = int(v)
    return out


def _ward_rows():
    # Eight wards sorted by count (ties A to Z), as a board table shows them; B holds 3.
    counts = {"A": 40, "B": 3, "D": 11, "E": 10, "F": 10, "G": 30, "H": 25, "X": 0}
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    rows = [{"name": k, "count": v} for k, v in ordered]
    rows.append({"name": "All", "count": sum(counts.values())})
    return rows


def _table(rows, given=None, **kw):
    cols = [Column("name", "Ward", row_header=True)] + [
        Column(k, k, "int") for k in rows[0] if k != "name"
    ]
    return make_table(
        id="t",
        caption="t",
        columns=cols,
        rows=rows,
        disclosure=PUBLIC,
        sensitive=True,
        level="ward",
        totals=[len(rows) - 1],
        counts=[c.key for c in cols[1:]],
        **kw,
    )


def test_the_reader_finds_a_count_given_away_by_the_order_of_rows():
    # The row-and-column rule alone hides B (3) and the next smallest, E (10): the total
    # gives E + B = 13, so B could be 1 to 4. But in count order E sits between D (11)
    # and F (10), so E is 10 or 11 and B is 2 or 3.
    rows = _ward_rows()
    p = protect_rows(
        rows,
        counts=["count"],
        disclosure=PUBLIC,
        sensitive=True,
        level="ward",
        skip=[False] * 8 + [True],
    )
    assert [r["name"] for i, r in enumerate(rows) if p.hidden[i]] == ["E", "B"]
    table, _ = _table(rows, given=p)
    truth = {(r["name"], "count"): r["count"] for r in rows}
    found = leaks(table, truth)
    assert any("B / count = 3 lies in [2, 3] if sorted" in f for f in found), found
    # A to Z, the same reader learns nothing beyond "<5".
    az = sorted(rows[:-1], key=lambda r: r["name"]) + rows[-1:]
    table, _ = _table(
        az,
        given=protect_rows(
            az,
            counts=["count"],
            disclosure=PUBLIC,
            sensitive=True,
            level="ward",
            skip=[False] * 8 + [True],
        ),
    )
    assert leaks(table, truth) == []


def test_the_reader_finds_two_small_counts_given_away_by_their_row_total():
    rows = [
        {"name": "Other", "y1": 4, "y2": 4, "total": 8},
        {"name": "Theft", "y1": 20, "y2": 30, "total": 50},
        {"name": "Violence", "y1": 25, "y2": 35, "total": 60},
        {"name": "All", "y1": 49, "y2": 69, "total": 118},
    ]
    p = protect_rows(
        rows,
        counts=["y1", "y2", "total"],
        disclosure=PUBLIC,
        sensitive=True,
        level="category",
        skip=[False, False, False, True],
    )
    table, _ = _table(rows, given=p)
    truth = {(r["name"], k): r[k] for r in rows for k in ("y1", "y2", "total")}
    assert any("Other / y1 = 4 lies in [4, 4]" in f for f in leaks(table, truth))
    # With the sums audited, the same reader learns nothing beyond "<5".
    protected_table, _ = _table(rows, row_total="total")
    assert leaks(protected_table, truth) == []


def test_audit_hides_until_no_hidden_cell_is_narrow():
    # A hand example: a column of four wards, total 20, one small count (2) and the
    # row-and-column complement (5): 2 + 5 = 7 known, so the 2 is anywhere in 1..4 and
    # the 5 in 3..6; wide enough, nothing more hidden.
    values = [[2], [5], [6], [7], [20]]
    hidden = [[True], [True], [False], [False], [False]]
    small = [[True], [False], [False], [False], [False]]
    sums = [Sum(((0, 0), (1, 0), (2, 0), (3, 0)), (4, 0))]
    assert feasible_ranges(values, hidden, small, sums) == {(0, 0): (1.0, 4.0), (1, 0): (3.0, 6.0)}
    fixed = [[False]] * 4 + [[True]]
    assert protect_sums(values, hidden, small, sums, fixed=fixed) == hidden


def test_no_hidden_count_of_the_public_assessment_can_be_worked_out(
    assessment_public, assessment_restricted
):
    public = _tables(assessment_public.document)
    restricted = _tables(assessment_restricted.document)
    checked, found = 0, []
    for ident, table in public.items():
        if not any(c.hidden for row in table.rows for c in row):
            continue
        truth = _truth(restricted[ident])
        checked += 1
        found += leaks(table, truth)
    assert checked >= 5  # ward tables, the map's data, the cross-tabulations
    assert found == []


def test_a_ward_table_with_hidden_counts_is_a_to_z_and_its_map_hides_the_same(
    assessment_public,
):
    doc = assessment_public.document
    tables = _tables(doc)
    hate = next(t for t in tables.values() if t.id.startswith("hate") and "ward" in t.id)
    names = [row[0].text for i, row in enumerate(hate.rows) if i not in hate.total_rows]
    assert any(c.hidden for row in hate.rows for c in row)
    assert names == sorted(names)
    assert any("A to Z" in n for n in hate.notes)
    for fig in doc.figures():
        if fig.data is None or "map" not in fig.data.id or not fig.data.id.startswith("hate"):
            continue
        shown = values(fig.data, "count")
        in_table = values(hate, "count")
        for name, v in shown.items():
            assert (v is None) == (in_table[name] is None), name
