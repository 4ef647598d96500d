"""The main journeys in a real browser (Debian's Chromium via Playwright), with axe-core
run on every page visited: zero violations allowed. Screenshots go to out/screenshots/
for people to look at.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between page actions are ordinary blocking calls, so Django's async guard is lifted.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "tests" / "assets" / "axe.min.js"
SHOTS = ROOT / "out" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run scripts/system-deps.sh (make test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def site(live_server, transactional_db, settings):
    from django.db import connection

    from saferplaces.web.core import appendonly
    from saferplaces.web.demo import seed

    appendonly.install(connection)
    seed()
    yield live_server.url
    # Django wipes the database after a live-server test; the append-only triggers
    # would refuse that, so they are lifted for the wipe and reinstalled next time.
    appendonly.remove(connection)


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1100, "height": 900})
    pg = ctx.new_page()
    yield pg
    ctx.close()


def check(page, name: str) -> None:
    """axe-core on the page as it stands (no violations allowed), then a screenshot."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => n.target)}))",
        WCAG,
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    assert result == [], f"{name}: {json.dumps(result, indent=1)}"


def sign_in(page, site, username: str) -> None:
    page.goto(f"{site}/accounts/login/")
    check(page, "login")
    page.fill("#id_username", username)
    page.fill("#id_password", "saferplaces-demo")
    page.click("button:has-text('Sign in')")
    page.wait_for_url(re.compile(r".*/$"))


def test_public_pages(site, page):
    page.goto(site + "/")
    check(page, "home")
    page.click("text=South Cambridgeshire Community Safety Partnership")
    check(page, "partnership-public")
    page.click("nav[aria-label='Menu'] >> text=Meetings")
    check(page, "meetings-public")
    page.locator("table").first.locator("a").first.click()
    check(page, "meeting-public")
    assert "Restricted item (for members only)" in page.content()
    page.goto(site + "/accessibility/")
    check(page, "accessibility")


def test_officer_creates_a_meeting_with_agenda_minutes_and_action_points(site, page):
    sign_in(page, site, "officer")
    page.goto(site + "/p/south-cambs/meetings/")
    check(page, "meetings")
    page.click("text=Create a meeting")
    page.fill("#id_title", "Delivery group")
    page.click("button:has-text('Save')")
    check(page, "meeting-form-errors")
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible() and "required" in summary.inner_text()
    page.fill("#id_date", "2027-02-09")
    page.fill("#id_start_time", "10:00")
    page.fill("#id_end_time", "12:00")
    page.fill("#id_location", "Committee Room 1")
    page.select_option("#id_body", "delivery_group")
    page.click("button:has-text('Save')")
    page.wait_for_url(re.compile(r".*/meetings/\d+/$"))
    assert "Meeting saved." in page.content()
    meeting_url = page.url

    page.click("text=Add an agenda item")
    check(page, "agenda-item-form")
    page.fill("#id_title", "Welcome and apologies")
    page.select_option("#id_lead", label="Sam Patel, SCDC")
    page.fill("#id_minutes_allotted", "5")
    page.click("button:has-text('Save and add another item')")
    page.fill("#id_title", "Place flags: quarterly data report")
    page.select_option("#id_section", "looking_ahead")
    page.fill("#id_lead_text", "Research analyst")
    page.fill("#id_minutes_allotted", "20")
    page.click("button:has-text('Save')")
    page.wait_for_url(meeting_url)
    check(page, "meeting-with-agenda")
    agenda = page.locator("table").first.inner_text()
    assert "Welcome and apologies" in agenda and "Looking ahead" in agenda

    page.click("text=Minutes and action points >> nth=1")
    check(page, "item-minutes")
    page.fill("#id_text", "The analyst presented the report; two wards flagged.")
    page.click("button:has-text('Save draft minutes')")
    page.locator("textarea[name=text]").nth(1).fill("Agreed to focus on the two wards.")
    page.click("button:has-text('Record the decision')")
    form = page.locator("form:has(input[value=action])")
    form.locator("textarea[name=text]").fill("Bring a problem-solving plan for the wards.")
    form.locator("select[name=owner]").select_option(label="Priya Shah, CCC")
    form.locator("input[name=due]").fill("2027-03-01")
    page.click("button:has-text('Add the action point')")
    assert "Action point 02/01 recorded." in page.content()
    check(page, "item-minutes-recorded")
    page.goto(meeting_url)
    text = page.content()
    assert "Action point 02/01:" in text and "Decision:" in text


