"""What the review of the merged assessment asked for: q-values over each table's own
rows, no change over missing months, notes only about a table's own indicators.

Values are worked out here by hand (Benjamini–Hochberg with the standard library) or
read from the illustrative extracts, never through the code under test."""

from __future__ import annotations

import pytest

from saferplaces.assessment.formatting import MISSING
from tests.assessment import raw_agency as ra
from tests.assessment.test_agency_chapters import rows_of, text_of
from tests.helpers.tables import by_id

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
    for ident in ("overall-types", "violence-summary"):
        t = by_id(pub, ident)
        pj, qj = t.column_index("p"), t.column_index("q")
        rows = [r for r in t.rows if r[pj].value is not None]
        want = _bh([float(r[pj].value) for r in rows])
        for r, q in zip(rows, want, strict=True):
            assert r[qj].value == pytest.approx(q, abs=5e-4), (ident, r[0].text)
        assert any(f"across the {len(rows)} indicators of this table" in n for n in t.notes)
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
    assert any(n.startswith(name) and "December 2025 is missing" in n for n in t.notes)
    violence = next(s for s in pub.sections if s.id == "violence")
    text = text_of(violence)
    line = next(x for x in text.splitlines() if x.startswith(name))
    assert "December 2025 is missing" in line and "not compared" in line
    assert "-20" not in line and "%" not in line


def test_notes_speak_only_of_the_tables_own_indicators(pub):
    # Table 1 holds police.uk only: nothing about ambulance data under it.
    for ident in ("overall-types", "domestic-abuse-summary", "acquisitive-summary-table"):
        t = by_id(pub, ident)
        assert not any("mbulance" in n for n in t.notes), ident
