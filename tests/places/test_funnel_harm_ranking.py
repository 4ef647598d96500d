"""Funnel limits by hand, harm against the raw files and the weights CSV, and ward
ranking on the bundled force against counts made from the raw files."""

from __future__ import annotations

import csv
import math
from collections import Counter

import pytest

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.periods import parse_period
from saferplaces.geography.areas import resolve_area
from saferplaces.indicators import engine
from saferplaces.indicators.police import indicator_table
from saferplaces.indicators.registry import get_indicator
from saferplaces.places import figures
from saferplaces.places.flags import run_flags
from saferplaces.places.funnel import classify, funnel, poisson_limits
from saferplaces.places.harm import harm_profile
from saferplaces.places.ranking import default_indicators, flag_rank, flag_rule, ward_values
from saferplaces.warehouse import Warehouse
from tests.helpers import raw
from tests.places import toy

# --- funnel ---------------------------------------------------------------------------


def _poisson_quantile(q, mu):
    """The smallest k with P(X <= k) >= q, summing the Poisson pmf by hand."""
    k, cdf, pmf = 0, 0.0, math.exp(-mu)
    while True:
        cdf += pmf
        if cdf >= q - 1e-12:
            return k
        k += 1
        pmf *= mu / k


@pytest.mark.parametrize("mu", [0.5, 3.2, 10.0, 57.3])
def test_limits_are_exact_poisson_quantiles(mu):
    lim = poisson_limits(mu)
    assert lim["95"] == (_poisson_quantile(0.025, mu), _poisson_quantile(0.975, mu))
    assert lim["99.8"] == (_poisson_quantile(0.001, mu), _poisson_quantile(0.999, mu))


def _toy_funnel(toy_wh, counts):
    ind = toy.indicator(
        "toy-funnel",
        {
            (toy.flagton_lsoa(w), "2025-02"): n
            for w, n in zip(toy.FLAGTON_WARDS, counts, strict=True)
        },
    )
    return funnel(toy_wh, resolve_area(toy_wh, "Flagton"), parse_period("2025"), ind)


def _linear_percentile(values, q):
    """numpy's default (linear) percentile, by hand."""
    v = sorted(values)
    pos = q / 100 * (len(v) - 1)
    lo = math.floor(pos)
    return v[lo] + (pos - lo) * (v[min(lo + 1, len(v) - 1)] - v[lo])


