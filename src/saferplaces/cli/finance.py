"""``saferplaces finance``: the partnership's budget from the command line.

``import`` reads a budget spreadsheet into the web app's records; ``report`` prints or
writes the year's budget. Both work on the web database (like ``saferplaces admin``), so
Django is imported inside each command, never at module level: the rest of the CLI
starts without it.
"""

from __future__ import annotations

import getpass
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from saferplaces.cli.options import Format
from saferplaces.cli.output import Column, console, emit, err_console
from saferplaces.cli.phrasing import cli_text
from saferplaces.core.errors import SaferplacesError

finance_app = typer.Typer(
    help="Budgets, funds and spend of a partnership in the web app.", no_args_is_help=True
)

PartnershipOption = Annotated[
    str, typer.Option("--partnership", help="The partnership's short name (its slug).")
]
YearOption = Annotated[
    str, typer.Option("--year", help="Financial year, April to March, e.g. 2016/17.")
]


class ReportFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"
    pdf = "pdf"
    docx = "docx"


class FinanceError(SaferplacesError):
    """A partnership or year that is not there."""


def _partnership(slug: str):
    from saferplaces.web.partnerships.models import Partnership

    p = Partnership.objects.live().filter(slug=slug).first()
    if p is None:
        known = ", ".join(Partnership.objects.live().values_list("slug", flat=True)) or "none"
        raise FinanceError(f"no partnership {slug!r} (known: {known})")
    return p


@finance_app.command("import")
def import_(
    file: Annotated[
        Path, typer.Argument(help="The budget: CSV or XLSX with the board paper's headings.")
    ],
    partnership: PartnershipOption,
    year: YearOption,
    fund: Annotated[
        str | None,
        typer.Option(
            "--fund",
            help="The fund the lines are paid from (made if new; needed when there are several).",
            show_default=False,
        ),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option(
            "--encoding",
            help="The CSV's encoding if not UTF-8, UTF-16 or Windows-1252, e.g. mac-roman.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Import a budget spreadsheet: lines, the actions they serve, original and revised
    allocations, notes. All or nothing: a bad row is refused with its row, column and
    value, and nothing is imported.

    Headings: Line, Item, Relates to actions, Original allocation, Revised allocation,
    Notes (any case and order). Importing an updated file again changes what differs;
    a changed revised allocation is recorded as a revision naming the file.

    Example: saferplaces finance import budget.xlsx --partnership south-cambs --year 2016/17
    """
    from saferplaces.finance.budget_file import BudgetFileError, read_budget

    try:
        budget = read_budget(file, encoding=encoding)
    except BudgetFileError as e:
        for problem in e.problems:
            err_console.print(
                f"[bold red]Error:[/bold red] {escape(cli_text(problem))}", soft_wrap=True
            )
        err_console.print(
            f"Nothing was imported: {len(e.problems)} problem"
            f"{'s' if len(e.problems) > 1 else ''} to correct.",
            highlight=False,
        )
        raise typer.Exit(1) from None
    from saferplaces.web import runtime

    runtime.setup()
    runtime.migrate()
    from saferplaces.web.finance.importer import import_budget

    result = import_budget(
        _partnership(partnership),
        year,
        budget,
        fund=fund,
        by=f"{getpass.getuser()} with saferplaces finance import",
    )
    for line in result.summary():
        console.print(line, highlight=False, soft_wrap=True)
    for w in result.warnings:
        err_console.print(f"[yellow]Warning:[/yellow] {escape(w)}", soft_wrap=True)


LINE_COLUMNS = [
    Column("line", "Line", "text"),
    Column("item", "Item", "text"),
    Column("actions", "Relates to actions", "text"),
    Column("original", "Original allocation", "money"),
    Column("revised", "Revised allocation", "money"),
    Column("spent", "Spent", "money"),
    Column("committed", "Committed", "money"),
    Column("remaining", "Remaining", "money"),
]
FUND_COLUMNS = [
    Column("name", "Fund", "text"),
    Column("brought_forward", "Brought forward", "money"),
    Column("allocated", "Allocated", "money"),
    Column("income", "Income", "money"),
    Column("spent", "Spent", "money"),
    Column("committed", "Committed", "money"),
    Column("remaining", "Remaining", "money"),
]


@finance_app.command("report")
def report(
    partnership: PartnershipOption,
    year: YearOption,
    fmt: Annotated[
        ReportFormat,
        typer.Option(
            "--format", help="table, csv or json to the screen; xlsx, pdf or docx to a file."
        ),
    ] = ReportFormat.table,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="File for xlsx, pdf or docx (default: SLUG-budget-YEAR.FORMAT here).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """The year's budget: each line's original and revised allocation, spent, committed
    and remaining, the totals, and each fund. Money in JSON is a decimal string with two
    places ("15777.00").

    Example: saferplaces finance report --partnership south-cambs --year 2016/17 --format json
    """
    from saferplaces.web import runtime

    runtime.setup()
    runtime.migrate()
    from saferplaces.finance.report import fund_rows, line_rows, report_dict
    from saferplaces.web.finance.ledger import figures, financial_year

    p = _partnership(partnership)
    fy = financial_year(p, year)
    if fy is None:
        held = ", ".join(p.financial_years.order_by("year").values_list("year", flat=True))
        raise FinanceError(
            f"{p.slug} has no financial year {year} (held: {held or 'none'}); "
            "import a budget with saferplaces finance import"
        )
    fig = figures(fy)
    if fmt in (ReportFormat.xlsx, ReportFormat.pdf, ReportFormat.docx):
        from saferplaces.web.finance.papers import budget_document, render

        target = out or Path(f"{p.slug}-budget-{fy.slug}.{fmt.value}")
        body = render(budget_document(fy), fmt.value)
        tmp = target.with_name(f".{target.name}.writing")
        tmp.write_bytes(body)
        tmp.replace(target)
        console.print(f"Wrote {target}", highlight=False)
        return
    if fmt == ReportFormat.json:
        sys.stdout.write(json.dumps(report_dict(fig, fy.status), indent=2) + "\n")
        return
    title = f"{p.name}: budget {fy.year}" + (" (closed)" if fy.is_closed else "")
    emit(Format(fmt.value), LINE_COLUMNS, line_rows(fig), payload=dict, title=title)
    if fmt == ReportFormat.table:
        emit(Format.table, FUND_COLUMNS, fund_rows(fig), payload=dict, title="Funds")
