"""A problem-solving plan opened from a flagged ward, its scanning filled in from the
flags run, and its assessment checked against counts made from the raw police.uk files
with the standard library (never through the code under test)."""

from __future__ import annotations

import io
import math
import re
import shutil

import pytest
from django.urls import reverse

from saferplaces.warehouse import Warehouse
from saferplaces.web.actions.models import Action, ActionPlace
from saferplaces.web.core.models import AuditEvent
from saferplaces.web.problems.models import ProblemPlan
from tests.helpers import raw

SOUTH_CAMBS = "E07000012"
CAMBOURNE = "E05014031"


@pytest.fixture
def flagged(settings, loaded_path, tmp_path):
    """A warehouse of its own holding a place flags run for South Cambridgeshire, 2025."""
    from saferplaces.core.periods import parse_period
    from saferplaces.geography.areas import resolve_area
    from saferplaces.places.flags import run_flags

    path = tmp_path / "warehouse.duckdb"
    shutil.copy(loaded_path, path)
    settings.SAFERPLACES_WAREHOUSE = str(path)
    with Warehouse.open(path) as wh:
        area = resolve_area(wh, SOUTH_CAMBS)
        run = run_flags(wh, area, parse_period("2025"), None, who="test", owner="south-cambs")
    return next(w for w in run.wards if w.ward_code == CAMBOURNE)


def fisher_two_sided(a: int, b: int, c: int, d: int) -> float:
    """Fisher's exact test on [[a, b], [c, d]] by hand (hypergeometric, ties as SciPy)."""
    n1, n0, k = a + c, b + d, a + b

    def pmf(x: int) -> float:
        return math.comb(n1, x) * math.comb(n0, k - x) / math.comb(n1 + n0, k)

    observed = pmf(a)
    lo, hi = max(0, k - n0), min(k, n1)
    return min(1.0, sum(pmf(x) for x in range(lo, hi + 1) if pmf(x) <= observed * (1 + 1e-7)))


def test_open_a_plan_from_a_flagged_ward_and_assess_it(clients, demo, flagged):
    analyst = clients["analyst"]
    flags = analyst.get(reverse("evidence:flags", args=[demo.slug])).content.decode()
    if flagged.category in ("emerging", "sustaining", "preventing"):
        assert f"/problems/open/?ward={CAMBOURNE}" in flags
    ward_page = analyst.get(reverse("evidence:flag_ward", args=[demo.slug, CAMBOURNE]))
    assert "Open a problem-solving plan for Cambourne" in ward_page.content.decode()

    url = reverse("problems:open", args=[demo.slug]) + f"?ward={CAMBOURNE}"
    page = analyst.get(url).content.decode()
    assert f"flagged on {flagged.flag_count} indicator" in page
    resp = analyst.post(
        url, {"title": "Cambourne: burglary", "indicator_id": "burglary", "objective": "Fewer"}
    )
    assert resp.status_code == 302
    plan = ProblemPlan.objects.get(partnership=demo)
    assert plan.scanning["flag_count"] == flagged.flag_count
    assert plan.scanning["run_id"] and plan.status == "analysis"
    burglary = next(i for i in plan.scanning["indicators"] if i["indicator"] == "burglary")
    ward_2025 = raw.counts("ward24_code", CAMBOURNE, raw.months("2025-01", "2025-12"))
    assert burglary["count"] == ward_2025["Burglary"]

    # The analysis, from the warehouse, against the raw files (the year ending 2025-12).
    page = analyst.get(reverse("problems:plan", args=[demo.slug, plan.pk])).content.decode()
    assert f"Burglary: {ward_2025['Burglary']:,} in January 2025 to December 2025" in page
    assert AuditEvent.objects.filter(
        action="view", model="problems.ProblemPlan", username="analyst"
    ).exists()

    # The response: an action of the plan, linked to the ward as well.
    action = Action.objects.filter(partnership=demo).exclude(places__ward_code=CAMBOURNE).first()
    officer = clients["officer"]
    resp = officer.post(
        reverse("problems:link_action", args=[demo.slug, plan.pk]), {"action": action.pk}
    )
    assert resp.status_code == 302
    assert ActionPlace.objects.filter(action=action, ward_code=CAMBOURNE).exists()

    # Assessment: the response began in April 2025; before = the same months of 2024.
    edit = reverse("problems:edit", args=[demo.slug, plan.pk])
    form = {
        "title": plan.title,
        "status": "response",
        "response_started": "2025-04-01",
        "pat_offender": "Mr Smith from number 4",
    }
    assert "looks like a name after a title" in officer.post(edit, form).content.decode()
    form["pat_offender"] = "Opportunist thieves, mostly at night"
    assert officer.post(edit, form).status_code == 302
    assess_url = reverse("problems:assess", args=[demo.slug, plan.pk])
    page = officer.get(assess_url).content.decode()
    assert 'value="2024-04..2024-12"' in page and 'value="2025-04..2025-12"' in page
    resp = officer.post(assess_url, {"before": "2024-04..2024-12", "after": "2025-04..2025-12"})
    assert resp.status_code == 302, resp.content.decode()[:2000]
    plan.refresh_from_db()
    a = plan.assessment
    before, after = raw.months("2024-04", "2024-12"), raw.months("2025-04", "2025-12")
    x0 = raw.counts("ward24_code", CAMBOURNE, before)["Burglary"]
    x1 = raw.counts("ward24_code", CAMBOURNE, after)["Burglary"]
    d0 = raw.counts("ltla24_code", SOUTH_CAMBS, before)["Burglary"]
    d1 = raw.counts("ltla24_code", SOUTH_CAMBS, after)["Burglary"]
    assert (a["place_before"], a["place_after"]) == (x0, x1)
    assert (a["rest_before"], a["rest_after"]) == (d0 - x0, d1 - x1)
    # Equal lengths: the exact conditional test is binomial with p = 1/2.
    assert a["place_p"] == pytest.approx(raw.binomial_two_sided_p(x1, x0 + x1, 0.5), rel=1e-9)
    r0, r1 = d0 - x0, d1 - x1
    assert a["rest_p"] == pytest.approx(raw.binomial_two_sided_p(r1, r0 + r1, 0.5), rel=1e-9)
    assert a["odds_ratio"] == pytest.approx((x0 * r1) / (x1 * r0), rel=1e-12)
    se = math.sqrt(1 / x0 + 1 / x1 + 1 / r0 + 1 / r1)
    assert a["or_low"] == pytest.approx(a["odds_ratio"] * math.exp(-1.959963984540054 * se))
    assert a["relative_p"] == pytest.approx(fisher_two_sided(x1, x0, r1, r0), rel=1e-9)
    assert plan.status == "assessment"

    page = officer.get(reverse("problems:plan", args=[demo.slug, plan.pk])).content.decode()
    assert "The rest of the district" in page and f"{r1:,}" in page

    # The plan as a document, restricted on every page.
    from pypdf import PdfReader

    pdf = officer.get(reverse("problems:document", args=[demo.slug, plan.pk, "pdf"]))
    pages = PdfReader(io.BytesIO(pdf.content)).pages
    assert all("RESTRICTED" in pg.extract_text() for pg in pages)
    text = re.sub(r"\s+", " ", "".join(pg.extract_text() for pg in pages))
    assert "Opportunist thieves" in text and "Against the rest of the district" in text