def test_funnel_of_overdispersed_wards_uses_random_effects_limits(toy_wh, tmp_path):
    # Method change (methods.md, Spiegelhalter 2005): these wards used to be judged
    # against exact Poisson limits alone (W1's 30 against expected 10: "outlying"). They
    # vary more than chance allows, so the limits now allow for it. By hand:
    # district rate 60 / 6,000 = 0.01; expected 10, 10, 10, 20 (W4: 2,000), 10.
    counts, dens = [30, 10, 3, 15, 2], [1000, 1000, 1000, 2000, 1000]
    r = 0.01
    z = [(x - r * n) / math.sqrt(r * n) for x, n in zip(counts, dens, strict=True)]
    # z = 6.325, 0, -2.214, -1.118, -2.530; winsorised at their 10th and 90th
    # percentiles (-7.6/√10 and 12/√10): squares 14.4, 0, 4.9, 1.25, 5.776; φ = 26.326/5.
    lo, hi = _linear_percentile(z, 10), _linear_percentile(z, 90)
    phi = sum(min(max(v, lo), hi) ** 2 for v in z) / 5
    assert phi == pytest.approx(26.326 / 5)
    # Overdispersed: 5φ = 26.3 > χ²(0.95; 4) = 9.4877 (published table).
    # τ² = (5φ − 4) / (Σw − Σw²/Σw), w = n/r: (26.326 − 4) / (600,000 − 8e10/600,000).
    tau2 = (26.326 - 4) / (600_000 - 8e10 / 600_000)
    f = _toy_funnel(toy_wh, counts)
    assert f.reference_rate_per_1000 == pytest.approx(10.0)
    assert f.overdispersed and f.method == "random effects (overdispersed)"
    assert f.dispersion.phi == pytest.approx(phi)
    assert f.dispersion.threshold == pytest.approx(9.487729 / 5)
    assert f.dispersion.tau2 == pytest.approx(tau2)
    # Limits r ± z·√(r/n + τ²) (z = 1.959964 for 95%, 3.090232 for 99.8%), as counts × n,
    # never below zero. W1: upper 95% 24.9 < 30 < upper 99.8% 33.5.
    row = {r_.ward_name: r_ for r_ in f.rows}
    for name, n in (("Ward W1", 1000), ("Ward W4", 2000)):
        s = math.sqrt(r / n + tau2)
        assert row[name].upper_95 == pytest.approx((r + 1.959964 * s) * n, rel=1e-6)
        assert row[name].upper_998 == pytest.approx((r + 3.090232 * s) * n, rel=1e-6)
        assert row[name].lower_95 == row[name].lower_998 == 0.0  # r − 1.96·s < 0
    assert row["Ward W1"].upper_95 == pytest.approx(24.906, abs=1e-3)
    assert {k: v.position for k, v in row.items()} == {
        "Ward W1": "above 95% limit",
        "Ward W2": "within limits",
        "Ward W3": "within limits",
        "Ward W4": "within limits",
        "Ward W5": "within limits",
    }
    # Exact Poisson limits would have called W1 outlying (30 > 21): the notes say so.
    assert f.exact_outlying == 1
    assert any("vary more than chance allows" in n and "Spiegelhalter" in n for n in f.notes)
    assert any("1 of 5 wards would be outside the 99.8% limits" in n for n in f.notes)
    fig = figures.funnel_chart(f, tmp_path / "f.png")
    assert "Every ward is within the 99.8% limits" in fig.alt_text
    assert "allow for the variation between wards" in fig.alt_text
    assert "random-effects limits" in fig.source
    curves = f.curves()
    assert curves.method == "random effects (overdispersed)"
    legend = [line.name for line in figures.funnel_spec(f, "residents").lines if line.legend]
    assert "99.8% limits (allowing for overdispersion)" in legend


def test_funnel_of_wards_within_chance_keeps_exact_poisson_limits(toy_wh, tmp_path):
    # 60 events over 6,000 again; z = 0.632, 0, -0.632, -0.224, 0.316, so Σz² < 1 and
    # φ < 0.2, far below χ²(0.95; 4)/5 = 1.898: not overdispersed. W4 (expected 20): exact
    # Poisson limits 12-29 (95%).
    f = _toy_funnel(toy_wh, [12, 10, 8, 19, 11])
    assert not f.overdispersed and f.method == "exact Poisson"
    assert f.dispersion.phi < 0.2 and f.exact_outlying == 0
    w4 = next(r for r in f.rows if r.ward_name == "Ward W4")
    assert (w4.expected, w4.lower_95, w4.upper_95) == (20.0, 12.0, 29.0)
    assert all(r.position == "within limits" for r in f.rows)
    assert any("vary no more than chance allows" in n for n in f.notes)
    assert "exact Poisson quantiles" in figures.funnel_chart(f, tmp_path / "f.png").source


def test_funnel_refuses_weighted_and_non_districts(loaded):
    with pytest.raises(SaferplacesError, match="weighted measure"):
        funnel(
            loaded, resolve_area(loaded, "Cambridge"), parse_period("2025"), get_indicator("harm")
        )
    with pytest.raises(SaferplacesError, match="is not a district"):
        funnel(
            loaded,
            resolve_area(loaded, "Cambridgeshire"),
            parse_period("2025"),
            get_indicator("burglary"),
        )


