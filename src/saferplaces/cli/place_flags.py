"""``saferplaces flags run|set|history|show``: place flags and categories."""

from __future__ import annotations

from typing import Annotated

import typer

from saferplaces.cli.context import open_warehouse
from saferplaces.cli.options import AreaOption, Format, FormatOption, PeriodOption, WarehouseOption
from saferplaces.cli.output import Column, console, emit, err_console
from saferplaces.core.periods import parse_period
from saferplaces.geography.areas import resolve_area
from saferplaces.places.flag_decisions import resolve_ward, set_category
from saferplaces.places.flag_history import flags_history
from saferplaces.places.flags import run_flags
from saferplaces.places.ranking import parse_indicators
from saferplaces.places.stored_runs import run_values
from saferplaces.quality.coverage import Coverage

flags_app = typer.Typer(help="Place flags: rank wards, flag the top share, keep categories.")


def warn_incomplete(fmt: Format, coverage: list[Coverage]) -> None:
    """Say on stderr when months are missing (CSV carries no notes; JSON has ``coverage``)."""
    if fmt == Format.json:
        return
    for c in coverage:
        if not c.complete:
            err_console.print(f"Warning: incomplete: {c.describe()}.", highlight=False)


@flags_app.command("run")
def flags_run(
    area: AreaOption,
    period: PeriodOption,
    indicators: Annotated[
        str | None,
        typer.Option(
            "--indicators",
            help="Comma-separated indicators (default: every police.uk crime type, ASB, and "
            "every other loaded indicator with ward figures).",
            show_default=False,
        ),
    ] = None,
    top: Annotated[float, typer.Option("--top", help="Share of wards flagged.")] = 0.2,
    min_flags: Annotated[
        int, typer.Option("--min-flags", help="Flags needed to be proposed as emerging.")
    ] = 2,
    measure: Annotated[str, typer.Option("--measure", help="rate (per 1,000) or count.")] = "rate",
    against: Annotated[
        str | None,
        typer.Option(
            "--against",
            help="Propose categories against this earlier run (default: the latest earlier "
            "run with the same indicators, measure, --top and --min-flags).",
            show_default=False,
        ),
    ] = None,
    allow_incomplete: Annotated[
        bool,
        typer.Option(
            "--allow-incomplete", help="Rank a period with months missing (noted in the run)."
        ),
    ] = False,
    format: FormatOption = Format.table,
    warehouse: WarehouseOption = None,
) -> None:
    """Rank every ward of a district on each indicator, flag the top share, propose categories.

    Example: saferplaces flags run --area "South Cambridgeshire" --period ye2025-09
    """
    wh = open_warehouse(warehouse)
    a = resolve_area(wh, area)
    result = run_flags(
        wh,
        a,
        parse_period(period),
        parse_indicators(indicators, wh),
        top=top,
        min_flags=min_flags,
        measure=measure,
        against=against,
        allow_incomplete=allow_incomplete,
    )
    names = {i.id: i.name for i in result.indicators}
    rows = [
        w.to_dict()
        | {
            "previous_flag_count": w.previous_flag_count,
            "flagged_on": "; ".join(names[f] for f in w.flags),
            "decided": "yes" if w.decision else "",
        }
        for w in result.wards
    ]
    warn_incomplete(format, result.coverage)
    if format == Format.table:
        err_console.print(
            f"Run {result.id} "
            + ("stored." if result.stored else "already held (same inputs): nothing stored."),
            highlight=False,
        )
    emit(
        format,
        [
            Column("ward_code", "Ward code"),
            Column("ward_name", "Ward"),
            Column("flag_count", "Flags", "int"),
            Column("previous_flag_count", "Before", "int"),
            Column("proposed_category", "Proposed"),
            Column("category", "Category"),
            Column("decided", "Decision"),
            Column("flagged_on", "Flagged on"),
        ],
        rows,
        payload=result.to_dict,
        title=f"Place flags, {a.name}: {result.period.label} (run {result.id})",
        notes=result.notes,
    )


@flags_app.command("set")
def flags_set(
    ward: Annotated[str, typer.Argument(help="Ward name or code.")],
    category: Annotated[
        str,
        typer.Argument(help="emerging, sustaining, preventing, off, or clear (back to the rules)."),
    ],
    reason: Annotated[str, typer.Option("--reason", help="Why: kept with the decision.")],
    area: Annotated[
        str | None,
        typer.Option("--area", help="The ward's district, when the ward name is not unique."),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option("--by", help="Who decided (default: SAFERPLACES_USER or the login name)."),
    ] = None,
    warehouse: WarehouseOption = None,
) -> None:
    """Record a person's decision on a ward's category; later runs never overwrite it.

    Example: saferplaces flags set Longstanton preventing --reason "Northstowe new town"
    """
    wh = open_warehouse(warehouse)
    district = resolve_area(wh, area) if area else None
    w = resolve_ward(wh, ward, district)
    d = set_category(wh, w, category, reason, who=by)
    console.print(
        f"Decision {d['decision_id']}: {d['ward_name']} ({d['ward_code']}) is "
        f"{d['category']}, by {d['decided_by']} at {d['decided_at']:%Y-%m-%d %H:%M}: "
        f"{d['reason']}",
        highlight=False,
    )


