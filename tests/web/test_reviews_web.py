"""The review registers in the web app and through the CLI: reads audited, personal data
refused, status history kept, the publication kept as published, imports whole or not at
all, and the counts against a register counted by hand."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from saferplaces.web.core.models import AppendOnly, AuditEvent
from saferplaces.web.reviews.models import (
    AsbCaseReview,
    AsbPublication,
    Dardr,
    DardrRecommendation,
    RecommendationStatusChange,
)


def events(action: str, model: str) -> int:
    return AuditEvent.objects.filter(action=action, model=model).count()


def test_every_read_of_a_restricted_record_is_audited(clients, demo):
    case = AsbCaseReview.objects.filter(partnership=demo, recommendations__isnull=False).first()
    before = events("view", "reviews.AsbCaseReview")
    clients["board"].get(reverse("reviews:asb_case", args=[demo.slug, case.pk]))
    assert events("view", "reviews.AsbCaseReview") == before + 1
    assert AuditEvent.objects.filter(
        action="view", model="reviews.AsbRecommendation", username="board"
    ).exists()
    clients["analyst"].get(reverse("reviews:asb_csv", args=[demo.slug]))
    live = AsbCaseReview.objects.live().filter(partnership=demo).count()
    assert (
        AuditEvent.objects.filter(
            action="download", model="reviews.AsbCaseReview", username="analyst"
        ).count()
        == live
    )
    review = Dardr.objects.get(partnership=demo, reference="DARDR 01")
    clients["chair"].get(reverse("reviews:dardr_review", args=[demo.slug, review.pk]))
    seen = AuditEvent.objects.filter(action="view", username="chair")
    assert {"reviews.Dardr", "reviews.DardrRecommendation", "reviews.DardrCost"} <= set(
        seen.values_list("model", flat=True)
    )
    assert all(seen.values_list("restricted", flat=True))
    # Refused readers leave nothing to audit; the public pages hold nothing restricted.
    n = AuditEvent.objects.count()
    clients["board"].get(reverse("reviews:dardr_review", args=[demo.slug, review.pk]))
    clients["anonymous"].get(reverse("public_reviews:list", args=[demo.slug]))
    assert AuditEvent.objects.count() == n


def test_forms_refuse_personal_data(clients, demo):
    resp = clients["officer"].post(
        reverse("reviews:asb_add", args=[demo.slug]),
        {
            "reference": "ASB-X",
            "received": "2025-05-01",
            "applicant": "victim",
            "notes": "Applicant Mrs Jones, 14 Mill Road, CB23 6EA",
        },
    )
    text = resp.content.decode()
    assert resp.status_code == 200 and "There is a problem" in text
    assert "looks like a full postcode" in text and "an address and a name after a title" in text
    assert not AsbCaseReview.objects.filter(reference="ASB-X").exists()
    assert "no names, addresses or dates of birth" in text  # the notice on the form


def test_asb_form_refuses_contradictions(clients, demo):
    resp = clients["officer"].post(
        reverse("reviews:asb_add", args=[demo.slug]),
        {
            "reference": "ASB-Y",
            "received": "2025-05-01",
            "applicant": "victim",
            "threshold_met": "False",
            "decision_date": "2025-05-03",
            "review_date": "2025-05-20",
        },
    )
    assert "given but the threshold was not met" in resp.content.decode()


def test_closing_a_recommendation_needs_evidence_and_history_is_kept(clients, demo):
    rec = DardrRecommendation.objects.get(dardr__reference="DARDR 01", number="2")
    url = reverse("reviews:dardr_rec_status", args=[demo.slug, rec.pk])
    resp = clients["officer"].post(url, {"status": "complete", "reason": "Protocol signed."})
    assert resp.status_code == 400 and "Give the evidence" in resp.content.decode()
    resp = clients["officer"].post(
        url,
        {
            "status": "complete",
            "reason": "Protocol signed.",
            "evidence": "Signed information-sharing protocol; audit of 20 cases.",
            "evidence_link": "Police policy library ISP-12",
        },
    )
    assert resp.status_code == 302
    rec.refresh_from_db()
    assert rec.status == "complete" and rec.evidence.startswith("Signed")
    history = list(rec.history.all())
    assert [h.to_status for h in history] == ["complete", "in_progress"]
    assert history[0].changed_by.username == "officer"
    with pytest.raises(AppendOnly):
        history[0].save()
    with pytest.raises(AppendOnly):
        history[0].delete()


def test_the_database_refuses_to_change_status_history(demo):
    from saferplaces.web.core import appendonly

    appendonly.install(connection)
    try:
        with pytest.raises(Exception, match="append-only"), transaction.atomic():
            RecommendationStatusChange.objects.all().update(reason="rewritten")
    finally:
        appendonly.remove(connection)


def test_published_counts_stay_as_published_until_published_again(clients, demo):
    pub = AsbPublication.objects.get(partnership=demo)
    start = date(int(pub.year[:4]), 4, 1)
    AsbCaseReview(
        partnership=demo, reference="LATE-1", received=start + timedelta(days=3), applicant="victim"
    ).save_by(None)
    page = clients["officer"].get(
        reverse("reviews:asb_publication", args=[demo.slug, pub.year_slug])
    )
    assert "The register has changed since these counts were published" in page.content.decode()
    public = clients["anonymous"].get(
        reverse("public_reviews:asb_csv", args=[demo.slug, pub.year_slug])
    )
    assert public.content.decode().splitlines()[1].split(",")[1] == str(pub.applications)
    clients["officer"].post(
        reverse("reviews:asb_publish", args=[demo.slug, pub.year_slug]), {"statement": ""}
    )
    again = clients["anonymous"].get(
        reverse("public_reviews:asb_csv", args=[demo.slug, pub.year_slug])
    )
    assert again.content.decode().splitlines()[1].split(",")[1] == str(pub.applications + 1)
    pub.refresh_from_db()
    assert pub.is_archived and "Replaced" in pub.archive_reason
    assert AsbPublication.objects.filter(partnership=demo).count() == 2  # both kept


def test_a_reference_is_unique_in_the_live_register(demo):
    case = AsbCaseReview.objects.filter(partnership=demo).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        AsbCaseReview(
            partnership=demo, reference=case.reference, received=case.received, applicant="victim"
        ).save()


def test_documents_through_the_shared_renderer(clients, demo):
    import docx
    from pypdf import PdfReader

    resp = clients["chair"].get(reverse("reviews:dardr_summary_document", args=[demo.slug, "pdf"]))
    pdf = PdfReader(io.BytesIO(resp.content))
    assert all("RESTRICTED" in page.extract_text() for page in pdf.pages)
    text = "".join(p.extract_text() for p in pdf.pages)
    assert "DARDR 02" in text and "Decision whether to hold a review" in text
    pub = AsbPublication.objects.get(partnership=demo)
    resp = clients["anonymous"].get(
        reverse("public_reviews:asb_document", args=[demo.slug, pub.year_slug, "docx"])
    )
    d = docx.Document(io.BytesIO(resp.content))
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    assert "ASB case reviews carried out" in cells
    assert str(pub.reviews_carried_out) in cells
    assert "RESTRICTED" not in "".join(p.text for p in d.paragraphs)


HAND_COUNTED = """reference,received,applicant,threshold_met,decision_date,review_date,\
recommendations_made,outcome,applicant_informed
P1,2024-03-31,victim,yes,2024-04-03,2024-04-20,yes,,
P2,01/04/2024,on behalf,no,10/04/2024,,,,12/04/2024
P3,2024-06-15,victim,yes,2024-06-20,2024-07-10,yes,Joint plan,2024-07-15
P4,2024-09-01,victim,yes,2024-09-05,2024-10-01,no,,
P5,2025-03-20,victim,yes,2025-03-25,2025-04-15,yes,,
P6,2025-03-31,on behalf,,,,,,
P7,2025-04-01,victim,yes,2025-04-02,,,,
P8,2024-12-01,victim,yes,2024-12-05,,,,
"""


@pytest.fixture
def fresh(db, tmp_path, cli):
    from saferplaces.web.partnerships.models import Partnership

    Partnership(name="Fenland CSP", slug="fenland", area_code="E07000010").save_by(None)
    path = tmp_path / "register.csv"
    path.write_text(HAND_COUNTED, encoding="utf-8")
    return path


def test_cli_import_then_publish_against_hand_counts(fresh, cli, django_db_blocker):
    r = cli("reviews", "import", "asb", str(fresh), "--partnership", "fenland")
    assert r.code == 0, r.err
    assert "Imported 8 ASB case reviews into fenland" in r.out
    r = cli(
        "reviews",
        "asb",
        "publish",
        "--partnership",
        "fenland",
        "--year",
        "2024/25",
        "--format",
        "json",
    )
    # 2024/25: P2 P3 P4 P5 P6 P8 received; P2 not met; P3 P4 P5 reviewed (P5 after the
    # year ended: it counts for its application's year); P3 and P5 made recommendations;
    # P6 awaits a decision and P8's review is still to be held.
    assert json.loads(r.out) == {
        "year": "2024/25",
        "applications": 6,
        "threshold_not_met": 1,
        "reviews_carried_out": 3,
        "reviews_with_recommendations": 2,
    }
    r = cli("reviews", "asb", "publish", "--partnership", "fenland", "--year", "2024/25")
    assert "1 application still awaiting a threshold decision" in r.out
    assert "1 review met the threshold but not yet held" in r.out
    r = cli(
        "reviews",
        "asb",
        "publish",
        "--partnership",
        "fenland",
        "--year",
        "2024/25",
        "--format",
        "csv",
    )
    assert r.out.splitlines() == [
        "year,applications,threshold_not_met,reviews_carried_out,reviews_with_recommendations",
        "2024/25,6,1,3,2",
    ]


def test_cli_refused_files_change_nothing(fresh, cli, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(HAND_COUNTED.replace("P4,2024-09-01,victim", "P4,2024-09-01,neighbour"))
    n = (AsbCaseReview.objects.count(), AuditEvent.objects.count())
    r = cli("reviews", "import", "asb", str(bad), "--partnership", "fenland")
    assert r.code == 1
    assert "row 5, column 'applicant': 'neighbour' is not one of: victim, on behalf" in r.err
    assert "Nothing was imported" in r.err
    assert (AsbCaseReview.objects.count(), AuditEvent.objects.count()) == n
    # A good file whose references are already held is refused whole too.
    assert cli("reviews", "import", "asb", str(fresh), "--partnership", "fenland").code == 0
    n = (AsbCaseReview.objects.count(), AuditEvent.objects.count())
    again = cli("reviews", "import", "asb", str(fresh), "--partnership", "fenland")
    assert again.code == 1 and "is already in fenland's register" in again.err
    assert (AsbCaseReview.objects.count(), AuditEvent.objects.count()) == n
    unknown = cli("reviews", "import", "asb", str(fresh), "--partnership", "nowhere")
    assert unknown.code == 1 and "no partnership 'nowhere'" in unknown.err


def test_cli_imports_a_dardr_register(fresh, cli, tmp_path):
    path = tmp_path / "dardr.csv"
    path.write_text(
        "reference,notified_on,notified_by,decision,decision_on,home_office_notified_on\n"
        "DHR 3,2024-05-01,police,hold,2024-05-20,2024-05-21\n"
        "DHR 4,2024-10-01,agency,,,\n"
    )
    r = cli("reviews", "import", "dardr", str(path), "--partnership", "fenland")
    assert r.code == 0, r.err
    d = Dardr.objects.get(reference="DHR 3")
    assert (d.decision, d.imported_from) == ("hold", "dardr.csv")


def test_the_register_csv_imports_back_whole(clients, demo, cli, tmp_path):
    """The register as downloaded (its RESTRICTED line, then the import's columns) is a
    file the import takes back: another partnership gets the same cases and counts."""
    from saferplaces.web.partnerships.models import Partnership

    resp = clients["officer"].get(reverse("reviews:asb_csv", args=[demo.slug]))
    path = tmp_path / "downloaded.csv"
    path.write_bytes(resp.content)
    Partnership(name="Fenland CSP", slug="fenland", area_code="E07000010").save_by(None)
    r = cli("reviews", "import", "asb", str(path), "--partnership", "fenland")
    assert r.code == 0, r.err
    mine = AsbCaseReview.objects.live().filter(partnership=demo)
    theirs = AsbCaseReview.objects.filter(partnership__slug="fenland")
    fields = ["reference", "received", "threshold_met", "review_date", "recommendations_made"]
    assert sorted(theirs.values_list(*fields)) == sorted(mine.values_list(*fields))


def test_a_cost_is_paid_from_a_budget_line_of_its_own_year(clients, demo):
    """A DARDR cost links to a line of the partnership's budget (web/finance) of the
    financial year it was incurred in; never another partnership's line or another year's;
    and the budget line leads nowhere back (budget readers are not the review group)."""
    from saferplaces.web.finance.models import BudgetLine, FinancialYear, Fund
    from saferplaces.web.partnerships.models import Partnership

    review = Dardr.objects.get(partnership=demo, reference="DARDR 01")
    other = Partnership(name="Cambridge CSP", slug="cambridge", area_code="E07000008")
    other.save_by(None)
    funds = {}
    for owner in (demo, other):
        funds[owner.slug] = Fund(partnership=owner, name="Pooled fund")
        funds[owner.slug].save_by(None)
    lines = {}
    for owner, year in [(demo, "2025/26"), (demo, "2026/27"), (other, "2025/26")]:
        fund = funds[owner.slug]
        fy = FinancialYear(partnership=owner, year=year)
        fy.save_by(None)
        line = BudgetLine(year=fy, fund=fund, number=4, item="Reviews and training")
        line.save_by(None)
        lines[owner.slug, year] = line
    url = reverse("reviews:dardr_cost_add", args=[demo.slug, review.pk])
    page = clients["officer"].get(url).content.decode()
    assert "2025/26, line 4: Reviews and training" in page
    assert f'value="{lines["cambridge", "2025/26"].pk}"' not in page
    cost = {"description": "Independent chair's fee", "amount": "1250.00"}
    # 10 May 2025 is in 2025/26: the 2026/27 line is refused, naming both years.
    resp = clients["officer"].post(
        url, {**cost, "incurred_on": "2025-05-10", "line": lines["south-cambs", "2026/27"].pk}
    )
    assert "in the 2026/27 budget" in resp.content.decode()
    assert "10 May 2025, in 2025/26" in resp.content.decode()
    resp = clients["officer"].post(
        url, {**cost, "incurred_on": "2025-05-10", "line": lines["cambridge", "2025/26"].pk}
    )
    # Another partnership's line is not a choice.
    assert "Select a valid choice" in resp.content.decode()
    assert not review.costs.filter(description="Independent chair's fee").exists()
    resp = clients["officer"].post(
        url, {**cost, "incurred_on": "2025-05-10", "line": lines["south-cambs", "2025/26"].pk}
    )
    assert resp.status_code == 302
    saved = review.costs.live().get(description="Independent chair's fee")
    assert saved.line == lines["south-cambs", "2025/26"]
    page = clients["officer"].get(reverse("reviews:dardr_review", args=[demo.slug, review.pk]))
    assert "2025/26 budget, line 4: Reviews and training" in page.content.decode()
    assert not hasattr(BudgetLine, "dardrcost_set") and not hasattr(BudgetLine, "costs")
