"""The assessment's numbers equal figures computed independently from the raw files."""

from collections import Counter

import pytest

from saferplaces.assessment.builder import AssessmentError, build_assessment
from saferplaces.core.periods import parse_period
from saferplaces.document.model import Callout, ListBlock, Narrative
from saferplaces.geography.areas import resolve_area
from tests.helpers import raw
from tests.helpers.tables import by_id, column, values

SOUTH_CAMBS = "E07000012"
Y2025 = raw.months("2025-01", "2025-12")
Y2024 = raw.months("2024-01", "2024-12")
CRIME_TYPES = [
    "Anti-social behaviour",
    "Bicycle theft",
    "Burglary",
    "Criminal damage and arson",
    "Drugs",
    "Other crime",
    "Other theft",
    "Possession of weapons",
    "Public order",
    "Robbery",
    "Shoplifting",
    "Theft from the person",
    "Vehicle crime",
    "Violence and sexual offences",
]


def _all_crime(c: Counter) -> int:
    return sum(n for t, n in c.items() if t != "Anti-social behaviour")


def test_overall_table_counts_equal_the_raw_files(built):
    now = raw.counts("ltla24_code", SOUTH_CAMBS, Y2025)
    before = raw.counts("ltla24_code", SOUTH_CAMBS, Y2024)
    t = by_id(built, "overall-types")
    got, got0 = values(t, "count"), values(t, "baseline_count")
    for crime_type in CRIME_TYPES:
        assert got[crime_type] == now[crime_type], crime_type
        assert got0[crime_type] == before[crime_type], crime_type
    assert got["All crime"] == _all_crime(now)
    assert column(t, "count")["All crime"] == f"{_all_crime(now):,}"
    residents, _ = raw.denominator("ltla24_code", SOUTH_CAMBS)
    assert values(t, "rate")["Drugs"] == pytest.approx(now["Drugs"] / residents * 1000)


def test_significance_in_the_overall_table_matches_a_hand_calculation(built):
    now = raw.counts("ltla24_code", SOUTH_CAMBS, Y2025)
    before = raw.counts("ltla24_code", SOUTH_CAMBS, Y2024)
    t = by_id(built, "overall-types")
    p = values(t, "p")
    for crime_type in ("Drugs", "Burglary", "Shoplifting"):
        x1, x0 = now[crime_type], before[crime_type]
        assert p[crime_type] == pytest.approx(raw.binomial_two_sided_p(x1, x1 + x0, 0.5), rel=1e-6)


def test_ward_table_matches_raw_ward_counts_and_totals(built):
    t = by_id(built, "asb-ward-table")
    got = values(t, "count")
    wards = {
        r["ward24_name"]: r["ward24_code"]
        for r in raw.lookup().values()
        if r["ltla24_code"] == SOUTH_CAMBS
    }
    for name, code in wards.items():
        assert got[name] == raw.counts("ward24_code", code, Y2025)["Anti-social behaviour"], name
    district = raw.counts("ltla24_code", SOUTH_CAMBS, Y2025)["Anti-social behaviour"]
    assert got["South Cambridgeshire (all wards)"] == district
    assert sum(v for k, v in got.items() if "(all wards)" not in k) == district
    counts = [v for k, v in got.items() if "(all wards)" not in k]
    assert counts == sorted(counts, reverse=True)


def test_trend_figure_holds_the_monthly_counts_and_the_baseline_centre_line(built):
    fig = by_id(built, "overall-trend")
    series = fig.chart.series[0].values
    months = sorted(raw.months("2024-01", "2025-12"))
    expected = [_all_crime(raw.counts("ltla24_code", SOUTH_CAMBS, {m})) for m in months]
    assert series == expected
    assert fig.chart.centre == pytest.approx(sum(expected[:12]) / 12)
    mr = [abs(expected[i] - expected[i - 1]) for i in range(1, 12)]
    assert fig.chart.upper == pytest.approx(sum(expected[:12]) / 12 + 2.66 * sum(mr) / 11)
    assert fig.chart.baseline_points == 12
    assert len(fig.data.rows) == 24
    assert "centre line" in fig.alt and "South Cambridgeshire" in fig.alt


def test_district_rates_equal_raw_rates(built):
    fig = by_id(built, "overall-district-rates")
    rates = values(fig.data, "rate")
    for code, name in (("E07000008", "Cambridge"), ("E07000012", "South Cambridgeshire")):
        residents, _ = raw.denominator("ltla24_code", code)
        n = _all_crime(raw.counts("ltla24_code", code, Y2025))
        assert rates[name] == pytest.approx(n / residents * 1000)
    assert fig.chart.highlight == "South Cambridgeshire"


