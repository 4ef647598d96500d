"""The factors every issue is scored on, and the words allowed for confidence.

Each factor is scored 1 to 4 (``methods.md``, "Prioritisation"). The four harms and the
vulnerability of victims make the impact; volume and trend the likelihood; capacity the
modifier. Community concern is scored and shown beside the score, but the method keeps it
out of the arithmetic: it is what the board weighs when it agrees priorities.

>>> [f.key for f in IMPACT]
['physical', 'psychological', 'financial', 'community', 'vulnerability']
>>> factor("community_concern").label
'Community concern'
"""

from __future__ import annotations

from dataclasses import dataclass

LOWEST, HIGHEST = 1, 4
SCORE_RANGE = f"a whole number from {LOWEST} to {HIGHEST}"


@dataclass(frozen=True)
class Factor:
    key: str  # the column of the workshop sheet and the JSON key
    label: str
    part: str  # impact | likelihood | shown | modifier
    help: str


FACTORS: tuple[Factor, ...] = (
    Factor("physical", "Physical harm", "impact", "injury, illness or death to victims"),
    Factor("psychological", "Psychological harm", "impact", "fear, trauma, distress"),
    Factor("financial", "Financial harm", "impact", "loss to victims, businesses, services"),
    Factor("community", "Community harm", "impact", "damage to a neighbourhood's life and trust"),
    Factor("vulnerability", "Vulnerability of victims", "impact", "how vulnerable victims are"),
    Factor("volume", "Volume", "likelihood", "how much of it there is (the area's rate)"),
    Factor("trend", "Trend", "likelihood", "whether it is rising or falling"),
    Factor("community_concern", "Community concern", "shown", "what residents worry about"),
    Factor("capacity", "Capacity to make a difference", "modifier", "what the partnership can do"),
)
KEYS: tuple[str, ...] = tuple(f.key for f in FACTORS)
IMPACT = tuple(f for f in FACTORS if f.part == "impact")
LIKELIHOOD = tuple(f for f in FACTORS if f.part == "likelihood")
HARMS = ("physical", "psychological", "financial", "community")
# Factors the evidence can propose: a blank score takes the proposed one.
PROPOSABLE = ("volume", "trend", *HARMS)

CONFIDENCE = ("low", "medium", "high")


def factor(key: str) -> Factor:
    return next(f for f in FACTORS if f.key == key)