def test_funnel_against_the_force_rate_uses_located_records_only(loaded):
    f = funnel(
        loaded,
        resolve_area(loaded, "Fenland"),
        parse_period("2025"),
        get_indicator("burglary"),
        reference="force",
    )
    # From the raw files: burglaries in 2025 whose LSOA is in a district of the force
    # (records with no LSOA cannot be in any ward, so they are not in the reference), per
    # 1,000 households of those districts.
    force_lads = {"E07000008", "E07000009", "E07000010", "E07000011", "E07000012", "E06000031"}
    lookup = raw.lookup()
    located = sum(
        1
        for r in raw.street_rows()
        if r["Crime type"] == "Burglary"
        and r["Month"].startswith("2025")
        and lookup.get(r["LSOA code"], {}).get("ltla24_code") in force_lads
    )
    unlocated = sum(
        1
        for r in raw.street_rows()
        if r["Crime type"] == "Burglary"
        and r["Month"].startswith("2025")
        and r["LSOA code"] not in lookup
    )
    pop = raw.population()
    households = sum(pop[c][1] for c, r in lookup.items() if r["ltla24_code"] in force_lads)
    assert unlocated > 0  # the case that matters: the force has records with no location
    assert f.reference_rate_per_1000 == pytest.approx(located / households * 1000)
    assert f.reference_name == "Cambridgeshire"
    w = f.rows[0]
    assert w.expected == pytest.approx(located / households * w.denominator)


def test_south_cambridgeshire_wards_are_judged_against_overdispersed_limits(loaded):
    # All crime in 2025 by ward, from the raw files: exact Poisson limits put 13 of the 26
    # wards outside the 99.8% limits (issue 11), because the wards vary far more than
    # chance allows; the funnel must find that and use the random-effects limits.
    south = "E07000012"
    wards = sorted({r["ward24_code"] for r in raw.lookup().values() if r["ltla24_code"] == south})
    y2025 = raw.months("2025-01", "2025-12")
    counts = {
        w: sum(
            n
            for t, n in raw.counts("ward24_code", w, y2025).items()
            if t != "Anti-social behaviour"
        )
        for w in wards
    }
    dens = {w: raw.denominator("ward24_code", w)[0] for w in wards}
    r = sum(counts.values()) / sum(dens.values())
    exact_out = sum(
        counts[w] > _poisson_quantile(0.999, r * dens[w])
        or counts[w] < _poisson_quantile(0.001, r * dens[w])
        for w in wards
    )
    z = [(counts[w] - r * dens[w]) / math.sqrt(r * dens[w]) for w in wards]
    lo, hi = _linear_percentile(z, 10), _linear_percentile(z, 90)
    phi = sum(min(max(v, lo), hi) ** 2 for v in z) / 26
    weights = [dens[w] / r for w in wards]
    tau2 = (26 * phi - 25) / (sum(weights) - sum(x * x for x in weights) / sum(weights))
    assert exact_out == 13 and 26 * phi > 37.652484  # χ²(0.95; 25), published table

    f = funnel(
        loaded,
        resolve_area(loaded, "South Cambridgeshire"),
        parse_period("2025"),
        get_indicator("all-crime"),
    )
    assert f.exact_outlying == exact_out and f.overdispersed
    assert f.dispersion.phi == pytest.approx(phi) and f.dispersion.tau2 == pytest.approx(tau2)
    for row in f.rows:
        n, x = dens[row.ward_code], counts[row.ward_code]
        assert row.count == x
        s = math.sqrt(r / n + tau2)
        up95, up998 = (r + 1.959964 * s) * n, (r + 3.090232 * s) * n
        low95, low998 = max(r - 1.959964 * s, 0) * n, max(r - 3.090232 * s, 0) * n
        assert row.upper_998 == pytest.approx(up998, rel=1e-6), row.ward_name
        expected = (
            "above 99.8% limit (outlying)"
            if x > up998
            else "below 99.8% limit (outlying)"
            if x < low998
            else "above 95% limit"
            if x > up95
            else "below 95% limit"
            if x < low95
            else "within limits"
        )
        assert row.position == expected, row.ward_name
    assert any("13 of 26 wards would be outside" in n for n in f.notes)