def test_tables_and_figures_are_numbered_consecutively(built):
    assert [t.number for t in built.tables()] == list(range(1, len(built.tables()) + 1))
    assert [f.number for f in built.figures()] == list(range(1, len(built.figures()) + 1))
    assert len(built.tables()) >= 20 and len(built.figures()) >= 10
    assert len({t.id for t in built.tables()} | {f.id for f in built.figures()}) == len(
        built.tables()
    ) + len(built.figures())


def test_every_chapter_the_issue_lists_is_there(built):
    titles = [s.title for s in built.sections]
    for wanted in (
        "Document details",
        "Contents",
        "Key findings",
        "Introduction",
        "Overall crime review",
        "Violence and sexual offences",
        "Acquisitive crime",
        "Anti-social behaviour",
        "Criminal damage and arson",
        "Drugs",
        "Public order",
        "Possession of weapons",
        "Data notes and sources",
        "For the analyst",  # lists the unwritten Recommendations (issue 11)
        "Appendix A: methods",
        "Appendix B: ward tables",  # in the spreadsheet only (issue 11)
    ):
        assert wanted in titles
    asb = built.find("asb")
    # Interventions and Recommendations are printed once written (issue 11).
    assert [c.title for c in asb.children] == ["Issues"]
    # police.uk alone: the agency chapters are left out, each said once, with why.
    left = dict(built.meta["left_out"])
    assert len(left) == len(built.meta["left_out"])
    assert left["Domestic abuse"] == (
        "left out: no Police force crime extract or IDVA referrals data is held"
    )
    assert left["Deliberate fires"] == "left out: no Fire incidents data is held"
    assert left["Violence and sexual offences"].startswith(
        "shown in part: without its Police force crime extract, Ambulance call-outs for "
        "assault and Emergency department assault arrivals figures"
    )
    assert "no place-flags run is held for January 2025 to December 2025" in left["Places"]
    for title in (
        "Domestic abuse",
        "Hate crime",
        "Deliberate fires",
        "Places",
        "School absence and exclusion",
        "Reducing reoffending and substance misuse",
    ):
        assert title not in titles


def test_key_findings_are_drafted_from_the_significant_changes(built):
    # Method change (methods.md): a key finding needs q < α, not only p < α. The
    # assessment's indicator table here is the 14 police.uk types and all crime.
    now = raw.counts("ltla24_code", SOUTH_CAMBS, Y2025)
    before = raw.counts("ltla24_code", SOUTH_CAMBS, Y2024)
    now["All crime"], before["All crime"] = _all_crime(now), _all_crime(before)
    tested = [*CRIME_TYPES, "All crime"]
    p = [raw.binomial_two_sided_p(now[t], now[t] + before[t], 0.5) for t in tested]
    q = dict(zip(tested, raw.bh_qvalues(p), strict=True))
    significant = {t for t in CRIME_TYPES if q[t] < 0.05}
    box = next(b for b in built.find("key-findings").blocks if isinstance(b, Callout))
    assert box.kind == "draft"
    intro = box.body.blocks[0].runs[0].text
    assert "q-value across the 15 indicators tested" in intro
    items = next(b for b in box.body.blocks if isinstance(b, ListBlock)).items
    named = [item[0].text for item in items if item[0].bold]
    assert named[0] == "All crime"
    assert set(named[1:]) == significant


def test_sections_without_data_are_never_empty(built):
    from saferplaces.document.model import Block

    for section, _ in built.walk():
        assert section.blocks or section.children, section.id
        for b in section.blocks:
            # Only document blocks: anything else would be skipped by the renderers.
            assert isinstance(b, Block.__args__), (section.id, type(b).__name__)


def test_data_notes_list_sources_coverage_and_counting(built):
    notes = built.find("data-notes")
    text = {}
    for child in notes.children:
        lines = []
        for b in child.blocks:
            body = getattr(b, "body", b)
            for x in body.blocks:
                lines += ["".join(r.text for r in i) for i in getattr(x, "items", [])]
                lines += [x.text] if hasattr(x, "runs") else []
        text[child.title] = "\n".join(lines)
    assert "police.uk street-level crime" in text["Sources"]
    assert "Open Government Licence" in text["Sources"]
    assert (
        "every month of the period (January 2025 to December 2025) is held"
        in text["Coverage and completeness"]
    )
    assert "have no location" in text["Coverage and completeness"]
    # One line per chapter left out or shown in part, never one per missing indicator.
    listed = text["Sections left out"].splitlines()[1:]
    assert len(listed) == len(built.meta["left_out"]) == len({t for t, _ in built.meta["left_out"]})
    assert "best-fit lookup" in text["How the figures are counted"]


