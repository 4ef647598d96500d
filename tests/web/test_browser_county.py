"""A new user's journey through the county pages in Chromium, axe-core on every page:
the county's officer signs in for the first time, reads the districts side by side and
their evidence, generates the community safety agreement and records it as sent to the
PCC; a district's officer chooses what the district publishes to the county."""

from __future__ import annotations

import re

import pytest

from tests.web.test_browser import browser, check, page, sign_in  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture
def county_site(live_server, transactional_db, settings):
    from django.db import connection

    from saferplaces.web.core import appendonly
    from saferplaces.web.demo import seed_with_county

    appendonly.install(connection)
    seed_with_county()
    yield live_server.url
    appendonly.remove(connection)


def test_county_officer_journey(county_site, page):  # noqa: F811
    site = county_site
    sign_in(page, site, "county")
    check(page, "county-home")
    page.click("text=Cambridgeshire Countywide Community Safety Strategic Board (illustrative)")
    check(page, "county-partnership")
    page.click("nav[aria-label='Menu'] >> text=Districts")
    check(page, "county-districts")
    body = page.content()
    assert "Reduce violence in the night-time economy" in body  # Cambridge publishes it
    assert "Serious violence and knife crime" not in body  # Huntingdonshire does not

    page.click("nav[aria-label='County pages'] >> text=Evidence side by side")
    check(page, "county-evidence")
    assert "significant" in page.content()
    page.get_by_role("link", name="Burglary", exact=True).click()
    page.wait_for_url(re.compile(r".*indicator=burglary.*"))
    check(page, "county-evidence-burglary")
    assert "Burglary district by district" in page.content()

    page.click("nav[aria-label='County pages'] >> text=Community safety agreement")
    check(page, "county-agreements")
    page.click("button:has-text('Generate the agreement')")
    page.wait_for_url(re.compile(r".*/county/agreement/$"))
    check(page, "county-agreement-generated")
    assert "Not recorded as sent." in page.content()
    page.click("text=Record as sent")
    page.fill("#id_sent_by", "")
    page.click("button:has-text('Record as sent')")
    check(page, "county-agreement-sent-errors")
    assert page.locator(".govuk-error-summary").is_visible()
    page.fill("#id_sent_by", "Robin Ashby")
    page.click("button:has-text('Record as sent')")
    page.wait_for_url(re.compile(r".*/county/agreement/$"))
    check(page, "county-agreement-sent")
    assert "Sent to Police and Crime Commissioner" in page.content()
    with page.expect_download() as download:
        page.click("text=Word")
    assert download.value.suggested_filename.endswith(".docx")


def test_district_officer_chooses_what_to_publish(county_site, page):  # noqa: F811
    site = county_site
    sign_in(page, site, "officer")
    page.goto(f"{site}/p/south-cambs/evidence/similar/?indicator=burglary")
    check(page, "district-similar-areas")
    assert "Funnel plot of burglary" in page.content()
    page.goto(f"{site}/p/south-cambs/")
    check(page, "district-overview-county")
    page.click("text=What you publish to")
    check(page, "district-county-sharing")
    page.uncheck("#id_flags")
    page.click("button:has-text('Save')")
    page.wait_for_url(re.compile(r".*/p/south-cambs/$"))
    check(page, "district-county-sharing-saved")
    # The officer is not a member of the county: its pages say so.
    response = page.goto(f"{site}/p/cambs-county/county/")
    assert response.status == 403
    check(page, "county-forbidden")
