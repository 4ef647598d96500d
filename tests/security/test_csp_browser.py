"""The Content-Security-Policy breaks nothing: in Chromium, the pages a member uses
(meetings, the map with its key, the action plan, the evidence, htmx updates) run with
no policy violation reported."""

from __future__ import annotations

import pytest

from tests.web.test_browser import browser, page, sign_in, site  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def test_no_page_violates_the_policy(site, page):  # noqa: F811
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
    sign_in(page, site, "officer")
    for path in (
        "/p/south-cambs/",
        "/p/south-cambs/meetings/",
        "/p/south-cambs/meetings/action-points/",
        "/p/south-cambs/plan/",
        "/p/south-cambs/evidence/",
        "/p/south-cambs/evidence/wards/",
        "/p/south-cambs/people/",
    ):
        page.goto(site + path)
        page.wait_for_load_state("networkidle")
    # GOV.UK Frontend's scripts ran (they mark the body), so the policy let them in.
    assert "govuk-frontend-supported" in page.evaluate("document.body.className")
    assert reports == []
