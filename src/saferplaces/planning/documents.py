"""The partnership plan (Crime and Disorder (Formulation and Implementation of Strategy)
Regulations 2007, reg 10) built as a shared :class:`Document`, so the shared renderer
writes it as HTML, PDF, Word and XLSX.

Built from a :class:`~saferplaces.planning.records.PlanRecord`: the agreed priorities
with the issues that chose them (their rank and score in the prioritisation), the
statutory strands each addresses, the action plan (actions, leads, timescales), the
resources on each action, the measures with their baselines and the direction sought,
what residents said, regard to the Police and Crime Commissioner's plan, matters for the
county strategy group in a two-tier area, and the submission log.

The **public** edition never holds a restricted action or a restricted issue, whatever
the record holds; the **restricted** edition holds them, tagged, and carries the
protective marking on every page. Every figure is a field of the record: nothing is
counted or scored here.

The **annual review** (:func:`annual_review`) is the public account of a plan year:
each action's status at the year end with its latest progress, the meetings held, the
money and any published review counts; restricted actions are never in it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from saferplaces.assessment.narrative import parse_markdown
from saferplaces.disclosure.policy import Disclosure, Edition
from saferplaces.document.model import (
    Callout,
    Cell,
    Column,
    DetailsBox,
    Document,
    Narrative,
    Paragraph,
    Run,
    Section,
    Table,
)
from saferplaces.planning.records import RAG_LABELS, STRAND_LABELS, ActionRecord, PlanRecord

ILLUSTRATIVE = (
    "Illustrative data: the partnership, its priorities, actions and measures in this "
    "document are invented for demonstration; the evidence figures are real police.uk data."
)
DIRECTIONS = {"down": "Down (fewer)", "up": "Up (more)", "hold": "Hold (no increase)"}
EDITIONS = ("public", "restricted")


def _para(*texts: str) -> Narrative:
    return Narrative([Paragraph([Run(t)]) for t in texts if t])


def _text(text: str, missing: str) -> Narrative:
    """The plan's own words (Markdown), or a line saying what is still to be written."""
    if text.strip():
        return Narrative(parse_markdown(text), origin="plan")
    return Narrative([Paragraph([Run(missing, italic=True)])], origin="default", draft=True)


