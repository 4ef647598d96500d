"""Combining members' scores into an issue's priority score, and ranking the issues.

``methods.md`` ("Prioritisation"): each factor is the median of the scorers' scores (the
mean of the two middle ones when their number is even); impact is the mean of the four
harm medians and the vulnerability median; likelihood the mean of the volume and trend
medians; the capacity modifier is 0.6 + 0.1 × the capacity median (1 → 0.7, 4 → 1.0);
the priority score is impact × likelihood × modifier, from 0.7 to 16.

Arithmetic is exact (:class:`fractions.Fraction`), so two issues whose scores are equal
on paper are equal here and share a rank: ranks are "1, 2, 2, 4" (standard competition
ranking: one more than the number of issues scored strictly higher), and issues that
share a rank are listed by name. A blank volume or trend (or harm, where the harm index
proposes one) takes the proposed score before the median is taken, so a scorer who
accepts the evidence counts as agreeing with it. An analyst's override replaces a
factor's median, and both are kept, with the reason.

Worked example (two scorers):

>>> a = ScorerScores("Ann", dict(physical=3, psychological=4, financial=2, community=3,
...     vulnerability=4, volume=None, trend=2, community_concern=3, capacity=2), "high")
>>> b = ScorerScores("Bo", dict(physical=2, psychological=3, financial=2, community=4,
...     vulnerability=3, volume=4, trend=3, community_concern=2, capacity=3), "medium")
>>> s = combine("Burglary", [a, b], proposed={"volume": 3})
>>> s.medians["physical"], s.medians["volume"], s.medians["capacity"]
(Fraction(5, 2), Fraction(7, 2), Fraction(5, 2))
>>> s.impact, s.likelihood, s.capacity_modifier, s.score
(Fraction(3, 1), Fraction(3, 1), Fraction(17, 20), Fraction(153, 20))
>>> float(s.score), s.confidence
(7.65, 'medium')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from saferplaces.core.errors import SaferplacesError
from saferplaces.priorities.factors import (
    CONFIDENCE,
    HIGHEST,
    IMPACT,
    KEYS,
    LIKELIHOOD,
    LOWEST,
    PROPOSABLE,
)


@dataclass(frozen=True)
class ScorerScores:
    """One scorer's scores for one issue. ``None`` for a proposable factor means "take
    the proposed score"."""

    scorer: str
    scores: Mapping[str, int | None]
    confidence: str
    where: str = ""  # where it came from, for messages: "row 7"


@dataclass(frozen=True)
class Override:
    """An analyst's value for a factor in place of the scorers' median, with the reason."""

    factor: str
    value: int
    reason: str
    by: str = ""
    on: str = ""  # ISO date


@dataclass
class IssueScore:
    issue: str
    scorers: list[str]
    medians: dict[str, Fraction]  # each factor: the median of the scorers' scores
    values: dict[str, Fraction]  # what the arithmetic used: medians, or overrides
    spread: dict[str, tuple[int, int]]  # each factor: the lowest and highest score given
    confidence: str
    impact: Fraction
    likelihood: Fraction
    capacity_modifier: Fraction
    score: Fraction
    overrides: list[Override] = field(default_factory=list)
    filled: dict[str, int] = field(default_factory=dict)  # factor: scorers who took the proposal
    rank: int | None = None

    def disagreement(self, factor: str) -> bool:
        """True when scorers are two or more points apart on ``factor``."""
        lo, hi = self.spread[factor]
        return hi - lo >= 2


def median(values: Sequence[int]) -> Fraction:
    """The median of whole-number scores: the middle one, or the mean of the two middle
    ones (so 2 and 3 give 2.5).

    >>> median([4, 1, 3]), median([1, 2, 3, 4])
    (Fraction(3, 1), Fraction(5, 2))
    """
    if not values:
        raise ValueError("no scores")
    s = sorted(values)
    n = len(s)
    mid = n // 2
    return Fraction(s[mid]) if n % 2 else Fraction(s[mid - 1] + s[mid], 2)


