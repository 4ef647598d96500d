"""The plan record: a partnership's plan year as plain data, for the documents.

The web app keeps priorities, actions, RAG history, progress, measures, meetings and the
submission log in its database; the core library, which never imports Django, builds the
partnership plan, the annual review and the assessment's "last year's plan" chapter from
this record of them. The web app makes the record (``web.planning.records``); it can be
downloaded as JSON and given to ``saferplaces assess --plan-record FILE``.

Every number a document shows is a field here or a figure the document's builder is
given, so a test can trace it to its record.
"""

from __future__ import annotations

import json
import types
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints

from saferplaces.core.errors import InputFileError

RAG_LABELS = {
    "red": "Red",
    "amber": "Amber",
    "green": "Green",
    "complete": "Complete",
    "": "Not yet rated",
}
STRAND_LABELS = {
    "crime": "Crime and disorder, including anti-social behaviour",
    "substance": "Misuse of drugs, alcohol and other substances",
    "reoffending": "Reducing reoffending",
    "violence": "Serious violence",
}


@dataclass
class RagStep:
    on: date
    from_status: str
    to_status: str
    reason: str
    by: str = ""


@dataclass
class ProgressItem:
    quarter: str  # Q1..Q4 of the plan year
    quarter_label: str
    text: str


@dataclass
class Money:
    """Money on an action: allocated (funding or budget lines) and, where the finance
    register holds it, spent and committed."""

    line: str
    allocated: Decimal | None = None
    spent: Decimal | None = None
    committed: Decimal | None = None


@dataclass
class ActionRecord:
    number: str
    text: str
    responsible: str
    timescale: str = ""
    restricted: bool = False
    rag: str = ""  # at the year end (or on the record's date, within the year)
    rag_history: list[RagStep] = field(default_factory=list)  # oldest first
    progress: list[ProgressItem] = field(default_factory=list)
    money: list[Money] = field(default_factory=list)
    places: list[str] = field(default_factory=list)

    @property
    def rag_label(self) -> str:
        return RAG_LABELS.get(self.rag, self.rag)


@dataclass
class IssueEvidence:
    """An issue of the prioritisation that chose a priority, with its matrix row."""

    name: str
    rank: int | None
    score: float | None
    impact: float | None = None
    likelihood: float | None = None
    capacity_modifier: float | None = None
    restricted: bool = False
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass
class MeasureRecord:
    indicator_id: str
    indicator_name: str
    direction: str  # down | up | hold
    baseline_period: str  # YYYY-MM..YYYY-MM
    baseline_count: int | None
    baseline_rate: float | None
    per: str = ""
    note: str = ""
    source: str = ""


@dataclass
class PriorityRecord:
    number: int
    title: str
    context: str = ""
    outcomes: str = ""
    strands: list[str] = field(default_factory=list)
    chosen_by: list[IssueEvidence] = field(default_factory=list)
    actions: list[ActionRecord] = field(default_factory=list)
    measures: list[MeasureRecord] = field(default_factory=list)

    @property
    def strand_labels(self) -> list[str]:
        return [STRAND_LABELS.get(s, s) for s in self.strands]


@dataclass
class SubmissionRecord:
    document: str  # plan | assessment | review
    plan_year: str
    sent_to: str
    sent_on: date
    sent_by: str
    edition: str = "public"
    note: str = ""


@dataclass
class MeetingRecord:
    title: str
    body: str
    on: date
    status: str
    decisions: int = 0


@dataclass
class PrioritisationRecord:
    period: str
    baseline: str
    area: str
    force: str
    issues_scored: int
    scorers: int
    agreed_at: str = ""  # "Partnership board, 10 March 2026"
    decision: str = ""


@dataclass
class ReviewCounts:
    """Published yearly counts from the reviews register, when it exists."""

    label: str
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class PlanRecord:
    partnership: str
    area: str
    area_code: str
    plan_year: str
    as_of: date
    illustrative: bool = False
    two_tier: bool = False  # a district inside a county council's area
    county: str = ""
    priorities: list[PriorityRecord] = field(default_factory=list)
    introduction: str = ""
    residents_views: str = ""
    pcc_plan: str = ""
    county_matters: str = ""
    review_summary: str = ""
    prioritisation: PrioritisationRecord | None = None
    submissions: list[SubmissionRecord] = field(default_factory=list)
    meetings: list[MeetingRecord] = field(default_factory=list)
    money_source: str = ""  # "finance register" or "the action plan's funding"
    reviews: list[ReviewCounts] = field(default_factory=list)
    consultation_held: bool = False  # residents' views data held for the area

    def actions(self, *, public: bool = False) -> list[ActionRecord]:
        return [a for p in self.priorities for a in p.actions if not (public and a.restricted)]

    @property
    def year_start(self) -> date:
        return date(int(self.plan_year[:4]), 4, 1)

    @property
    def year_end(self) -> date:
        return date(int(self.plan_year[:4]) + 1, 3, 31)

    @property
    def year_over(self) -> bool:
        return self.as_of > self.year_end

    def to_dict(self) -> dict[str, Any]:
        return _plain(asdict(self))

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)


def _plain(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, Decimal):
        return str(v)
    return v


def _decode(tp: Any, v: Any) -> Any:
    """``v`` read from JSON as the type ``tp`` (dataclasses, lists, dates, decimals)."""
    if v is None or tp is Any:
        return v
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        return _decode(next(a for a in get_args(tp) if a is not type(None)), v)
    if origin is list:
        (item,) = get_args(tp)
        return [_decode(item, x) for x in v]
    if origin is dict:
        return dict(v)
    if is_dataclass(tp):
        if not isinstance(v, dict):
            raise ValueError(f"expected an object for {tp.__name__}, got {type(v).__name__}")
        hints = get_type_hints(tp)
        return tp(**{f.name: _decode(hints[f.name], v[f.name]) for f in fields(tp) if f.name in v})
    if tp is date:
        return date.fromisoformat(v)
    if tp is Decimal:
        return Decimal(str(v))
    return v


def plan_record_from_dict(data: dict[str, Any]) -> PlanRecord:
    return _decode(PlanRecord, data)


def read_plan_record(path: Path) -> PlanRecord:
    """A plan record from its JSON (as the web app's plan page downloads it)."""
    try:
        return plan_record_from_dict(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise InputFileError(
            str(path), "no such file (download the plan record from the partnership plan page)"
        ) from None
    except (ValueError, TypeError, KeyError, AttributeError) as e:
        raise InputFileError(str(path), f"is not a plan record ({e})") from None
