"""A source whose stored spec no longer reads does not break the evidence pages
(issue 18 §7): the indicators page renders, with the police.uk table."""

from __future__ import annotations

from django.urls import reverse

from tests.sources.agency.test_broken_specs import _broken_store


def test_the_evidence_page_renders_beside_a_broken_source(
    clients, demo, settings, warehouse_path, tmp_path
):
    _broken_store(warehouse_path, tmp_path)
    settings.SAFERPLACES_WAREHOUSE = str(warehouse_path)
    url = (
        reverse("evidence:indicators", args=[demo.slug])
        + "?other_period=2025-01&other_baseline=2024-12"
    )
    resp = clients["analyst"].get(url)
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "Police.uk crime and anti-social behaviour" in html
    assert "Burglary" in html
