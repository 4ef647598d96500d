"""The review and problem-solving journeys in Chromium, with axe-core on every page
visited (zero violations) and no Content-Security-Policy violation: an ASB case review
from application to outcome; a DARDR with recommendations, one closed with evidence; a
problem-solving plan opened from a flagged ward and assessed."""

from __future__ import annotations

import re
import shutil

import pytest

from tests.web.test_browser import browser, check, page, sign_in, site  # noqa: F401

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture(autouse=True)
def no_policy_violation(page):  # noqa: F811
    """Every page of the journey runs under the Content-Security-Policy with no violation."""
    reports: list[str] = []
    page.on(
        "console",
        lambda m: reports.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' "
        "+ e.blockedURI))"
    )
    yield
    assert reports == []


def test_asb_case_review_from_application_to_outcome(site, page):  # noqa: F811
    from saferplaces.web.reviews.models import AsbCaseReview

    sign_in(page, site, "officer")
    page.goto(f"{site}/p/south-cambs/")
    page.click("nav[aria-label='Menu'] >> text=Reviews")
    check(page, "reviews-index")
    page.click("h2 >> text=ASB case reviews")
    check(page, "asb-register")
    page.click("text=Log an application")
    check(page, "asb-form")
    page.fill("#id_reference", "ASBCR-T01")
    page.fill("#id_received", "2025-06-02")
    page.fill("#id_notes", "Noise reported by Mrs Jones at 14 Mill Road")
    page.click("button:has-text('Save')")
    check(page, "asb-form-errors")
    assert "This field is required" in page.locator(".govuk-error-summary").inner_text()
    assert "looks like an address" in page.content()
    page.check("input[name=applicant][value=victim]")
    page.fill("#id_notes", "Noise from a neighbouring property, late evenings")
    page.click("button:has-text('Save')")
    page.wait_for_url(re.compile(r".*/reviews/asb/\d+/$"))
    check(page, "asb-case-new")
    for day in ("2025-01-20", "2025-03-11", "2025-05-28"):
        page.click("text=Add a complaint")
        page.fill("#id_reported_on", day)
        page.select_option("#id_agency", label="Cambridgeshire Constabulary")
        page.click("button:has-text('Save')")
    check(page, "asb-case-complaints")
    assert "3 complaints from 2 December 2024 to 2 June 2025: meets the threshold" in (
        page.content()
    )
    page.click("text=Record the next step")
    page.check("input[name=threshold_met][value=True]")
    page.fill("#id_decision_date", "2025-06-10")
    page.fill("#id_review_date", "2025-07-01")
    page.check("input[name=recommendations_made][value=True]")
    page.fill("#id_outcome", "Joint visit and a noise monitoring plan agreed.")
    page.fill("#id_applicant_informed", "2025-07-04")
    page.click("button:has-text('Save')")
    page.wait_for_url(re.compile(r".*/reviews/asb/\d+/$"))
    page.click("text=Add a recommendation")
    check(page, "asb-recommendation-form")
    page.fill("#id_text", "Install noise monitoring for four weeks.")
    page.fill("#id_agency_text", "Environmental health")
    page.fill("#id_response", "Agreed; equipment installed.")
    page.click("button:has-text('Save')")
    check(page, "asb-case-closed")
    assert "Closed: applicant told" in page.content()
    case = AsbCaseReview.objects.get(reference="ASBCR-T01")
    assert case.threshold_met and case.recommendations.count() == 1
    page.goto(f"{site}/p/south-cambs/reviews/asb/?year=2025/26")
    check(page, "asb-register-year")
    page.click("text=counts for publication")
    check(page, "asb-publication")
    page.click(".govuk-button-group a.govuk-button")  # "Publish" (or "Publish again")
    check(page, "asb-publish-form")
    page.click("button:has-text('Publish')")
    page.wait_for_url(re.compile(r".*/published-reviews/asb/2025-26/$"))
    check(page, "asb-public")
    assert "ASBCR-T01" not in page.content()


