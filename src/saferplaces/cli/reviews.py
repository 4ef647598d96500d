"""``saferplaces reviews``: the statutory review registers kept in the web app's database.

Django is imported inside each command, never at module level.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from saferplaces.cli.options import Format, FormatOption
from saferplaces.cli.output import Column, console, emit, err_console

reviews_app = typer.Typer(
    help="Statutory review registers: ASB case reviews and domestic abuse related death "
    "reviews (DARDR).",
    no_args_is_help=True,
)
asb_app = typer.Typer(help="ASB case reviews (the Community Trigger).", no_args_is_help=True)
reviews_app.add_typer(asb_app, name="asb")

PartnershipOption = Annotated[
    str, typer.Option("--partnership", help="The partnership's slug, e.g. south-cambs.")
]


class Kind(StrEnum):
    asb = "asb"
    dardr = "dardr"


_COUNTS = [
    ("applications", "Applications for an ASB case review"),
    ("threshold_not_met", "Applications that did not meet the threshold"),
    ("reviews_carried_out", "ASB case reviews carried out"),
    ("reviews_with_recommendations", "ASB case reviews that led to recommendations"),
]


@asb_app.command("publish")
def publish(
    partnership: PartnershipOption,
    year: Annotated[
        str, typer.Option("--year", help="Financial year of the applications, e.g. 2025/26.")
    ],
    fmt: FormatOption = Format.table,
) -> None:
    """Print the four counts the partnership must publish for a year.

    Applications are counted by the financial year of their received date; decisions and
    reviews as the register stands today. To put them on the public page, publish them
    from the web app (Reviews, ASB case reviews).

    Example: saferplaces reviews asb publish --partnership south-cambs --year 2025/26
    """
    from saferplaces.web import runtime

    runtime.setup()
    runtime.migrate()
    from saferplaces.web.reviews.registers import asb_counts

    counts = asb_counts(partnership, year)
    payload = counts.to_dict()
    if fmt == Format.csv:
        emit(
            fmt,
            [Column(k, k, "text" if k == "year" else "int") for k in payload],
            [payload],
            payload=lambda: payload,
        )
        return
    emit(
        fmt,
        [Column("measure", "Measure"), Column("count", "Number", "int")],
        [{"measure": label, "count": payload[k]} for k, label in _COUNTS],
        payload=lambda: payload,
        title=f"ASB case reviews, {year}: {partnership}",
        notes=counts.notes(),
    )


def import_register(
    kind: Annotated[Kind, typer.Argument(help="Which register: asb or dardr.")],
    file: Annotated[Path, typer.Argument(help="The register as CSV or .xlsx.")],
    partnership: PartnershipOption,
) -> None:
    """Import a register kept in a spreadsheet, whole or not at all.

    Every row is checked first; any bad cell (each named with its row, column, value and
    what is accepted), or a reference already in the register, refuses the whole file.
    The columns are listed in docs/reviews.md.

    Example: saferplaces reviews import asb asb-register.xlsx --partnership south-cambs
    """
    from saferplaces.web import runtime

    runtime.setup()
    runtime.migrate()
    from saferplaces.reviews.registers import RegisterRefused
    from saferplaces.web.reviews.registers import import_register as run

    try:
        done = run(kind.value, file, partnership)
    except RegisterRefused as e:
        lines = e.lines()
        for line in lines[:30]:
            err_console.print(f"Refused: {line}", highlight=False, soft_wrap=True, markup=False)
        if len(lines) > 30:
            err_console.print(f"... and {len(lines) - 30} more problems.", highlight=False)
        err_console.print(
            f"Nothing was imported: {len(lines)} problem{'s' if len(lines) != 1 else ''} "
            f"in {e.file}. Fix them and run the import again.",
            highlight=False,
            markup=False,
        )
        raise typer.Exit(1) from None
    what = "ASB case review" if kind == Kind.asb else "DARDR record"
    console.print(
        f"Imported {done.created} {what}{'' if done.created == 1 else 's'} into "
        f"{done.partnership} from {done.file}.",
        highlight=False,
        markup=False,
    )


reviews_app.command("import")(import_register)