def _long_date(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def _num(v: float | None, places: int = 2) -> Cell:
    return Cell("–", None) if v is None else Cell(f"{v:,.{places}f}", round(v, places))


def _money(v: Decimal | None) -> Cell:
    return Cell("–", None) if v is None else Cell(f"£{v:,.2f}", v)


def partnership_plan(record: PlanRecord, *, edition: str = "public") -> Document:
    """The plan of ``record``'s year, in the ``public`` or ``restricted`` edition."""
    if edition not in EDITIONS:
        raise ValueError(f"edition must be one of {', '.join(EDITIONS)}, not {edition!r}")
    public = edition == "public"
    marking = Disclosure(Edition.RESTRICTED).marking if not public else None
    doc = Document(
        title=f"Partnership plan {record.plan_year}",
        area=record.partnership,
        subtitle=f"{record.area}: priorities, actions and measures for April "
        f"{record.year_start.year} to March {record.year_end.year}",
        edition=edition,
        marking=marking,
        created=record.as_of.isoformat(),
        meta={"area_code": record.area_code, "plan_year": record.plan_year},
    )
    details = [
        ("Partnership", record.partnership),
        ("Area", record.area),
        ("Plan year", f"1 April {record.year_start.year} to 31 March {record.year_end.year}"),
        ("Edition", "Public" if public else "Restricted: for partnership members only"),
        ("As at", _long_date(record.as_of)),
    ]
    doc.details = details
    front: list = []
    if record.illustrative:
        front.append(Callout("Illustrative data", _para(ILLUSTRATIVE), kind="warning"))
    front.append(DetailsBox(details))
    about = [
        Section(
            "residents",
            "What residents told us",
            [_text(record.residents_views, "What residents told us has not been written yet.")],
        ),
        Section(
            "pcc",
            "The Police and Crime Commissioner's plan",
            [_text(record.pcc_plan, "How the plan has regard to the PCC's plan: not written.")],
        ),
    ]
    if record.two_tier:
        about.append(
            Section(
                "county",
                f"Matters for the county strategy group ({record.county})"
                if record.county
                else "Matters for the county strategy group",
                [_text(record.county_matters, "Matters for the county group: not written.")],
            )
        )
    about.append(_submissions(record))
    priorities = _priorities(record, public)
    priorities.children.append(_strands(record))
    actions = _action_plan(record, public)
    actions.children.append(_resources(record, public))
    # Chapters start a page in print: the short sections sit inside the four chapters.
    doc.sections = [
        Section("details", "Document details", front, kind="details", in_contents=False),
        Section(
            "introduction",
            "Introduction",
            [_text(record.introduction, "The plan's introduction has not been written yet.")],
            about,
        ),
        priorities,
        actions,
        _measures(record),
    ]
    doc.number()
    return doc


def _actions(record: PlanRecord, priority, public: bool) -> list[ActionRecord]:
    return [a for a in priority.actions if not (public and a.restricted)]


def _priorities(record: PlanRecord, public: bool) -> Section:
    children = []
    for p in record.priorities:
        blocks: list = []
        if p.context.strip():
            blocks.append(_text(p.context, ""))
        if p.outcomes.strip():
            blocks.append(_para("What we want to achieve:"))
            blocks.append(_text(p.outcomes, ""))
        chosen = [i for i in p.chosen_by if not (public and i.restricted)]
        if chosen:
            blocks.append(
                Table(
                    f"chosen-{p.number}",
                    f"Priority {p.number}: the issues that chose it",
                    [
                        Column("issue", "Issue", row_header=True),
                        Column("rank", "Rank", "int"),
                        Column("impact", "Impact", "index"),
                        Column("likelihood", "Likelihood", "index"),
                        Column("modifier", "Capacity modifier", "index"),
                        Column("score", "Priority score", "index"),
                    ],
                    [
                        [
                            Cell(i.name + (" (restricted)" if i.restricted else ""), i.name),
                            Cell("–", None) if i.rank is None else Cell(str(i.rank), i.rank),
                            _num(i.impact),
                            _num(i.likelihood),
                            _num(i.capacity_modifier),
                            _num(i.score),
                        ]
                        for i in chosen
                    ],
                    source=_prioritisation_source(record),
                    notes=[
                        "Impact is the mean of the four harms and the vulnerability of "
                        "victims; likelihood the mean of volume and trend; the score is "
                        "impact × likelihood × the capacity modifier (0.7 to 16)."
                    ],
                )
            )
        else:
            blocks.append(_para("This priority is not linked to a prioritisation."))
        strands = p.strand_labels
        blocks.append(
            _para(
                "Statutory strands: " + ("; ".join(strands) if strands else "none recorded") + "."
            )
        )
        children.append(Section(f"priority-{p.number}", f"Priority {p.number}: {p.title}", blocks))
    intro = _para(
        f"The board agreed {len(record.priorities)} "
        f"priorit{'y' if len(record.priorities) == 1 else 'ies'} for {record.plan_year}"
        + (
            f" at {record.prioritisation.agreed_at}"
            if record.prioritisation and record.prioritisation.agreed_at
            else ""
        )
        + "."
    )
    return Section(
        "priorities", "Our priorities and the evidence that chose them", [intro], children
    )


def _prioritisation_source(record: PlanRecord) -> str:
    pr = record.prioritisation
    if pr is None:
        return ""
    return (
        f"Prioritisation of {pr.issues_scored} issues by {pr.scorers} scorers, evidence "
        f"{pr.period} against {pr.baseline} ({pr.area}; police.uk)"
    )


def _strands(record: PlanRecord) -> Section:
    rows = []
    for key, label in STRAND_LABELS.items():
        by = [str(p.number) for p in record.priorities if key in p.strands]
        rows.append(
            [
                Cell(label, label),
                Cell(", ".join(by) if by else "None", ", ".join(by)),
            ]
        )
    return Section(
        "strands",
        "The statutory strands",
        [
            _para(
                "The Crime and Disorder Act 1998 (section 6) requires the plan to cover crime "
                "and disorder (including anti-social behaviour), the misuse of drugs, alcohol "
                "and other substances, reoffending and serious violence."
            ),
            Table(
                "strands",
                "The priorities that address each statutory strand",
                [Column("strand", "Strand", row_header=True), Column("by", "Priorities")],
                rows,
            ),
        ],
    )


ACTION_COLUMNS = [
    Column("number", "Action", row_header=True),
    Column("text", "What we will do"),
    Column("lead", "Lead"),
    Column("timescale", "Timescale"),
    Column("rag", "Status"),
]


def _action_plan(record: PlanRecord, public: bool) -> Section:
    children = []
    for p in record.priorities:
        acts = _actions(record, p, public)
        blocks: list = []
        if acts:
            blocks.append(
                Table(
                    f"actions-{p.number}",
                    f"Priority {p.number}: actions",
                    ACTION_COLUMNS,
                    [
                        [
                            Cell(a.number, a.number),
                            Cell(a.text + (" (restricted)" if a.restricted else ""), a.text),
                            Cell(a.responsible or "–", a.responsible),
                            Cell(a.timescale or "–", a.timescale),
                            Cell(a.rag_label, a.rag_label),
                        ]
                        for a in acts
                    ],
                )
            )
        else:
            blocks.append(_para("No actions yet."))
        children.append(Section(f"actions-{p.number}", f"Priority {p.number}: {p.title}", blocks))
    note = _para(
        "Each action with the agency or officer who leads it and when it is due; the status "
        f"is as at {_long_date(min(record.as_of, record.year_end))}."
    )
    return Section("action-plan", "The action plan", [note], children)


def _resources(record: PlanRecord, public: bool) -> Section:
    rows = []
    allocated = spent = Decimal(0)
    any_spent = False
    for p in record.priorities:
        for a in _actions(record, p, public):
            for m in a.money:
                rows.append(
                    [
                        Cell(a.number, a.number),
                        Cell(m.line, m.line),
                        _money(m.allocated),
                        _money(m.spent),
                    ]
                )
                allocated += m.allocated or 0
                if m.spent is not None:
                    any_spent = True
                    spent += m.spent
    if not rows:
        return Section(
            "resources",
            "Resources",
            [_para("No funding is recorded against the plan's actions yet.")],
        )
    total = len(rows)
    rows.append(
        [
            Cell("Total", "Total"),
            Cell("", ""),
            _money(allocated),
            _money(spent if any_spent else None),
        ]
    )
    return Section(
        "resources",
        "Resources",
        [
            Table(
                "resources",
                "Funding on the plan's actions",
                [
                    Column("action", "Action", row_header=True),
                    Column("line", "Funding"),
                    Column("allocated", "Allocated", "money"),
                    Column("spent", "Spent", "money"),
                ],
                rows,
                source=f"From the {record.money_source}" if record.money_source else "",
                total_rows=frozenset({total}),
            )
        ],
    )


def _measures(record: PlanRecord) -> Section:
    rows = []
    for p in record.priorities:
        for m in p.measures:
            rows.append(
                [
                    Cell(m.indicator_name, m.indicator_name),
                    Cell(str(p.number), p.number),
                    Cell(m.baseline_period, m.baseline_period),
                    Cell("–", None)
                    if m.baseline_count is None
                    else Cell(f"{m.baseline_count:,}", m.baseline_count),
                    _num(m.baseline_rate),
                    Cell(m.per or "–", m.per),
                    Cell(DIRECTIONS.get(m.direction, m.direction), m.direction),
                ]
            )
    if not rows:
        return Section(
            "measures", "How we will measure progress", [_para("No measures have been set yet.")]
        )
    return Section(
        "measures",
        "How we will measure progress",
        [
            Table(
                "measures",
                "Each measure with its baseline and the direction sought",
                [
                    Column("indicator", "Indicator", row_header=True),
                    Column("priority", "Priority", "int"),
                    Column("period", "Baseline period"),
                    Column("count", "Baseline count", "int"),
                    Column("rate", "Rate per 1,000", "rate"),
                    Column("per", "Per"),
                    Column("direction", "Direction sought"),
                ],
                rows,
                source="Baselines counted from the evidence when each measure was set",
                count_columns=("count",),
            )
        ],
    )


def _submissions(record: PlanRecord) -> Section:
    sent = [s for s in record.submissions if s.document == "plan"]
    if not sent:
        return Section(
            "submissions",
            "Sent to the Police and Crime Commissioner",
            [_para("Not yet recorded as sent.")],
        )
    return Section(
        "submissions",
        "Sent to the Police and Crime Commissioner",
        [
            Table(
                "submissions",
                "When the plan was sent, to whom and by whom",
                [
                    Column("on", "Sent on", row_header=True),
                    Column("to", "To"),
                    Column("by", "By"),
                    Column("edition", "Edition"),
                ],
                [
                    [
                        Cell(_long_date(s.sent_on), s.sent_on.isoformat()),
                        Cell(s.sent_to, s.sent_to),
                        Cell(s.sent_by, s.sent_by),
                        Cell(s.edition.capitalize(), s.edition),
                    ]
                    for s in sent
                ],
            )
        ],
    )


# ------------------------------------------------------------------------ annual review

RAG_ORDER = ("complete", "green", "amber", "red", "")


def status_table(table_id: str, actions: list[ActionRecord], as_at: date) -> Table:
    """The actions counted by their status on ``as_at`` (the year end, or today)."""
    counts = {k: sum(1 for a in actions if a.rag == k) for k in RAG_ORDER}
    return Table(
        table_id,
        f"The plan's {len(actions)} actions by their status at {_long_date(as_at)}",
        [Column("status", "Status", row_header=True), Column("n", "Actions", "int")],
        [
            [Cell(RAG_LABELS[k], RAG_LABELS[k]), Cell(str(counts[k]), counts[k])]
            for k in RAG_ORDER
            if counts[k]
        ],
        count_columns=("n",),
    )


def _history(a: ActionRecord) -> str:
    """``Amber (14 June 2025), Red (12 December 2025)``: each change, oldest first."""
    return ", ".join(
        f"{RAG_LABELS.get(step.to_status, step.to_status)} ({_long_date(step.on)})"
        for step in a.rag_history
    )


def delivered_table(
    table_id: str, number: int, actions: list[ActionRecord], *, history: bool = False
) -> Table:
    """Each action of priority ``number`` with its status, (its RAG history,) its latest
    progress and, where the record holds any, the money spent on it."""
    columns = [
        Column("number", "Action", row_header=True),
        Column("text", "What we said we would do"),
        Column("lead", "Lead"),
        Column("rag", "Status"),
    ]
    if history:
        columns.append(Column("history", "Status changes"))
    columns.append(Column("progress", "Latest progress"))
    spent = any(m.spent is not None for a in actions for m in a.money)
    if spent:
        columns.append(Column("spent", "Spent", "money"))
    rows = []
    for a in actions:
        last = a.progress[-1] if a.progress else None
        row = [
            Cell(a.number, a.number),
            Cell(a.text, a.text),
            Cell(a.responsible or "–", a.responsible),
            Cell(a.rag_label, a.rag_label),
        ]
        if history:
            h = _history(a)
            row.append(Cell(h or "–", h))
        row.append(Cell(f"{last.quarter_label}: {last.text}", last.text) if last else Cell("–", ""))
        if spent:
            amounts = [m.spent for m in a.money if m.spent is not None]
            row.append(_money(sum(amounts, Decimal(0)) if amounts else None))
        rows.append(row)
    return Table(table_id, f"Priority {number}: each action and what it delivered", columns, rows)


def annual_review(record: PlanRecord) -> Document:
    """The public annual review of ``record``'s plan year: what each priority delivered
    (each action's status at the year end, or today within the year, and its latest
    progress), the meetings held, the money and any published review counts. Restricted
    actions are never in it."""
    over = record.year_over
    as_at = record.year_end if over else record.as_of
    doc = Document(
        title=f"Annual review {record.plan_year}",
        area=record.partnership,
        subtitle=f"{record.area}: what the partnership plan delivered, April "
        f"{record.year_start.year} to March {record.year_end.year}",
        edition="public",
        created=record.as_of.isoformat(),
        meta={"area_code": record.area_code, "plan_year": record.plan_year},
    )
    details = [
        ("Partnership", record.partnership),
        ("Area", record.area),
        ("Plan year", f"1 April {record.year_start.year} to 31 March {record.year_end.year}"),
        ("Status of actions", f"at {_long_date(as_at)}" + ("" if over else " (year not over)")),
    ]
    doc.details = details
    front: list = []
    if record.illustrative:
        front.append(Callout("Illustrative data", _para(ILLUSTRATIVE), kind="warning"))
    if not over:
        front.append(
            Callout(
                "The year is not over",
                _para(f"This review shows the plan as it stood on {_long_date(as_at)}."),
                kind="draft",
            )
        )
    front.append(DetailsBox(details))
    actions = [a for p in record.priorities for a in _actions(record, p, True)]
    summary_blocks: list = [
        _text(record.review_summary, "The year's summary has not been written yet.")
    ]
    if actions:
        summary_blocks.append(status_table("status", actions, as_at))
    delivered = []
    for p in record.priorities:
        acts = _actions(record, p, True)
        blocks: list = []
        if acts:
            blocks.append(delivered_table(f"delivered-{p.number}", p.number, acts))
        else:
            blocks.append(_para("No actions were recorded for this priority."))
        delivered.append(
            Section(f"delivered-{p.number}", f"Priority {p.number}: {p.title}", blocks)
        )
    doc.sections = [
        Section("details", "Document details", front, kind="details", in_contents=False),
        Section("summary", "The year in summary", summary_blocks),
        Section(
            "delivered",
            "Our priorities and what was delivered",
            [
                _para(
                    f"The {len(record.priorities)} priorities the board agreed for "
                    f"{record.plan_year}."
                )
            ],
            delivered,
        ),
        Section(
            "governance",
            "Meetings and money",
            [],
            [_meetings_held(record), _resources(record, True)],
        ),
    ]
    if record.reviews:
        doc.sections.append(_reviews(record))
    doc.number()
    return doc


def _meetings_held(record: PlanRecord) -> Section:
    if not record.meetings:
        return Section("meetings", "Meetings held", [_para("No meetings are recorded as held.")])
    return Section(
        "meetings",
        "Meetings held",
        [
            Table(
                "meetings",
                f"The {len(record.meetings)} meeting{'' if len(record.meetings) == 1 else 's'} "
                "held in the year",
                [
                    Column("on", "Date", row_header=True),
                    Column("title", "Meeting"),
                    Column("decisions", "Decisions", "int"),
                ],
                [
                    [
                        Cell(_long_date(m.on), m.on.isoformat()),
                        Cell(m.title, m.title),
                        Cell(str(m.decisions), m.decisions),
                    ]
                    for m in record.meetings
                ],
            )
        ],
    )


def _reviews(record: PlanRecord) -> Section:
    rows = [
        [Cell(f"{r.label}: {k.replace('_', ' ')}", k), Cell(f"{v:,}", v)]
        for r in record.reviews
        for k, v in r.counts.items()
    ]
    return Section(
        "reviews",
        "Reviews",
        [
            Table(
                "reviews",
                "Published counts from the reviews register",
                [Column("what", "What", row_header=True), Column("n", "Number", "int")],
                rows,
            )
        ],
    )
