"""``saferplaces concentration``, ``hotspots``, ``funnel``, ``harm`` and ``profile``; the
``flags`` commands are in :mod:`saferplaces.cli.place_flags` (registered from here)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from saferplaces.cli.analysis_options import cli_option
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
from saferplaces.cli.phrasing import cli_text
from saferplaces.cli.place_flags import flags_app as flags_app  # registered by cli/app.py
from saferplaces.cli.place_flags import warn_incomplete
from saferplaces.core.errors import SaferplacesError
from saferplaces.core.periods import parse_period
from saferplaces.geography.areas import resolve_area
from saferplaces.indicators.registry import get_indicator, slug
from saferplaces.places.options import CONCENTRATION, FUNNEL, HOTSPOTS, INDICATOR

# The places library pulls in Matplotlib, SciPy, PySAL and WeasyPrint: each command imports
# what it uses, so that `saferplaces --help` and the other commands start quickly.

IndicatorOption = cli_option(INDICATOR)


def _default_figure(kind: str, area: str, indicator: str, period) -> Path:
    return Path(f"{kind}-{slug(area)}-{indicator}-{period.start}-{period.end}.png")


def concentration(
    area: AreaOption,
    period: PeriodOption,
    indicator: IndicatorOption = CONCENTRATION["indicator"].default,
    by: cli_option(CONCENTRATION["by"]) = CONCENTRATION["by"].default,
    format: FormatOption = Format.table,
    warehouse: WarehouseOption = None,
) -> None:
    """How few places hold how much: top shares, places for 25% and 50%, Gini.

    Example: saferplaces concentration --area Cambridge --period 2025 --by location
    """
    wh = open_warehouse(warehouse)
    a = resolve_area(wh, area)
    from saferplaces.places.concentration import concentration as concentration_of

    c = concentration_of(wh, a, parse_period(period), get_indicator(indicator), by)
    s = c.stats

    def pct(v: float | None) -> str:
        return "–" if v is None else f"{v:.1f}%"

    def coef(v: float | None) -> str:
        return "–" if v is None else f"{v:.3f}"

    rows = [
        {
            "measure": f"Share of incidents in the top {k}% of places ({s.top_places[k]:,})",
            "value": pct(v),
        }
        for k, v in s.top_shares.items()
    ] + [
        {"measure": f"Share of places holding {k}% of incidents", "value": pct(v)}
        for k, v in s.places_for_share.items()
    ]
    if by == "lsoa":
        rows.append(
            {
                "measure": "Share of places with none",
                "value": pct(100 * s.places_with_none / s.places) if s.places else "–",
            }
        )
    rows += [
        {"measure": "Places", "value": f"{s.places:,}"},
        {"measure": "Incidents", "value": f"{s.incidents:,.0f}"},
        {"measure": "Gini", "value": coef(s.gini)},
        {"measure": "Generalised Gini", "value": coef(s.generalised_gini)},
    ]
    warn_incomplete(format, c.coverage)
    notes = list(c.notes)
    if format == Format.table and s.incidents:
        busiest = "; ".join(f"{p.label} ({p.count:,})" for p in c.places[:5])
        notes.append(f"Busiest: {busiest}.")
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
    indicator: IndicatorOption = HOTSPOTS["indicator"].default,
    measure: cli_option(HOTSPOTS["measure"]) = HOTSPOTS["measure"].default,
    map_path: Annotated[
        Path | None,
        typer.Option("--map", help="Where to write the map PNG (default: hotspots-AREA-....png)."),
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
    from saferplaces.places.figures import draw_hotspots
    from saferplaces.places.hotspots import hotspots as hotspots_of

    h = hotspots_of(wh, a, p, ind, measure=measure)
    fig = draw_hotspots(wh, h, map_path or _default_figure("hotspots", a.name, ind.id, p))
    payload = h.to_dict() | {"map": fig.to_dict()}
    warn_incomplete(format, h.coverage)
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
        notes=[*h.notes, f"Map: {fig.path} ({fig.alt_text})"],
        row_style=lambda r: {"hot spot": "red", "cold spot": "blue"}.get(r["classification"]),
    )


def funnel(
    area: AreaOption,
    period: PeriodOption,
    indicator: IndicatorOption = FUNNEL["indicator"].default,
    reference: cli_option(FUNNEL["reference"]) = FUNNEL["reference"].default,
    chart: Annotated[
        Path | None,
        typer.Option(
            "--chart", help="Where to write the chart PNG (default: funnel-AREA-....png)."
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
    from saferplaces.places import figures
    from saferplaces.places.funnel import funnel as funnel_of

    f = funnel_of(wh, a, p, ind, reference=reference)
    path = chart or _default_figure("funnel", a.name, ind.id, p)
    fig = figures.funnel_chart(f, path)
    payload = f.to_dict() | {"chart": fig.to_dict()}
    warn_incomplete(format, f.coverage)
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
    from saferplaces.places.harm import harm_profile

    h = harm_profile(wh, a, parse_period(period))
    warn_incomplete(format, h.coverage)
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
        typer.Option("--out", help="Folder for the documents (default: profile-NAME)."),
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
    from saferplaces.places.custom_area import from_geojson, from_lsoas, from_wards
    from saferplaces.places.profile import build_profile
    from saferplaces.places.profile_document import default_out_dir, render_profile, summary_lines

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
    for note in result.notes:
        if getattr(note, "code", "") == "places.no-default-run":
            console.print(f"  {cli_text(note)}", highlight=False, soft_wrap=True)
    for kind, path in files.items():
        console.print(f"  {kind}: {path}", highlight=False)
