"""Prioritisation arithmetic against examples worked by hand (methods.md, "Prioritisation").

Every expected number below was worked on paper from the scores in the test, with the
formula written out beside it; none is computed by the code under test.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from saferplaces.core.errors import SaferplacesError
from saferplaces.priorities.scoring import (
    Override,
    ScorerScores,
    capacity_modifier,
    combine,
    median,
    middle_confidence,
    rank,
)

KEYS = (
    "physical",
    "psychological",
    "financial",
    "community",
    "vulnerability",
    "volume",
    "trend",
    "community_concern",
    "capacity",
)


def scorer(name, values, confidence="medium"):
    return ScorerScores(name, dict(zip(KEYS, values, strict=True)), confidence)


def test_three_scorers_odd_medians():
    # physical 1,3,4 -> 3; psychological 2,2,4 -> 2; financial 1,1,1 -> 1;
    # community 4,3,2 -> 3; vulnerability 2,4,3 -> 3; volume 2,3,3 -> 3; trend 4,1,4 -> 4;
    # concern 1,1,4 -> 1; capacity 3,4,4 -> 4.
    s = combine(
        "X",
        [
            scorer("a", [1, 2, 1, 4, 2, 2, 4, 1, 3], "low"),
            scorer("b", [3, 2, 1, 3, 4, 3, 1, 1, 4], "high"),
            scorer("c", [4, 4, 1, 2, 3, 3, 4, 4, 4], "high"),
        ],
    )
    assert [s.medians[k] for k in KEYS] == [3, 2, 1, 3, 3, 3, 4, 1, 4]
    # impact = (3 + 2 + 1 + 3 + 3) / 5 = 12/5 = 2.4; likelihood = (3 + 4) / 2 = 3.5;
    # modifier = 0.6 + 0.1 x 4 = 1.0; score = 2.4 x 3.5 x 1.0 = 8.4.
    assert s.impact == Fraction(12, 5)
    assert s.likelihood == Fraction(7, 2)
    assert s.capacity_modifier == 1
    assert s.score == Fraction(42, 5)
    assert float(s.score) == 8.4
    # spread: lowest and highest given; physical 1 to 4 is a disagreement, financial not.
    assert s.spread["physical"] == (1, 4) and s.disagreement("physical")
    assert s.spread["financial"] == (1, 1) and not s.disagreement("financial")
    # confidence low, high, high: the middle one is high.
    assert s.confidence == "high"
    assert s.scorers == ["a", "b", "c"]


def test_even_number_of_scorers_takes_the_mean_of_the_middle_two():
    assert median([1, 4]) == Fraction(5, 2)
    assert median([2, 2, 3, 4]) == Fraction(5, 2)
    assert median([3]) == 3
    # Confidence is a rating: the lower of the two middle ones.
    assert middle_confidence(["high", "medium"]) == "medium"
    assert middle_confidence(["low", "high", "high", "medium"]) == "medium"


def test_capacity_modifier_and_the_range_of_scores():
    assert [capacity_modifier(Fraction(c)) for c in (1, 2, 3, 4)] == [
        Fraction(7, 10),
        Fraction(8, 10),
        Fraction(9, 10),
        Fraction(1),
    ]
    assert capacity_modifier(Fraction(5, 2)) == Fraction(85, 100)
    low = combine("low", [scorer("a", [1] * 9)])
    high = combine("high", [scorer("a", [4] * 9)])
    # 1 x 1 x 0.7 and 4 x 4 x 1.0: the method's range, 0.7 to 16.
    assert low.score == Fraction(7, 10) and high.score == 16


def test_blank_volume_and_trend_take_the_proposal_before_the_median():
    a = scorer("a", [2, 2, 2, 2, 2, None, None, 2, 2], "low")
    b = scorer("b", [2, 2, 2, 2, 2, 1, 4, 2, 2], "low")
    s = combine("X", [a, b], proposed={"volume": 3, "trend": 2})
    # volume: a takes 3, b gave 1 -> median 2; trend: a takes 2, b gave 4 -> median 3.
    assert s.medians["volume"] == 2 and s.medians["trend"] == 3
    assert s.filled == {"volume": 1, "trend": 1}
    with pytest.raises(SaferplacesError, match="gave no volume score"):
        combine("X", [a], proposed={"trend": 2})
    # Community concern is never proposed: a blank there is refused.
    c = scorer("c", [2, 2, 2, 2, 2, 1, 1, None, 2], "low")
    with pytest.raises(SaferplacesError, match="community_concern"):
        combine("X", [c], proposed={"community_concern": 3})


def test_an_override_replaces_the_median_and_keeps_both():
    sheets = [scorer("a", [2, 2, 2, 2, 2, 1, 2, 3, 3]), scorer("b", [2, 2, 2, 2, 2, 2, 2, 3, 3])]
    o = Override("volume", 4, "Hidden harm: police data undercounts it", by="analyst")
    s = combine("County lines", sheets, overrides=[o])
    assert s.medians["volume"] == Fraction(3, 2)
    assert s.values["volume"] == 4
    # impact 2; likelihood (4 + 2) / 2 = 3; modifier 0.9; score 2 x 3 x 0.9 = 5.4.
    assert s.score == Fraction(27, 5)
    assert s.overrides == [o]
    with pytest.raises(SaferplacesError, match="needs a reason"):
        combine("X", sheets, overrides=[Override("volume", 4, "  ")])
    with pytest.raises(SaferplacesError, match="not a score"):
        combine("X", sheets, overrides=[Override("volume", 5, "why")])


def test_ties_share_a_rank_and_the_next_rank_is_skipped():
    def issue(name, impact_each, volume):
        # impact = impact_each; likelihood = (volume + 2) / 2; capacity 4 -> modifier 1.
        v = [impact_each] * 5 + [volume, 2, 1, 4]
        return combine(name, [scorer("a", v)])

    # Burglary: 3 x (2+2)/2 = 6; ASB: 2 x (4+2)/2 = 6; Drugs: 4 x (4+2)/2 = 12;
    # Robbery: 1 x 1.5 = 1.5; Arson: 3 x 2 = 6.
    ordered = rank(
        [
            issue("Burglary", 3, 2),
            issue("ASB", 2, 4),
            issue("Drugs", 4, 4),
            issue("Robbery", 1, 1),
            issue("Arson", 3, 2),
        ]
    )
    assert [(s.issue, float(s.score), s.rank) for s in ordered] == [
        ("Drugs", 12.0, 1),
        ("Arson", 6.0, 2),
        ("ASB", 6.0, 2),
        ("Burglary", 6.0, 2),
        ("Robbery", 1.5, 5),
    ]


def test_exact_arithmetic_ties_what_floats_would_not():
    # 0.1 x 3 is not 0.3 in floating point; here (2.2 x 3 x 0.9) and (3.3 x 2 x 0.9)
    # are both 5.94 exactly and must tie.
    a = combine(
        "a", [scorer("a", [2, 2, 2, 3, 2, 3, 3, 1, 3]), scorer("b", [2, 2, 3, 3, 2, 3, 3, 1, 3])]
    )
    b = combine(
        "b", [scorer("a", [3, 3, 3, 4, 4, 2, 2, 1, 3]), scorer("b", [3, 3, 4, 3, 3, 2, 2, 1, 3])]
    )
    # a: physical 2, psych 2, financial 2.5, community 3, vulnerability 2 -> 11.5/5 = 2.3
    # likelihood 3, modifier 0.9 -> 6.21.  b: 3, 3, 3.5, 3.5, 3.5 -> 16.5/5 = 3.3;
    # likelihood 2 -> 3.3 x 2 x 0.9 = 5.94.
    assert a.score == Fraction(621, 100) and b.score == Fraction(594, 100)
    c = combine(
        "c", [scorer("a", [2, 2, 2, 3, 2, 3, 3, 1, 3]), scorer("b", [2, 2, 2, 3, 2, 3, 3, 1, 3])]
    )
    # c: impact 11/5 = 2.2, likelihood 3, modifier 0.9 -> 5.94: ties with b.
    assert c.score == b.score
    assert [x.rank for x in rank([a, b, c])] == [1, 2, 2]


def test_the_worked_examples_in_the_docstrings_hold():
    import doctest

    from saferplaces.priorities import factors, proposals, scoring

    for module in (factors, proposals, scoring):
        result = doctest.testmod(module)
        assert result.attempted and not result.failed, module.__name__
