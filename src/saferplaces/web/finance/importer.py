"""Storing a budget spreadsheet read by :mod:`saferplaces.finance.budget_file`.

All or nothing: the file is checked whole before this runs, and everything here is one
transaction, so a refusal at any point (a closed year, a line paid from another fund)
leaves the database as it was. Importing the same file again changes nothing; an
updated file (the February update after October's) changes what differs: items and
notes, original allocations, and revised allocations, recorded as one revision whose
reason names the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.messages import Hint, Param
from saferplaces.finance.budget_file import BudgetFile
from saferplaces.finance.money import pounds, total
from saferplaces.web.finance.ledger import (
    ensure_fund_year,
    financial_year,
    propose_revision,
    set_line_actions,
)
from saferplaces.web.finance.models import BudgetLine, Fund, FundYear


class ImportRefused(SaferplacesError):
    """The file is sound but cannot go into this partnership's records as it stands."""


@dataclass
class ImportResult:
    year: str
    fund: str
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    revised: list[int] = field(default_factory=list)
    unlinked: dict[int, list[str]] = field(default_factory=dict)  # line -> action numbers
    warnings: list[str] = field(default_factory=list)
    fund_created: bool = False
    allocation_set: Decimal | None = None

    def summary(self) -> list[str]:
        out = [
            f"{self.year}: {len(self.created)} line(s) added, {len(self.updated)} changed, "
            f"{len(self.unchanged)} unchanged; {len(self.revised)} revised allocation(s) "
            f"recorded; paid from {self.fund}"
            + (" (a new fund)" if self.fund_created else "")
            + "."
        ]
        if self.allocation_set is not None:
            out.append(
                f"{self.fund}'s allocation for {self.year} was set to "
                f"{pounds(self.allocation_set)}, the total of the original allocations; "
                "change it in the web app if the fund's allocation differs."
            )
        return out


def _find_fund(partnership, name: str | None, user) -> tuple[Fund, bool]:
    funds = list(Fund.objects.live().filter(partnership=partnership))
    if name:
        for f in funds:
            if f.name.casefold() == name.strip().casefold():
                return f, False
        fund = Fund(partnership=partnership, name=name.strip())
        fund.save_by(user, reason="Named by a budget import")
        return fund, True
    if len(funds) == 1:
        return funds[0], False
    known = ", ".join(repr(f.name) for f in funds)
    raise ImportRefused(
        "say which fund the lines are paid from",
        Hint(" with ", Param("fund", "fund", "NAME")),
        f" (the partnership's funds: {known})" if funds else " (a new name makes the fund)",
        code="finance.which-fund",
    )


def import_budget(
    partnership,
    year: str,
    budget: BudgetFile,
    *,
    fund: str | None = None,
    user=None,
    by: str = "",
) -> ImportResult:
    """Put the checked budget into ``partnership``'s ``year``, all or nothing."""
    name = budget.where
    why = f"Imported from {name}" + (f" by {by}" if by else "")
    with transaction.atomic():
        fy = financial_year(partnership, year, create=True, user=user)
        fy.check_open()
        the_fund, created = _find_fund(partnership, fund, user)
        result = ImportResult(year=fy.year, fund=the_fund.name, fund_created=created)
        result.warnings.extend(budget.warnings)
        had_year = FundYear.objects.filter(fund=the_fund, year=fy).exists()
        fund_year = ensure_fund_year(the_fund, fy, user)
        existing = {x.number: x for x in BudgetLine.objects.live().filter(year=fy)}
        revise: dict[BudgetLine, Decimal] = {}
        for row in budget.rows:
            line = existing.get(row.line)
            if line is None:
                line = BudgetLine(
                    year=fy,
                    fund=the_fund,
                    number=row.line,
                    item=row.item,
                    original=row.original,
                    notes=row.notes,
                )
                line.save_by(user, reason=why)
                result.created.append(row.line)
            else:
                if line.fund_id != the_fund.pk:
                    raise ImportRefused(
                        f"{name}, row {row.row}: line {row.line} is paid from {line.fund} in "
                        f"the web app, not {the_fund}; ",
                        Hint("import with ", Param("fund", "fund", line.fund.name), " or "),
                        "change the line's fund in the app first",
                        code="finance.line-fund",
                    )
                before = (line.item, line.original, line.notes)
                line.item, line.original, line.notes = row.item, row.original, row.notes
                if before != (line.item, line.original, line.notes):
                    line.save_by(user, reason=why)
                    result.updated.append(row.line)
                else:
                    result.unchanged.append(row.line)
            before_actions = line.action_numbers()
            missing = set_line_actions(line, list(row.actions), user)
            if missing:
                result.unlinked[row.line] = missing
            if before_actions != line.action_numbers() and row.line in result.unchanged:
                result.unchanged.remove(row.line)
                result.updated.append(row.line)
            if row.revised is not None and row.revised != line.current:
                revise[line] = row.revised
            elif row.revised is None and line.revised is not None:
                result.warnings.append(
                    f"line {row.line} has a revised allocation of {pounds(line.revised)} in "
                    "the web app and none in the file: left as it is"
                )
        if revise:
            propose_revision(
                fy,
                revise,
                f"Revised allocations as given in {name}",
                user,
                source=why,
                preapproved=f"Recorded from the budget spreadsheet {name}",
            )
            result.revised = sorted(x.number for x in revise)
        if not had_year and fund_year.allocated == 0:
            fund_year.allocated = total(r.original for r in budget.rows)
            fund_year.save_by(user, reason=why)
            result.allocation_set = fund_year.allocated
        in_file = {r.line for r in budget.rows}
        left = sorted(n for n in existing if n not in in_file)
        if left:
            result.warnings.append(
                f"line{'s' if len(left) > 1 else ''} {', '.join(map(str, left))} "
                f"{'are' if len(left) > 1 else 'is'} in the web app but not in the file: "
                "left as they are"
            )
        if result.unlinked:
            refs = "; ".join(
                f"line {n}: {', '.join(v)}" for n, v in sorted(result.unlinked.items())
            )
            result.warnings.append(
                f"actions the {fy.year} plan does not hold yet ({refs}) are kept as references "
                "and linked when those actions are added"
            )
    return result
