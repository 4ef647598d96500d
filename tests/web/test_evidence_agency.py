"""The indicators page with the agency sources loaded: one table per source, labelled
illustrative where the data is, figures checked against the raw extract by hand."""

from __future__ import annotations

import csv
import re
import shutil
from html import unescape

import pytest
from django.urls import reverse

from tests.helpers.warehouses import cached


@pytest.fixture(scope="module")
def agency_template():
    """The bundled police.uk data and every illustrative extract, loaded once (the cached
    build, see tests/helpers/warehouses.py; copied before use)."""
    folder = cached("agency")
    return folder / "warehouse.duckdb", folder / "demo"


@pytest.fixture
def agency(agency_template, settings, tmp_path):
    path = tmp_path / "w.duckdb"
    shutil.copy(agency_template[0], path)
    settings.SAFERPLACES_WAREHOUSE = str(path)
    return agency_template[1]


def _tables(html: str) -> list[str]:
    return re.findall(r"<table.*?</table>", html, re.S)


def _caption(table: str) -> str:
    m = re.search(r"<caption[^>]*>(.*?)</caption>", table, re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", m.group(1))).split())


def _cells(table: str, row_label: str) -> list[str]:
    m = re.search(
        r"<th[^>]*>(?:<a[^>]*>)?" + re.escape(row_label) + r"(?:</a>)?</th>(.*?)</tr>",
        table,
        re.S,
    )
    assert m, row_label
    return [
        unescape(re.sub(r"<[^>]+>", "", c)).strip()
        for c in re.findall(r"<td[^>]*>(.*?)</td>", m.group(1), re.S)
    ]


def _idva(folder, district: str, quarters: set[str]) -> int:
    """Referrals (not the specialist services' own rows) for the quarters named."""
    path = next((folder / "idva").glob("*.csv"))
    with open(path, encoding="utf-8", newline="") as fh:
        return sum(
            int(r["Referrals"])
            for r in csv.DictReader(fh)
            if r["Area"] == district and not r["Service"].strip() and r["Quarter"] in quarters
        )


def test_agency_groups_follow_the_police_table_and_say_illustrative(clients, demo, agency):
    url = reverse("evidence:indicators", args=[demo.slug]) + "?period=2025&baseline=2024"
    html = clients["analyst"].get(url).content.decode()
    tables = _tables(html)
    captions = [_caption(t) for t in tables]
    assert captions[0].startswith("Police.uk crime and anti-social behaviour")
    assert "Illustrative" not in captions[0]
    fire = next(t for t, c in zip(tables, captions, strict=True) if c.startswith("Fire and rescue"))
    assert "Illustrative data" in _caption(fire)
    assert "Deliberate fires" in fire
    # IDVA referrals by the victim's district: calendar 2025 is the financial quarters
    # 2024/25 Q4 and 2025/26 Q1 to Q3; 2024 is 2023/24 Q4 and 2024/25 Q1 to Q3.
    idva = next(t for t in tables if "IDVA referrals" in t)
    row = _cells(idva, "IDVA referrals")
    now = _idva(agency, "South Cambs", {"2024/25 Q4", "2025/26 Q1", "2025/26 Q2", "2025/26 Q3"})
    before = _idva(agency, "South Cambs", {"2023/24 Q4", "2024/25 Q1", "2024/25 Q2", "2024/25 Q3"})
    assert int(row[0].replace(",", "")) == now
    assert int(row[1].replace(",", "")) == before
    assert row[2] == f"{now - before:+,}"
    assert "Illustrative data (made by `saferplaces demo-data`" in unescape(html)


def test_the_police_rows_are_unchanged_by_the_agency_rows(
    clients, demo, agency, settings, loaded_path
):
    url = reverse("evidence:indicators", args=[demo.slug]) + "?period=2025&baseline=2024"
    both = _tables(clients["analyst"].get(url).content.decode())[0]
    settings.SAFERPLACES_WAREHOUSE = str(loaded_path)
    alone = _tables(clients["analyst"].get(url).content.decode())
    assert len(alone) == 1 and both == alone[0]


def test_a_ward_page_shows_only_agency_data_held_finer_than_districts(clients, demo, agency):
    url = reverse("evidence:ward", args=[demo.slug, "E05014031"]) + "?period=2025"
    html = clients["analyst"].get(url).content.decode()
    assert "Deliberate fires" in html  # placed by LSOA or point
    assert "IDVA referrals" not in html  # held by district only