def test_funnel_limits_are_strict_at_the_quantiles():
    # Expected 10: the 95% limits are 4 and 17, the 99.8% limits 2 and 21 (hand sums of the
    # Poisson pmf in _poisson_quantile). A count equal to an upper limit is inside it.
    assert (_poisson_quantile(0.975, 10.0), _poisson_quantile(0.999, 10.0)) == (17, 21)
    assert (_poisson_quantile(0.025, 10.0), _poisson_quantile(0.001, 10.0)) == (4, 2)
    assert classify(17, 10.0) == "within limits"
    assert classify(18, 10.0) == "above 95% limit"
    assert classify(21, 10.0) == "above 95% limit"
    assert classify(22, 10.0) == "above 99.8% limit (outlying)"
    assert classify(4, 10.0) == "within limits"
    assert classify(3, 10.0) == "below 95% limit"
    assert classify(2, 10.0) == "below 95% limit"
    assert classify(1, 10.0) == "below 99.8% limit (outlying)"


def test_funnel_leaves_out_wards_without_a_denominator(toy_wh):
    # W5 has no residents: no rate, no expected count, and its 40 events must not raise the
    # district rate. The other wards: 10 + 10 + 10 + 20 = 50 events over 5,000 residents.
    toy_wh.execute(
        "UPDATE ref_population SET residents = 0, households = 0 WHERE lsoa21_code = ?",
        [toy.flagton_lsoa("W5")],
    )
    counts = [10, 10, 10, 20, 40]
    ind = toy.indicator(
        "toy-den",
        {
            (toy.flagton_lsoa(w), "2025-02"): n
            for w, n in zip(toy.FLAGTON_WARDS, counts, strict=True)
        },
    )
    f = funnel(toy_wh, resolve_area(toy_wh, "Flagton"), parse_period("2025"), ind)
    assert f.reference_rate_per_1000 == pytest.approx(50 / 5000 * 1000)
    assert [r.ward_name for r in f.rows] == ["Ward W1", "Ward W2", "Ward W3", "Ward W4"]
    assert all(r.position == "within limits" for r in f.rows)
    assert f.not_plotted == ["E05900005"]  # Ward W5's code in the toy district
    assert any("Not plotted" in n and "Ward W5 (40 records)" in n for n in f.notes)


# --- harm -----------------------------------------------------------------------------


def _weights():
    path = raw.SAMPLE / "harm_weights" / "cchi2026_police_uk_category_cambridgeshire_derived.csv"
    with open(path, newline="") as fh:
        return {r["crime_type"]: float(r["cchi_days"]) for r in csv.DictReader(fh)}


def test_harm_score_and_shares_match_the_raw_files(loaded):
    area = resolve_area(loaded, "South Cambridgeshire")
    h = harm_profile(loaded, area, parse_period("2025"))
    weights = _weights()
    counts = raw.counts("ltla24_code", "E07000012", raw.months("2025-01", "2025-12"))
    expected = sum(counts[t] * w for t, w in weights.items())
    assert h.harm == pytest.approx(expected)
    residents, _ = raw.denominator("ltla24_code", "E07000012")
    assert h.harm_per_1000 == pytest.approx(expected / residents * 1000)
    rows = {r.crime_type: r for r in h.rows}
    assert rows["Anti-social behaviour"].weight is None
    assert h.not_weighted == ["Anti-social behaviour"]
    volume = sum(counts[t] for t in weights)
    v = rows["Violence and sexual offences"]
    assert v.share_of_volume == pytest.approx(100 * counts["Violence and sexual offences"] / volume)
    assert v.share_of_harm == pytest.approx(
        100
        * counts["Violence and sexual offences"]
        * weights["Violence and sexual offences"]
        / expected
    )
    assert sum(r.share_of_harm for r in h.rows if r.share_of_harm) == pytest.approx(100)


