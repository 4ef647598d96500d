"""The "Places" chapter of the strategic assessment, as plain data and figure files.

:func:`places_chapter` returns what the chapter shows for one district and period: the
current place flags and categories with their history and the decisions behind them,
the hot spot map, crime concentration, the funnel plot, and the deprivation context.
Figures are written into ``out_dir`` and referred to by path, with their titles, alt
text and source lines, so any renderer can place them.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from saferplaces.core.periods import Period
from saferplaces.geography.areas import Area, force_of
from saferplaces.geography.boundaries import boundaries
from saferplaces.indicators.registry import get_indicator
from saferplaces.places import figures, queries
from saferplaces.places.categories import LISTED, OFF
from saferplaces.places.concentration import concentration
from saferplaces.places.flag_history import flags_history
from saferplaces.places.flags import DEFAULT_MIN_FLAGS, DEFAULT_TOP, run_flags
from saferplaces.places.funnel import funnel
from saferplaces.places.hotspots import hotspots
from saferplaces.places.ranking import held_defaults
from saferplaces.places.stored_runs import default_run, stored_run
from saferplaces.warehouse.connection import Warehouse


def _current_run(wh: Warehouse, district: Area, period: Period, allow_incomplete: bool):
    """The partnership's list for exactly this period (the latest run with the default
    settings), else a new run with the default settings (stored like any run; the same
    inputs find the same run). An exploratory run is never shown as the list."""
    found = default_run(wh, district, period)
    if found is not None:
        return stored_run(wh, found["run_id"])
    return run_flags(wh, district, period, None, allow_incomplete=allow_incomplete)


def _chosen_run(
    wh: Warehouse,
    district: Area,
    period: Period,
    indicators: list[str],
    top: float | None,
    min_flags: int | None,
    allow_incomplete: bool,
):
    """The latest stored run with exactly these settings, else a new one (stored). Of
    ``indicators``, those whose source lacks a month of ``period`` sit the run out, and
    the run's notes say so."""
    from saferplaces.places import store
    from saferplaces.places.completeness import coverages
    from saferplaces.places.flags import DEFAULT_MEASURE, same_settings

    wanted = [get_indicator(i) for i in indicators]
    covers = {c.source: c for c in coverages(wh, district, period, wanted)}
    gaps = {s for s, c in covers.items() if not c.complete and s != "police-uk"}
    kept = [i for i in wanted if i.source not in gaps]
    notes = [
        f"Not ranked this time: {', '.join(i.name for i in wanted if i.source == src)}, "
        f"because {_months_missing(covers[src].missing)} from its data."
        for src in sorted(gaps)
    ]
    top = DEFAULT_TOP if top is None else top
    min_flags = DEFAULT_MIN_FLAGS if min_flags is None else min_flags
    ids = [i.id for i in kept]
    for r in store.runs_over(wh, district.code, period.start, period.end):
        if same_settings(r, ids, DEFAULT_MEASURE, top, min_flags):
            return stored_run(wh, r["run_id"]), notes
    if wh.read_only:
        from saferplaces.core.errors import SaferplacesError

        raise SaferplacesError(
            f"no place-flags run is held for {period.label} with the chapter's settings, and "
            "the warehouse is open read-only, so none can be made"
        )
    run = run_flags(
        wh, district, period, kept, top=top, min_flags=min_flags, allow_incomplete=allow_incomplete
    )
    return run, notes


def _months_missing(months) -> str:
    from saferplaces.core.periods import parse_period

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
) -> dict[str, Any]:
    """Everything the Places chapter needs for ``district`` in ``period``.

    A period with months missing is refused (:class:`IncompletePeriodError`) unless
    ``allow_incomplete``, when the flags run and every figure carry a note saying so.

    ``indicators``, ``top`` and ``min_flags`` choose the flags run (a stored run with the
    same settings, else a new one); by default it is the partnership's list made with the
    default settings. ``draw=False`` draws no figure files (a caller that draws its own,
    like the strategic assessment); ``figures`` is then empty."""
    out_dir.mkdir(parents=True, exist_ok=True)
    ind = get_indicator(indicator)
    left_out: list[str] = []
    if indicators is None and top is None and min_flags is None:
        run = _current_run(wh, district, period, allow_incomplete)
    else:
        run, left_out = _chosen_run(
            wh,
            district,
            period,
            indicators or [i.id for i in held_defaults(wh, district, period)[0]],
            top,
            min_flags,
            allow_incomplete,
        )
    history = flags_history(wh, district)
    wards_geo = boundaries(wh, "ward", [w.ward_code for w in run.wards])
    figs: list[figures.Figure] = []
    if wards_geo and draw:
        figs.append(figures.flags_map(run, wards_geo, out_dir / "places-flags-map.png"))

    h = hotspots(wh, district, period, ind)
    if draw:
        figs.append(
            figures.hotspot_map(
                h,
                boundaries(wh, "lsoa", [r.lsoa_code for r in h.rows]),
                wards_geo,
                out_dir / "places-hotspots.png",
            )
        )
    c = concentration(wh, district, period, ind, "location")
    f = funnel(wh, district, period, ind)
    if draw:
        figs.append(figures.lorenz_curve(c, out_dir / "places-concentration.png"))
        figs.append(figures.funnel_chart(f, out_dir / "places-funnel.png"))

    lsoas = [r.lsoa_code for r in h.rows]
    force = force_of(wh, district)
    imd = queries.imd_rows(wh, lsoas, force.code if force else None)
    deciles = Counter(int(r["imd_decile"]) for r in imd)
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
            "history": history.runs,
            "decisions": history.decisions,
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
            "outlying": [r.__dict__ for r in f.outlying],
            "rows": [r.__dict__ for r in f.rows],
            "notes": f.notes,
        },
        "deprivation": {
            "lsoas": len(imd),
            "national_deciles": {str(k): deciles.get(k, 0) for k in range(1, 11)},
            "most_deprived_30pc": sum(1 for r in imd if r["imd_decile"] <= 3),
            "most_deprived": [
                {
                    "lsoa_code": r["lsoa21_code"],
                    "lsoa_name": r["lsoa21_name"],
                    "ward_name": r["ward_name"],
                    "national_decile": r["imd_decile"],
                    "local_decile": r["local_decile"],
                }
                for r in imd[:5]
            ],
        },
        "figures": [fig.to_dict() for fig in figs],
        "notes": [*left_out, *run.notes],
    }
