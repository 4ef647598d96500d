"""The money papers a board receives, built as shared :class:`Document` trees so the
shared renderer writes them as HTML, PDF, Word and XLSX:

* :func:`budget_monitoring`: the budget table as boards receive it (line, item, the
  actions it serves, original and revised allocation, notes) with spend, commitments
  and what remains, the funds, and every revised allocation with when, who and why;
* :func:`end_of_year_report`: available funding by fund, grants paid, grants committed
  but not paid, other spend, and what remains by fund;
* :func:`funder_return`: for one fund, its allocation, spend to date, commitments and
  what the actions it pays for delivered, from their progress entries.

Every figure comes from :class:`~saferplaces.finance.figures.YearFigures`; nothing is
added up here except the rows a table shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from saferplaces.document.model import (
    Callout,
    Cell,
    Column,
    DetailsBox,
    Document,
    ListBlock,
    Narrative,
    Paragraph,
    Run,
    Section,
    Subheading,
    Table,
)
from saferplaces.finance.figures import FundFigures, YearFigures, previous_year
from saferplaces.finance.money import pounds, total

ILLUSTRATIVE = (
    "Illustrative data: the funds, budget lines and payments in this document are invented "
    "for demonstration."
)


@dataclass(frozen=True)
class RevisionNote:
    """One revision of allocations: one reason, one or more lines changed."""

    on: date
    who: str
    reason: str
    changes: list[tuple[int, str, Decimal, Decimal]]  # line, item, from, to
    approved_by: str = ""
    status: str = "approved"  # approved | pending | rejected


@dataclass(frozen=True)
class ActionDelivery:
    """An action a budget line pays for, and what its progress entries say it did."""

    number: str
    text: str
    rag: str  # the status as words ("Green"), or "Not yet rated"
    progress: list[tuple[str, str]] = field(default_factory=list)  # (quarter label, text)
    in_plan: bool = True  # False: the line names an action the plan does not hold yet
    restricted: bool = False  # True: named by number only (its details stay inside)


@dataclass(frozen=True)
class FundDetails:
    name: str
    funder: str
    conditions: str = ""
    spend_by: date | None = None


def _money(v: Decimal | None) -> Cell:
    return Cell(pounds(v), v)


def _text(v: object) -> Cell:
    return Cell("" if v is None else str(v), None if v in (None, "") else v)


def _para(*texts: str) -> Narrative:
    return Narrative([Paragraph([Run(t)]) for t in texts if t])


def _long_date(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def _front(
    doc: Document, illustrative: bool, details: list[tuple[str, str]], warnings: list[str] = ()
) -> Section:
    blocks: list = []
    if illustrative:
        blocks.append(Callout("Illustrative data", _para(ILLUSTRATIVE), kind="warning"))
    blocks.append(DetailsBox(details))
    for w in warnings:
        blocks.append(Callout("Check", _para(w), kind="warning"))
    doc.details = details
    return Section("details", "Document details", blocks=blocks, kind="details", in_contents=False)


def _base(
    title: str, partnership: str, subtitle: str, created: date | None, edition: str = "members"
) -> Document:
    created = created or date.today()
    return Document(
        title=title,
        area=partnership,
        subtitle=subtitle,
        edition=edition,
        created=created.isoformat(),
        meta={},
    )


# ------------------------------------------------------------------------ budget table


LINE_COLUMNS = [
    Column("line", "Line", "text", row_header=True),
    Column("item", "Item"),
    Column("actions", "Relates to actions"),
    Column("original", "Original allocation", "money"),
    Column("revised", "Revised allocation", "money"),
    Column("spent", "Spent", "money"),
    Column("committed", "Committed", "money"),
    Column("remaining", "Remaining", "money"),
    Column("notes", "Notes"),
]


def _lines_table(fig: YearFigures, lines, table_id: str, caption: str, notes=True) -> Table:
    cols = LINE_COLUMNS if notes else LINE_COLUMNS[:-1]
    rows = []
    for x in lines:
        row = [
            Cell(str(x.number), x.number),
            _text(x.item),
            _text(", ".join(x.actions)),
            _money(x.original),
            _money(x.revised),
            _money(x.spent),
            _money(x.committed),
            Cell(pounds(x.remaining) + (" (overspent)" if x.overspent else ""), x.remaining),
        ]
        if notes:
            row.append(_text(x.notes))
        rows.append(row)
    t = {
        k: total(getattr(x, k) for x in lines)
        for k in ("original", "revised", "spent", "committed")
    }
    last = [
        _text("Total"),
        Cell("", None),
        Cell("", None),
        *(_money(t[k]) for k in ("original", "revised", "spent", "committed")),
        _money(t["revised"] - t["spent"] - t["committed"]),
    ]
    if notes:
        last.append(Cell("", None))
    rows.append(last)
    return Table(
        table_id,
        caption,
        list(cols),
        rows,
        source="Budget lines, payments and commitments recorded by the partnership",
        level="line",
        total_rows=frozenset({len(rows) - 1}),
    )


FUND_COLUMNS = [
    Column("fund", "Fund", row_header=True),
    Column("funder", "Funder"),
    Column("brought_forward", "Brought forward", "money"),
    Column("allocated", "Allocated", "money"),
    Column("income", "Income", "money"),
    Column("available", "Available", "money"),
    Column("spent", "Spent", "money"),
    Column("committed", "Committed", "money"),
    Column("remaining", "Remaining", "money"),
]


def _funds_table(fig: YearFigures, funds: list[FundFigures], table_id: str, caption: str):
    keys = [c.key for c in FUND_COLUMNS[2:]]
    rows = [[_text(f.name), _text(f.funder), *(_money(getattr(f, k)) for k in keys)] for f in funds]
    t = {k: total(getattr(f, k) for f in funds) for k in keys}
    rows.append([_text("Total"), Cell("", None), *(_money(t[k]) for k in keys)])
    return Table(
        table_id,
        caption,
        list(FUND_COLUMNS),
        rows,
        source="Funds and allocations recorded by the partnership",
        level="fund",
        total_rows=frozenset({len(rows) - 1}),
    )


def budget_monitoring(
    fig: YearFigures,
    *,
    partnership: str,
    revisions: list[RevisionNote] = (),
    status: str = "open",
    as_at: date | None = None,
    illustrative: bool = False,
) -> Document:
    """The budget table as boards receive it, with spend to date and the funds."""
    as_at = as_at or date.today()
    doc = _base(
        f"Budget {fig.year}",
        partnership,
        f"Budget monitoring, {_long_date(as_at)}",
        as_at,
    )
    over = [x for x in fig.lines if x.overspent]
    warnings = [f"Line {x.number} ({x.item}) is overspent by {pounds(-x.remaining)}." for x in over]
    details = [
        ("Partnership", partnership),
        ("Financial year", f"{fig.year} (April to March)"),
        ("Figures as at", _long_date(as_at)),
        ("Year", "Closed" if status == "closed" else "Open"),
    ]
    doc.sections.append(_front(doc, illustrative, details, warnings))
    t = fig.line_totals()
    summary = _para(
        f"{len(fig.lines)} budget line{'s' if len(fig.lines) != 1 else ''}: original "
        f"allocations {pounds(t['original'])}, allocations in force {pounds(t['revised'])}, "
        f"spent {pounds(t['spent'])}, committed {pounds(t['committed'])}, remaining "
        f"{pounds(t['remaining'])}."
    )
    budget = Section(
        "budget",
        f"Budget {fig.year}",
        blocks=[summary, _lines_table(fig, fig.lines, "budget-lines", f"Budget lines {fig.year}")],
    )
    if fig.funds:
        budget.children.append(
            Section(
                "funds",
                "Funds",
                blocks=[_funds_table(fig, fig.funds, "funds", f"Funds {fig.year}")],
            )
        )
    budget.children.append(_revisions_section(revisions))
    doc.sections.append(budget)
    doc.number()
    return doc


def _revisions_section(revisions: list[RevisionNote]) -> Section:
    shown = [r for r in revisions if r.status != "rejected"]
    if not shown:
        return Section(
            "revisions",
            "Revised allocations",
            blocks=[_para("No allocation has been revised this year.")],
        )
    rows = []
    for r in shown:
        for line, item, before, after in r.changes:
            rows.append(
                [
                    Cell(f"{r.on.day} {r.on:%b %Y}", r.on.isoformat()),
                    Cell(f"{line}: {item}", line),
                    _money(before),
                    _money(after),
                    _text(r.reason),
                    _text(r.who),
                    _text(
                        "Awaiting the chair's approval"
                        if r.status == "pending"
                        else (r.approved_by or "Within the officer's limit")
                    ),
                ]
            )
    table = Table(
        "revisions",
        "Every revised allocation this year: when, who and why",
        [
            Column("date", "Date", row_header=True),
            Column("line", "Line"),
            Column("from", "From", "money"),
            Column("to", "To", "money"),
            Column("why", "Why"),
            Column("who", "Who"),
            Column("approved", "Approved by"),
        ],
        rows,
        source="Revisions recorded by the partnership",
        level="revision",
    )
    return Section("revisions", "Revised allocations", blocks=[table])


# ------------------------------------------------------------------ end-of-year report


def end_of_year_report(
    fig: YearFigures,
    *,
    partnership: str,
    status: str = "closed",
    agreed: str = "",
    created: date | None = None,
    illustrative: bool = False,
) -> Document:
    """Available funding by fund, grants paid and committed, other spend, and what
    remains by fund (the layout boards receive at year end)."""
    # Once a meeting has agreed it, the report is published: the public edition.
    doc = _base(
        f"End of year financial report {fig.year}",
        partnership,
        "",
        created,
        "public" if agreed else "members",
    )
    ft = fig.fund_totals()
    details = [
        ("Partnership", partnership),
        ("Financial year", f"{fig.year} (April to March)"),
        ("Year", "Closed" if status == "closed" else "Open: figures may still change"),
    ]
    if agreed:
        details.append(("Agreed", agreed))
    warnings = [] if status == "closed" else ["The year is still open: these are not final."]
    doc.sections.append(_front(doc, illustrative, details, warnings))
    prev = previous_year(fig.year)
    parts = []
    for f in fig.funds:
        bits = []
        if f.brought_forward:
            bits.append(f"{pounds(f.brought_forward)} brought forward from {prev}")
        if f.allocated:
            bits.append(f"{pounds(f.allocated)} allocated for {fig.year}")
        if f.income:
            bits.append(f"{pounds(f.income)} income")
        parts.append(f"{f.name}: {', '.join(bits) if bits else pounds(Decimal('0'))}")
    summary = [
        f"The funding available for {fig.year} was {pounds(ft['available'])}"
        + (f" ({'; '.join(parts)})." if parts else "."),
        f"Grants paid came to {pounds(ft['grants_paid'])} and grants committed but not yet "
        f"paid to {pounds(ft['grants_committed'])}; other spend came to "
        f"{pounds(ft['spent'] - ft['grants_paid'])} and other commitments to "
        f"{pounds(ft['committed'] - ft['grants_committed'])}.",
        f"The total remaining is {pounds(ft['remaining'])}"
        + (
            " (" + "; ".join(f"{f.name} {pounds(f.remaining)}" for f in fig.funds) + ")."
            if fig.funds
            else "."
        ),
    ]

    rows: list[list[Cell]] = []
    totals: set[int] = set()

    def row(label: str, amount: Decimal, is_total: bool = False) -> None:
        if is_total:
            totals.add(len(rows))
        rows.append([_text(label), _money(amount)])

    for f in fig.funds:
        row(f"{f.name}: brought forward from {prev}", f.brought_forward)
        row(
            f"{f.name}: allocation {fig.year}" + (f" from {f.funder}" if f.funder else ""),
            f.allocated,
        )
        if f.income:
            row(f"{f.name}: income", f.income)
    row("Total available funding", ft["available"], True)
    row("Grants paid", -ft["grants_paid"])
    row("Grants committed but not yet paid", -ft["grants_committed"])
    several = len(fig.funds) > 1
    for o in fig.other:
        where = f" ({o.fund})" if several else ""
        if o.spent:
            row(f"{o.label}{where}", -o.spent)
        if o.committed:
            row(f"{o.label}{where}: committed but not yet paid", -o.committed)
    row("Total remaining", ft["remaining"], True)
    funding = Table(
        "available-funding",
        f"Available funding and spend {fig.year}",
        [Column("item", "Item", row_header=True), Column("amount", "Amount", "money")],
        rows,
        source="Funds, payments and commitments recorded by the partnership",
        notes=["Spend and commitments are shown as negative amounts."],
        level="item",
        total_rows=frozenset(totals),
    )
    by_fund_rows = [
        [
            _text(f.name),
            _money(f.available),
            _money(f.grants_paid),
            _money(f.grants_committed),
            _money(f.spent - f.grants_paid),
            _money(f.committed - f.grants_committed),
            _money(f.remaining),
        ]
        for f in fig.funds
    ]
    by_fund_rows.append(
        [
            _text("Total"),
            _money(ft["available"]),
            _money(ft["grants_paid"]),
            _money(ft["grants_committed"]),
            _money(ft["spent"] - ft["grants_paid"]),
            _money(ft["committed"] - ft["grants_committed"]),
            _money(ft["remaining"]),
        ]
    )
    by_fund = Table(
        "remaining-by-fund",
        f"Remaining by fund {fig.year}",
        [
            Column("fund", "Fund", row_header=True),
            Column("available", "Available", "money"),
            Column("grants_paid", "Grants paid", "money"),
            Column("grants_committed", "Grants committed", "money"),
            Column("other_spent", "Other spend", "money"),
            Column("other_committed", "Other committed", "money"),
            Column("remaining", "Remaining", "money"),
        ],
        by_fund_rows,
        source="Funds, payments and commitments recorded by the partnership",
        level="fund",
        total_rows=frozenset({len(by_fund_rows) - 1}),
    )
    doc.sections.append(
        Section(
            "funding",
            f"Available funding and spend {fig.year}",
            blocks=[_para(*summary), funding, by_fund],
        )
    )
    doc.number()
    return doc


# ------------------------------------------------------------------------ funder return


def funder_return(
    fig: YearFigures,
    fund: FundDetails,
    *,
    partnership: str,
    as_at: date,
    deliveries: dict[int, list[ActionDelivery]],
    illustrative: bool = False,
) -> Document:
    """What a funder asks for mid-year and at year end: its money, what was spent and
    committed, and what the actions it pays for delivered."""
    f = fig.fund(fund.name)
    doc = _base(
        f"Funder return: {fund.name}",
        partnership,
        f"{fig.year}, as at {_long_date(as_at)}",
        as_at,
    )
    details = [
        ("Partnership", partnership),
        ("Fund", fund.name),
        ("Funder", fund.funder or "Not recorded"),
        ("Financial year", fig.year),
        ("Figures as at", _long_date(as_at)),
    ]
    if fund.spend_by:
        details.append(("To be spent by", _long_date(fund.spend_by)))
    if fund.conditions:
        details.append(("Conditions", fund.conditions))
    doc.sections.append(_front(doc, illustrative, details))
    money_rows = [
        ("Brought forward", f.brought_forward, False),
        (f"Allocation {fig.year}", f.allocated, False),
        ("Income", f.income, False),
        ("Available", f.available, True),
        ("Spent to date", f.spent, False),
        ("Committed, not yet paid", f.committed, False),
        ("Remaining", f.remaining, True),
    ]
    money = Table(
        "fund-money",
        f"{fund.name}: allocation and spend to {_long_date(as_at)}",
        [Column("item", "Item", row_header=True), Column("amount", "Amount", "money")],
        [[_text(label), _money(v)] for label, v, _ in money_rows],
        source="Funds, payments and commitments recorded by the partnership",
        level="item",
        total_rows=frozenset(i for i, (_, _, t) in enumerate(money_rows) if t),
    )
    lines = [x for x in fig.lines if x.fund == fund.name]
    blocks: list = [money]
    if lines:
        blocks.append(
            _lines_table(
                fig, lines, "fund-lines", f"Budget lines paid from {fund.name}", notes=False
            )
        )
    money_section = Section("money", "Allocation and spend", blocks=blocks)
    doc.sections.append(money_section)
    delivery: list = []
    for x in lines:
        delivery.append(Subheading(f"Line {x.number}: {x.item}"))
        acts = deliveries.get(x.number, [])
        if not acts:
            delivery.append(Paragraph([Run("No action of the plan is linked to this line.")]))
        for a in acts:
            if not a.in_plan:
                delivery.append(
                    Paragraph(
                        [
                            Run(f"Action {a.number}", bold=True),
                            Run(": the budget names it, but the action plan does not hold it yet."),
                        ]
                    )
                )
                continue
            if a.restricted:
                delivery.append(
                    Paragraph(
                        [
                            Run(f"Action {a.number}", bold=True),
                            Run(": restricted; its details are not given in this return."),
                        ]
                    )
                )
                continue
            delivery.append(
                Paragraph([Run(f"Action {a.number}", bold=True), Run(f" ({a.rag}): {a.text}")])
            )
            if a.progress:
                delivery.append(
                    ListBlock([[Run(f"{q}: ", bold=True), Run(t)] for q, t in a.progress])
                )
            else:
                delivery.append(Paragraph([Run("No progress recorded yet.")]))
    if not delivery:
        delivery = [Paragraph([Run("No budget line is paid from this fund.")])]
    money_section.children.append(
        Section("delivery", "What the funded actions delivered", blocks=[Narrative(delivery)])
    )
    doc.number()
    return doc
