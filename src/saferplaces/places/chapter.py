"""The "Places" chapter of the strategic assessment: the flags run it shows, and its
content as plain data with figure files.

:func:`flag_settings` and :func:`chapter_flags` find the run a chapter shows (the
latest stored run with the chapter's settings) and only read: a run is made by an
explicit step (``saferplaces flags run``, the web app's flags form, or
:func:`places_chapter` when asked), never by building a document.

:func:`places_chapter` returns what the chapter shows for one district and period: the
current place flags and categories with their history and the decisions behind them,
the hot spot map, crime concentration, the funnel plot, and the deprivation context.
Figures are written into ``out_dir`` and referred to by path, with their titles, alt
text and source lines, so any renderer can place them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.messages import Note
from saferplaces.core.periods import Period, parse_period
from saferplaces.geography.areas import Area
from saferplaces.geography.boundaries import boundaries
from saferplaces.indicators.registry import get_indicator
from saferplaces.places import figures, store
from saferplaces.places.categories import LISTED, OFF
from saferplaces.places.completeness import coverages
from saferplaces.places.concentration import concentration
from saferplaces.places.deprivation import deprivation
from saferplaces.places.flag_history import FlagHistory, flags_history
from saferplaces.places.flags import FlagRun, run_flags, same_settings
from saferplaces.places.funnel import funnel
from saferplaces.places.hotspots import hotspots
from saferplaces.places.options import FLAGS
from saferplaces.places.ranking import held_defaults
from saferplaces.places.stored_runs import stored_run
from saferplaces.warehouse.connection import Warehouse


class NoFlagsRunError(SaferplacesError):
    """No stored flags run has the settings asked for: reading never makes one."""

    code = "places.no-flags-run"


@dataclass
class ChapterFlags:
    """The flags run a chapter shows, what sat it out, and the district's history."""

    run: FlagRun
    notes: list[str]  # indicators that sat the run out, then the run's own notes
    history: FlagHistory


@dataclass(frozen=True)
class FlagSettings:
    """The settings of the run a chapter asks for (``indicators`` as ranked: those whose
    source misses a month of the period sit out, and ``left_out`` says so)."""

    indicators: list[str]
    top: float
    min_flags: int
    measure: str
    left_out: list[str]
    default: bool  # the partnership's regular run (no settings given)

    def to_dict(self) -> dict[str, Any]:
        return {
            "indicators": self.indicators,
            "top": self.top,
            "min_flags": self.min_flags,
            "measure": self.measure,
            "default": self.default,
        }


def flag_settings(
    wh: Warehouse,
    district: Area,
    period: Period,
    *,
    indicators: list[str] | None = None,
    top: float | None = None,
    min_flags: int | None = None,
    measure: str | None = None,
) -> FlagSettings:
    """The settings of the run to show: those given, the defaults (``FLAGS``) for the
    rest. Of the ``indicators`` named, those whose source lacks a month of ``period`` sit
    the run out (police.uk never does: a run without it is refused instead); without
    any, the default indicators held for the whole period."""
    default = indicators is None and top is None and min_flags is None and measure is None
    left_out: list[Note] = []
    if indicators:
        wanted = [get_indicator(i) for i in indicators]
        covers = {c.source: c for c in coverages(wh, district, period, wanted)}
        gaps = {s for s, c in covers.items() if not c.complete and s != "police-uk"}
        kept = [i.id for i in wanted if i.source not in gaps]
        left_out = [
            Note(
                f"Not ranked this time: {', '.join(i.name for i in wanted if i.source == src)}, "
                f"because {_months_missing(covers[src].missing)} from its data.",
                code="places.sat-out",
                data={"source": src, "missing": list(covers[src].missing)},
            )
            for src in sorted(gaps)
        ]
    else:
        kept = [i.id for i in held_defaults(wh, district, period)[0]]
    return FlagSettings(
        kept,
        FLAGS["top"].default if top is None else FLAGS["top"].check(float(top)),
        FLAGS["min_flags"].default if min_flags is None else FLAGS["min_flags"].check(min_flags),
        FLAGS["measure"].default if measure is None else FLAGS["measure"].check(measure),
        left_out,
        default,
    )


def chapter_flags(
    wh: Warehouse, district: Area, period: Period, settings: FlagSettings
) -> ChapterFlags:
    """The latest stored run for ``district`` over exactly ``period`` made with
    ``settings``, with the district's history. Reads only: when none is held, a
    :class:`NoFlagsRunError` says so (its data holds the settings, so an audience can say
    how to make one)."""
    for r in store.runs_over(wh, district.code, period.start, period.end):
        if same_settings(
            r, settings.indicators, settings.measure, settings.top, settings.min_flags
        ):
            run = stored_run(wh, r["run_id"])
            return ChapterFlags(run, [*settings.left_out, *run.notes], flags_history(wh, district))
    raise NoFlagsRunError(
        f"no place-flags run is held for {period.label} with the chapter's settings "
        f"({len(settings.indicators)} indicators, ",
        FLAGS["top"].param(),
        f" {settings.top:g}, ",
        FLAGS["min_flags"].param(),
        f" {settings.min_flags}): run the place flags for the period with these settings first",
        data={
            "area_code": district.code,
            "area_name": district.name,
            "period": period.spec,
            "period_label": period.label,
            "owner": store.owner_of(wh),
            **settings.to_dict(),
        },
    )