def test_next_meeting_reviews_action_points_and_agrees_minutes(site, page):
    from saferplaces.web.meetings.models import ActionPoint, Meeting

    _, m2, m3 = Meeting.objects.order_by("date")
    point = ActionPoint.objects.filter(meeting=m2).exclude(status="closed").first()
    sign_in(page, site, "officer")
    page.goto(f"{site}/p/south-cambs/meetings/{m3.pk}/")
    check(page, "next-meeting")
    row = page.locator(f"#point-{point.pk}")
    row.locator("select").select_option("closed")
    row.locator("textarea").fill("Advice sent to every parish clerk.")
    row.locator("button").click()
    # htmx swaps the row in place: no page load.
    page.locator(f"#point-{point.pk} >> text=Review saved").wait_for()
    assert "Advice sent to every parish clerk." in page.locator(f"#point-{point.pk}").inner_text()
    check(page, "next-meeting-reviewed")
    point.refresh_from_db()
    assert point.status == "closed" and point.closed_at_id == m3.pk

    page.click("text=Record that this meeting agreed them")
    check(page, "agree-minutes")
    page.check("#id_agreed")
    page.click("button:has-text('Record the agreement')")
    assert "agreed" in page.content()
    page.goto(f"{site}/p/south-cambs/meetings/{m2.pk}/")
    assert "Agreed at" in page.content()


def test_rag_status_changed_with_a_reason(site, page):
    from saferplaces.web.actions.models import Action

    action = Action.objects.get(number="3.2")
    sign_in(page, site, "officer")
    page.goto(f"{site}/p/south-cambs/plan/")
    check(page, "action-plan")
    page.click(f"a:has-text('{action.number}')")
    check(page, "action")
    page.click("text=Change RAG status")
    check(page, "rag-form")
    page.check("input[value=green]")
    page.click("button:has-text('Save the RAG status')")
    check(page, "rag-form-errors")
    assert "This field is required" in page.locator(".govuk-error-summary").inner_text()
    page.check("input[value=green]")
    page.fill("#id_reason", "Fly-tipping case study published.")
    page.click("button:has-text('Save the RAG status')")
    page.wait_for_url(re.compile(r".*/actions/\d+/$"))
    history = page.locator("table").last.inner_text()
    assert "Fly-tipping case study published." in history and "Sam Patel" in history
    check(page, "action-after-rag")
    page.goto(f"{site}/p/south-cambs/plan/print/{action.priority.plan_year.replace('/', '-')}/")
    check(page, "action-plan-print")
    page.emulate_media(media="print")
    assert not page.locator("header.govuk-template__header").is_visible()


def test_board_member_views_evidence_and_follows_a_ward_to_its_action(
    site, page, settings, loaded_path
):
    settings.SAFERPLACES_WAREHOUSE = str(loaded_path)
    sign_in(page, site, "board")
    page.goto(f"{site}/p/south-cambs/evidence/")
    check(page, "evidence-indicators")
    assert page.locator("table").first.locator("th >> text=All crime").count() == 1
    page.click("text=Wards and map")
    page.select_option("#indicator", "burglary")
    page.click("button:has-text('Show indicator')")
    check(page, "evidence-wards")
    assert page.locator("svg.sp-map path").count() == 26
    page.click("table >> text=Cambourne")
    check(page, "evidence-ward")
    page.click("text=Action 2.1")
    assert "Action 2.1" in page.locator("h1").inner_text()
    page.goto(f"{site}/p/south-cambs/evidence/trend/")
    check(page, "evidence-trend")
    page.goto(f"{site}/p/south-cambs/evidence/quality/")
    check(page, "evidence-quality")
    page.goto(f"{site}/p/south-cambs/evidence/assessments/")
    check(page, "evidence-assessments")
    page.goto(f"{site}/p/south-cambs/people/")
    check(page, "people")
    page.goto(f"{site}/p/south-cambs/meetings/action-points/")
    check(page, "action-points")


def test_guest_is_refused_evidence(site, page):
    sign_in(page, site, "guest")
    resp = page.goto(f"{site}/p/south-cambs/evidence/")
    assert resp.status == 403
    check(page, "forbidden")
