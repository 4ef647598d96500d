"""Evidence pages against figures computed from the raw police.uk files by hand."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from saferplaces.document.palette import quantile_breaks as class_breaks
from saferplaces.web.evidence.charts import trend_svg
from saferplaces.web.evidence.warehouse import suggested_periods
from tests.helpers import raw

ALL_BUT_ASB = "Anti-social behaviour"
CAMBOURNE = "E05014031"
SOUTH_CAMBS = "E07000012"


def _cells(html: str, row_label: str) -> list[str]:
    """The cells of the table row whose header cell is ``row_label``."""
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


def _n(text: str) -> int:
    return int(text.replace(",", "").replace("+", ""))


def test_indicator_table_counts_match_the_raw_files(clients, demo):
    url = reverse("evidence:indicators", args=[demo.slug])
    html = clients["analyst"].get(url + "?period=2025&baseline=2024").content.decode()
    now = raw.counts("ltla24_code", SOUTH_CAMBS, raw.months("2025-01", "2025-12"))
    before = raw.counts("ltla24_code", SOUTH_CAMBS, raw.months("2024-01", "2024-12"))
    burglary = _cells(html, "Burglary")
    assert _n(burglary[0]) == now["Burglary"]
    assert _n(burglary[1]) == before["Burglary"]
    assert _n(burglary[2]) == now["Burglary"] - before["Burglary"]
    households = raw.denominator("ltla24_code", SOUTH_CAMBS)[1]
    assert (
        burglary[4].replace("households*", "").strip()
        == f"{now['Burglary'] / households * 1000:,.2f}"
    )
    all_crime = _cells(html, "All crime")
    assert _n(all_crime[0]) == sum(v for k, v in now.items() if k != ALL_BUT_ASB)
    assert "January 2025 to December 2025 compared with January 2024 to December 2024" in html


def test_default_period_is_the_latest_twelve_months_held(clients, demo):
    html = clients["analyst"].get(reverse("evidence:indicators", args=[demo.slug])).content.decode()
    assert '<option value="ye2025-12" selected>' in html


def test_bad_period_is_an_error_summary_not_a_crash(clients, demo):
    url = reverse("evidence:indicators", args=[demo.slug])
    html = clients["analyst"].get(url + "?other_period=next+year").content.decode()
    assert "govuk-error-summary" in html and 'href="#id_other_period"' in html
    html = clients["analyst"].get(url + "?period=2025&baseline=2025").content.decode()
    assert "The baseline must end before the period starts" in html


def test_ward_table_and_map(clients, demo):
    url = reverse("evidence:wards", args=[demo.slug])
    html = clients["analyst"].get(url + "?indicator=burglary&period=2025").content.decode()
    now = raw.counts("ward24_code", CAMBOURNE, raw.months("2025-01", "2025-12"))
    row = _cells(html, "Cambourne")
    assert _n(row[0]) == now["Burglary"]
    households = raw.denominator("ward24_code", CAMBOURNE)[1]
    assert _n(row[4]) == households
    assert row[5] == f"{now['Burglary'] / households * 1000:,.2f}"
    lo, hi = raw.poisson_interval(now["Burglary"])  # Garwood, by bisection on the cdf
    assert row[6] == f"{lo / households * 1000:,.2f} to {hi / households * 1000:,.2f}"
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    wards = {r["ward24_code"] for r in raw.lookup().values() if r["ltla24_code"] == SOUTH_CAMBS}
    assert set(re.findall(r'data-code="(E05\d+)"', svg)) == wards
    assert "tile" not in html and "leaflet" not in html.lower()


def test_ward_page_shows_linked_actions(clients, demo):
    html = (
        clients["board"].get(reverse("evidence:ward", args=[demo.slug, CAMBOURNE])).content.decode()
    )
    assert "Action 2.1" in html  # the demo links action 2.1 to Cambourne
    assert (
        clients["board"].get(reverse("evidence:ward", args=[demo.slug, "E05000001"])).status_code
        == 404
    )


def test_trend_months_match_the_raw_files(clients, demo):
    html = (
        clients["analyst"]
        .get(reverse("evidence:trend", args=[demo.slug]) + "?indicator=anti-social-behaviour")
        .content.decode()
    )
    for month, label in (
        ("2024-01", "January 2024"),
        ("2025-07", "July 2025"),
        ("2025-12", "December 2025"),
    ):
        expected = raw.counts("ltla24_code", SOUTH_CAMBS, {month})[ALL_BUT_ASB]
        assert _n(_cells(html, label)[0]) == expected
    assert "<polyline" in html


def test_quality_page(clients, demo):
    html = clients["analyst"].get(reverse("evidence:quality", args=[demo.slug])).content.decode()
    rows = len(raw.street_rows())
    assert f"{rows:,}" in html
    assert "2024-01" in html and "2025-12" in html


def test_evidence_without_a_warehouse_says_what_to_do(clients, demo, settings, tmp_path):
    settings.SAFERPLACES_WAREHOUSE = str(tmp_path / "none.duckdb")
    resp = clients["analyst"].get(reverse("evidence:indicators", args=[demo.slug]))
    assert resp.status_code == 503
    assert "saferplaces ingest police-uk" in resp.content.decode()


def test_assessments_listed_viewed_and_downloaded(clients, demo, settings, tmp_path):
    folder = tmp_path / "assessments" / demo.slug / "2025-26-end-of-year"
    folder.mkdir(parents=True)
    (folder / "assessment.html").write_text("<h1>Strategic assessment</h1>")
    (folder / "assessment.docx").write_bytes(b"PK docx bytes")
    (tmp_path / "assessments" / demo.slug / "empty").mkdir()
    html = (
        clients["analyst"].get(reverse("evidence:assessments", args=[demo.slug])).content.decode()
    )
    assert "2025-26-end-of-year" in html and "empty" not in html
    view = clients["analyst"].get(
        reverse("evidence:assessment_file", args=[demo.slug, "2025-26-end-of-year", "html"])
    )
    assert view.status_code == 200 and "sandbox" in view["Content-Security-Policy"]
    assert b"".join(view.streaming_content) == b"<h1>Strategic assessment</h1>"
    dl = clients["analyst"].get(
        reverse("evidence:assessment_file", args=[demo.slug, "2025-26-end-of-year", "docx"])
    )
    assert "attachment" in dl["Content-Disposition"]
    for name, fmt in (("2025-26-end-of-year", "pdf"), ("..", "html"), ("empty", "html")):
        url = f"/p/{demo.slug}/evidence/assessments/{name}/assessment.{fmt}"
        assert clients["analyst"].get(url).status_code == 404
    url = reverse("evidence:assessment_file", args=[demo.slug, "2025-26-end-of-year", "html"])
    assert clients["guest"].get(url).status_code == 403
    assert clients["anonymous"].get(url).status_code == 302


def test_suggested_periods_are_whole_and_named():
    months = [f"2024-{m:02d}" for m in range(1, 13)] + [f"2025-{m:02d}" for m in range(1, 10)]
    specs = [s for s, _ in suggested_periods(months)]
    assert specs == ["ye2025-09", "2024/25", "2024"]


@pytest.mark.parametrize(
    "values, expected", [([1, 2, 3, 4, 5], [1, 2, 3, 4, 5]), ([0, 0, 0, 10], [0, 10]), ([], [])]
)
def test_class_breaks(values, expected):
    assert class_breaks(values) == expected


def test_trend_svg_plots_every_month():
    svg = trend_svg([("2025-01", 3), ("2025-02", 0), ("2025-03", 9)], title="t", description="d")
    assert svg.count("<circle") == 3 and "2025-03: 9" in svg
