"""Illustrative review registers for the demo partnership (``saferplaces admin
seed-demo``): a few ASB case reviews over the last two financial years, two DARDRs with
recommendations, the review group. All invented, like everything in the demo partnership
(which every page and document labels illustrative); dates are set relative to today."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from saferplaces.reviews.asb import publication_counts
from saferplaces.reviews.years import financial_year, year_bounds


def seed_reviews(p, users, members, orgs) -> str:
    from saferplaces.web.reviews.models import (
        AsbCaseReview,
        AsbComplaint,
        AsbPublication,
        AsbRecommendation,
        Dardr,
        DardrCost,
        DardrRecommendation,
        ReviewGroupMember,
    )

    officer = users["officer"]
    today = date.today()
    for key, note in [("chair", "Chair of the review group"), ("officer", "Review co-ordinator")]:
        ReviewGroupMember(partnership=p, member=members[key], note=note).save_by(officer)

    this_start, _ = year_bounds(financial_year(today))
    last_start = date(this_start.year - 1, 4, 1)

    def day(start: date, n: int) -> date:
        return min(start + timedelta(days=n), today - timedelta(days=1))

    cases = []
    for ref, start, received, met, decided, reviewed, recs, told, outcome in [
        (
            "ASBCR-A01",
            last_start,
            20,
            True,
            30,
            55,
            True,
            60,
            "Joint visits and a mediation offer agreed.",
        ),
        ("ASBCR-A02", last_start, 95, False, 103, None, None, 106, ""),
        (
            "ASBCR-A03",
            last_start,
            200,
            True,
            212,
            240,
            False,
            247,
            "Agencies' response found reasonable.",
        ),
        ("ASBCR-A04", last_start, 350, True, 358, None, None, None, ""),
        ("ASBCR-B01", this_start, 10, None, None, None, None, None, ""),
    ]:
        rec_day = day(start, received)
        c = AsbCaseReview(
            partnership=p,
            reference=ref,
            received=rec_day,
            applicant="victim" if ref[-1] in "13" else "on_behalf",
            received_by="online",
            threshold_met=met,
            decision_date=day(start, decided) if decided else None,
            decision_reason="Three complaints to two agencies in the six months before."
            if met
            else ("Two complaints in the six months before." if met is False else ""),
            review_date=day(start, reviewed) if reviewed else None,
            review_lead=orgs["district"] if reviewed else None,
            recommendations_made=recs,
            outcome=outcome,
            applicant_informed=day(start, told) if told else None,
        )
        c.save_by(officer)
        cases.append(c)
        for n, agency in enumerate(["police", "district", "district"][: 3 if met else 2]):
            AsbComplaint(
                case=c, reported_on=rec_day - timedelta(days=20 + 40 * n), agency=orgs[agency]
            ).save_by(officer)
    AsbRecommendation(
        case=cases[0],
        agency=orgs["district"],
        text="Offer mediation between the neighbours through the council's service.",
        response="Accepted; mediation offered within two weeks.",
        responded_on=cases[0].review_date,
    ).save_by(officer)
    last_year = financial_year(last_start)
    counts = publication_counts((c.facts() for c in cases), last_year, today)
    AsbPublication(
        partnership=p,
        as_of=today,
        statement="Apply for an ASB case review online or by telephone to the council.",
        **counts.to_dict(),
    ).save_by(officer)

    old = Dardr(
        partnership=p,
        reference="DARDR 01",
        notified_on=today - timedelta(days=760),
        notified_by="police",
        notification="A death in the district in which domestic abuse is suspected.",
        decision="hold",
        decision_on=today - timedelta(days=740),
        home_office_notified_on=today - timedelta(days=738),
        chair="Independent chair (illustrative)",
        panel_agencies="Police\nDistrict council\nIntegrated Care Board\nIDVA service",
        terms_of_reference_agreed_on=today - timedelta(days=700),
        family_invited_on=today - timedelta(days=705),
        panel_first_met_on=today - timedelta(days=690),
        report_completed_on=today - timedelta(days=520),
        submitted_to_qa_on=today - timedelta(days=500),
        qa_outcome="approved",
        qa_outcome_on=today - timedelta(days=380),
        published_on=today - timedelta(days=330),
        publication_url="https://example.org/dardr-01-overview-report",
    )
    old.save_by(officer)
    for desc, amount, days in [
        ("Independent chair and author", "6500.00", 600),
        ("Venue", "240.00", 650),
    ]:
        DardrCost(
            dardr=old,
            description=desc,
            amount=Decimal(amount),
            incurred_on=today - timedelta(days=days),
            funded_from="Pooled fund",
        ).save_by(officer)
    recs = []
    for number, text, org, owner, due, national in [
        (
            "1",
            "Train GP practices in routine enquiry about domestic abuse.",
            "health",
            "Head of Safeguarding",
            200,
            False,
        ),
        (
            "2",
            "Review how risk assessments are shared before MARAC.",
            "police",
            "Detective Inspector, safeguarding",
            150,
            False,
        ),
        (
            "3",
            "Publish a local directory of domestic abuse support in community languages.",
            "district",
            "Community Safety Manager",
            -30,
            False,
        ),
        (
            "4",
            "Government to issue guidance on economic abuse in review scoping.",
            None,
            "",
            -200,
            True,
        ),
    ]:
        r = DardrRecommendation(
            dardr=old,
            number=number,
            text=text,
            agency=orgs[org] if org else None,
            agency_text="" if org else "Home Office",
            owner=owner,
            due=today - timedelta(days=due),
            national=national,
        )
        r.save_by(officer)
        recs.append(r)
    recs[0].set_status("in_progress", officer, "Training plan agreed with the practices.")
    recs[0].set_status(
        "complete",
        officer,
        "All practices trained.",
        "Training records for every GP practice in the district.",
        "ICB safeguarding file ref TR-24",
    )
    recs[1].set_status("in_progress", officer, "Information-sharing protocol in draft.")
    Dardr(
        partnership=p,
        reference="DARDR 02",
        notified_on=today - timedelta(days=50),
        notified_by="police",
        notification="A death by suicide where coercive control is reported.",
        paused_reason="",
    ).save_by(officer)
    return "illustrative review registers (5 ASB case reviews, 2 DARDRs)"
