"""What the review of the merged assessment asked for: q-values over each table's own
rows, no change over missing months, notes only about a table's own indicators.

Values are worked out here by hand (Benjamini–Hochberg with the standard library) or
read from the illustrative extracts, never through the code under test."""

from __future__ import annotations

import pytest

from saferplaces.document.formatting import MISSING
from tests.assessment import raw_agency as ra
from tests.assessment.test_agency_chapters import rows_of, text_of
from tests.helpers import raw
from tests.helpers.tables import by_id, notes_of

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pub(assessment_public):
    return assessment_public.document


def _bh(ps: list[float]) -> list[float]:
    """Benjamini–Hochberg by hand: q_i = min over j ranked at or above i of p_j m / j."""
    m = len(ps)
    order = sorted(range(m), key=lambda i: ps[i])
    q = [0.0] * m
    running = 1.0
    for rank in range(m, 0, -1):
        i = order[rank - 1]
        running = min(running, ps[i] * m / rank)
        q[i] = running
    return q


def test_q_values_are_benjamini_hochberg_across_the_tables_own_rows(pub):
    with_q = [t for t in pub.tables() if any(c.key == "q" for c in t.columns)]
    assert "overall-types" in [t.id for t in with_q]
    for t in with_q:
        ident = t.id
        pj, qj = t.column_index("p"), t.column_index("q")
        rows = [r for r in t.rows if r[pj].value is not None]
        want = _bh([float(r[pj].value) for r in rows])
        for r, q in zip(rows, want, strict=True):
            assert r[qj].value == pytest.approx(q, rel=1e-9), (ident, r[0].text)
        assert any(
            f"across the {len(rows)} indicators of this table" in n for n in notes_of(pub, t)
        )
    # The reviewer's recalculation from the raw police.uk files, over Table 1's 15 rows.
    t = rows_of(by_id(pub, "overall-types"))
    assert t["All crime"]["q"] == "0.035"
    assert t["Possession of weapons"]["q"] == "0.008"


def _ambulance_months(demo) -> set[str]:
    return {r["date"][:7] for r in ra.read_csv(ra.one(demo / "ambulance", "*.csv"))}


def test_a_row_not_compared_shows_no_change_and_says_which_months_are_missing(pub, agency_loaded):
    held = _ambulance_months(agency_loaded.demo)
    missing = [f"2025-{m:02d}" for m in range(1, 13) if f"2025-{m:02d}" not in held]
    assert missing == ["2025-12"]  # the illustrative extract leaves December out
    t = by_id(pub, "violence-summary")
    name = next(r[0].text for r in t.rows if r[0].text.startswith("Ambulance"))
    row = rows_of(t)[name]
    assert row["Change"] == row["Change %"] == MISSING
    assert row["Change is"].lower().startswith("not compared")
    assert any(n.startswith(name) and "December 2025 is missing" in n for n in notes_of(pub, t))
    violence = next(s for s in pub.sections if s.id == "violence")
    text = text_of(violence)
    line = next(x for x in text.splitlines() if x.startswith(name))
    assert "December 2025 is missing" in line and "not compared" in line
    assert "-20" not in line and "%" not in line


def test_notes_speak_only_of_the_tables_own_indicators(pub):
    # Table 1 holds police.uk only: nothing about ambulance data under it.
    for ident in ("overall-types", "domestic-abuse-summary", "acquisitive-summary-table"):
        t = by_id(pub, ident)
        assert not any("mbulance" in n for n in notes_of(pub, t)), ident


def test_the_force_total_and_the_records_outside_the_force_area(pub):
    t = by_id(pub, "overall-district-change")
    rows = rows_of(t)
    districts = {name for i, r in enumerate(t.rows) if (name := r[0].text) and "(" not in name} - {
        "Location unknown",
        "Recorded outside the force area",
    }
    inside = unknown = outside = 0
    lk = raw.lookup()
    for r in raw.street_rows():
        if not r["Month"].startswith("2025") or r["Crime type"] == "Anti-social behaviour":
            continue
        row = lk.get(r["LSOA code"])
        if row is None:
            unknown += 1
        elif row["ltla24_name"] in districts:
            inside += 1
        else:
            outside += 1
    force = next(v for k, v in rows.items() if k.endswith("(force total)"))
    assert int(force["2025"].replace(",", "")) == inside + unknown
    assert int(rows["Location unknown"]["2025"].replace(",", "")) == unknown
    out = rows["Recorded outside the force area"]
    assert int(out["2025"].replace(",", "")) == outside > 0
    assert out["Change is"] == "for information"
    notes = " ".join(notes_of(pub, by_id(pub, "overall-district-change")))
    assert "not added to the force total" in notes


