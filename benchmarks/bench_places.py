"""Place-based analysis on the bundled force: saferplaces against a plain pandas way.

1. Ranking every ward of the force (120 wards) on every indicator (the 14 police.uk
   types, all crime and harm) for 2025, and flagging the top 20%: saferplaces'
   ``ward_values`` (the counting engine) and ``flag_rule``, against pandas working on
   the records already in memory (a DataFrame of the police.uk rows, the lookup, the
   population and the weights): merge, group by ward and type, fill zeros, divide, rank.
   Also the whole ``flags run`` command path (rank, categorise, store) per district.
2. The concentration of all crime over every police.uk snap point in the force for 2025:
   saferplaces' ``concentration`` against pandas ``groupby`` on longitude/latitude and
   the same statistics in NumPy.
3. Gi* hot spots of ASB among Peterborough's LSOAs: saferplaces' ``hotspots`` (counting,
   weights, esda with its simulations kept, tie-aware p-values, BH) against a bare call of
   ``esda.G_Local`` on values and weights already in memory: the cost of the wrapper.

Both sides must give the same answers before they are timed. Ratios above 1 mean
saferplaces is faster than the baseline; the pandas side is given its data in memory,
which saferplaces (reading from the warehouse file) is not.
"""

from __future__ import annotations

import math
import shutil
import statistics
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from saferplaces.core.periods import parse_period
from saferplaces.geography.areas import districts_of, resolve_area
from saferplaces.geography.boundaries import boundaries
from saferplaces.geography.reference import load_reference
from saferplaces.indicators import engine
from saferplaces.indicators.registry import POLICE_INDICATORS, get_indicator
from saferplaces.places.concentration import concentration
from saferplaces.places.flags import run_flags
from saferplaces.places.hotspots import PERMUTATIONS, SEED, hotspots, queen_weights
from saferplaces.places.ranking import default_indicators, flag_rule, ward_values
from saferplaces.sources.police_uk import ingest_police_uk
from saferplaces.sources.police_uk.crime_types import CRIMES, HOUSEHOLD_DENOMINATOR
from saferplaces.warehouse import Warehouse

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
REPEATS = 5
PERIOD = parse_period("2025")


def _time(fn, repeats=REPEATS) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def _frames(wh: Warehouse) -> dict[str, pd.DataFrame]:
    """What the pandas baseline starts from: the records and reference tables in memory."""
    street = wh.execute(
        "SELECT month, lsoa_code, crime_type, longitude, latitude, reported_by "
        "FROM police_street WHERE month BETWEEN ? AND ?",
        [PERIOD.start_date, PERIOD.end_date],
    ).df()
    lookup = wh.execute(
        "SELECT l.*, d.pfa_code FROM ref_lsoa l JOIN ref_lad d USING (lad_code)"
    ).df()
    pop = wh.execute("SELECT * FROM ref_population").df()
    weights = wh.execute("SELECT crime_type, weight FROM ref_harm_weight").df()
    return {"street": street, "lookup": lookup, "pop": pop, "weights": weights}


def _pandas_rank(f: dict[str, pd.DataFrame], pfa: str) -> dict[tuple[str, str], bool]:
    lk = f["lookup"][f["lookup"]["pfa_code"] == pfa]
    wards = (
        lk.merge(f["pop"], on="lsoa21_code").groupby("ward_code")[["residents", "households"]].sum()
    )
    s = f["street"].merge(
        lk[["lsoa21_code", "ward_code"]], left_on="lsoa_code", right_on="lsoa21_code"
    )
    by_type = s.groupby(["ward_code", "crime_type"]).size().unstack(fill_value=0)
    by_type = by_type.reindex(index=wards.index, fill_value=0)
    cols = {}
    for t in by_type.columns:
        den = wards["households"] if t in HOUSEHOLD_DENOMINATOR else wards["residents"]
        cols[t] = by_type[t] / den * 1000
    cols["All crime"] = (
        by_type[[c for c in by_type.columns if c in CRIMES]].sum(axis=1) / wards["residents"] * 1000
    )
    w = f["weights"].set_index("crime_type")["weight"]
    harm = sum(by_type[t] * w[t] for t in by_type.columns if t in w.index)
    cols["harm"] = harm / wards["residents"] * 1000
    out = {}
    n = len(wards)
    k = math.ceil(round(0.2 * n, 9))
    for name, v in cols.items():
        v = v.round(9)
        threshold = v.sort_values(ascending=False).iloc[k - 1]
        for ward, value in v.items():
            out[(ward, name)] = bool(value >= threshold and value > 0)
    return out


def _ours_rank(wh: Warehouse, force, indicators) -> dict[tuple[str, str], bool]:
    out = {}
    for ind in indicators:
        values = ward_values(wh, force, PERIOD, ind)
        ranked = flag_rule([v.value for v in values], 0.2)
        key = "harm" if ind.id == "harm" else ind.name
        for v, flagged in zip(values, ranked.flagged, strict=True):
            out[(v.ward_code, key)] = flagged
    return out


def _pandas_concentration(f: dict[str, pd.DataFrame], pfa: str) -> tuple[int, int, float, float]:
    lk = f["lookup"][f["lookup"]["pfa_code"] == pfa]
    s = f["street"][f["street"]["crime_type"].isin(CRIMES)]
    s = s[s["lsoa_code"].isin(lk["lsoa21_code"]) & s["longitude"].notna()]
    counts = np.sort(s.groupby(["longitude", "latitude"]).size().to_numpy())
    n, c = len(counts), counts.sum()
    i = np.arange(1, n + 1)
    g = 2 * (i * counts).sum() / (n * c) - (n + 1) / n
    top10 = counts[::-1][: math.ceil(n / 10)].sum() / c * 100
    return n, int(c), float(g), float(top10)


