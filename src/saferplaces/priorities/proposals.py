"""Scores the evidence proposes: volume, trend and (where it applies) harm.

``methods.md`` ("Prioritisation"):

* **volume** by the area's rate against its police force area's rate in the period:
  ratio ≤ 0.75 → 1, ≤ 1 → 2, ≤ 1.25 → 3, above → 4;
* **trend** by the change test (the exact conditional test of the period against the
  baseline): significant decrease → 1, no significant change with a fall → 2, no
  significant change with a rise → 3, significant increase → 4. No change at all is
  not a rise, so it is 2. Over periods of different lengths, "a fall" compares the
  counts per month;
* **harm** from the harm index (Cambridge Crime Harm Index days, ``places.harm``): the
  average harm of one offence, in days, under a week → 1, under a month (30 days) → 2,
  under three months (90 days) → 3, three months or more → 4. The index is one measure
  of how serious an offence is, so it proposes the same score for each of the four
  harms; scorers change the ones that differ for the issue.

Band edges are compared exactly: the ratio of two rates is the fraction
``(count × force denominator) / (denominator × force count)``.

>>> volume_score(Fraction(3, 4)), volume_score(Fraction(76, 100)), volume_score(Fraction(5, 4))
(1, 2, 3)
>>> trend_score("no significant change", 50, 50), trend_score("significant increase", 9, 2)
(2, 4)
>>> harm_score(7.5), harm_score(236.58)
(2, 4)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from saferplaces.indicators.stats import DECREASE, INCREASE, NO_CHANGE
from saferplaces.priorities.factors import HARMS

VOLUME_BANDS = ((Fraction(3, 4), 1), (Fraction(1), 2), (Fraction(5, 4), 3))
HARM_BANDS = ((7.0, 1), (30.0, 2), (90.0, 3))  # days per offence: under each → score


def volume_score(ratio: Fraction | None) -> int | None:
    """The volume score of an area's rate as a multiple of its force's."""
    if ratio is None:
        return None
    return next((s for edge, s in VOLUME_BANDS if ratio <= edge), 4)


def trend_score(
    classification: str,
    count: int,
    baseline_count: int,
    months: int = 12,
    baseline_months: int = 12,
) -> int | None:
    """The trend score from the change test's classification and the direction."""
    if classification == DECREASE:
        return 1
    if classification == INCREASE:
        return 4
    if classification != NO_CHANGE:
        return None  # not compared: months missing
    rise = Fraction(count, months) > Fraction(baseline_count, baseline_months)
    return 3 if rise else 2


def harm_score(days_per_offence: float | None) -> int | None:
    """The harm score of the average harm of one offence, in harm index days."""
    if days_per_offence is None:
        return None
    return next((s for edge, s in HARM_BANDS if days_per_offence < edge), 4)


@dataclass
class Proposal:
    """What the evidence proposes for one issue, and the figures it rests on."""

    volume: int | None = None
    trend: int | None = None
    harm: int | None = None
    evidence: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # why a score is not proposed

    def scores(self) -> dict[str, int | None]:
        """The proposed score of each proposable factor (the harm for each harm)."""
        return {"volume": self.volume, "trend": self.trend, **{h: self.harm for h in HARMS}}

    def to_dict(self) -> dict[str, int | None]:
        return {"volume": self.volume, "trend": self.trend, "harm": self.harm}