def test_restricted_csvs_and_figure_images_carry_the_marking(
    assessment_public, assessment_restricted
):
    from PIL import Image

    for f in sorted((assessment_restricted.out_dir / "csv").glob("*.csv")):
        assert f.read_text(encoding="utf-8").startswith('"RESTRICTED'), f.name
    for f in sorted((assessment_public.out_dir / "csv").glob("*.csv")):
        assert "RESTRICTED" not in f.read_text(encoding="utf-8").splitlines()[0], f.name
    pngs = sorted((assessment_restricted.out_dir / "figures").glob("*.png"))
    assert pngs
    for f in pngs:
        with Image.open(f) as img:
            r, g, b = img.convert("RGB").getpixel((2, 2))
        assert r > 120 and g < 40 and b < 40, f.name  # the red RESTRICTED band
    with Image.open(sorted((assessment_public.out_dir / "figures").glob("*.png"))[0]) as img:
        assert img.convert("RGB").getpixel((2, 2)) != (160, 0, 0)


def test_places_list_is_a_short_list_on_the_spec_indicators_in_board_words(pub):
    t = by_id(pub, "places-flags")
    listed = [r for r in t.rows if r[1].text in ("Emerging", "Sustaining", "Preventing")]
    assert 0 < len(listed) <= 26 // 3
    notes = " ".join(notes_of(pub, t))
    assert "--" not in notes
    assert "with 3 or more flags" in notes or "3 or more flags" in notes
    assert "on 9 indicators" in notes  # ten named; ambulance call-outs miss December 2025
    assert "Not ranked this time: Ambulance call-outs for assault, because December 2025" in notes


def test_drug_treatment_completion_rate_is_shown_as_a_percentage(pub, agency_loaded):
    clients = done = 0
    for r in ra.read_csv(ra.one(agency_loaded.demo / "drug-treatment", "*.csv")):
        if r["period_start"].startswith("2025") and r["district_code"] == ra.SOUTH:
            clients += int(r["clients_in_treatment"])
            done += int(r["successful_completions"])
    text = text_of(next(s for s in pub.sections if s.id == "offending"))
    line = next(x for x in text.splitlines() if "completion" in x.lower() and "%" in x)
    assert f"{100 * done / clients:.1f}% ({done} of {clients:,}) in 2025" in line, line
    assert "per 1,000" not in line


def test_a_missing_month_is_a_gap_in_the_trend_not_a_zero(pub):
    fig = by_id(pub, "violence-ambulance-trend")
    assert "December 2025 is missing from the data and left as a gap" in fig.alt
    data = {r[0].text: r[1].text for r in fig.data.rows}
    assert data["Dec 2025"] == MISSING
    held = [int(v) for k, v in data.items() if k != "Dec 2025"]
    assert f"ranging from {min(held)} to {max(held)} a month" in fig.alt


def test_a_gap_after_the_baseline_keeps_the_control_limits(pub):
    """The limits come from the twelve baseline months alone, worked out here by hand."""
    fig = by_id(pub, "violence-ambulance-trend")
    rows = [[c.text for c in r] for r in fig.data.rows]
    base = [int(r[1]) for r in rows if r[0].endswith("2024")]
    assert len(base) == 12
    centre = sum(base) / 12
    mr = sum(abs(a - b) for a, b in zip(base[1:], base[:-1], strict=True)) / 11
    assert rows[0][2] == f"{centre:.1f}"
    assert rows[0][4] == f"{centre + 2.66 * mr:.1f}"
    assert rows[0][3] == f"{max(centre - 2.66 * mr, 0):.1f}"
    assert fig.chart.upper == pytest.approx(centre + 2.66 * mr)
    assert any("before the first gap" in n for n in notes_of(pub, fig))


def test_a_note_about_the_outside_row_only_where_the_row_is_shown(pub):
    checked = 0
    for t in pub.tables():
        shown = any(r[0].text.startswith(("Recorded outside", "Living outside")) for r in t.rows)
        said = any(n.startswith(("Recorded outside", "Living outside")) for n in notes_of(pub, t))
        assert said == shown or not said, t.id
        checked += said
    assert checked >= 1