def test_the_area_must_be_a_district(loaded):
    with pytest.raises(AssessmentError, match="not a district"):
        build_assessment(loaded, resolve_area(loaded, "ward:Duxford"), parse_period("2025"))


def test_the_baseline_must_come_first(loaded):
    with pytest.raises(AssessmentError, match="must end before"):
        build_assessment(
            loaded, resolve_area(loaded, "South Cambs"), parse_period("2024"), parse_period("2025")
        )


def test_a_period_with_no_data_fails_clearly(loaded):
    with pytest.raises(AssessmentError, match=r"no police\.uk data is held for January 2023"):
        build_assessment(loaded, resolve_area(loaded, "South Cambs"), parse_period("2023"))


def test_seasonality_is_the_mean_of_each_calendar_month_and_the_detrended_index(built):
    fig = by_id(built, "asb-seasonality")
    means = values(fig.data, "mean")
    index = values(fig.data, "index")
    monthly = {
        m: raw.counts("ltla24_code", SOUTH_CAMBS, {m})["Anti-social behaviour"]
        for m in raw.months("2024-01", "2025-12")
    }
    # Method change (methods.md): the index is on the series over its centred 12-month
    # moving average, so a steady trend is not read as a season.
    expected = raw.detrended_index([monthly[m] for m in sorted(monthly)])
    for k, name in enumerate(["January", "July", "December"]):
        mm = [1, 7, 12][k]
        mean = (monthly[f"2024-{mm:02d}"] + monthly[f"2025-{mm:02d}"]) / 2
        assert means[name] == pytest.approx(mean)
        assert index[name] == pytest.approx(expected[mm])


def test_map_bands_hold_each_wards_rate(built):
    fig = by_id(built, "asb-ward-map")
    rates = values(fig.data, "rate")
    bands = column(fig.data, "band")
    assert len(fig.chart.shapes) == len(rates) == 26
    for ward, rate in rates.items():
        text = bands[ward].removeprefix("up to ").removeprefix("over ")
        parts = [float(x) for x in text.split(" to ")]
        low, high = (0.0, parts[0]) if len(parts) == 1 else parts
        assert low <= round(rate, 2) <= high, ward
    assert set(fig.chart.classes.values()) == set(range(len(fig.chart.class_labels)))


def test_district_change_uses_the_exact_test_on_raw_counts(built):
    t = by_id(built, "overall-district-change")
    p = values(t, "p")
    for code, name in (("E07000008", "Cambridge"), ("E07000010", "Fenland")):
        x1 = _all_crime(raw.counts("ltla24_code", code, Y2025))
        x0 = _all_crime(raw.counts("ltla24_code", code, Y2024))
        assert values(t, "count")[name] == x1 and values(t, "baseline_count")[name] == x0
        assert p[name] == pytest.approx(raw.binomial_two_sided_p(x1, x1 + x0, 0.5), rel=1e-6)


def test_no_empty_analyst_box_and_one_page_lists_them(built):
    """Issue 11: the default spec prints no "to be written" box; the unwritten parts are
    listed on one "For the analyst" page just before the appendices, and drafted text
    keeps its draft style."""
    for section, _ in built.walk():
        for b in section.blocks:
            if isinstance(b, Callout):
                text = " ".join(
                    "".join(r.text for r in getattr(x, "runs", [])) for x in b.body.blocks
                )
                assert "To be written" not in text, section.id
        assert section.kind not in ("interventions", "recommendations"), section.id
    ids = [s.id for s in built.sections]
    assert ids.index("for-the-analyst") == ids.index("appendix-methods") - 1
    page = built.find("for-the-analyst")
    listed = [
        r.text
        for b in page.blocks
        for x in b.blocks
        for item in getattr(x, "items", [])
        for r in item
        if r.code
    ]
    topics = [s.id for s in built.sections if s.kind == "topic"]
    for t in topics:
        if built.find(f"{t}.issues") is not None:
            assert {f"{t}.issues.md", f"{t}.interventions.md", f"{t}.recommendations.md"} <= set(
                listed
            ), t
    assert "recommendations.md" in listed
    assert len(listed) == len(set(listed))
    box = next(b for b in built.find("key-findings").blocks if isinstance(b, Callout))
    assert box.kind == "draft" and box.body.draft


