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
    # The app's Content-Security-Policy refuses a <script> added to the page; axe-core is
    # evaluated through the browser's DevTools protocol instead, as the browser's own.
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
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
    # Typed and not saved: leaving the page asks first, and staying keeps the text.
    page.locator("#id_decision-text").press_sequentially("Typed, not saved")
    asked = []

    def stay(dialog):
        asked.append(dialog.type)
        dialog.dismiss()

    page.once("dialog", stay)
    page.click("text=Back to the meeting", no_wait_after=True)
    page.wait_for_timeout(300)
    assert asked == ["beforeunload"]
    assert page.input_value("#id_decision-text") == "Typed, not saved"
    # Emptied again, nothing is lost by leaving: no question.
    page.fill("#id_decision-text", "")
    page.click("text=Back to the meeting")
    page.wait_for_url(meeting_url)
    assert asked == ["beforeunload"]
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
    # Closing without saying how: the row comes back with the error, the choice kept.
    row.locator("button").click()
    # htmx swaps in the row with a GOV.UK error summary, which takes the focus.
    page.locator(f"#point-{point.pk} .govuk-error-summary").wait_for()
    assert (
        page.locator(f"#note-{point.pk}-error")
        .inner_text()
        .endswith("Say how the action point was closed.")
    )
    page.wait_for_function("document.activeElement.classList.contains('govuk-error-summary')")
    assert page.locator(f"#point-{point.pk} select").input_value() == "closed"
    check(page, "next-meeting-review-error")
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
    # Agreed subject to an amendment: one item's text changed, and why.
    item7 = m2.items().get(number="7")
    box = page.get_by_label(f"Minutes of item 7: {item7.title}")
    box.fill(box.input_value() + " The sergeant's name is Sgt R. Ash.")
    page.click("button:has-text('Record the agreement')")
    check(page, "agree-minutes-errors")
    assert (
        page.get_by_label(f"Minutes of item 7: {item7.title}").input_value().endswith("Sgt R. Ash.")
    )
    page.fill("#id_note", "Subject to correcting the sergeant's name.")
    page.click("button:has-text('Record the agreement')")
    assert "with 1 item amended" in page.content()
    page.goto(f"{site}/p/south-cambs/meetings/{m2.pk}/")
    check(page, "minutes-agreed-amended")
    text = page.content()
    assert text.count("Agreed at ") == 1 and "The draft read:" in text
    assert "Record attendance" not in text
    # A later correction: an amendment agreed at this meeting, beside the original.
    page.click("text=Record an amendment to the minutes")
    check(page, "amend-minutes")
    page.select_option("#id_target", label="Attendance")
    page.fill("#id_amended", "Present: as listed, and Chris Okafor (arrived late).")
    page.fill("#id_reason", "Chris Okafor arrived late and was missed.")
    page.select_option("#id_agreed_at", str(m3.pk))
    page.click("button:has-text('Record the amendment')")
    assert "arrived late and was missed" in page.content()
    check(page, "minutes-amended-later")


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


