"""What residents told us: consultation and survey results, and the consultation log.

Results load as the built-in source ``residents-survey`` (consultation, question, answer,
area, respondents, period) and the log as ``consultation-log`` (what, how, who was
reached, how many took part, when); both are agency sources read by a dataset spec.
Each question is shown with its base (the respondents who answered it: the sum over its
answers, which are exclusive) and each answer's share of it, except that no percentage
is shown on a base under 10 (``methods.md``, "Small numbers").

The statutory checklist asks :func:`held`; :func:`residents_views` gives the questions
and the log for a document's "what residents told us" section.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from saferplaces.core.periods import Period
from saferplaces.geography.areas import Area
from saferplaces.planning import queries
from saferplaces.warehouse.connection import Warehouse

MIN_BASE = 10
SOURCES = ("residents-survey", "consultation-log")


@dataclass
class Answer:
    answer: str
    respondents: int
    percent: float | None  # None on a base under 10


@dataclass
class Question:
    consultation: str
    question: str
    base: int
    answers: list[Answer]
    first: date
    last: date
    illustrative: bool = False

    @property
    def percent_shown(self) -> bool:
        return self.base >= MIN_BASE


@dataclass
class Consultation:
    name: str
    method: str
    reached: str
    participants: int
    first: date
    last: date
    illustrative: bool = False


@dataclass
class ResidentsViews:
    questions: list[Question] = field(default_factory=list)
    consultations: list[Consultation] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.questions and not self.consultations

    @property
    def illustrative(self) -> bool:
        return any(q.illustrative for q in self.questions) or any(
            c.illustrative for c in self.consultations
        )


def held(wh: Warehouse, area: Area) -> bool:
    """True when any residents' survey result is held for the area."""
    return queries.any_held(wh, area)


def residents_views(wh: Warehouse, area: Area, period: Period) -> ResidentsViews:
    """The results and the log for ``area``, from consultations that ran in ``period``."""
    if not wh.table_exists("agency_record"):
        return ResidentsViews()
    grouped: dict[tuple[str, str], list[tuple]] = {}
    for row in queries.survey_answers(wh, area, period):
        grouped.setdefault((row[0], row[1]), []).append(row)
    questions = []
    for (consultation, question), rows in grouped.items():
        base = sum(int(r[3]) for r in rows)
        questions.append(
            Question(
                consultation=consultation,
                question=question,
                base=base,
                answers=[
                    Answer(
                        r[2],
                        int(r[3]),
                        100.0 * int(r[3]) / base if base >= MIN_BASE else None,
                    )
                    for r in rows
                ],
                first=min(r[4] for r in rows),
                last=max(r[5] for r in rows),
                illustrative=any(r[6] for r in rows),
            )
        )
    consultations = [
        Consultation(r[0], r[1] or "", r[2] or "", int(r[3]), r[4], r[5], bool(r[6]))
        for r in queries.consultations(wh, area, period)
    ]
    return ResidentsViews(questions, consultations)
