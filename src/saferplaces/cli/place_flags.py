"""``saferplaces flags run|set|history|show``: place flags and categories."""

from __future__ import annotations

from typing import Annotated

import typer

from saferplaces.cli.analysis_options import cli_option
from saferplaces.cli.context import open_warehouse
from saferplaces.cli.options import AreaOption, Format, FormatOption, PeriodOption, WarehouseOption
from saferplaces.cli.output import Column, console, emit, err_console
from saferplaces.core.periods import parse_period
from saferplaces.geography.areas import resolve_area
from saferplaces.places import store
from saferplaces.places.flag_decisions import resolve_ward, set_category
from saferplaces.places.flag_history import flags_history
from saferplaces.places.flags import run_flags
from saferplaces.places.options import FLAGS
from saferplaces.places.ranking import parse_indicators
from saferplaces.places.stored_runs import run_values
from saferplaces.quality.coverage import Coverage

flags_app = typer.Typer(help="Place flags: rank wards, flag the top share, keep categories.")

# Whose runs and decisions: each partnership keeps its own (issue 18 §4).
PartnershipOption = Annotated[
    str,
    typer.Option(
        "--partnership",
        envvar="SAFERPLACES_PARTNERSHIP",
        help="Whose place flags: a partnership's short name (its web slug, as in the web "
        "app); or set SAFERPLACES_PARTNERSHIP. Without it, the command line's own, which "
        "no partnership sees.",
        show_default=False,
    ),
]


def _owned(warehouse, partnership: str, *, write: bool = False):
    return store.open_for(open_warehouse(warehouse, write=write), partnership.strip())


def whose(owner: str) -> str:
    """How the owner of a run or decision is named in output."""
    return f"partnership {owner}" if owner else "the command line's own (no partnership)"


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
    indicators: cli_option(FLAGS["indicators"]) = FLAGS["indicators"].default,
    top: cli_option(FLAGS["top"]) = FLAGS["top"].default,
    min_flags: cli_option(FLAGS["min_flags"]) = FLAGS["min_flags"].default,
    measure: cli_option(FLAGS["measure"]) = FLAGS["measure"].default,
    against: cli_option(FLAGS["against"]) = FLAGS["against"].default,
    allow_incomplete: cli_option(FLAGS["allow_incomplete"]) = FLAGS["allow_incomplete"].default,
    format: FormatOption = Format.table,
    warehouse: WarehouseOption = None,
    partnership: PartnershipOption = "",
) -> None:
    """Rank every ward of a district on each indicator, flag the top share, propose categories.

    Example: saferplaces flags run --area "South Cambridgeshire" --period ye2025-09
    """
    wh = _owned(warehouse, partnership, write=True)
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
            f"Run {result.id} ({whose(result.owner)}) "
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
    partnership: PartnershipOption = "",
) -> None:
    """Record a person's decision on a ward's category; later runs never overwrite it.

    The decision is the partnership's given with --partnership (it then shows in that
    partnership's web pages and runs), else the command line's own.

    Example: saferplaces flags set Longstanton off --reason "New town" --partnership south-cambs
    """
    wh = _owned(warehouse, partnership, write=True)
    district = resolve_area(wh, area) if area else None
    w = resolve_ward(wh, ward, district)
    d = set_category(wh, w, category, reason, who=by)
    console.print(
        f"Decision {d['decision_id']} ({whose(d['owner'])}): {d['ward_name']} "
        f"({d['ward_code']}) is {d['category']}, by {d['decided_by']} at "
        f"{d['decided_at']:%Y-%m-%d %H:%M}: {d['reason']}",
        highlight=False,
        soft_wrap=True,
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
    partnership: PartnershipOption = "",
) -> None:
    """Every flags run and every decision for a district, or for one of its wards.

    Example: saferplaces flags history --area "South Cambridgeshire" --ward Longstanton
    """
    wh = _owned(warehouse, partnership)
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
        title=f"Place flags history, {a.name}"
        + (f": {w.name}" if w else "")
        + f" ({whose(store.owner_of(wh))})",
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
