"""``saferplaces table crosstab``: an agency source as a pivot table.

Importing this module adds the command to the ``table`` group of
:mod:`saferplaces.cli.indicators`.
"""

from __future__ import annotations

from typing import Annotated

import typer

from saferplaces.cli.context import open_warehouse
from saferplaces.cli.indicators import table_app
from saferplaces.cli.options import Format, FormatOption, WarehouseOption
from saferplaces.cli.output import Column, emit
from saferplaces.core.periods import FORMS_HELP, parse_period
from saferplaces.geography.areas import resolve_area
from saferplaces.sources.agency.crosstab import crosstab as build_crosstab


@table_app.command("crosstab")
def crosstab(
    source: Annotated[str, typer.Option("--source", help="Agency source, e.g. fire, ambulance.")],
    rows: Annotated[str, typer.Option("--rows", help="Field (or district, ward, year...) down.")],
    columns: Annotated[
        str,
        typer.Option(
            "--columns",
            help="year, financial-year, academic-year, quarter, month, district, ward, a field, "
            "or measures (every count and rate of a table source).",
        ),
    ],
    area: Annotated[
        str | None, typer.Option("--area", help="Only records located in this area.")
    ] = None,
    period: Annotated[str | None, typer.Option("--period", help=f"Period: {FORMS_HELP}.")] = None,
    value: Annotated[
        str | None,
        typer.Option("--value", help="Table sources: the measure or rate shown (e.g. engaged)."),
    ] = None,
    monthly_average: Annotated[
        bool,
        typer.Option("--monthly-average", help="Divide each column by the months it holds."),
    ] = False,
    edition: Annotated[
        str,
        typer.Option(
            "--edition",
            help="public: counts of 1 to 4 of sensitive sources below district level are "
            "shown as <5; restricted: everything, marked RESTRICTED.",
        ),
    ] = "public",
    format: FormatOption = Format.table,
    warehouse: WarehouseOption = None,
) -> None:
    """A pivot table of an agency source: records counted by one field down and another (or
    a time unit) across. Location unknown and outside the area are their own rows.

    Example: saferplaces table crosstab --source fire --rows cause --columns year
    """
    wh = open_warehouse(warehouse)
    a = resolve_area(wh, area) if area else None
    p = parse_period(period) if period else None
    t = build_crosstab(
        wh,
        source,
        rows,
        columns,
        area=a,
        period=p,
        value=value,
        statistic="monthly-average" if monthly_average else "total",
        edition=edition,
    )
    kind = "int"
    if t.statistic.startswith("rate"):
        kind = "percent"
    elif "average" in t.statistic:
        kind = "rate"
    cols = [Column("label", rows.replace("_", " ").capitalize())]
    cols += [Column(c, c, "percent" if c.endswith("(%)") else kind) for c in t.columns]
    if t.grand_total is not None or any(r.total is not None for r in t.rows):
        cols.append(Column("total", "Total", kind))
    labels = {"illustrative": "yes"} if t.illustrative else {}
    if t.marking:
        labels["marking"] = t.marking
    if format == Format.csv:  # every row says what it is: a spreadsheet has no title
        cols += [Column(k, k) for k in labels]
    shown = list(t.rows)
    if t.area_total is not None and format == Format.table:
        # The area's own rows together, before the rows outside it (the CSV lists each
        # record once; JSON has it as area_total).
        at = next((i for i, r in enumerate(shown) if r.kind != "value"), len(shown))
        shown.insert(at, t.area_total)
    out = [
        {"label": r.label, **r.cells, "total": r.total, "_kind": r.kind, **labels} for r in shown
    ]
    out.append({"label": "Total", **t.totals, "total": t.grand_total, "_kind": "total", **labels})
    where = f", {a.name}" if a else ""
    when = f", {p.label}" if p else ""
    title = f"{t.title}: {t.value_label} by {rows} and {columns}{where}{when}"
    if t.illustrative:
        title += " (ILLUSTRATIVE DATA, not real)"
    if t.marking:
        title = f"{t.marking}: {title}"
    emit(
        format,
        cols,
        out,
        payload=t.to_dict,
        title=title,
        notes=t.notes,
        row_style=lambda r: (
            "bold"
            if r["_kind"] in ("total", "area total")
            else ("dim" if r["_kind"] != "value" else None)
        ),
    )
