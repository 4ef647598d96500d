"""``saferplaces flags run|set|history``, ``concentration``, ``hotspots``, ``funnel``, ``harm``,
``profile``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from saferplaces.cli.context import open_warehouse
from saferplaces.cli.options import (
    AreaOption,
    BaselineOption,
    Format,
    FormatOption,
    PeriodOption,
    WarehouseOption,
)
from saferplaces.cli.output import Column, console, emit, err_console
from saferplaces.core.errors import SaferplacesError
from saferplaces.core.periods import parse_period
from saferplaces.geography.areas import resolve_area
from saferplaces.geography.boundaries import boundaries
from saferplaces.indicators.registry import get_indicator
from saferplaces.places import figures
from saferplaces.places.concentration import concentration as concentration_of
from saferplaces.places.custom_area import from_geojson, from_lsoas, from_wards
from saferplaces.places.flags import flags_history, resolve_ward, run_flags, set_category
from saferplaces.places.funnel import funnel as funnel_of
from saferplaces.places.harm import harm_profile
from saferplaces.places.hotspots import hotspots as hotspots_of
from saferplaces.places.profile import build_profile
from saferplaces.places.profile_render import default_out_dir, render_profile, summary_lines
from saferplaces.places.ranking import parse_indicators
from saferplaces.sources.police_uk.crime_types import slug

flags_app = typer.Typer(help="Place flags: rank wards, flag the top share, keep categories.")

IndicatorOption = Annotated[
    str,
    typer.Option("--indicator", help="Indicator id or name, e.g. all-crime, burglary, asb."),
]


def _default_figure(kind: str, area: str, indicator: str, period) -> Path:
    return Path(f"{kind}-{slug(area)}-{indicator}-{period.start}-{period.end}.png")


@flags_app.command("run")
def flags_run(
    area: AreaOption,
    period: PeriodOption,
    indicators: Annotated[
        str | None,
        typer.Option(
            "--indicators",
            help="Comma-separated indicators [default: every police.uk crime type, ASB, and "
            "every other loaded indicator with ward figures].",
            show_default=False,
        ),
    ] = None,
    top: Annotated[float, typer.Option("--top", help="Share of wards flagged.")] = 0.2,
    min_flags: Annotated[
        int, typer.Option("--min-flags", help="Flags needed to be proposed as emerging.")
    ] = 2,
    measure: Annotated[str, typer.Option("--measure", help="rate (per 1,000) or count.")] = "rate",
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
        typer.Option("--by", help="Who decided [default: SAFERPLACES_USER or the login name]."),
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
            Column("what", "What"),
        ],
        rows,
        payload=h.to_dict,
        title=f"Place flags history, {a.name}" + (f": {w.name}" if w else ""),
    )


def concentration(
    area: AreaOption,
    period: PeriodOption,
    indicator: Annotated[
        str, typer.Option("--indicator", help="Crime type or all-crime.")
    ] = "all-crime",
    by: Annotated[
        str,
        typer.Option("--by", help="location (police.uk snap points) or lsoa (every LSOA)."),
    ] = "location",
    format: FormatOption = Format.table,
    warehouse: WarehouseOption = None,
) -> None:
    """How few places hold how much: top shares, places for 25% and 50%, Gini.

    Example: saferplaces concentration --area Cambridge --period 2025 --by location
    """
    wh = open_warehouse(warehouse)
    a = resolve_area(wh, area)
    c = concentration_of(wh, a, parse_period(period), get_indicator(indicator), by)
    s = c.stats
    rows = [
        {
            "measure": f"Share of incidents in the top {k}% of places ({s.top_places[k]:,})",
            "value": f"{v:.1f}%",
        }
        for k, v in s.top_shares.items()
    ] + [
        {"measure": f"Share of places holding {k}% of incidents", "value": f"{v:.1f}%"}
        for k, v in s.places_for_share.items()
    ]
    if by == "lsoa":
        rows.append(
            {
                "measure": "Share of places with none",
                "value": f"{100 * s.places_with_none / s.places:.1f}%" if s.places else "–",
            }
        )
    rows += [
        {"measure": "Places", "value": f"{s.places:,}"},
        {"measure": "Incidents", "value": f"{s.incidents:,.0f}"},
        {"measure": "Gini", "value": f"{s.gini:.3f}"},
        {"measure": "Generalised Gini", "value": f"{s.generalised_gini:.3f}"},
    ]
    if format == Format.table:
        busiest = "; ".join(f"{p.name or p.code} ({p.count:,.0f})" for p in c.places[:5])
        notes = [*c.notes, f"Busiest: {busiest}."]
    else:
        notes = c.notes
    emit(
        format,
        [Column("measure", "Measure"), Column("value", "Value")],
        rows,
        payload=c.to_dict,
        title=f"Concentration of {c.indicator.name.lower()}, {a.name}: {c.period.label}",
        notes=notes,
    )


def hotspots(
    area: AreaOption,
    period: PeriodOption,
    indicator: IndicatorOption,
    measure: Annotated[
        str, typer.Option("--measure", help="count or rate (per 1,000) per LSOA.")
    ] = "count",
    map_path: Annotated[
        Path | None,
        typer.Option("--map", help="Where to write the map PNG [default: hotspots-AREA-....png]."),
    ] = None,
    all_rows: Annotated[
        bool, typer.Option("--all", help="List every LSOA, not only hot and cold spots.")
    ] = False,
    format: FormatOption = Format.table,
    warehouse: WarehouseOption = None,
) -> None:
    """Gi* hot and cold spots among the LSOAs of an area, with a map.

    Example: saferplaces hotspots --area Peterborough --period 2025 --indicator asb
    """
    wh = open_warehouse(warehouse)
    a = resolve_area(wh, area)
    p = parse_period(period)
    ind = get_indicator(indicator)
    h = hotspots_of(wh, a, p, ind, measure=measure)
    path = map_path or _default_figure("hotspots", a.name, ind.id, p)
    lsoas = boundaries(wh, "lsoa", [r.lsoa_code for r in h.rows])
    wards = boundaries(
        wh,
        "ward",
        [
            c
            for (c,) in wh.rows(
                "SELECT DISTINCT ward_code FROM ref_lsoa WHERE lsoa21_code IN (SELECT unnest(?))",
                [[r.lsoa_code for r in h.rows]],
            )
        ],
    )
    fig = figures.hotspot_map(h, lsoas, wards, path)
    payload = h.to_dict() | {"map": fig.to_dict()}
    shown = h.rows if all_rows or format != Format.table else h.hot + h.cold
    emit(
        format,
        [
            Column("lsoa_code", "LSOA"),
            Column("lsoa_name", "Name"),
            Column("ward_name", "Ward"),
            Column("count", "Count", "int"),
            Column("rate_per_1000", "Rate /1,000", "rate"),
            Column("z", "z", "z"),
            Column("p_value", "p", "p"),
            Column("q_value", "q", "p"),
            Column("classification", "Gi*"),
        ],
        [r.__dict__ for r in shown],
        payload=lambda: payload,
        title=f"{ind.name}: hot and cold spots, {a.name}, {p.label}",
        notes=[*h.notes, f"Map: {path} ({fig.alt_text})"],
        row_style=lambda r: {"hot spot": "red", "cold spot": "blue"}.get(r["classification"]),
    )


def funnel(
    area: AreaOption,
    period: PeriodOption,
    indicator: IndicatorOption,
    reference: Annotated[
        str,
        typer.Option("--reference", help="district or force: the rate wards are compared with."),
    ] = "district",
    chart: Annotated[
        Path | None,
        typer.Option(
            "--chart", help="Where to write the chart PNG [default: funnel-AREA-....png]."
        ),
    ] = None,
    format: FormatOption = Format.table,
    warehouse: WarehouseOption = None,
) -> None:
    """Ward rates against the district rate with 95% and 99.8% limits, and a funnel chart.

    Example: saferplaces funnel --area "South Cambridgeshire" --period 2025 --indicator burglary
    """
    wh = open_warehouse(warehouse)
    a = resolve_area(wh, area)
    p = parse_period(period)
    ind = get_indicator(indicator)
    f = funnel_of(wh, a, p, ind, reference=reference)
    path = chart or _default_figure("funnel", a.name, ind.id, p)
    fig = figures.funnel_chart(f, path)
    payload = f.to_dict() | {"chart": fig.to_dict()}
    emit(
        format,
        [
            Column("ward_code", "Ward code"),
            Column("ward_name", "Ward"),
            Column("count", "Count", "int"),
            Column("denominator", "Denominator", "int"),
            Column("rate_per_1000", "Rate /1,000", "rate"),
            Column("expected", "Expected", "rate"),
            Column("lower_998", "99.8% low", "int"),
            Column("upper_998", "99.8% high", "int"),
            Column("position", "Position"),
        ],
        [r.__dict__ for r in f.rows],
        payload=lambda: payload,
        title=f"{ind.name} by ward against {f.reference_name}, {p.label}",
        notes=[*f.notes, f"Chart: {path} ({fig.alt_text})"],
        row_style=lambda r: "bold" if "99.8" in r["position"] else None,
    )


def harm(
    area: AreaOption,
    period: PeriodOption,
    format: FormatOption = Format.table,
    warehouse: WarehouseOption = None,
) -> None:
    """Harm score and harm per 1,000, and each crime type's share of harm beside its volume.

    Example: saferplaces harm --area "South Cambridgeshire" --period 2025
    """
    wh = open_warehouse(warehouse)
    a = resolve_area(wh, area)
    h = harm_profile(wh, a, parse_period(period))
    rows = [
        r.__dict__ | {"weight_text": "not weighted" if r.weight is None else f"{r.weight:g}"}
        for r in h.rows
    ]
    per = "–" if h.harm_per_1000 is None else f"{h.harm_per_1000:,.1f}"
    emit(
        format,
        [
            Column("crime_type", "Crime type"),
            Column("count", "Count", "int"),
            Column("weight_text", "Weight (days)"),
            Column("harm", "Harm (days)", "int"),
            Column("share_of_volume", "Share of volume %", "rate"),
            Column("share_of_harm", "Share of harm %", "rate"),
        ],
        rows,
        payload=h.to_dict,
        title=f"Crime harm, {a.name}: {h.period.label}: {h.harm:,.0f} days, {per} per 1,000",
        notes=h.notes,
    )


def profile(
    name: Annotated[str, typer.Option("--name", help="What to call the area, e.g. Northstowe.")],
    period: PeriodOption,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Folder for the documents [default: profile-NAME]."),
    ] = None,
    wards: Annotated[
        str | None, typer.Option("--wards", help="Comma-separated ward names or codes.")
    ] = None,
    lsoas: Annotated[
        str | None, typer.Option("--lsoas", help="Comma-separated LSOA (2021) codes.")
    ] = None,
    geojson: Annotated[
        Path | None,
        typer.Option("--geojson", help="GeoJSON polygons (WGS84 or British National Grid)."),
    ] = None,
    area: Annotated[
        str | None,
        typer.Option("--area", help="District the ward names are in, when they are not unique."),
    ] = None,
    baseline: BaselineOption = None,
    warehouse: WarehouseOption = None,
) -> None:
    """An area profile (HTML, PDF, Word and JSON) for a bespoke area.

    Example: saferplaces profile --name "Bar Hill" --wards "Bar Hill" --period 2025 --out profile
    """
    given = [x for x in (wards, lsoas, geojson) if x]
    if len(given) != 1:
        raise SaferplacesError("give exactly one of --wards, --lsoas or --geojson")
    wh = open_warehouse(warehouse)
    p = parse_period(period)
    b = parse_period(baseline) if baseline else None
    if wards:
        custom = from_wards(wh, name, wards, resolve_area(wh, area) if area else None)
    elif lsoas:
        custom = from_lsoas(wh, name, lsoas)
    else:
        custom = from_geojson(wh, name, geojson)  # type: ignore[arg-type]
    folder = out or default_out_dir(name)
    with err_console.status(f"Profiling {custom.describe}..."):
        result = build_profile(wh, custom, p, folder, b)
        files = render_profile(result, folder)
    console.print(f"Area profile: {custom.describe}, {p.label}", highlight=False)
    for line in summary_lines(result):
        console.print(f"  • {line}", highlight=False)
    for kind, path in files.items():
        console.print(f"  {kind}: {path}", highlight=False)