def _esda_inputs(wh: Warehouse, area, indicator):
    """The LSOA counts and queen weights, made once, outside the timing."""
    units = {u[0]: float(u[4]) for u in engine.unit_counts(wh, indicator, area, "lsoa", [PERIOD])}
    w = queen_weights(boundaries(wh, "lsoa", list(units)))
    return np.array([units[c] for c in w.id_order]), w


def _bare_esda(y, w):
    from esda import G_Local

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return G_Local(
            y, w, transform="B", star=True, permutations=PERMUTATIONS, seed=SEED, n_jobs=1
        )


def run() -> dict:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "w.duckdb"
        with Warehouse.open(path) as wh:
            load_reference(wh, SAMPLE)
            ingest_police_uk(wh, [SAMPLE / "police_uk"])
        work = Path(d) / "work.duckdb"
        shutil.copy(path, work)
        with Warehouse.open(work) as wh:
            force = resolve_area(wh, "Cambridgeshire")
            indicators = [get_indicator(i) for i in POLICE_INDICATORS] + [get_indicator("harm")]
            frames = _frames(wh)

            ours = _ours_rank(wh, force, indicators)
            theirs = _pandas_rank(frames, force.code)
            assert ours == theirs, "saferplaces and pandas flag different wards"
            t_ours, _ = _time(lambda: _ours_rank(wh, force, indicators))
            t_pandas, _ = _time(lambda: _pandas_rank(frames, force.code))

            districts = [resolve_area(wh, code) for code, _ in districts_of(wh, force)]
            default = default_indicators(wh)

            def flags_runs():
                for dist in districts:
                    run_flags(wh, dist, PERIOD, default, who="bench")

            t_flags, _ = _time(flags_runs, repeats=3)

            conc = concentration(wh, force, PERIOD, get_indicator("all-crime"), "location")
            base = _pandas_concentration(frames, force.code)
            assert (conc.stats.places, int(conc.stats.incidents)) == base[:2]
            assert (
                abs(conc.stats.gini - base[2]) < 1e-9
                and abs(conc.stats.top_shares["10"] - base[3]) < 1e-9
            )
            t_conc, _ = _time(
                lambda: concentration(wh, force, PERIOD, get_indicator("all-crime"), "location")
            )
            t_conc_pd, _ = _time(lambda: _pandas_concentration(frames, force.code))
            # The same baselines when pandas too starts from the warehouse file.
            t_frames, _ = _time(lambda: _frames(wh))

            peterborough = resolve_area(wh, "Peterborough")
            asb = get_indicator("asb")
            t_hot, hot = _time(lambda: hotspots(wh, peterborough, PERIOD, asb), repeats=3)
            y, w = _esda_inputs(wh, peterborough, asb)
            t_esda, _ = _time(lambda: _bare_esda(y, w), repeats=3)

    wards = len({w for w, _ in ours})
    result = {
        "period": PERIOD.spec,
        "wards": wards,
        "indicators": len(indicators),
        "repeats": REPEATS,
        "rank_every_ward_every_indicator_seconds": round(t_ours, 4),
        "rank_pandas_in_memory_seconds": round(t_pandas, 4),
        "rank_ratio_vs_pandas": round(t_pandas / t_ours, 2),
        "flags_run_all_districts_seconds": round(t_flags, 4),
        "flags_run_districts": len(districts),
        "snap_points": conc.stats.places,
        "incidents": int(conc.stats.incidents),
        "concentration_seconds": round(t_conc, 4),
        "concentration_pandas_in_memory_seconds": round(t_conc_pd, 4),
        "concentration_ratio_vs_pandas": round(t_conc_pd / t_conc, 2),
        "pandas_read_from_warehouse_seconds": round(t_frames, 4),
        "rank_ratio_vs_pandas_from_warehouse": round((t_frames + t_pandas) / t_ours, 2),
        "concentration_ratio_vs_pandas_from_warehouse": round((t_frames + t_conc_pd) / t_conc, 2),
        "hotspots_lsoas": len(hot.rows),
        "hotspots_seconds": round(t_hot, 4),
        "hotspots_bare_esda_seconds": round(t_esda, 4),
        "hotspots_ratio_vs_bare_esda": round(t_esda / t_hot, 2),
    }
    ms = 1000
    print(
        f"   rank {wards} wards x {len(indicators)} indicators: saferplaces {t_ours * ms:.0f} ms; "
        f"pandas in memory {t_pandas * ms:.0f} ms (ratio {t_pandas / t_ours:.2f}x), "
        f"from the warehouse {(t_frames + t_pandas) * ms:.0f} ms "
        f"(ratio {(t_frames + t_pandas) / t_ours:.2f}x)\n"
        f"   flags run for all {len(districts)} districts (rank, categorise, store): "
        f"{t_flags * ms:.0f} ms\n"
        f"   concentration over {conc.stats.places:,} snap points: saferplaces "
        f"{t_conc * ms:.0f} ms; pandas in memory {t_conc_pd * ms:.0f} ms "
        f"(ratio {t_conc_pd / t_conc:.2f}x), from the warehouse "
        f"{(t_frames + t_conc_pd) * ms:.0f} ms (ratio {(t_frames + t_conc_pd) / t_conc:.2f}x)\n"
        f"   hot spots over {len(hot.rows)} LSOAs: saferplaces {t_hot * ms:.0f} ms; bare esda "
        f"{t_esda * ms:.0f} ms (ratio {t_esda / t_hot:.2f}x)"
    )
    return result
