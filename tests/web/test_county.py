"""The county view: a county partnership holding its districts' partnerships, each keeping
its own members and restrictions; the county sees only what each district publishes to
it, never a record restricted to a district; the community safety agreement."""

from __future__ import annotations

import hashlib
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from saferplaces.web.actions.models import Action, Priority
from saferplaces.web.core.models import AuditEvent
from saferplaces.web.county.demo import SLUG, seed_county
from saferplaces.web.county.models import Agreement, CountyShare, Submission
from saferplaces.web.meetings.models import AgendaItem, Meeting
from saferplaces.web.partnerships.models import Partnership
from tests.helpers.html_tables import rows_by_name
from tests.web.conftest import login
from tests.web.test_flags_web import _run

SECRET = "Confidential: review panel for the Wisbech case"


@pytest.fixture
def county(demo) -> Partnership:
    users = {u.get_username(): u for u in get_user_model().objects.all()}
    seed_county(users)
    return Partnership.objects.get(slug=SLUG)


@pytest.fixture
def fenland_secret(county):
    """Fenland's restricted agenda item, and an action plan it does not publish."""
    fenland = Partnership.objects.get(slug="fenland-csp")
    m = Meeting(partnership=fenland, title="Board", date=date(2026, 1, 13))
    m.save_by(None)
    AgendaItem(meeting=m, number="5", title=SECRET, restricted=True).save_by(None)
    return fenland


@pytest.fixture
def writable(settings, loaded_path, tmp_path):
    path = tmp_path / "warehouse.duckdb"
    shutil.copy(loaded_path, path)
    settings.SAFERPLACES_WAREHOUSE = str(path)
    return path


def _rag(p: Partnership) -> dict[str, int]:
    year = Priority.objects.filter(partnership=p).order_by("-plan_year")[0].plan_year
    out: dict[str, int] = {}
    for a in Action.objects.filter(partnership=p, priority__plan_year=year):
        out[a.rag] = out.get(a.rag, 0) + 1
    return out


def test_the_county_holds_its_districts_each_with_its_own_members(county):
    districts = Partnership.objects.filter(county=county).order_by("area_name")
    assert [d.area_name for d in districts] == [
        "Cambridge",
        "East Cambridgeshire",
        "Fenland",
        "Huntingdonshire",
        "South Cambridgeshire",
    ]
    assert county.is_county and not districts[0].is_county
    # The demo's officer runs South Cambridgeshire's partnership, not the county's.
    officer = login("officer")
    assert officer.get(reverse("county:overview", args=[SLUG])).status_code == 403
    assert login("county").get(reverse("actions:plan", args=["south-cambs"])).status_code == 403


def test_county_members_see_what_each_district_publishes(county):
    page = login("county").get(reverse("county:overview", args=[SLUG])).content.decode()
    # Cambridge publishes its priorities and action plan; Huntingdonshire nothing.
    assert "Reduce violence in the night-time economy" in page
    assert "Serious violence and knife crime" not in page
    # Fenland publishes priorities but not its action plan.
    assert "Drugs and exploitation" in page
    rag = rows_by_name(page, "actions by RAG status")
    assert rag["Fenland"] == ["Not published to the county"]
    assert rag["Huntingdonshire"] == ["Not published to the county"]
    cambridge = _rag(Partnership.objects.get(slug="cambridge-csp"))
    year = Priority.objects.filter(partnership__slug="cambridge-csp")[0].plan_year
    expected = [str(cambridge.get(k, 0)) for k in ("red", "amber", "green", "complete", "")]
    assert rag["Cambridge"] == [year, *expected]
    assert sum(map(int, expected)) == 4
    shares = rows_by_name(page, "What each district publishes")
    assert shares["Fenland Community Safety Partnership (illustrative) Fenland"][:3] == [
        "Not published",
        "Published",
        "Not published",
    ]


def test_no_district_restriction_reaches_the_county(county, fenland_secret, writable):
    """A member of one district (the analyst, South Cambridgeshire's) who also serves the
    county sees no other district's restricted item or unpublished record through the
    county pages or the agreement, and still cannot open that district's pages."""
    analyst = login("analyst")
    for name in ("overview", "evidence", "agreements"):
        page = analyst.get(reverse(f"county:{name}", args=[SLUG]))
        assert page.status_code == 200, name
        assert SECRET not in page.content.decode()
        assert "Serious violence and knife crime" not in page.content.decode()
    assert analyst.get(reverse("meetings:list", args=[fenland_secret.slug])).status_code == 200
    meeting = Meeting.objects.get(partnership=fenland_secret)
    detail = analyst.get(reverse("meetings:detail", args=[fenland_secret.slug, meeting.pk]))
    assert SECRET not in detail.content.decode()  # a public reader's view of it
    assert analyst.get(reverse("actions:plan", args=[fenland_secret.slug])).status_code == 403
    # The agreement generated by the county holds none of it either.
    done = login("county").post(reverse("county:agreements", args=[SLUG]), {"period": "2025"})
    assert done.status_code == 302
    record = Agreement.objects.get(partnership=county)
    html = analyst.get(reverse("county:file", args=[SLUG, record.name, "html"]))
    text = b"".join(html.streaming_content).decode()
    assert SECRET not in text and "Serious violence and knife crime" not in text
    assert "Drugs and exploitation" in text  # Fenland publishes its priorities


