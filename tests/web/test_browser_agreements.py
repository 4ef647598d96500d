"""The sharing agreements journey in Chromium, with axe-core on every page visited: the
data quality page warns for a source held with no agreement; the officer follows the
warning to the register, adds the agreement covering it, and the warning is gone."""

from __future__ import annotations

import re

import pytest

from tests.test_sharing_agreements import fire_warehouse
from tests.web.test_browser import browser, check, page, sign_in, site  # noqa: F401

pytestmark = [pytest.mark.slow, pytest.mark.browser]

WARNING = "fire is held in the warehouse but no current information-sharing agreement"


@pytest.fixture
def fire(settings, loaded_path, tmp_path):
    settings.SAFERPLACES_WAREHOUSE = str(fire_warehouse(loaded_path, tmp_path))


def test_add_an_agreement_and_see_the_quality_warning_clear(site, page, fire):  # noqa: F811
    sign_in(page, site, "officer")
    page.goto(f"{site}/p/south-cambs/evidence/quality/")
    check(page, "quality-unagreed-source")
    assert WARNING in page.content()
    page.click("text=The register of sharing agreements")
    check(page, "agreements-empty")
    page.click("text=Add an agreement")
    page.fill("#id_title", "Fire and rescue incidents")
    page.click("button:has-text('Save')")
    check(page, "agreement-form-errors")
    assert "This field is required" in page.locator(".govuk-error-summary").inner_text()
    page.select_option("#id_status", "signed")
    page.fill("#id_parties", "Cambridgeshire Fire and Rescue Service\nSouth Cambridgeshire DC")
    page.fill("#id_purpose", "Deliberate fires by ward for the strategic assessment.")
    page.check("input[name=legal_bases][value=gdpr_6_1_e]")
    page.check("input[name=legal_bases][value=cda_s115]")
    page.check("input[name=sources][value=fire]")
    page.fill("#id_signed_on", "2025-04-01")
    page.fill("#id_review_on", "2027-04-01")
    page.fill("#id_owner", "Sam Patel")
    page.click("button:has-text('Save')")
    page.wait_for_url(re.compile(r".*/sharing-agreements/\d+/$"))
    check(page, "agreement")
    assert "Crime and Disorder Act 1998 section 115" in page.content()
    page.click("text=All agreements")
    check(page, "agreements")
    assert "Current" in page.locator("table").inner_text()
    page.goto(f"{site}/p/south-cambs/evidence/quality/")
    assert WARNING not in page.content()