def test_an_incomplete_period_is_never_assessed(clients, demo, flagged):
    plan = ProblemPlan(
        partnership=demo,
        title="Cambourne",
        place_kind="ward",
        place_code=CAMBOURNE,
        place_name="Cambourne",
        ward_code=CAMBOURNE,
        ward_name="Cambourne",
        indicator_id="burglary",
    )
    plan.save_by(None)
    resp = clients["officer"].post(
        reverse("problems:assess", args=[demo.slug, plan.pk]),
        {"before": "2025-01..2025-12", "after": "2026-01..2026-12"},
    )
    assert resp.status_code == 400
    assert "needs every month" in resp.content.decode() or "no data at all" in resp.content.decode()
    plan.refresh_from_db()
    assert plan.assessment == {}


def test_the_response_shows_the_money_of_the_budget_lines_serving_its_actions(clients, demo):
    """Finance is in the app: a response action's funding is the budget lines of its plan
    year that serve it, with their allocation and spend, to readers who see the money,
    in the page and in the plan as a document."""
    from decimal import Decimal

    from saferplaces.web.finance.ledger import set_line_actions
    from saferplaces.web.finance.models import BudgetLine, FinancialYear, Fund
    from saferplaces.web.problems.models import PlanAction

    action = Action.objects.filter(partnership=demo).select_related("priority").first()
    fund = Fund(partnership=demo, name="Community Safety Fund")
    fund.save_by(None)
    fy = FinancialYear(partnership=demo, year=action.plan_year)
    fy.save_by(None)
    line = BudgetLine(
        year=fy, fund=fund, number=7, item="Target hardening", original=Decimal("2500.00")
    )
    line.save_by(None)
    assert set_line_actions(line, [action.number]) == []
    plan = ProblemPlan(
        partnership=demo,
        title="Cambourne",
        place_kind="ward",
        place_code=CAMBOURNE,
        place_name="Cambourne",
        ward_code=CAMBOURNE,
        ward_name="Cambourne",
        indicator_id="burglary",
    )
    plan.save_by(None)
    PlanAction(plan=plan, action=action).save_by(None)
    words = f"{action.plan_year} budget line 7 (Target hardening): £2,500.00 allocated, £0.00 spent"
    page = clients["officer"].get(reverse("problems:plan", args=[demo.slug, plan.pk]))
    assert words in page.content.decode()
    import docx

    from tests.helpers.document_checks import check_docx, check_pdf

    resp = clients["officer"].get(reverse("problems:document", args=[demo.slug, plan.pk, "docx"]))
    from saferplaces.web.problems import content

    doc = content.document(plan, with_money=True)
    check_docx(resp.content, pictures=len(doc.figures()))
    pdf = clients["officer"].get(reverse("problems:document", args=[demo.slug, plan.pk, "pdf"]))
    check_pdf(pdf.content, title=f"{doc.marking}: {doc.title}")  # always restricted
    cells = [
        c.text
        for t in docx.Document(io.BytesIO(resp.content)).tables
        for r in t.rows
        for c in r.cells
    ]
    assert words in cells
