"""The evidence pages never compare against months the warehouse does not hold, say so at
the top of the page, and explain an empty warehouse instead of blaming the reader.

The bundled police.uk files hold January 2024 to December 2025; counts are checked
against the raw files (tests.helpers.raw), never through the code under test.
"""

from __future__ import annotations

import re
from html import unescape

from django.urls import reverse

from tests.helpers import raw

SOUTH_CAMBS = "E07000012"
CAMBOURNE = "E05014031"
DASH = "–"


def _cells(html: str, row_label: str) -> list[str]:
    m = re.search(
        r"<tr[^>]*>\s*<th[^>]*>(?:<a[^>]*>)?" + re.escape(row_label) + r"(?:</a>)?</th>(.*?)</tr>",
        html,
        re.S,
    )
    assert m, f"no row {row_label!r}"
    return [
        unescape(re.sub(r"<[^>]+>", "", c)).strip()
        for c in re.findall(r"<td[^>]*>(.*?)</td>", m.group(1), re.S)
    ]


def _visible(cell: str) -> str:
    """A cell's text without the words only screen readers hear."""
    return cell.replace("not compared", "").strip()


def _n(text: str) -> int:
    return int(text.replace(",", ""))


def test_a_baseline_with_no_months_held_is_not_compared(clients, demo):
    html = (
        clients["analyst"]
        .get(reverse("evidence:indicators", args=[demo.slug]) + "?period=2024")
        .content.decode()
    )
    burglary = _cells(html, "Burglary")
    expected = raw.counts("ltla24_code", SOUTH_CAMBS, raw.months("2024-01", "2024-12"))["Burglary"]
    assert _n(burglary[0]) == expected
    # Baseline, change and change %: blank, not "0 | +588".
    assert [_visible(c) for c in burglary[1:4]] == [DASH, DASH, DASH]
    assert "not compared" in burglary[1]
    assert burglary[-1].lower() == "not compared"
    warning = html.index("govuk-warning-text")
    assert warning < html.index("<table")
    text = unescape(re.sub(r"<[^>]+>", " ", html[warning : warning + 800]))
    assert "January 2023 to December 2023" in " ".join(text.split())
    assert "no police.uk months are held" in text.lower()


def test_the_ward_table_says_so_before_the_map(clients, demo):
    url = reverse("evidence:wards", args=[demo.slug]) + "?indicator=burglary&period=2024"
    html = clients["analyst"].get(url).content.decode()
    row = _cells(html, "Cambourne")
    expected = raw.counts("ward24_code", CAMBOURNE, raw.months("2024-01", "2024-12"))["Burglary"]
    assert _n(row[0]) == expected
    assert [_visible(c) for c in row[1:4]] == [DASH, DASH, DASH]
    assert html.index("govuk-warning-text") < html.index("<svg")


def test_a_period_with_months_missing_is_marked_and_not_compared(clients, demo):
    """April 2025 to March 2026: January to March 2026 are not held."""
    url = reverse("evidence:indicators", args=[demo.slug])
    html = (
        clients["analyst"]
        .get(url + "?other_period=ye2026-03&other_baseline=ye2025-03")
        .content.decode()
    )
    now = raw.counts("ltla24_code", SOUTH_CAMBS, raw.months("2025-04", "2026-03"))
    all_crime = _cells(html, "All crime")
    assert _n(all_crime[0]) == sum(v for k, v in now.items() if k != "Anti-social behaviour")
    assert [_visible(c) for c in all_crime[1:4]] == [DASH, DASH, DASH]
    assert "Count (9 of 12 months held)" in unescape(re.sub(r"<[^>]+>", "", html))
    warning = html.index("govuk-warning-text")
    assert warning < html.index("<table")
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", html[warning : warning + 800])).split())
    assert "January 2026 to March 2026" in text and "3 of the 12 months" in text


def test_complete_periods_are_compared_with_no_warning(clients, demo):
    url = reverse("evidence:indicators", args=[demo.slug]) + "?period=2025&baseline=2024"
    html = clients["analyst"].get(url).content.decode()
    assert "govuk-warning-text" not in html
    now = raw.counts("ltla24_code", SOUTH_CAMBS, raw.months("2025-01", "2025-12"))["Burglary"]
    before = raw.counts("ltla24_code", SOUTH_CAMBS, raw.months("2024-01", "2024-12"))["Burglary"]
    burglary = _cells(html, "Burglary")
    assert _n(burglary[1]) == before and burglary[2] == f"{now - before:+,}"


def test_only_periods_held_are_offered(clients, demo):
    html = clients["analyst"].get(reverse("evidence:indicators", args=[demo.slug])).content.decode()
    baseline = re.search(r'<select[^>]*id="id_baseline".*?</select>', html, re.S).group(0)
    offered = re.findall(r'<option value="([^"]*)"', baseline)
    assert "2023" not in offered and "2024" in offered
    period = re.search(r'<select[^>]*id="id_period".*?</select>', html, re.S).group(0)
    assert "2023" not in re.findall(r'<option value="([^"]*)"', period)


def test_an_empty_warehouse_says_what_to_load(clients, demo, settings, warehouse_path):
    """Reference data but no police.uk months: say so, and how to load them."""
    settings.SAFERPLACES_WAREHOUSE = str(warehouse_path)
    for name, kwargs in [
        ("evidence:indicators", {}),
        ("evidence:wards", {}),
        ("evidence:ward", {"code": CAMBOURNE}),
        ("evidence:trend", {}),
    ]:
        resp = clients["analyst"].get(reverse(name, kwargs={"slug": demo.slug, **kwargs}))
        html = resp.content.decode()
        assert resp.status_code == 503, name
        assert "Choose a period" not in html, name
        assert "No police.uk months are held" in html and "saferplaces ingest police-uk" in html


def test_a_month_not_held_is_a_gap_in_the_trend_not_a_zero(clients, demo, settings, warehouse_path):
    from saferplaces.sources.police_uk import ingest_police_uk
    from saferplaces.warehouse import Warehouse
    from tests.conftest import sample_month

    with Warehouse.open(warehouse_path) as wh:
        ingest_police_uk(
            wh, [sample_month(m) for m in ("2025-01", "2025-02", "2025-04", "2025-05")]
        )
    settings.SAFERPLACES_WAREHOUSE = str(warehouse_path)
    html = clients["analyst"].get(reverse("evidence:trend", args=[demo.slug])).content.decode()
    assert "<td" in html
    assert re.search(r"March 2025</th>\s*<td[^>]*>not held</td>", html)
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    lines = re.findall(r'<polyline points="([^"]+)"', svg)
    assert [len(p.split()) for p in lines] == [2, 2]  # two stretches, no point for March
    jan = raw.counts("ltla24_code", SOUTH_CAMBS, {"2025-01"})
    all_crime = sum(v for k, v in jan.items() if k != "Anti-social behaviour")
    assert re.search(rf"January 2025</th>\s*<td[^>]*>{all_crime:,}</td>", html)
    assert "Months not held, shown as gaps in the line: March 2025." in html
