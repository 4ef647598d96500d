"""``saferplaces indicators`` and ``saferplaces table wards|districts``."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from saferplaces.cli.context import area_and_periods, open_warehouse
from saferplaces.cli.options import (
    AreaOption,
    BaselineOption,
    Format,
    FormatOption,
    PeriodOption,
    WarehouseOption,
)
from saferplaces.cli.output import Column, emit
from saferplaces.core.periods import parse_period
from saferplaces.geography.areas import resolve_area
from saferplaces.indicators.registry import get_indicator
from saferplaces.indicators.stats import DECREASE, INCREASE, NOT_COMPARED
from saferplaces.indicators.tables import district_table, ward_table
from saferplaces.sources.agency.indicators import full_indicator_table, row_dicts
from saferplaces.sources.police_uk.other_files import queries as oq
from saferplaces.sources.police_uk.other_files.searches import LINKED_GROUPS, search_table

INDICATOR_COLUMNS = [
    Column("indicator", "Indicator"),
    Column("count", "Count", "int"),
    Column("baseline_count", "Baseline", "int"),
    Column("change", "Change", "signed"),
    Column("change_pct", "Change %", "pct"),
    Column("denominator", "Denominator", "int"),
    Column("denominator_kind", "Per"),
    Column("rate_per_1000", "Rate /1,000", "rate"),
    Column("baseline_rate_per_1000", "Baseline rate", "rate"),
    Column("z", "z", "z"),
    Column("p_value", "p", "p"),
    Column("q_value", "q", "p"),
    Column("classification", "Classification"),
    Column("kind", "Kind"),
    Column("base", "Base", "int"),
    Column("baseline_base", "Baseline base", "int"),
    Column("percent", "Percent", "percent"),
    Column("baseline_percent", "Baseline percent", "percent"),
    Column("percent_ci_low", "Percent CI low", "percent"),
    Column("percent_ci_high", "Percent CI high", "percent"),
    Column("change_points", "Change (points)", "z"),
]

# Proportions (completions of people in treatment) are read as percentages.
PROPORTION_COLUMNS = [
    Column("indicator", "Rate"),
    Column("of", "Of"),
    Column("percent", "%", "percent"),
    Column("interval", "95% interval"),
    Column("baseline_of", "Baseline of"),
    Column("baseline_percent", "Baseline %", "percent"),
    Column("change_points", "Change (points)", "z"),
    Column("p_value", "p", "p"),
    Column("q_value", "q", "p"),
    Column("short", "Change is"),
]


# People read the table; the denominators go in a note under it.
TABLE_COLUMNS = [
    Column("indicator", "Indicator"),
    Column("count", "Count", "int"),
    Column("baseline_count", "Baseline", "int"),
    Column("change", "Change", "signed"),
    Column("change_pct", "Change %", "pct"),
    Column("rate_per_1000", "Rate /1,000", "rate"),
    Column("baseline_rate_per_1000", "Baseline rate", "rate"),
    Column("z", "z", "z"),
    Column("p_value", "p", "p"),
    Column("q_value", "q", "p"),
    Column("short", "Change is"),
]
_SHORT = {INCREASE: "▲ sig. increase", DECREASE: "▼ sig. decrease", "not compared": "not compared"}


def _not_compared(row: dict) -> dict:
    """A row not compared (months missing) keeps its counts but shows no change: eleven
    months against twelve is not a fall."""
    if row.get("classification") == NOT_COMPARED:
        return row | {"change": None, "change_pct": None}
    return row


def _proportion(row: dict) -> dict:
    def of(k, n) -> str | None:
        return None if n is None else f"{k:,} of {n:,}"

    lo, hi = row.get("percent_ci_low"), row.get("percent_ci_high")
    return row | {
        "of": of(row["count"], row.get("base")),
        "baseline_of": of(row["baseline_count"], row.get("baseline_base")),
        "interval": None if lo is None else f"{lo:.1f}% to {hi:.1f}%",
    }


def _payload(result) -> dict:
    doc = result.to_dict()
    doc["rows"] = [_not_compared(r) for r in doc["rows"]]
    return doc


def _style(row: dict) -> str | None:
    return {INCREASE: "red", DECREASE: "green"}.get(row.get("classification", ""))


def indicators(
    area: AreaOption,
    period: PeriodOption,
    baseline: BaselineOption = None,
    format: FormatOption = Format.table,
    warehouse: WarehouseOption = None,
) -> None:
    """Counts, rates and change for the 14 police.uk crime types and all crime, then the
    agency indicators held (fire, ambulance, ED, force extract, ...), grouped by source.

    Example: saferplaces indicators --area "South Cambridgeshire" --period 2025 --baseline 2024
    """
    wh = open_warehouse(warehouse)
    a, p, b = area_and_periods(wh, area, period, baseline)
    result = full_indicator_table(wh, a, p, b)
    columns = list(TABLE_COLUMNS if format == Format.table else INDICATOR_COLUMNS)
    if p.months != 12:
        at = [c.key for c in columns].index("rate_per_1000") + 1
        columns.insert(at, Column("annualised_rate_per_1000", "Annualised rate", "rate"))
    residents = result.rows[0].denominator
    households = result.row("Burglary").denominator
    young = next(
        (r.denominator for r in result.rows if r.denominator_kind == "residents_10_17"), None
    )
    notes = [
        f"Denominators: {residents:,} usual residents; {households:,} households (burglary)"
        + (f"; {young:,} residents aged 10 to 17 (ONS mid-2020, youth justice)." if young else "."),
        *result.notes,
        "Change % is not shown when the baseline count is under 10. p: exact conditional "
        f"test; q: Benjamini–Hochberg across the rows; significant when p < {result.alpha}.",
    ]
    rows = [
        _not_compared(r) | {"short": _SHORT.get(r["classification"], "–")}
        for r in row_dicts(result)
    ]
    title = f"{a.name} ({a.level}): {p.label} against {b.label}"
    if format != Format.table:
        emit(format, columns, rows, payload=lambda: _payload(result), title=title, notes=notes)
        return
    # People read one table per source: police.uk first, then each agency's; a source's
    # proportions (percentages) in a table of their own under its counts.
    for i, group in enumerate(result.groups):
        ids = set(group["indicator_ids"])
        counts = [r for r in rows if r["indicator_id"] in ids and r["kind"] == "count"]
        shares = [_proportion(r) for r in rows if r["indicator_id"] in ids and r["kind"] != "count"]
        last = i == len(result.groups) - 1
        if counts:
            emit(
                format,
                columns,
                counts,
                payload=lambda: _payload(result),
                title=title if i == 0 else group["group"],
                notes=notes if last and not shares else (),
                row_style=_style,
            )
        if shares:
            emit(
                format,
                PROPORTION_COLUMNS,
                shares,
                payload=lambda: _payload(result),
                title=f"{group['group']}: rates (%)",
                notes=notes if last else (),
                row_style=_style,
            )


table_app = typer.Typer(
    help="Tables of one indicator across wards or districts, or an agency source as a pivot table."
)

IndicatorOption = Annotated[
    str,
    typer.Option(
        "--indicator",
        help="Indicator id, e.g. burglary, anti-social-behaviour, all-crime, deliberate-fires "
        "(see `saferplaces sources` for the agency indicators).",
    ),
]


def _unit_columns(unit: str, extra: bool) -> list[Column]:
    """``extra``: the columns a person reads in a table (change %, denominator, the
    verdict in words); CSV keeps its keys and adds the interval and the test."""
    cols = [
        Column(f"{unit}_code", f"{unit.title()} code"),
        Column(f"{unit}_name", unit.title()),
        Column("count", "Count", "int"),
        Column("baseline_count", "Baseline", "int"),
        Column("change", "Change", "signed"),
        Column("rate_per_1000", "Rate /1,000", "rate"),
    ]
    if extra:
        cols.insert(5, Column("change_pct", "Change %", "pct"))
        cols.insert(6, Column("denominator", "Denominator", "int"))
        return [
            *cols,
            Column("p_value", "p", "p"),
            Column("q_value", "q", "p"),
            Column("short", "Change is"),
        ]
    return [
        *cols,
        Column("ci_low", "CI low", "rate"),
        Column("ci_high", "CI high", "rate"),
        Column("p_value", "p", "p"),
        Column("q_value", "q", "p"),
        Column("classification", "Classification"),
    ]


def _unit_rows(rows: list[dict]) -> list[dict]:
    def short(r: dict) -> str:
        if r.get("level") == "outside force area":
            return "for information"
        return _SHORT.get(r["classification"], "–")

    return [r | {"short": short(r)} for r in rows]


def _unit_notes(t) -> list[str]:
    return [
        *t.notes,
        "p: exact conditional test of the two counts; q: Benjamini–Hochberg across the "
        f"{t.unit}s; significant when p < {t.alpha:g}. The 95% interval of a rate "
        "(ci_low, ci_high in CSV and JSON) is exact (Poisson).",
    ]


@table_app.command("wards")
def wards(
    area: AreaOption,
    indicator: IndicatorOption,
    period: PeriodOption,
    baseline: BaselineOption = None,
    format: FormatOption = Format.table,
    warehouse: WarehouseOption = None,
) -> None:
    """One indicator for every ward of a district, wards with none included.

    Example: saferplaces table wards --area "South Cambs" --indicator burglary --period 2025
    """
    wh = open_warehouse(warehouse)
    a, p, b = area_and_periods(wh, area, period, baseline)
    t = ward_table(wh, a, get_indicator(indicator), p, b)
    payload = t.to_dict()
    emit(
        format,
        _unit_columns("ward", format == Format.table),
        _unit_rows(payload["rows"]),  # type: ignore[arg-type]
        payload=lambda: payload,
        title=f"{t.indicator.name} by ward, {a.name}: {p.label} against {b.label}",
        notes=_unit_notes(t),
        row_style=_style,
    )


@table_app.command("districts")
def districts(
    area: AreaOption,
    indicator: IndicatorOption,
    period: PeriodOption,
    baseline: BaselineOption = None,
    format: FormatOption = Format.table,
    warehouse: WarehouseOption = None,
) -> None:
    """One indicator for every district of a force, plus the force total.

    Example: saferplaces table districts --area Cambridgeshire --indicator all-crime --period 2025
    """
    wh = open_warehouse(warehouse)
    a, p, b = area_and_periods(wh, area, period, baseline)
    t = district_table(wh, a, get_indicator(indicator), p, b)
    payload = t.to_dict()
    cols = _unit_columns("district", format == Format.table)
    cols.insert(0, Column("level", "Row"))
    emit(
        format,
        cols if format != Format.table else cols[1:],
        _unit_rows(payload["rows"]),  # type: ignore[arg-type]
        payload=lambda: payload,
        title=f"{t.indicator.name} by district, {a.name}: {p.label} against {b.label}",
        notes=_unit_notes(t),
        row_style=lambda r: (
            "bold"
            if r.get("level") == "force total"
            else ("dim" if r.get("level") != "district" else _style(r))
        ),
    )


_OUTCOME_KEYS = (
    "crime_type",
    "crimes",
    "with_outcome",
    "charge_or_summons",
    "no_suspect_identified",
    "unable_to_prosecute",
)


@table_app.command("outcomes")
def outcomes(
    area: AreaOption,
    period: PeriodOption,
    format: FormatOption = Format.table,
    warehouse: WarehouseOption = None,
) -> None:
    """police.uk outcomes by crime type: each crime judged by its latest outcome held.

    Example: saferplaces table outcomes --area "South Cambs" --period 2024
    """
    wh = open_warehouse(warehouse)
    a, p = resolve_area(wh, area), parse_period(period)
    counted = oq.outcome_counts(wh, a.predicate("l"), p.start_date, p.end_date)
    rows = [dict(zip(_OUTCOME_KEYS, r, strict=True)) for r in counted]
    first, last = oq.outcome_months(wh, None)
    held = f"{first:%Y-%m} to {last:%Y-%m}" if first else "none"
    notes = [
        "crimes: street records with a Crime ID in the area and period; a crime's outcome is "
        "its latest row in the outcomes files held (latest month; within a month, the last "
        f"in file order). Outcome months held: {held}.",
        "charge_or_summons: 'Suspect charged' or 'Suspect charged as part of another case'.",
    ]
    payload = {
        "area": {"code": a.code, "name": a.name, "level": a.level},
        "period": {"start": p.start, "end": p.end},
        "outcome_months": {
            "first": f"{first:%Y-%m}" if first else None,
            "last": f"{last:%Y-%m}" if last else None,
        },
        "rows": rows,
        "notes": notes,
    }
    emit(
        format,
        [
            Column("crime_type", "Crime type"),
            Column("crimes", "Crimes", "int"),
            Column("with_outcome", "With an outcome", "int"),
            Column("charge_or_summons", "Charge or summons", "int"),
            Column("no_suspect_identified", "No suspect identified", "int"),
            Column("unable_to_prosecute", "Unable to prosecute", "int"),
        ],
        rows,
        payload=lambda: payload,
        title=f"Outcomes by crime type, {a.name}: {p.label}",
        notes=notes,
    )


class SearchBy(StrEnum):
    object = "object"
    outcome = "outcome"
    ethnicity = "ethnicity"
    age = "age"
    gender = "gender"
    month = "month"


_SEARCH_HEADERS = {
    "object": "Object of search",
    "outcome": "Outcome",
    "ethnicity": "Self-defined ethnicity",
    "age": "Age range",
    "gender": "Gender",
    "month": "Month",
}


@table_app.command("searches")
def searches(
    area: AreaOption,
    period: PeriodOption,
    by: Annotated[
        SearchBy, typer.Option("--by", help="Count searches by this field.")
    ] = SearchBy.object,
    format: FormatOption = Format.table,
    warehouse: WarehouseOption = None,
) -> None:
    """police.uk stop and search counts for an area, by one field, with each row's share.

    Example: saferplaces table searches --area "South Cambs" --period 2024 --by outcome
    """
    wh = open_warehouse(warehouse)
    a, p = resolve_area(wh, area), parse_period(period)
    t = search_table(wh, a, p, by.value)
    held = f"{t.first_month} to {t.last_month}" if t.first_month else "none"
    forces = ", ".join(t.forces) or "no force"
    notes = [
        f"{t.total:,} searches placed in {a.name}: a search is in the area when its point "
        "lies in one of the area's LSOAs (2021). Stop and search months held: "
        f"{held}.",
        f"Not in any area's rows: {t.no_location:,} searches by {forces} in the period with "
        f"no location given, and {t.outside_boundaries:,} whose point lies in no LSOA "
        "boundary loaded.",
        "share: of the searches placed in the area. Blank fields read 'Not recorded'.",
    ]
    if t.by in LINKED_GROUPS:
        notes.append(
            "linked_share: searches whose outcome was linked to the object of search, of "
            "those for which the file records it (police.uk leaves it blank, mostly for "
            "no further action)."
        )
    rows = t.row_dicts()
    columns = [
        Column(t.by, _SEARCH_HEADERS[t.by]),
        Column("searches", "Searches", "int"),
        Column("share", "Share", "fraction"),
    ]
    if t.by in LINKED_GROUPS:
        columns += [
            Column("outcome_linked", "Outcome linked to object", "int"),
            Column("linked_recorded", "Linkage recorded", "int"),
            Column("linked_share", "Linked share", "fraction"),
        ]
    payload = {
        "area": {"code": a.code, "name": a.name, "level": a.level},
        "period": {"start": p.start, "end": p.end},
        "by": t.by,
        "search_months": {"first": t.first_month, "last": t.last_month},
        "total": t.total,
        "unplaced": {
            "forces": t.forces,
            "no_location": t.no_location,
            "outside_boundaries": t.outside_boundaries,
        },
        "rows": rows,
        "notes": notes,
    }
    emit(
        format,
        columns,
        rows,
        payload=lambda: payload,
        title=f"Stop and search by {_SEARCH_HEADERS[t.by].lower()}, {a.name}: {p.label}",
        notes=notes,
    )