def test_officer_budgets_revises_spends_and_closes_the_year_then_the_chair_reopens(site, page):
    # The money pages run under the Content-Security-Policy with nothing refused.
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else 0)
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error('Content Security Policy violation: ' + e.violatedDirective))"
    )
    sign_in(page, site, "officer")
    page.goto(f"{site}/p/south-cambs/finance/")
    check(page, "finance-empty")
    page.click("text=Start a financial year")
    page.fill("#id_year", "2030/31")
    page.click("button:has-text('Start the year')")
    page.wait_for_url(re.compile(r".*/finance/2030-31/$"))
    page.click("text=Add a fund")
    check(page, "finance-fund-form")
    page.fill("#id_name", "Community Safety Fund")
    page.select_option("#id_funder_kind", "pcc")
    page.fill("#id_funder", "Police and Crime Commissioner")
    page.click("button:has-text('Save')")
    page.wait_for_url(re.compile(r".*/allocation/$"))
    check(page, "finance-allocation")
    page.fill("#id_brought_forward", "0")
    page.fill("#id_allocated", "£5,000.00")
    page.click("button:has-text('Save')")
    for number, item, amount, actions in (
        ("1", "Domestic abuse awareness", "3000", "1.1"),
        ("2", "Burglary prevention", "2,000.00", "2.1"),
    ):
        page.click("text=Add a budget line")
        page.fill("#id_number", number)
        page.fill("#id_item", item)
        page.select_option("#id_fund", label="Community Safety Fund")
        page.fill("#id_original", amount)
        page.fill("#id_other_actions", actions)
        check(page, f"finance-line-form-{number}")
        page.click("button:has-text('Save')")
        page.wait_for_url(re.compile(r".*/lines/\d+/$"))
        page.click("text=Budget 2030/31")
    check(page, "finance-year")
    assert "£5,000.00" in page.locator("table").first.inner_text()

    page.click("text=Revise allocations")
    page.fill("input[name^=line_] >> nth=0", "2500")
    page.fill("input[name^=line_] >> nth=1", "2500")
    page.click("button:has-text('Revise')")
    check(page, "finance-revise-errors")
    assert "required" in page.locator(".govuk-error-summary").inner_text()
    page.fill("#id_reason", "Burglary kits in demand; the campaign costs less.")
    page.click("button:has-text('Revise')")
    page.wait_for_url(re.compile(r".*/revisions/\d+/$"))
    check(page, "finance-revision")
    assert "Approved" in page.locator("h1").inner_text()

    page.goto(f"{site}/p/south-cambs/finance/2030-31/entries/add/")
    check(page, "finance-entry-form")
    page.check("input[name=kind][value=payment]")
    page.fill("#id_on", "2030-06-01")
    page.select_option("#id_line", label="1: Domestic abuse awareness (Community Safety Fund)")
    page.fill("#id_counterparty", "Print supplier")
    page.fill("#id_description", "Campaign leaflets")
    page.fill("#id_amount", "2,600.00")
    page.click("button:has-text('Save')")
    page.wait_for_url(re.compile(r".*/entries/$"))
    check(page, "finance-entries-overspend")
    banners = page.locator(".govuk-notification-banner").all_inner_texts()
    assert any("overspent by £100.00" in b for b in banners)

    # The funder return as at the end of June: the June payment is in it.
    page.goto(f"{site}/p/south-cambs/finance/2030-31/")
    page.fill("#return-as-at", "2030-06-30")
    page.select_option("#return-format", "html")
    page.click("button:has-text('Get the funder return')")
    page.wait_for_url(re.compile(r".*/return\.html\?as_at=2030-06-30$"))
    # (No axe-core here: main serves document pages under a CSP sandbox, where its
    # timers never fire; doc-layer changes that policy.)
    spent = page.locator("tr:has(th:text-is('Spent to date')) td").inner_text()
    assert spent == "£2,600.00"

    page.goto(f"{site}/p/south-cambs/finance/2030-31/")
    page.click("text=Close 2030/31")
    check(page, "finance-close")
    page.click("button:has-text('Close the year')")
    page.wait_for_url(re.compile(r".*/finance/2030-31/$"))
    check(page, "finance-year-closed")
    assert "Closed" in page.locator("h1").inner_text()
    link = page.locator("a:has-text('web page') >> nth=1")  # the end-of-year report
    resp = page.request.get(site + link.get_attribute("href"))
    text = resp.text()
    assert resp.status == 200 and "sandbox" in resp.headers["content-security-policy"]
    assert "End of year financial report 2030/31" in text and "£2,400.00" in text
    page.click("button:has-text('Sign out')")

    sign_in(page, site, "chair")
    page.goto(f"{site}/p/south-cambs/finance/2030-31/")
    page.click("text=Reopen 2030/31")
    check(page, "finance-reopen")
    page.click("button:has-text('Reopen the year')")
    check(page, "finance-reopen-errors")
    page.fill("#id_reason", "An invoice was missed.")
    page.click("button:has-text('Reopen the year')")
    page.wait_for_url(re.compile(r".*/finance/2030-31/$"))
    assert "Open" in page.locator("h1").inner_text()
    check(page, "finance-year-reopened")
    assert refused == []


