"""The records of a meeting that can be corrected or archived after they are made.

One table says, for each kind of record, how to find it within a meeting, which form
corrects it, and when it can no longer change; the views ``record_edit`` and
``record_archive`` serve them all. What is agreed stays as agreed: a decision (or an
action point) once its item's minutes are agreed, a declaration once any minutes of the
meeting are agreed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet

from saferplaces.web.meetings import forms as f
from saferplaces.web.meetings.agreement import refusal
from saferplaces.web.meetings.models import (
    ActionPoint,
    AgendaItem,
    Decision,
    Declaration,
    Meeting,
    Paper,
    PublicQuestion,
)


@dataclass(frozen=True)
class RecordKind:
    noun: str
    lookup: Callable[[Meeting], QuerySet]
    form: Callable[..., object] | None  # None: archive only (changed on its own page)
    frozen: Callable[[object], str]  # why the record can no longer change, or ""


KINDS: dict[str, RecordKind] = {
    "question": RecordKind(
        "public question",
        lambda m: PublicQuestion.objects.live().filter(meeting=m),
        lambda data, files, obj, p, m: f.QuestionForm(data, instance=obj),
        lambda r: "",  # a response may be added whenever it is ready
    ),
    "declaration": RecordKind(
        "declaration of interest",
        lambda m: Declaration.objects.live().filter(meeting=m),
        lambda data, files, obj, p, m: f.DeclarationForm(
            data, instance=obj, partnership=p, meeting=m
        ),
        lambda r: refusal(r.meeting),
    ),
    "decision": RecordKind(
        "decision",
        lambda m: Decision.objects.live().filter(item__meeting=m),
        lambda data, files, obj, p, m: f.DecisionForm(data, instance=obj),
        lambda r: refusal(r.item.meeting),
    ),
    "paper": RecordKind(
        "paper",
        lambda m: Paper.objects.live().filter(item__meeting=m),
        lambda data, files, obj, p, m: f.PaperEditForm(data, instance=obj),
        lambda r: "",
    ),
    "item": RecordKind(
        "agenda item",
        lambda m: AgendaItem.objects.live().filter(meeting=m),
        None,
        lambda r: refusal(r.meeting),
    ),
    "point": RecordKind(
        "action point",
        lambda m: ActionPoint.objects.live().filter(meeting=m),
        None,
        lambda r: refusal(r.meeting),
    ),
}
