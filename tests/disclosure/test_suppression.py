"""Small-number suppression, checked on grids worked by hand (methods.md)."""

import pytest

from saferplaces.core.errors import SaferplacesError
from saferplaces.disclosure import (
    HIDDEN,
    SMALL,
    Disclosure,
    Edition,
    parse_edition,
    primary_mask,
    protect_rows,
    suppress_grid,
)

PUBLIC = Disclosure(Edition.PUBLIC)
RESTRICTED = Disclosure(Edition.RESTRICTED)


def test_primary_hides_one_to_four_only():
    assert primary_mask([[0, 1, 4, 5, None]]) == [[False, True, True, False, False]]


def test_single_row_hides_the_next_smallest():
    # One row: 2 is small; the next smallest visible (7) goes too, so the total (64)
    # cannot give 2 back.
    assert suppress_grid([[2, 30, 7, 25]]) == [[True, False, True, False]]


def test_two_small_cells_in_a_line_need_no_complement():
    assert suppress_grid([[2, 3, 30]]) == [[True, True, False]]


def test_zero_is_only_a_complement_when_nothing_else_is_left():
    assert suppress_grid([[0, 3, 9]]) == [[False, True, True]]
    assert suppress_grid([[0, 3]]) == [[True, True]]


def test_secondary_suppression_cascades_until_stable():
    # Ward rows (count, baseline):
    #   A  3  20    primary 3; row A then hides 20
    #   B 15  11    column 1 (baseline) had only A's 20 hidden -> hides 11 (smallest)
    #   C  9  40    column 0 had only 3 hidden -> hides 9; then row B has 11 only -> 15
    values = [[3, 20], [15, 11], [9, 40]]
    got = suppress_grid(values)
    # Every row and column now has 0 or at least 2 hidden cells.
    for row in got:
        assert sum(row) != 1
    for c in range(2):
        assert sum(r[c] for r in got) != 1
    assert got[0] == [True, True]
    assert got[1][1] is True  # smallest baseline after 20


def test_no_row_or_column_is_left_with_exactly_one_hidden_cell():
    import random

    rng = random.Random(7)
    for _ in range(200):
        grid = [[rng.choice([0, 1, 2, 3, 5, 8, 13, 40]) for _ in range(4)] for _ in range(6)]
        got = suppress_grid(grid)
        for r, row in enumerate(got):
            visible_left = [grid[r][c] for c in range(4) if not row[c]]
            assert sum(row) != 1 or not visible_left
        for c in range(4):
            col = [got[r][c] for r in range(6)]
            visible_left = [grid[r][c] for r in range(6) if not got[r][c]]
            assert sum(col) != 1 or not visible_left
        for r in range(6):
            for c in range(4):
                if 1 <= grid[r][c] <= 4:
                    assert got[r][c]


def test_rows_hide_derived_values_and_skip_totals():
    rows = [
        {"name": "A", "count": 4, "baseline": 30, "rate": 0.5, "change": -26},
        {"name": "B", "count": 50, "baseline": 52, "rate": 6.0, "change": -2},
        {"name": "C", "count": 12, "baseline": 9, "rate": 1.1, "change": 3},
        {"name": "District", "count": 66, "baseline": 91, "rate": 2.0, "change": -25},
    ]
    p = protect_rows(
        rows,
        counts=["count", "baseline"],
        derived={"rate": ["count"], "change": ["count", "baseline"]},
        disclosure=PUBLIC,
        sensitive=True,
        level="ward",
        skip=[False, False, False, True],
    )
    assert p.text(0, "count") == SMALL
    assert p.text(0, "baseline") == HIDDEN  # row A had exactly one hidden cell
    assert p.text(0, "rate") == HIDDEN and p.text(0, "change") == HIDDEN
    assert p.hidden[3] == set()  # the district total is published
    assert p.text(2, "count") == HIDDEN  # column count: 12 is the next smallest after 4
    assert p.primary_count == 1 and p.notes


def test_not_applied_to_measures_that_are_not_sensitive_or_at_district_level():
    rows = [{"count": 2}, {"count": 40}]
    for kw in (
        {"disclosure": PUBLIC, "sensitive": False, "level": "ward"},
        {"disclosure": PUBLIC, "sensitive": True, "level": "district"},
        {"disclosure": RESTRICTED, "sensitive": True, "level": "ward"},
    ):
        assert not protect_rows(rows, counts=["count"], **kw).any


def test_count_text_and_percentages():
    assert PUBLIC.count_text(4, sensitive=True, level="lsoa") == "<5"
    assert PUBLIC.count_text(0, sensitive=True, level="lsoa") == "0"
    assert PUBLIC.count_text(5, sensitive=True, level="lsoa") == "5"
    assert PUBLIC.count_text(1234, sensitive=False, level="ward") == "1,234"
    assert Disclosure.percentage(3, 9) is None
    assert Disclosure.percentage(3, 10) == pytest.approx(30.0)
    assert RESTRICTED.marking == "RESTRICTED" and PUBLIC.marking is None


def test_parse_edition():
    assert parse_edition("Restricted") == Edition.RESTRICTED
    with pytest.raises(SaferplacesError, match="public or restricted"):
        parse_edition("secret")
