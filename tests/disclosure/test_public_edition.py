"""The public edition hides small counts of sensitive measures in every table, chart and
sentence; the restricted edition shows them all. A single month makes ward counts small."""

from datetime import date

import openpyxl
import pytest

from saferplaces.assessment.builder import build_assessment
from saferplaces.core.periods import parse_period
from saferplaces.disclosure import HIDDEN, SMALL, Edition
from saferplaces.geography.areas import resolve_area
from saferplaces.warehouse import Warehouse
from tests.helpers import raw
from tests.helpers.documents import produce_demo
from tests.helpers.tables import by_id, values

VIOLENCE = "Violence and sexual offences"


@pytest.fixture(scope="module")
def editions(loaded_path):
    with Warehouse.open(loaded_path, read_only=True) as wh:
        area = resolve_area(wh, "South Cambridgeshire")
        return {
            e: build_assessment(
                wh,
                area,
                parse_period("2025-12"),
                parse_period("2025-11"),
                edition=e,
                created=date(2026, 1, 15),
            )
            for e in Edition
        }


def _is_small_number(text: str) -> bool:
    return text.replace(",", "").isdigit() and 1 <= int(text.replace(",", "")) <= 4


def test_restricted_shows_every_ward_count_including_small_ones(editions):
    t = by_id(editions[Edition.RESTRICTED], "violence-ward-table")
    got = values(t, "count")
    wards = {
        r["ward24_name"]: r["ward24_code"]
        for r in raw.lookup().values()
        if r["ltla24_code"] == "E07000012"
    }
    small = 0
    for name, code in wards.items():
        n = raw.counts("ward24_code", code, {"2025-12"})[VIOLENCE]
        assert got[name] == n
        small += 1 <= n <= 4
    assert small > 0, "the test needs some small counts to mean anything"


def test_public_hides_small_counts_with_secondary_suppression(editions):
    pub = by_id(editions[Edition.PUBLIC], "violence-ward-table")
    res = by_id(editions[Edition.RESTRICTED], "violence-ward-table")
    counts = [pub.column_index(k) for k in pub.count_columns]
    grid = []
    # The public edition lists wards A to Z when it hides any count: match by ward.
    by_name = {r[0].text: r for r in res.rows}
    assert sorted(by_name) == sorted(r[0].text for r in pub.rows)
    for i, prow in enumerate(pub.rows):
        rrow = by_name[prow[0].text]
        if i in pub.total_rows:
            assert [prow[j].text for j in counts] == [rrow[j].text for j in counts]
            continue
        line = []
        for j in counts:
            assert not _is_small_number(prow[j].text), prow[0].text
            if _is_small_number(rrow[j].text):
                assert prow[j].text == SMALL and prow[j].value is None
            if prow[j].hidden:
                assert prow[j].text in (SMALL, HIDDEN)
            line.append(prow[j].hidden)
        # Anything calculated from a hidden count is hidden too.
        if any(line):
            for key in ("change", "change_pct", "rate", "ci"):
                assert prow[pub.column_index(key)].text == HIDDEN
        grid.append(line)
    assert any(any(r) for r in grid)
    for r in grid:
        assert sum(r) != 1
    for c in range(len(counts)):
        assert sum(r[c] for r in grid) != 1


def test_public_map_leaves_hidden_wards_unshaded(editions):
    fig = by_id(editions[Edition.PUBLIC], "violence-ward-map")
    hidden = [c for c, k in fig.chart.classes.items() if k is None]
    assert hidden
    assert "not published" in fig.alt
    assert not any(_is_small_number(r[1].text) for r in fig.data.rows)


def test_measures_that_are_not_sensitive_are_not_suppressed(editions):
    t = by_id(editions[Edition.PUBLIC], "weapons-ward-table")
    assert not any(c.hidden for row in t.rows for c in row)


def test_no_small_count_in_any_sensitive_table_of_the_public_spreadsheet(loaded_path, tmp_path):
    produced = produce_demo(
        loaded_path,
        tmp_path,
        "public",
        period="2025-12",
        baseline="2025-11",
        formats=("xlsx",),
    )
    sensitive = {t.label for t in produced.document.tables() if t.sensitive and t.level == "ward"}
    sensitive |= {
        f"{f.label} data"
        for f in produced.document.figures()
        if f.data.sensitive and f.data.level == "ward"
    }
    assert sensitive
    wb = openpyxl.load_workbook(tmp_path / "assessment.xlsx")
    checked = 0
    for name in sensitive:
        ws = wb[name]
        header = [c.value for c in ws[4]]
        for row in ws.iter_rows(min_row=5, values_only=True):
            if row[0] is None:
                break
            for h, v in zip(header, row, strict=False):
                if h in ("2025", "2024", "Dec 2025", "Nov 2025", "Count (Dec 2025)"):
                    checked += 1
                    assert not (isinstance(v, int) and 1 <= v <= 4), (name, row)
    assert checked > 0