def test_the_methods_appendix_states_the_honest_comparisons(built):
    # The appendix a reader is pointed to says what the figures do (issue 11 item 4).
    section = built.find("appendix-methods")
    text = " ".join(
        x.text
        for s, _ in section.walk()
        for b in s.blocks
        if isinstance(b, Narrative)
        for x in b.blocks
        if hasattr(x, "runs")
    )
    assert "√2 × (√x₁ − √x₀)" in text
    assert "key finding only when its q-value is below 0.05" in text
    assert "fewer than 12 baseline months are trial limits" in text
    assert "centred 12-month moving average" in text
    assert "tested for overdispersion" in text
    assert "exact 95% confidence interval" in text


def test_each_method_note_is_printed_once_and_referred_to(built):
    """Issue 11: the control-chart rules and the ward lookup were printed under every
    chart and ward table; now each is one numbered note in the data notes."""
    import re

    from saferplaces.document.model import Figure, LineChart, Table

    section = built.find("data-notes.methods")
    numbered = {}
    for b in section.blocks:
        for p in b.blocks:
            number, text = p.runs[0].text, "".join(r.text for r in p.runs[1:])
            numbered[int(re.fullmatch(r"Note (\d+)\. ", number).group(1))] = text
    assert sorted(numbered) == list(range(1, len(numbered) + 1))
    assert len(set(numbered.values())) == len(numbered)
    items = [b for _, b in built.blocks() if isinstance(b, Table | Figure)]
    for item in items:
        for n in item.notes:
            assert n not in numbered.values(), (item.id, n)  # never printed twice

    def referred(item) -> list[str]:
        refs = [n for n in item.notes if n.startswith("See note")]
        assert len(refs) <= 1 and all(n.endswith("in Data notes and sources.") for n in refs)
        return [numbered[int(x)] for r in refs for x in re.findall(r"\d+", r)]

    charts = [f for f in items if isinstance(f, Figure) and isinstance(f.chart, LineChart)]
    spc = [f for f in charts if f.chart.centre is not None]
    assert len(spc) >= 2
    rule = [t for t in numbered.values() if t.startswith("Centre line: mean of the 12")]
    assert len(rule) == 1 and "2.66" in rule[0]
    for f in spc:
        assert rule[0] in referred(f), f.id
    wards = [t for t in items if isinstance(t, Table) and t.level == "ward"]
    assert len(wards) >= 2
    for t in wards:
        assert any(x.startswith("Wards are May 2024 electoral wards") for x in referred(t)), t.id


def _board_summary(built) -> tuple[list[str], list[str]]:
    """(paragraphs, list items) of the drafted board summary, as text."""
    box = next(b for b in built.find("board-summary").blocks if isinstance(b, Callout))
    assert box.kind == "draft"
    paras = ["".join(r.text for r in b.runs) for b in box.body.blocks if hasattr(b, "runs")]
    items = [
        "".join(r.text for r in i)
        for b in box.body.blocks
        if isinstance(b, ListBlock) and not b.ordered
        for i in b.items
    ]
    return paras, items


def _bh(p: dict[str, float]) -> dict[str, float]:
    """Benjamini–Hochberg q-values, by hand."""
    order = sorted(p, key=p.get)
    m, q, running = len(order), {}, 1.0
    for i in range(m, 0, -1):
        running = min(running, p[order[i - 1]] * m / i)
        q[order[i - 1]] = running
    return q