def middle_confidence(ratings: Iterable[str]) -> str:
    """The middle confidence rating; with an even number, the lower of the two middle
    ones (confidence is a rating, not a number, so it is never averaged; and where
    scorers disagree the caution of the less sure is kept).

    >>> middle_confidence(["high", "low", "medium"]), middle_confidence(["low", "high"])
    ('medium', 'low')
    """
    ranks = sorted(CONFIDENCE.index(r) for r in ratings)
    return CONFIDENCE[ranks[(len(ranks) - 1) // 2]]


def capacity_modifier(capacity: Fraction) -> Fraction:
    """0.6 + 0.1 × capacity: 1 → 0.7, 4 → 1.0.

    >>> capacity_modifier(Fraction(1)), capacity_modifier(Fraction(4))
    (Fraction(7, 10), Fraction(1, 1))
    """
    return Fraction(6, 10) + Fraction(1, 10) * capacity


def _check_score(value: int, what: str) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or not LOWEST <= value <= HIGHEST:
        raise SaferplacesError(f"{what}: {value!r} is not a score from {LOWEST} to {HIGHEST}")


def combine(
    issue: str,
    sheets: Sequence[ScorerScores],
    proposed: Mapping[str, int | None] | None = None,
    overrides: Sequence[Override] = (),
) -> IssueScore:
    """The issue's medians, spread, impact, likelihood, modifier and score.

    ``proposed`` holds the scores the evidence proposes (volume, trend, and the harms
    where the harm index applies); a scorer's blank takes them. A blank with nothing
    proposed is refused."""
    if not sheets:
        raise SaferplacesError(f"{issue}: nobody has scored it")
    proposed = proposed or {}
    columns: dict[str, list[int]] = {k: [] for k in KEYS}
    filled: dict[str, int] = {}
    names = []
    for s in sheets:
        names.append(s.scorer)
        for k in KEYS:
            v = s.scores.get(k)
            if v is None:
                p = proposed.get(k) if k in PROPOSABLE else None
                if p is None:
                    where = f" ({s.where})" if s.where else ""
                    raise SaferplacesError(
                        f"{issue}: {s.scorer} gave no {k} score{where} and none is proposed"
                    )
                v = p
                filled[k] = filled.get(k, 0) + 1
            _check_score(v, f"{issue}, {s.scorer}, {k}")
            columns[k].append(v)
        if s.confidence not in CONFIDENCE:
            raise SaferplacesError(
                f"{issue}: {s.scorer}'s confidence {s.confidence!r} is not one of "
                f"{', '.join(CONFIDENCE)}"
            )
    medians = {k: median(v) for k, v in columns.items()}
    values = dict(medians)
    kept: list[Override] = []
    for o in overrides:
        if o.factor not in KEYS:
            raise SaferplacesError(f"{issue}: {o.factor!r} is not a factor")
        _check_score(o.value, f"{issue}, override of {o.factor}")
        if not o.reason.strip():
            raise SaferplacesError(f"{issue}: an override of {o.factor} needs a reason")
        values[o.factor] = Fraction(o.value)
        kept.append(o)
    impact = sum((values[f.key] for f in IMPACT), Fraction(0)) / len(IMPACT)
    likelihood = sum((values[f.key] for f in LIKELIHOOD), Fraction(0)) / len(LIKELIHOOD)
    modifier = capacity_modifier(values["capacity"])
    return IssueScore(
        issue=issue,
        scorers=names,
        medians=medians,
        values=values,
        spread={k: (min(v), max(v)) for k, v in columns.items()},
        confidence=middle_confidence(s.confidence for s in sheets),
        impact=impact,
        likelihood=likelihood,
        capacity_modifier=modifier,
        score=impact * likelihood * modifier,
        overrides=kept,
        filled=filled,
    )


def rank(scores: Sequence[IssueScore]) -> list[IssueScore]:
    """Highest score first; equal scores share a rank (1, 2, 2, 4) and are listed by
    name within it. Sets each ``rank`` and returns the ordered list.

    >>> def s(name, v):
    ...     return IssueScore(name, [], {}, {}, {}, "low", 0, 0, 0, Fraction(v))
    >>> [(x.issue, x.rank) for x in rank([s("b", 6), s("a", 9), s("c", 6), s("d", 1)])]
    [('a', 1), ('b', 2), ('c', 2), ('d', 4)]
    """
    ordered = sorted(scores, key=lambda s: (-s.score, s.issue.casefold(), s.issue))
    for s in ordered:
        s.rank = 1 + sum(1 for other in ordered if other.score > s.score)
    return ordered