def test_county_guests_see_no_evidence_or_place_flags(county, outsider):
    from saferplaces.web.partnerships.models import Member

    guest = get_user_model().objects.get(username="guest")
    Member(partnership=county, name="Jordan Lee", role="guest", user=guest).save_by(None)
    client = login("guest")
    assert client.get(reverse("county:evidence", args=[SLUG])).status_code == 403
    assert client.get(reverse("county:agreements", args=[SLUG])).status_code == 403
    page = client.get(reverse("county:overview", args=[SLUG])).content.decode()
    assert "Place flags</h2>" not in page and "For members who see evidence" in page
    assert login("outsider").get(reverse("county:overview", args=[SLUG])).status_code == 403


def test_place_flags_summary_is_the_districts_own_run(county, writable):
    from saferplaces.places import store
    from saferplaces.places.categories import LISTED
    from saferplaces.places.stored_runs import stored_run
    from saferplaces.warehouse import Warehouse

    analyst = login("analyst")
    demo = Partnership.objects.get(slug="south-cambs")
    assert _run(analyst, demo).status_code == 302
    with Warehouse.open(writable, read_only=True) as wh:
        store.open_for(wh, "south-cambs")
        run = stored_run(wh, store.runs_for(wh, "E07000012")[-1]["run_id"])
    listed = {w.ward_name: w.flag_count for w in run.wards if w.proposed_category in LISTED}
    assert listed, "the run lists some wards"
    page = login("county").get(reverse("county:overview", args=[SLUG])).content.decode()
    shown = rows_by_name(page, "Wards on South Cambridgeshire's list")
    assert {ward: int(cells[1]) for ward, cells in shown.items()} == listed
    # East Cambridgeshire publishes place flags but has run none; nobody else's run is
    # shown for it (the county's officer has made none either).
    assert "No place flags run yet" in page.split("Place flags</h2>")[1]


def test_a_district_chooses_what_it_publishes(county):
    officer = login("officer")
    url = reverse("partnerships:county_sharing", args=["south-cambs"])
    assert "Place flags summary" in officer.get(url).content.decode()
    assert officer.post(url, {"priorities": "on"}).status_code == 302
    share = CountyShare.objects.get(partnership__slug="south-cambs")
    assert share.published() == ["priorities"]
    assert AuditEvent.objects.filter(model="county.CountyShare", action="change").exists()
    page = login("county").get(reverse("county:overview", args=[SLUG])).content.decode()
    rag = rows_by_name(page, "actions by RAG status")
    assert rag["South Cambridgeshire"] == ["Not published to the county"]
    # The county's officer cannot change what a district publishes.
    assert login("county").post(url, {"flags": "on"}).status_code == 403


def test_joining_a_county_is_checked_against_the_lookup(county):
    from saferplaces.web.partnerships.setup import PartnershipError, set_county

    peterborough = Partnership(
        name="Safer Peterborough", slug="pboro", area_code="E06000031", area_name="Peterborough"
    )
    peterborough.save_by(None)
    officer = login("officer")
    url = reverse("partnerships:edit", args=["south-cambs"])
    form = officer.get(url).content.decode()
    assert "County partnership it reports to" in form
    from saferplaces.web.evidence.warehouse import reading_warehouse

    with reading_warehouse() as wh, pytest.raises(PartnershipError, match="does not lie"):
        set_county(wh, peterborough, county)