def test_board_summary_changes_are_the_largest_significant_by_q_from_raw_rows(built):
    """Issue 11: the board summary's changes are those significant by q across the
    indicator table (here the 14 police.uk types and all crime), largest first; their
    counts, q, and the wards making up at least half of each change are worked from
    the raw rows."""
    now = raw.counts("ltla24_code", SOUTH_CAMBS, Y2025)
    before = raw.counts("ltla24_code", SOUTH_CAMBS, Y2024)
    counts = {t: (before[t], now[t]) for t in CRIME_TYPES}
    counts["All crime"] = (_all_crime(before), _all_crime(now))
    p = {t: raw.binomial_two_sided_p(x1, x1 + x0, 0.5) for t, (x0, x1) in counts.items()}
    q = _bh(p)
    significant = [t for t in counts if q[t] < 0.05]
    expected = sorted(significant, key=lambda t: (-abs(counts[t][1] - counts[t][0]), q[t], t))
    _, items = _board_summary(built)
    assert [i.split(" rose ")[0].split(" fell ")[0] for i in items] == expected[:5]
    assert len(expected) >= 3  # the bundled data has three to five such changes
    wards = {
        r["ward24_code"]: r["ward24_name"]
        for r in raw.lookup().values()
        if r["ltla24_code"] == SOUTH_CAMBS
    }
    for item, t in zip(items, expected, strict=False):
        x0, x1 = counts[t]
        verb = "rose" if x1 > x0 else "fell"
        assert f"{t} {verb} from {x0:,} crimes in 2024 to {x1:,} in 2025 ({x1 - x0:+,}" in item
        assert (f"q = {q[t]:.3f})" if q[t] >= 0.001 else "q < 0.001)") in item

        # The wards: each ward's change over the district's, largest first, until half.
        def of(c: Counter, t: str = t) -> int:
            return _all_crime(c) if t == "All crime" else c[t]

        change = {
            name: of(raw.counts("ward24_code", code, Y2025))
            - of(raw.counts("ward24_code", code, Y2024))
            for code, name in wards.items()
        }
        assert sum(change.values()) == x1 - x0
        named, made = [], 0.0
        for name in sorted(change, key=lambda n: (-change[n], n)):
            if made >= 0.5:
                break
            named.append(f"{name} ({change[name]:+,}, {100 * change[name] / (x1 - x0):.0f}%")
            made += change[name] / (x1 - x0)
        drivers = item.split("The wards that make up at least half of it: ")[1]
        for n in named:
            assert n in drivers, (t, n)
        assert drivers.count("% of the change") == len(named)


def test_board_summary_position_quotes_the_tables_it_comes_from(built):
    paras, _ = _board_summary(built)
    position = paras[0]
    now = raw.counts("ltla24_code", SOUTH_CAMBS, Y2025)
    residents, _ = raw.denominator("ltla24_code", SOUTH_CAMBS)
    rate = _all_crime(now) / residents * 1000
    assert f"South Cambridgeshire had {_all_crime(now):,} crimes" in position
    assert f"{rate:.2f} per 1,000 residents" in position
    # The force's rate is the force total row of the district rates figure's data.
    force = column(by_id(built, "overall-district-rates").data, "rate")
    assert f"Cambridgeshire police force area {force['Cambridgeshire (force total)']}" in position
    # The county: its five districts' raw all-crime over their residents.
    county = ("E07000008", "E07000009", "E07000010", "E07000011", "E07000012")
    n = sum(_all_crime(raw.counts("ltla24_code", c, Y2025)) for c in county)
    res = sum(raw.denominator("ltla24_code", c)[0] for c in county)
    assert f"Cambridgeshire County Council {n / res * 1000:.2f}" in position


def test_the_statutory_checklist_from_police_uk_alone(built):
    """police.uk alone: no residents' results and no plan record (both chapters left out
    with how to add them), no agency data; the checklist says so, row by row."""
    left = dict(built.meta["left_out"])
    assert left["What residents told us"].startswith("left out: no consultation or survey")
    assert "record: plan.json" in left["Last year's partnership plan"]
    titles = [s.title for s in built.sections]
    assert "What residents told us" not in titles
    assert "Last year's partnership plan" not in titles
    [table] = [b for b in built.find("statutory-checklist").blocks if hasattr(b, "rows")]
    status = {row[0].value: row[1].value for row in table.rows}
    assert status == {
        "crime-and-disorder": "present",  # all crime and ASB in the overall review
        "substance-misuse": "partly",  # police drug offences, no treatment data
        "reoffending": "missing",  # the reducing reoffending chapter is left out
        "serious-violence": "partly",  # police violence, no ambulance or ED data
        "patterns-and-trends": "present",  # key findings and the trend charts
        "priorities-recommended": "missing",  # recommendations.md not written
        "residents-views": "missing",
        "last-year-plan": "missing",
        "county-matters": "missing",  # South Cambridgeshire: Cambridgeshire County Council
        "pcc-plan": "missing",  # no pcc-plan chapter in the default spec
    }
    # numbered with the rest, in reading order (after it, the appendices' tables)
    assert built.tables()[table.number - 1] is table