def test_dardr_with_recommendations_one_closed_with_evidence(site, page):  # noqa: F811
    sign_in(page, site, "officer")
    page.goto(f"{site}/p/south-cambs/reviews/dardr/")
    check(page, "dardr-register")
    assert "Overdue" in page.content()  # DARDR 02: no decision a month after notification
    page.click("text=Add a review")
    check(page, "dardr-form")
    page.fill("#id_reference", "DARDR 03")
    page.fill("#id_notified_on", "2025-02-03")
    page.select_option("#id_notified_by", "police")
    page.select_option("#id_decision", "hold")
    page.fill("#id_decision_on", "2025-02-24")
    page.fill("#id_home_office_notified_on", "2025-02-25")
    page.fill("#id_chair", "Independent chair (illustrative)")
    page.click("button:has-text('Save')")
    page.wait_for_url(re.compile(r".*/reviews/dardr/\d+/$"))
    check(page, "dardr-review")
    page.click("text=Add a recommendation")
    page.fill("#id_number", "1")
    page.fill("#id_text", "Refresh the IDVA referral pathway for GP practices.")
    page.select_option("#id_agency", label="Integrated Care Board")
    page.fill("#id_due", "2025-12-31")
    page.click("button:has-text('Save and add another')")
    page.fill("#id_number", "2")
    page.fill("#id_text", "Government to publish guidance on economic abuse.")
    page.fill("#id_agency_text", "Home Office")
    page.check("#id_national")
    page.click("button:has-text('Save')")
    page.wait_for_url(re.compile(r".*/reviews/dardr/\d+/$"))
    check(page, "dardr-review-recommendations")
    page.click("table >> text=1")
    check(page, "dardr-recommendation")
    page.click("text=Change the status")
    page.check("input[name=status][value=complete]")
    page.fill("#id_reason", "Pathway relaunched.")
    page.click("button:has-text('Save')")
    check(page, "dardr-status-errors")
    assert "Give the evidence" in page.locator(".govuk-error-summary").inner_text()
    page.check("input[name=status][value=complete]")
    page.fill("#id_reason", "Pathway relaunched.")
    page.fill("#id_evidence", "Referral audit: every practice used the new pathway.")
    page.fill("#id_evidence_link", "ICB audit report AR-7")
    page.click("button:has-text('Save')")
    page.wait_for_url(re.compile(r".*/dardr/recommendations/\d+/$"))
    check(page, "dardr-recommendation-complete")
    history = page.locator("table").last.inner_text()
    assert "Referral audit" in history and "Sam Patel" in history
    page.goto(f"{site}/p/south-cambs/reviews/dardr/summary/")
    check(page, "dardr-summary")


def test_problem_solving_plan_from_a_flagged_ward(site, page, settings, loaded_path, tmp_path):  # noqa: F811
    from saferplaces.core.periods import parse_period
    from saferplaces.geography.areas import resolve_area
    from saferplaces.places.flags import run_flags
    from saferplaces.warehouse import Warehouse

    path = tmp_path / "warehouse.duckdb"
    shutil.copy(loaded_path, path)
    with Warehouse.open(path) as wh:
        run = run_flags(
            wh,
            resolve_area(wh, "E07000012"),
            parse_period("2025"),
            None,
            who="t",
            owner="south-cambs",
        )
    settings.SAFERPLACES_WAREHOUSE = str(path)
    listed = next(w for w in run.wards if w.category in ("emerging", "sustaining"))
    sign_in(page, site, "analyst")
    page.goto(f"{site}/p/south-cambs/evidence/flags/")
    check(page, "flags-with-plans")
    page.click(f"a[href$='/problems/open/?ward={listed.ward_code}']")
    check(page, "plan-open")
    assert f"flagged on {listed.flag_count} indicator" in page.content()
    page.select_option("#id_indicator_id", "burglary")
    page.fill("#id_objective", "Fewer burglaries of outbuildings over the winter.")
    page.click("button:has-text('Open the plan')")
    page.wait_for_url(re.compile(r".*/problems/\d+/$"))
    check(page, "plan")
    page.click("text=Change the plan")
    page.fill("#id_response_started", "2025-04-01")
    page.fill("#id_pat_location", "Outbuildings on the edge of the estate, after dark")
    page.click("button:has-text('Save')")
    page.click("text=Assess the plan")
    check(page, "plan-assess")
    page.click("button:has-text('Assess')")
    page.wait_for_url(re.compile(r".*/problems/\d+/$"))
    check(page, "plan-assessed")
    assert "The rest of the district" in page.content()
    page.goto(f"{site}/p/south-cambs/evidence/flags/wards/{listed.ward_code}/")
    check(page, "flag-ward-with-plan")
    assert "Fewer burglaries" not in page.content()  # the title is shown, not the objective