def test_harm_is_an_indicator_through_the_engine(loaded):
    area = resolve_area(loaded, "South Cambridgeshire")
    period = parse_period("2025")
    harm = get_indicator("harm")
    assert harm.weighted
    (total,) = engine.area_counts(loaded, harm, area, [period])
    assert total == pytest.approx(harm_profile(loaded, area, period).harm)
    wards = engine.unit_counts(loaded, harm, area, "ward", [period])
    assert sum(r[4] for r in wards) == pytest.approx(total)
    t = indicator_table(loaded, area, period, None, [harm, get_indicator("burglary")])
    row = t.row("harm")
    # Harm per 1,000 is its rate; weighted sums get no Poisson interval or test.
    assert row.rate_per_1000 == pytest.approx(total / row.denominator * 1000)
    assert row.p_value is None and row.ci_low is None and row.classification == "not compared"
    assert t.row("burglary").p_value is not None


def test_harm_weights_are_replaceable_reference_data(loaded_copy, tmp_path):
    from saferplaces.geography.reference import load_reference

    folder = tmp_path / "ref" / "harm_weights"
    folder.mkdir(parents=True)
    (folder / "my_police_uk_category_weights.csv").write_text(
        "force,crime_type,cchi_days\n,Burglary,100\n,Robbery,50\n"
    )
    with Warehouse.open(loaded_copy) as wh:
        load_reference(wh, tmp_path / "ref")
        area = resolve_area(wh, "Fenland")
        h = harm_profile(wh, area, parse_period("2025"))
    counts = raw.counts("ltla24_code", "E07000010", raw.months("2025-01", "2025-12"))
    assert h.harm == pytest.approx(counts["Burglary"] * 100 + counts["Robbery"] * 50)
    assert "Shoplifting" in h.not_weighted


# --- ranking on the bundled force -----------------------------------------------------


def test_flag_rule_ties_and_zeros():
    assert flag_rule([0, 0, 0], 0.2).flagged == [False, False, False]
    assert flag_rule([5, 4, 3, 2, 1, 0, 0, 0, 0, 0], 0.2).flagged == [True, True] + [False] * 8
    # Ties at the threshold are all flagged and share the best rank.
    r = flag_rule([9.0, 5.0, 5.0, 1.0, 0.0], 0.4)
    assert (r.threshold, r.ranks, r.flagged) == (5.0, [1, 2, 2, 4, 5], [True] * 3 + [False] * 2)


def test_flag_rule_values_equal_on_paper_tie():
    # A harm score summed in another order: 0.1 + 0.2 is 0.30000000000000004 in floating
    # point, 0.3 is 0.3. On paper they are equal, so with 5 wards and top 0.2 (rank 1) both
    # are at the top and both are flagged, sharing rank 1.
    assert 0.1 + 0.2 != 0.3  # the float noise is real
    r = flag_rule([0.3, 0.1 + 0.2, 0.2, 0.1, 0.0], 0.2)
    assert r.flagged == [True, True, False, False, False]
    assert r.ranks == [1, 1, 3, 4, 5]


def test_flag_rank_is_the_ceiling_on_paper():
    # 0.28 x 25 = 7 on paper, 7.000000000000001 in floating point: rank 7, not 8.
    assert 0.28 * 25 != 7
    assert flag_rank(0.28, 25) == 7
    r = flag_rule(list(range(25, 0, -1)), 0.28)  # 25 distinct values, highest first
    assert sum(r.flagged) == 7 and r.threshold == 19
    assert flag_rank(0.2, 26) == 6 and flag_rank(0.2, 3) == 1


