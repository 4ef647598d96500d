"""The evidence pages show a district beside its similar areas: the indicators table's
column and the page with the similar areas and the funnel plot across them."""

from __future__ import annotations

from django.urls import reverse

from tests.helpers import raw
from tests.helpers.html_tables import html_table, rows_by_name

YEAR = raw.months("2025-01", "2025-12")


def _expected_asb() -> str:
    """Huntingdonshire and East Cambridgeshire: the similar areas whose data is held."""
    n = sum(raw.counts("ltla24_code", c, YEAR)["Anti-social behaviour"]
            for c in ("E07000011", "E07000009"))  # fmt: skip
    residents = sum(raw.denominator("ltla24_code", c)[0] for c in ("E07000011", "E07000009"))
    return f"{1000 * n / residents:.2f}"


def test_indicators_page_shows_the_similar_areas_average(clients, demo):
    url = reverse("evidence:indicators", args=[demo.slug]) + "?other_period=2025"
    page = clients["analyst"].get(url).content.decode()
    rows = rows_by_name(page, "Police.uk crime and anti-social behaviour")
    header = html_table(page, "Police.uk crime and anti-social behaviour")[0]
    column = header.index("Similar areas' average") - 1
    assert rows["Anti-social behaviour"][column].startswith(_expected_asb())
    assert "2 of the 15 similar areas" in page
    assert "England and Wales" not in header  # only when every force's data is held


def test_similar_page_lists_them_and_draws_the_funnel(clients, demo):
    url = (
        reverse("evidence:similar", args=[demo.slug])
        + "?other_period=2025&indicator=anti-social-behaviour"
    )
    page = clients["analyst"].get(url).content.decode()
    table = rows_by_name(page, "beside its similar areas")
    assert table["Anti-social behaviour"][1] == _expected_asb()
    assert table["Anti-social behaviour"][2] == "2 of 15"
    funnel = rows_by_name(page, "The districts of the funnel plot")
    assert list(funnel) == [
        "South Cambridgeshire (this area)",
        "Huntingdonshire",
        "East Cambridgeshire",
    ]
    listed = rows_by_name(page, "15 similar areas, nearest first")
    assert len(listed) == 15 and listed["Huntingdonshire"][-1] == "Yes"
    assert listed["South Oxfordshire"][-1] == "No"
    assert 'src="data:image/png;base64,' in page and "Funnel plot of anti-social" in page
    assert clients["guest"].get(url).status_code == 403
