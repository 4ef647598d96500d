"""A year's money added up: each budget line, each fund and the whole.

The web app hands over plain records (:class:`LineInput`, :class:`FundInput`,
:class:`Movement`); everything here is addition of :class:`~decimal.Decimal` amounts,
so the board table, the end-of-year report, the funder return, ``saferplaces finance
report`` and the web pages all show the same figures.

The rules, in one place:

* a line's allocation in force is its latest revised allocation, else its original;
* spent is payments less refunds (a refund is a negative amount);
* committed is what commitments still owe (each already net of payments against it);
* a line's remaining is its allocation less spent and committed;
* a fund's available money is the balance brought forward, this year's allocation and
  income; its remaining is that less spent and committed (on its lines or on the fund
  directly); the partnership's is the sum over funds.

>>> from decimal import Decimal as D
>>> y = year_figures("2016/17",
...     [LineInput(1, "Training", "Fund", ("1.1",), D("500.00"), None, "")],
...     [FundInput("Fund", "PCC", D("0.00"), D("500.00"))],
...     [Movement("payment", D("120.00"), "Fund", 1)])
>>> y.lines[0].remaining, y.funds[0].remaining
(Decimal('380.00'), Decimal('380.00'))
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from saferplaces.finance.money import ZERO, total

KINDS = {
    "payment": "Payment",
    "commitment": "Commitment (not yet paid)",
    "income": "Income",
    "refund": "Refund",
}


@dataclass(frozen=True)
class LineInput:
    number: int
    item: str
    fund: str
    actions: tuple[str, ...]
    original: Decimal
    revised: Decimal | None  # None: never revised
    notes: str = ""


@dataclass(frozen=True)
class FundInput:
    name: str
    funder: str
    brought_forward: Decimal
    allocated: Decimal


@dataclass(frozen=True)
class Movement:
    """Money in or out in the year. ``amount`` is positive except for a refund; for a
    commitment it is what is still owed."""

    kind: str  # payment | commitment | income | refund
    amount: Decimal
    fund: str
    line: int | None = None
    grant: bool = False  # a grant the partnership awarded
    label: str = ""  # what it was for, as the end-of-year report names other spend
    on: date | None = None


@dataclass
class LineFigures:
    number: int
    item: str
    fund: str
    actions: tuple[str, ...]
    original: Decimal
    revised: Decimal  # the allocation in force
    was_revised: bool
    spent: Decimal
    committed: Decimal
    notes: str = ""

    @property
    def remaining(self) -> Decimal:
        return self.revised - self.spent - self.committed

    @property
    def overspent(self) -> bool:
        return self.remaining < 0


@dataclass
class FundFigures:
    name: str
    funder: str
    brought_forward: Decimal
    allocated: Decimal
    income: Decimal
    spent: Decimal
    committed: Decimal
    grants_paid: Decimal
    grants_committed: Decimal
    on_lines: Decimal  # allocated to its budget lines (allocations in force)

    @property
    def available(self) -> Decimal:
        return self.brought_forward + self.allocated + self.income

    @property
    def remaining(self) -> Decimal:
        return self.available - self.spent - self.committed

    @property
    def balance(self) -> Decimal:
        """Money held: what is carried forward at year end (commitments go with it)."""
        return self.available - self.spent

    @property
    def unallocated(self) -> Decimal:
        """Available money not yet given to a budget line."""
        return self.available - self.on_lines


@dataclass
class OtherSpend:
    """Spend that is not a grant, as the end-of-year report lists it."""

    label: str
    fund: str
    spent: Decimal
    committed: Decimal


@dataclass
class YearFigures:
    year: str
    lines: list[LineFigures]
    funds: list[FundFigures]
    other: list[OtherSpend] = field(default_factory=list)

    def line_totals(self) -> dict[str, Decimal]:
        return {
            "original": total(x.original for x in self.lines),
            "revised": total(x.revised for x in self.lines),
            "spent": total(x.spent for x in self.lines),
            "committed": total(x.committed for x in self.lines),
            "remaining": total(x.remaining for x in self.lines),
        }

    def fund_totals(self) -> dict[str, Decimal]:
        return {
            k: total(getattr(f, k) for f in self.funds)
            for k in (
                "brought_forward",
                "allocated",
                "income",
                "available",
                "spent",
                "committed",
                "grants_paid",
                "grants_committed",
                "remaining",
                "balance",
            )
        }

    def line(self, number: int) -> LineFigures:
        return next(x for x in self.lines if x.number == number)

    def fund(self, name: str) -> FundFigures:
        return next(f for f in self.funds if f.name == name)


def year_figures(
    year: str,
    lines: list[LineInput],
    funds: list[FundInput],
    movements: list[Movement],
) -> YearFigures:
    """Add up a year. Lines come out in line-number order, funds in the order given."""
    spent: dict[int, Decimal] = defaultdict(lambda: ZERO)
    committed: dict[int, Decimal] = defaultdict(lambda: ZERO)
    by_fund: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    other: dict[tuple[str, str], OtherSpend] = {}
    items = {x.number: x.item for x in lines}
    for m in movements:
        f = by_fund[m.fund]
        if m.kind in ("payment", "refund"):
            f["spent"] += m.amount
            if m.line is not None:
                spent[m.line] += m.amount
            if m.grant:
                f["grants_paid"] += m.amount
        elif m.kind == "commitment":
            f["committed"] += m.amount
            if m.line is not None:
                committed[m.line] += m.amount
            if m.grant:
                f["grants_committed"] += m.amount
        elif m.kind == "income":
            f["income"] += m.amount
        else:
            raise ValueError(f"unknown kind of money movement {m.kind!r}")
        if m.kind in ("payment", "refund", "commitment") and not m.grant:
            label = (
                f"Line {m.line}: {items[m.line]}"
                if m.line is not None and m.line in items
                else m.label or "Other spend"
            )
            o = other.setdefault((m.fund, label), OtherSpend(label, m.fund, ZERO, ZERO))
            if m.kind == "commitment":
                o.committed += m.amount
            else:
                o.spent += m.amount
    out_lines = [
        LineFigures(
            number=x.number,
            item=x.item,
            fund=x.fund,
            actions=x.actions,
            original=x.original,
            revised=x.original if x.revised is None else x.revised,
            was_revised=x.revised is not None,
            spent=spent[x.number],
            committed=committed[x.number],
            notes=x.notes,
        )
        for x in sorted(lines, key=lambda x: x.number)
    ]
    on_lines: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for x in out_lines:
        on_lines[x.fund] += x.revised
    out_funds = [
        FundFigures(
            name=f.name,
            funder=f.funder,
            brought_forward=f.brought_forward,
            allocated=f.allocated,
            income=by_fund[f.name]["income"],
            spent=by_fund[f.name]["spent"],
            committed=by_fund[f.name]["committed"],
            grants_paid=by_fund[f.name]["grants_paid"],
            grants_committed=by_fund[f.name]["grants_committed"],
            on_lines=on_lines[f.name],
        )
        for f in funds
    ]
    known = {f.name for f in funds}
    stray = sorted({m.fund for m in movements} - known)
    if stray:
        raise ValueError(f"money recorded against funds with no allocation this year: {stray}")
    order = {f.name: i for i, f in enumerate(funds)}
    line_of = {f"Line {x.number}: {x.item}": x.number for x in lines}
    others = sorted(
        other.values(),
        key=lambda o: (order.get(o.fund, len(order)), line_of.get(o.label, 10**9), o.label),
    )
    return YearFigures(year, out_lines, out_funds, others)


def previous_year(year: str) -> str:
    """``2017/18`` -> ``2016/17``."""
    y = int(year[:4]) - 1
    return f"{y}/{(y + 1) % 100:02d}"


def next_year(year: str) -> str:
    """``2016/17`` -> ``2017/18``."""
    y = int(year[:4]) + 1
    return f"{y}/{(y + 1) % 100:02d}"


def year_dates(year: str) -> tuple[date, date]:
    """The first and last day of a financial year (1 April to 31 March)."""
    y = int(year[:4])
    return date(y, 4, 1), date(y + 1, 3, 31)


# ------------------------------------------------------------- kept as agreed (JSON)

_LINE_FIELDS = ("original", "revised", "spent", "committed")
_FUND_FIELDS = (
    "brought_forward",
    "allocated",
    "income",
    "spent",
    "committed",
    "grants_paid",
    "grants_committed",
    "on_lines",
)


def to_data(fig: YearFigures) -> dict:
    """The figures as JSON-ready data, amounts as decimal strings (kept with a report
    agreed at a meeting, so what was agreed is what is shown)."""
    from saferplaces.finance.money import decimal_string

    return {
        "year": fig.year,
        "lines": [
            {
                "number": x.number,
                "item": x.item,
                "fund": x.fund,
                "actions": list(x.actions),
                "was_revised": x.was_revised,
                "notes": x.notes,
                **{k: decimal_string(getattr(x, k)) for k in _LINE_FIELDS},
            }
            for x in fig.lines
        ],
        "funds": [
            {
                "name": f.name,
                "funder": f.funder,
                **{k: decimal_string(getattr(f, k)) for k in _FUND_FIELDS},
            }
            for f in fig.funds
        ],
        "other": [
            {
                "label": o.label,
                "fund": o.fund,
                "spent": decimal_string(o.spent),
                "committed": decimal_string(o.committed),
            }
            for o in fig.other
        ],
    }


def from_data(d: dict) -> YearFigures:
    """The figures back from :func:`to_data`."""
    return YearFigures(
        year=d["year"],
        lines=[
            LineFigures(
                number=x["number"],
                item=x["item"],
                fund=x["fund"],
                actions=tuple(x["actions"]),
                was_revised=x["was_revised"],
                notes=x["notes"],
                **{k: Decimal(x[k]) for k in _LINE_FIELDS},
            )
            for x in d["lines"]
        ],
        funds=[
            FundFigures(
                name=f["name"], funder=f["funder"], **{k: Decimal(f[k]) for k in _FUND_FIELDS}
            )
            for f in d["funds"]
        ],
        other=[
            OtherSpend(o["label"], o["fund"], Decimal(o["spent"]), Decimal(o["committed"]))
            for o in d["other"]
        ],
    )
