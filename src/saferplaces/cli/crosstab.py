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
from saferplaces.indicators.agency import register_stored_specs
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
    format: FormatOption = Format.table,
    warehouse: WarehouseOption = None,
) -> None:
    """A pivot table of an agency source: records counted by one field down and another (or
    a time unit) across. Location unknown and outside the area are their own rows.

    Example: saferplaces table crosstab --source fire --rows cause --columns year
    """
    wh = open_warehouse(warehouse)
    register_stored_specs(wh)
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
    )
    kind = "int"
    if t.statistic.startswith("rate") or "average" in t.statistic:
        kind = "rate"
    cols = [Column("label", rows.replace("_", " ").capitalize())]
    cols += [Column(c, c, _kind(c, kind)) for c in t.columns]
    if t.grand_total is not None or any(r.total is not None for r in t.rows):
        cols.append(Column("total", "Total", kind))
    out = [{"label": r.label, **r.cells, "total": r.total, "_kind": r.kind} for r in t.rows]
    out.append({"label": "Total", **t.totals, "total": t.grand_total, "_kind": "total"})
    where = f", {a.name}" if a else ""
    when = f", {p.label}" if p else ""
    emit(
        format,
        cols,
        out,
        payload=t.to_dict,
        title=f"{t.title}: {t.value_label} by {rows} and {columns}{where}{when}",
        notes=t.notes,
        row_style=lambda r: (
            "bold" if r["_kind"] == "total" else ("dim" if r["_kind"] != "value" else None)
        ),
    )


def _kind(column: str, kind: str) -> str:
    if column.endswith("(%)"):
        return "rate"
    return "rate" if kind in ("rate", "avg") else "int"