def test_agreement_generated_and_recorded_as_sent(county, settings):
    officer = login("county")
    url = reverse("county:agreements", args=[SLUG])
    assert officer.post(url, {"period": "2025", "baseline": "2024"}).status_code == 302
    record = Agreement.objects.get(partnership=county)
    folder = Path(settings.SAFERPLACES_ASSESSMENTS) / SLUG / "agreements" / record.name
    pdf = folder / "agreement.pdf"
    assert record.sha256 == hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert {p.name for p in folder.iterdir()} >= {
        "agreement.html",
        "agreement.docx",
        "agreement.xlsx",
    }
    sent = reverse("county:sent", args=[SLUG, record.name])
    assert officer.post(sent, {"sent_to": "", "sent_on": "", "sent_by": ""}).status_code == 200
    done = officer.post(
        sent,
        {
            "sent_to": "Police and Crime Commissioner for Cambridgeshire and Peterborough",
            "sent_on": "2026-03-31",
            "sent_by": "Robin Ashby",
            "note": "By email to the OPCC",
        },
    )
    assert done.status_code == 302
    s = Submission.objects.get(agreement=record)
    assert s.sha256 == record.sha256 and s.sent_on == date(2026, 3, 31)
    assert AuditEvent.objects.filter(model="county.Submission", action="create").exists()
    listed = officer.get(url).content.decode()
    assert "Sent to Police and Crime Commissioner for Cambridgeshire and Peterborough" in listed
    # Only the chair or officer may record it; an analyst may read it.
    analyst = login("analyst")
    assert analyst.get(sent).status_code == 403
    assert analyst.get(reverse("county:file", args=[SLUG, record.name, "pdf"])).status_code == 200


def test_cli_agreement_for_every_district(county, cli, writable, tmp_path):
    out = tmp_path / "agreement"
    result = cli(
        "agreement", "--county", "Cambridgeshire", "--period", "2025", "--out", out,
        "--warehouse", writable,
    )  # fmt: skip
    assert result.code == 0, result.err
    assert "partnership records from Cambridgeshire Countywide" in result.out
    assert (
        "5 district sections: Cambridge, East Cambridgeshire, Fenland, Huntingdonshire, "
        "South Cambridgeshire." in " ".join(result.out.split())
    )
    html = (out / "agreement.html").read_text(encoding="utf-8")
    assert "Reduce violence in the night-time economy" in html  # Cambridge publishes it
    assert "Serious violence and knife crime" not in html  # Huntingdonshire does not
    assert "A county exploitation panel meeting monthly" in html  # the county's action
    bad = cli("agreement", "--county", "Peterborough", "--period", "2025", "--warehouse", writable)
    assert bad.code == 1 and bad.err.startswith("Error:")


def _pounds_text(amount) -> str:
    """£1,234.50 as the pages print it, by hand (a minus sign for a negative amount)."""
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"


def test_county_sees_the_money_and_review_counts_a_district_publishes(county):
    from saferplaces.web.finance.demo import seed_finance
    from saferplaces.web.finance.models import FinancialYear
    from saferplaces.web.reviews.models import AsbPublication, Dardr

    south = Partnership.objects.get(slug="south-cambs")
    seed_finance(south, {u.get_username(): u for u in get_user_model().objects.all()})
    page = login("county").get(reverse("county:overview", args=[SLUG])).content.decode()
    # Money: the latest financial year's budget lines added up here, by hand.
    fy = FinancialYear.objects.filter(partnership=south).order_by("-year")[0]
    lines = [x for x in fy.lines.all() if x.archived_on is None]
    assert lines
    original = sum(x.original for x in lines)
    revised = sum(x.original if x.revised is None else x.revised for x in lines)
    money = rows_by_name(page, "Money: budget totals")
    row = money["South Cambridgeshire"]
    assert row[:3] == [fy.year, _pounds_text(original), _pounds_text(revised)]
    spent, committed, remaining = (Decimal(c.replace("£", "").replace(",", "")) for c in row[3:])
    assert remaining == revised - spent - committed
    assert money["Cambridge"] == ["Not published to the county"]
    # Reviews: the ASB counts as published, and the death reviews published by today.
    reviews = rows_by_name(page, "Reviews: ASB case review counts")
    asb = AsbPublication.objects.filter(partnership=south, archived_on__isnull=True)[0]
    dardrs = list(Dardr.objects.filter(partnership=south))
    published = sum(
        1
        for r in dardrs
        if r.archived_on is None and r.published_on and r.published_on <= date.today()
    )
    assert len(dardrs) > published  # some are not published: they must not be counted
    assert reviews["South Cambridgeshire"] == [
        asb.year,
        str(asb.applications),
        str(asb.threshold_not_met),
        str(asb.reviews_carried_out),
        str(asb.reviews_with_recommendations),
        str(published),
    ]
    assert reviews["Fenland"] == ["Not published to the county"]
    # Nothing of a review but its counts: no reference or notification text.
    assert all(r.reference not in page for r in dardrs)


def test_a_district_that_stops_publishing_money_and_reviews_shows_none(county):
    south = Partnership.objects.get(slug="south-cambs")
    share = CountyShare.objects.get(partnership=south)
    share.money = share.reviews = False
    share.save_by(None)
    page = login("county").get(reverse("county:overview", args=[SLUG])).content.decode()
    assert rows_by_name(page, "Money: budget totals")["South Cambridgeshire"] == [
        "Not published to the county"
    ]
    assert rows_by_name(page, "Reviews: ASB case review counts")["South Cambridgeshire"] == [
        "Not published to the county"
    ]