def make_chapter_run(
    wh: Warehouse,
    district: Area,
    period: Period,
    settings: FlagSettings,
    *,
    allow_incomplete: bool = False,
    who: str | None = None,
) -> FlagRun:
    """The explicit step: make and store the run ``settings`` describe, as ``saferplaces
    flags run`` with those options would (the same inputs find the same run)."""
    chosen = None if settings.default else [get_indicator(i) for i in settings.indicators]
    return run_flags(
        wh,
        district,
        period,
        chosen,
        top=settings.top,
        min_flags=settings.min_flags,
        measure=settings.measure,
        allow_incomplete=allow_incomplete,
        who=who,
    )


def _months_missing(months) -> str:
    names = [parse_period(m).label for m in months]
    if len(names) == 1:
        return f"{names[0]} is missing"
    return f"{', '.join(names[:-1])} and {names[-1]} are missing"


def places_chapter(
    wh: Warehouse,
    district: Area,
    period: Period,
    out_dir: Path,
    *,
    indicator: str = "all-crime",
    allow_incomplete: bool = False,
    indicators: list[str] | None = None,
    top: float | None = None,
    min_flags: int | None = None,
    draw: bool = True,
    make_run: bool = True,
) -> dict[str, Any]:
    """Everything the Places chapter needs for ``district`` in ``period``, as plain data.

    ``indicators``, ``top`` and ``min_flags`` choose the flags run (the latest stored run
    with the same settings); by default it is the partnership's list made with the
    default settings. When none is held, ``make_run`` makes it (stored like any run; an
    incomplete period is refused unless ``allow_incomplete``); ``make_run=False`` raises
    :class:`NoFlagsRunError` instead. ``draw=False`` draws no figure files; ``figures``
    is then empty. (The strategic assessment reads the same results through its build
    context, and never makes a run.)"""
    out_dir.mkdir(parents=True, exist_ok=True)
    ind = get_indicator(indicator)
    settings = flag_settings(
        wh, district, period, indicators=indicators, top=top, min_flags=min_flags
    )
    try:
        flags = chapter_flags(wh, district, period, settings)
    except NoFlagsRunError:
        if not make_run:
            raise
        make_chapter_run(wh, district, period, settings, allow_incomplete=allow_incomplete)
        flags = chapter_flags(wh, district, period, settings)
    run = flags.run
    wards_geo = boundaries(wh, "ward", [w.ward_code for w in run.wards])
    figs: list[figures.Figure] = []
    if wards_geo and draw:
        figs.append(figures.flags_map(run, wards_geo, out_dir / "places-flags-map.png"))
    h = hotspots(wh, district, period, ind)
    c = concentration(wh, district, period, ind, "location")
    f = funnel(wh, district, period, ind)
    if draw:
        figs.append(
            figures.hotspot_map(
                h,
                boundaries(wh, "lsoa", [r.lsoa_code for r in h.rows]),
                wards_geo,
                out_dir / "places-hotspots.png",
            )
        )
        figs.append(figures.lorenz_curve(c, out_dir / "places-concentration.png"))
        figs.append(figures.funnel_chart(f, out_dir / "places-funnel.png"))
    names = {i.id: i.name for i in run.indicators}
    return {
        "title": "Places",
        "area": district.to_dict(),
        "period": period.to_dict(),
        "indicator": {"id": ind.id, "name": ind.name},
        "flags": {
            "run": run.to_dict()["run"],
            "thresholds": run.to_dict()["thresholds"],
            "listed": [
                {
                    "ward_code": w.ward_code,
                    "ward_name": w.ward_name,
                    "category": w.category,
                    "proposed_category": w.proposed_category,
                    "flag_count": w.flag_count,
                    "previous_flag_count": w.previous_flag_count,
                    "flags": [names.get(x, x) for x in w.flags],
                }
                for w in run.wards
                if w.category in LISTED or w.category == OFF
            ],
            "history": flags.history.runs,
            "decisions": flags.history.decisions,
        },
        "hotspots": {
            "hot": [r.__dict__ for r in h.hot],
            "cold": [r.__dict__ for r in h.cold],
            "lsoas": len(h.rows),
            "notes": h.notes,
        },
        "concentration": c.to_dict(top=10),
        "funnel": {
            "reference_rate_per_1000": f.reference_rate_per_1000,
            "limits": f.method,
            "dispersion": f.dispersion.to_dict() if f.dispersion else None,
            "outlying": [r.__dict__ for r in f.outlying],
            "rows": [r.__dict__ for r in f.rows],
            "notes": f.notes,
        },
        "deprivation": deprivation(wh, district).to_dict(),
        "figures": [fig.to_dict() for fig in figs],
        "notes": flags.notes,
    }