def _run_settings(e: dict) -> str:
    n = len(e["indicators"])
    shown = ", ".join(e["indicators"][:4]) + (f" and {n - 4} more" if n > 4 else "")
    return (
        f"{n} indicator(s) ({shown}); {e['measure']}; top {e['top']:g}; min flags {e['min_flags']}"
    )


@flags_app.command("history")
def flags_history_cmd(
    area: AreaOption,
    ward: Annotated[
        str | None, typer.Option("--ward", help="One ward of the district (name or code).")
    ] = None,
    format: FormatOption = Format.table,
    warehouse: WarehouseOption = None,
) -> None:
    """Every flags run and every decision for a district, or for one of its wards.

    Example: saferplaces flags history --area "South Cambridgeshire" --ward Longstanton
    """
    wh = open_warehouse(warehouse)
    a = resolve_area(wh, area)
    w = resolve_ward(wh, ward, a) if ward else None
    h = flags_history(wh, a, w)
    rows = []
    for e in h.events():
        when = f"{e['when']:%Y-%m-%d %H:%M}"
        if e["kind"] == "run":
            if w is not None:
                ward_row = e.get("ward") or {}
                what = (
                    f"{ward_row.get('flag_count', 0)} flags"
                    + (f" ({', '.join(ward_row['flags'])})" if ward_row.get("flags") else "")
                    + f"; proposed {ward_row.get('proposed_category') or 'not listed'}"
                    + f"; category {ward_row.get('category') or 'not listed'}"
                )
            else:
                cats = e["categories"]
                what = (
                    "; ".join(f"{k}: {', '.join(v)}" for k, v in cats.items() if v)
                    or "no ward listed"
                )
            rows.append(
                {
                    "when": when,
                    "kind": f"run {e['run_id']}",
                    "who": e["created_by"],
                    "period": f"{e['period_start']}..{e['period_end']}",
                    "settings": _run_settings(e),
                    "what": what,
                }
            )
        else:
            rows.append(
                {
                    "when": when,
                    "kind": f"decision {e['decision_id']}",
                    "who": e["decided_by"],
                    "period": "",
                    "settings": "",
                    "what": f"{e['ward_name']}: {e['category']} ({e['reason']})",
                }
            )
    emit(
        format,
        [
            Column("when", "When"),
            Column("kind", "Event"),
            Column("who", "Who"),
            Column("period", "Period"),
            Column("settings", "Settings"),
            Column("what", "What"),
        ],
        rows,
        payload=h.to_dict,
        title=f"Place flags history, {a.name}" + (f": {w.name}" if w else ""),
        notes=["`saferplaces flags show RUN` lists a run's ward values against its thresholds."],
    )


@flags_app.command("show")
def flags_show(
    run: Annotated[str, typer.Argument(help="Run id (see `flags history`).")],
    ward: Annotated[
        str | None, typer.Option("--ward", help="Only this ward of the run (name or code).")
    ] = None,
    format: FormatOption = Format.table,
    warehouse: WarehouseOption = None,
) -> None:
    """What a stored run ranked: each ward's value on each indicator against the threshold.

    Example: saferplaces flags show 4670adb2bbf92f99 --ward Longstanton
    """
    wh = open_warehouse(warehouse)
    v = run_values(wh, run, ward)
    r, w = v.run, v.ward
    emit(
        format,
        [
            Column("indicator_name", "Indicator"),
            Column("ward_name", "Ward"),
            Column("count", "Count", "int"),
            Column("denominator", "Denominator", "int"),
            Column("value", "Value", "rate"),
            Column("rank", "Rank", "int"),
            Column("threshold", "Threshold", "rate"),
            Column("flagged", "Flagged"),
        ],
        [x | {"flagged": "yes" if x["flagged"] else ""} for x in v.rows],
        payload=v.to_dict,
        title=f"Flags run {r.id}, {r.area.name}: {r.period.label}" + (f" ({w.name})" if w else ""),
        notes=[
            f"Value: {'rate per 1,000' if r.measure == 'rate' else 'count'} (count where an "
            "indicator has no denominator); flagged when the value is at least the threshold "
            "and above zero.",
            *r.notes,
        ],
    )