SCORES = {
    "physical": "2",
    "psychological": "3",
    "financial": "3",
    "community": "2",
    "vulnerability": "2",
    "community_concern": "3",
    "capacity": "3",
}


def _score(page, site, username: str, matrix: str, shot: str, **extra) -> str:
    """Score the first issue as ``username``; returns the issue's name."""
    sign_in(page, site, username)
    page.goto(matrix)
    page.click("text=Score the issues")
    check(page, f"planning-score-{shot}")
    name = page.locator("h1").inner_text().removeprefix("Score: ")
    for key, value in (SCORES | extra).items():
        page.select_option(f"#id_{key}", value)
    page.check("input[name=confidence][value=medium]")
    page.click("button:has-text('Save and score the next issue')")
    page.wait_for_load_state()
    page.context.clear_cookies()
    return name


def test_prioritise_score_as_two_members_override_agree_and_see_the_plan(site, page):
    from saferplaces.web.meetings.models import Decision
    from saferplaces.web.planning.models import Prioritisation

    sign_in(page, site, "analyst")
    page.goto(f"{site}/p/south-cambs/planning/")
    check(page, "planning-index")
    page.click("text=Open a prioritisation")
    check(page, "planning-open")
    page.fill("#id_plan_year", "2031/32")
    page.select_option("#id_period", "2025")
    for box in page.locator("input[name=candidates]").all():
        box.uncheck()
    page.check("input[name=candidates][value=burglary]")
    page.check("input[name=candidates][value=anti-social-behaviour]")
    page.click("button:has-text('Open the prioritisation')")
    page.wait_for_url(re.compile(r".*/prioritisations/\d+/$"))
    check(page, "planning-matrix-open")
    matrix = page.url
    page.context.clear_cookies()

    first = _score(page, site, "board", matrix, "board")
    assert _score(page, site, "chair", matrix, "chair", physical="1", capacity="4") == first

    sign_in(page, site, "analyst")
    page.goto(matrix)
    page.click(f"table >> text={first}")
    check(page, "planning-issue")
    page.click("text=Override a score")
    check(page, "planning-override")
    page.select_option("#id_factor", "volume")
    page.check("input[name=value][value='4']")
    page.click("button:has-text('Record the override')")
    check(page, "planning-override-errors")
    assert "required" in page.locator(".govuk-error-summary").inner_text()
    page.check("input[name=value][value='4']")
    page.fill("#id_reason", "Repeat victims in two villages: police data undercounts.")
    page.click("button:has-text('Record the override')")
    page.wait_for_url(re.compile(r".*/issues/\d+/$"))
    check(page, "planning-issue-overridden")
    assert "police data undercounts" in page.content()
    page.goto(matrix)
    page.click("text=Close scoring")
    check(page, "planning-close")
    page.click("button:has-text('Close scoring')")
    page.wait_for_url(matrix)
    check(page, "planning-matrix-closed")
    assert "Volume overridden" in page.content()
    page.context.clear_cookies()

    sign_in(page, site, "officer")
    page.goto(matrix)
    page.click("text=Record the priorities the board agreed")
    check(page, "planning-agree")
    page.locator("#id_item option").nth(1).wait_for(state="attached")
    page.select_option("#id_item", index=1)
    page.fill("#id_priorities", "Keep homes safe: 1")
    page.click("button:has-text('Record the decision')")
    page.wait_for_url(matrix)
    check(page, "planning-matrix-agreed")
    pr = Prioritisation.objects.get(plan_year="2031/32")
    assert pr.status == "agreed"
    assert "Keep homes safe" in Decision.objects.get(pk=pr.decision_id).text
    page.click("text=priority 1")
    page.goto(f"{site}/p/south-cambs/planning/plans/2031-32/")
    check(page, "planning-plan")
    card = page.locator(".govuk-summary-card").first.inner_text()
    assert "Keep homes safe" in card and f"{first} (rank 1" in card
