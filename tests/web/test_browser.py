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


# axe-core 4.x no longer reports repeated ids, yet a repeated id sends a label or an
# error link to the wrong field: checked here on every page as well.
DUPLICATE_IDS = """() => {
  const seen = {};
  for (const el of document.querySelectorAll('[id]')) seen[el.id] = (seen[el.id] || 0) + 1;
  return Object.keys(seen).filter(k => seen[k] > 1);
}"""


def check(page, name: str) -> None:
    """axe-core on the page as it stands (no violations allowed), unique ids, then a
    screenshot."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => n.target)}))",
        WCAG,
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    assert result == [], f"{name}: {json.dumps(result, indent=1)}"
    assert page.evaluate(DUPLICATE_IDS) == [], f"{name}: repeated ids"


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
    page.fill("#id_minute-text", "The analyst presented the report; two wards flagged.")
    page.click("button:has-text('Save draft minutes')")
    page.fill("#id_decision-text", "Agreed to focus on the two wards.")
    page.click("button:has-text('Record the decision')")
    page.click("button:has-text('Add the action point')")
    check(page, "item-minutes-errors")
    summary = page.locator(".govuk-error-summary")
    summary.locator("a[href='#id_action-text']").click()
    assert page.evaluate("document.activeElement.id") == "id_action-text"
    page.fill("#id_action-text", "Bring a problem-solving plan for the wards.")
    page.select_option("#id_action-owner", label="Priya Shah, CCC")
    page.fill("#id_action-due", "2027-03-01")
    page.click("button:has-text('Add the action point')")
    assert "Action point 02/01 recorded." in page.content()
    check(page, "item-minutes-recorded")
    page.goto(meeting_url)
    text = page.content()
    assert "Action point 02/01:" in text and "Decision:" in text


def test_next_meeting_reviews_action_points_and_agrees_minutes(site, page):
    from datetime import date

    from saferplaces.web.meetings.models import ActionPoint, Meeting

    _, m2, m3 = Meeting.objects.order_by("date")
    point = ActionPoint.objects.filter(meeting=m2).exclude(status="closed").first()
    sign_in(page, site, "officer")
    # Before the day: nothing can be reviewed or agreed yet.
    page.goto(f"{site}/p/south-cambs/meetings/{m3.pk}/")
    check(page, "next-meeting-before-the-day")
    assert page.locator(f"#point-{point.pk} select").count() == 0
    assert page.locator("text=Record that this meeting agreed them").count() == 0
    # The day of the meeting.
    m3.date = date.today()
    m3.save_by(None)
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
    # A baseline with no months held: nothing compared, said at the top.
    page.goto(f"{site}/p/south-cambs/evidence/?period=2024")
    check(page, "evidence-indicators-not-compared")
    assert page.locator(".govuk-warning-text").first.is_visible()
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


@pytest.fixture
def writable(settings, loaded_path, tmp_path):
    import shutil

    path = tmp_path / "warehouse.duckdb"
    shutil.copy(loaded_path, path)
    settings.SAFERPLACES_WAREHOUSE = str(path)
    return path


def test_analyst_runs_flags_and_decides_a_category_then_the_board_follows_to_the_action(
    site, page, writable, browser
):
    sign_in(page, site, "analyst")
    page.goto(f"{site}/p/south-cambs/evidence/flags/")
    check(page, "flags-none-yet")
    page.click("text=Run place flags")
    check(page, "flags-run-form")
    page.select_option("#id_period", "2025")
    page.click("button:has-text('Run and store')")
    page.wait_for_url(re.compile(r".*/evidence/flags/\?run=\w+$"))
    check(page, "flags")
    assert "stored" in page.locator(".govuk-notification-banner").inner_text()
    assert page.locator("table").first.locator("tbody tr").count() == 26
    page.click("table >> text=Longstanton")
    check(page, "flag-ward")
    page.click("text=Decide the category")
    check(page, "flag-decide")
    page.check("input[value=preventing]")
    page.click("button:has-text('Record the decision')")
    check(page, "flag-decide-errors")
    page.check("input[value=preventing]")
    page.fill("#id_reason", "Northstowe new town: prevention focus agreed by the board.")
    page.click("button:has-text('Record the decision')")
    page.wait_for_url(re.compile(r".*/flags/wards/E05013880/$"))
    check(page, "flag-ward-decided")
    assert "Northstowe new town" in page.locator("table").last.inner_text()

    ctx = browser.new_context(viewport={"width": 1100, "height": 900})
    board = ctx.new_page()
    try:
        sign_in(board, site, "board")
        board.goto(f"{site}/p/south-cambs/evidence/flags/")
        check(board, "flags-board")
        row = board.locator("tr", has=board.locator("th >> text=Cambourne"))
        row.locator("a:has-text('Action 2.1')").click()
        board.wait_for_url(re.compile(r".*/plan/actions/\d+/$"))
        check(board, "action-with-flags")
        assert "flag" in board.locator("table").first.inner_text()
        board.click("text=Flags history")
        check(board, "flag-ward-from-action")
        board.click("text=The ward's evidence")
        check(board, "evidence-ward-with-flags")
    finally:
        ctx.close()


def test_officer_generates_and_publishes_the_assessment_and_the_public_reads_it(
    site, page, settings, loaded_path
):
    settings.SAFERPLACES_WAREHOUSE = str(loaded_path)
    settings.SAFERPLACES_ASSESSMENT_FORMATS = ("html", "pdf")
    sign_in(page, site, "officer")
    page.goto(f"{site}/p/south-cambs/evidence/assessments/")
    check(page, "assessments-empty")
    page.click("text=Generate the assessment")
    check(page, "assessment-form")
    page.select_option("#id_period", "2025")
    page.select_option("#id_baseline", "2024")
    page.check("input[value=public]")
    page.click("button:has-text('Generate')")
    page.wait_for_url(re.compile(r".*/assessments/jobs/\d+/$"))
    check(page, "assessment-generating")
    # htmx follows the thread: no reload needed.
    page.locator("#assessment-status >> text=Ready").wait_for(timeout=180_000)
    check(page, "assessment-ready")
    page.click("text=Publish it on the public pages")
    check(page, "assessment-publish")
    page.click("button:has-text('Publish it')")
    check(page, "assessments-published")
    page.click("button:has-text('Sign out')")
    page.goto(f"{site}/p/south-cambs/")
    page.click("text=Strategic assessments")
    check(page, "published-public")
    link = page.locator("a:has-text('Read it as a web page')")
    resp = page.request.get(site + link.get_attribute("href"))
    assert resp.status == 200 and "sandbox" in resp.headers["content-security-policy"]


def test_correcting_records_and_adding_a_partnership(site, page, django_user_model):
    from saferplaces.web.meetings.models import Meeting, PublicQuestion

    m2 = Meeting.objects.order_by("date")[1]
    q = PublicQuestion.objects.get(meeting=m2)
    sign_in(page, site, "officer")
    page.goto(f"{site}/p/south-cambs/meetings/{m2.pk}/")
    page.click("text=Change or add the response")
    check(page, "question-response")
    page.fill("#id_response", "The road safety partnership will survey the village.")
    page.click("button:has-text('Save')")
    assert "survey the village" in page.content()
    page.goto(f"{site}/p/south-cambs/meetings/{m2.pk}/records/question/{q.pk}/archive/")
    check(page, "record-archive")
    page.click("button:has-text('Sign out')")

    django_user_model.objects.create_superuser("root", password="root-long-password")
    page.goto(f"{site}/accounts/login/")
    page.fill("#id_username", "root")
    page.fill("#id_password", "root-long-password")
    page.click("button:has-text('Sign in')")
    page.wait_for_url(re.compile(r".*/$"))
    page.click("text=Add a partnership")
    check(page, "partnership-add")
    page.fill("#id_name", "Cambridge Community Safety Partnership")
    page.fill("#id_slug", "cambridge")
    page.fill("#id_area", "Atlantis")
    page.click("button:has-text('Save')")
    check(page, "partnership-add-errors")
    page.fill("#id_area", "Cambridge")
    page.click("button:has-text('Save')")
    page.wait_for_url(re.compile(r".*/p/cambridge/people/$"))
    check(page, "partnership-new-people")