def test_wards_without_a_denominator_are_not_ranked_on_rates(toy_wh):
    # W5 has no residents: its 4 events are not a rate, so it is not ranked. The others'
    # rates per 1,000: W1 3, W2 2, W3 1, W4 2 (4 over 2,000). n = 4 ranked, top 0.2: rank
    # ceil(0.8) = 1, threshold 3: only W1 is flagged.
    toy_wh.execute(
        "UPDATE ref_population SET residents = 0, households = 0 WHERE lsoa21_code = ?",
        [toy.flagton_lsoa("W5")],
    )
    counts = [3, 2, 1, 4, 4]
    ind = toy.indicator(
        "toy-den",
        {
            (toy.flagton_lsoa(w), "2025-02"): n
            for w, n in zip(toy.FLAGTON_WARDS, counts, strict=True)
        },
    )
    area = resolve_area(toy_wh, "Flagton")
    values = {v.ward_name: v for v in ward_values(toy_wh, area, parse_period("2025"), ind)}
    assert values["Ward W5"].value is None and values["Ward W5"].count == 4
    assert values["Ward W4"].value == pytest.approx(2.0)
    run = run_flags(toy_wh, area, parse_period("2025"), [ind], top=0.2, min_flags=1, who="t")
    assert {w.ward_name: w.flags for w in run.wards if w.flags} == {"Ward W1": ["toy-den"]}
    assert any("Not ranked on rates" in n and "Ward W5 (toy-den)" in n for n in run.notes)
    stored = toy_wh.dicts(
        "SELECT ward_code, count, value, rank, flagged FROM flag_values WHERE run_id = ? "
        "ORDER BY ward_code",
        [run.id],
    )
    assert [(r["value"], r["rank"], r["flagged"]) for r in stored] == [
        (3.0, 1, True),
        (2.0, 2, False),
        (1.0, 4, False),
        (2.0, 2, False),
        (None, None, False),
    ]
    # Counts are still ranked on counts: W4 and W5 (4 each) lead.
    by_count = ward_values(toy_wh, area, parse_period("2025"), ind, "count")
    assert [v.value for v in by_count] == [3.0, 2.0, 1.0, 4.0, 4.0]


def test_ward_values_and_flags_match_the_raw_files(loaded_copy):
    with Warehouse.open(loaded_copy) as wh:
        area = resolve_area(wh, "South Cambridgeshire")
        period = parse_period("2025")
        values = ward_values(wh, area, period, get_indicator("burglary"))
        run = run_flags(wh, area, period, [get_indicator("burglary"), get_indicator("asb")])
    months = raw.months("2025-01", "2025-12")
    wards = sorted(
        {r["ward24_code"] for r in raw.lookup().values() if r["ltla24_code"] == "E07000012"}
    )
    rates = {}
    for w in wards:
        n = raw.counts("ward24_code", w, months)["Burglary"]
        rates[w] = n / raw.denominator("ward24_code", w)[1] * 1000
    assert {v.ward_code: v.value for v in values} == pytest.approx(rates)
    ordered = sorted(rates.values(), reverse=True)
    threshold = ordered[math.ceil(0.2 * len(ordered)) - 1]
    expected = {w for w, v in rates.items() if v >= threshold and v > 0}
    got = {w.ward_code for w in run.wards if "burglary" in w.flags}
    assert got == expected and len(got) >= math.ceil(0.2 * len(wards))


def test_default_indicators_are_the_police_types_and_other_loaded_ones(loaded):
    ids = [i.id for i in default_indicators(loaded)]
    assert len(ids) == 14 and "anti-social-behaviour" in ids
    assert "all-crime" not in ids and "harm" not in ids


def test_default_indicators_pick_up_any_registered_indicator_with_data(loaded, monkeypatch):
    from saferplaces.indicators import registry

    fires = toy.indicator("deliberate-fires", {("E01018238", "2025-03"): 2})
    district_only = toy.indicator("district-thing", {}, resolution="district")
    empty = toy.indicator("no-data-yet", {})
    empty = type(empty)(**{**empty.__dict__, "events": "SELECT * FROM no_such_table"})
    for ind in (fires, district_only, empty):
        monkeypatch.setitem(registry._REGISTRY, ind.id, ind)
    ids = [i.id for i in default_indicators(loaded)]
    assert "deliberate-fires" in ids
    assert "district-thing" not in ids and "no-data-yet" not in ids


def test_counts_by_ward_sum_to_the_district(loaded):
    area = resolve_area(loaded, "East Cambridgeshire")
    period = parse_period("2025")
    values = ward_values(loaded, area, period, get_indicator("anti-social-behaviour"), "count")
    expected = Counter(raw.counts("ltla24_code", "E07000009", raw.months("2025-01", "2025-12")))
    assert sum(v.count for v in values) == expected["Anti-social behaviour"]
