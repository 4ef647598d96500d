"""Every statutory review page and export, for every role, a member of another
partnership and the public: the answer each gets, typed by hand from docs/reviews.md,
and no restricted review detail in any page a reader may not see.

Rows are checked in one test over one seeded partnership (a page per row would seed the
demo thirty times).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from saferplaces.web.reviews.models import (
    AsbCaseReview,
    AsbPublication,
    AsbRecommendation,
    Dardr,
    ReviewGroupMember,
)
from tests.web.conftest import login
from tests.web.test_access_every_view import WHO

EVERYONE = (200, 200, 200, 200, 200, 200, 200)
NOT_GUESTS = (302, 403, 403, 200, 200, 200, 200)
OFFICER_AND_CHAIR = (302, 403, 403, 403, 403, 200, 200)
# The demo's named review group is the chair and the officer: the board member, who may
# see restricted agenda items, is not in it and is refused.
REVIEW_GROUP = (302, 403, 403, 403, 403, 200, 200)
PLAN_EDITORS = (302, 403, 403, 403, 200, 200, 200)

REVIEWS_EXPECTED: dict[str, tuple[int, ...]] = {
    "reviews:index": NOT_GUESTS,
    "reviews:settings": OFFICER_AND_CHAIR,
    "reviews:group_add": OFFICER_AND_CHAIR,
    "reviews:group_remove": OFFICER_AND_CHAIR,
    "reviews:asb": NOT_GUESTS,
    "reviews:asb_csv": NOT_GUESTS,
    "reviews:asb_case": NOT_GUESTS,
    "reviews:asb_publication": NOT_GUESTS,
    "reviews:asb_add": OFFICER_AND_CHAIR,
    "reviews:asb_edit": OFFICER_AND_CHAIR,
    "reviews:asb_archive": OFFICER_AND_CHAIR,
    "reviews:asb_complaint_add": OFFICER_AND_CHAIR,
    "reviews:asb_rec_add": OFFICER_AND_CHAIR,
    "reviews:asb_rec_edit": OFFICER_AND_CHAIR,
    "reviews:asb_publish": OFFICER_AND_CHAIR,
    "reviews:dardr": REVIEW_GROUP,
    "reviews:dardr_summary": REVIEW_GROUP,
    "reviews:dardr_summary_document": REVIEW_GROUP,
    "reviews:dardr_add": REVIEW_GROUP,
    "reviews:dardr_review": REVIEW_GROUP,
    "reviews:dardr_edit": REVIEW_GROUP,
    "reviews:dardr_archive": REVIEW_GROUP,
    "reviews:dardr_cost_add": REVIEW_GROUP,
    "reviews:dardr_rec_add": REVIEW_GROUP,
    "reviews:dardr_rec_edit": REVIEW_GROUP,
    "reviews:dardr_rec": REVIEW_GROUP,
    "reviews:dardr_rec_status": REVIEW_GROUP,
    "public_reviews:list": EVERYONE,
    "public_reviews:asb_year": EVERYONE,
    "public_reviews:asb_csv": EVERYONE,
    "public_reviews:asb_document": EVERYONE,
    # problem-solving plans: members who see the evidence read; analyst, officer, chair
    # (and vice-chair) open and change them
    "problems:list": NOT_GUESTS,
    "problems:hotspots": NOT_GUESTS,
    "problems:plan": NOT_GUESTS,
    "problems:document": NOT_GUESTS,
    "problems:open": (302, 403, 403, 403, 302, 302, 302),  # no place chosen: to the list
    "problems:edit": PLAN_EDITORS,
    "problems:link_action": PLAN_EDITORS,
    "problems:assess": PLAN_EDITORS,
    "problems:archive": PLAN_EDITORS,
}


def review_urls(demo) -> dict[str, str]:
    case = AsbCaseReview.objects.filter(partnership=demo).first()
    asb_rec = AsbRecommendation.objects.filter(case__partnership=demo).first()
    review = Dardr.objects.filter(partnership=demo, published_on__isnull=False).first()
    rec = review.recommendations.first()
    year = AsbPublication.objects.filter(partnership=demo).first().year_slug
    group = ReviewGroupMember.objects.filter(partnership=demo).first()
    plan = a_plan(demo)
    s = {"slug": demo.slug}
    kwargs = {
        "reviews:index": s,
        "reviews:settings": s,
        "reviews:group_add": s,
        "reviews:group_remove": {**s, "pk": group.pk},
        "reviews:asb": s,
        "reviews:asb_csv": s,
        "reviews:asb_add": s,
        "reviews:asb_case": {**s, "pk": case.pk},
        "reviews:asb_edit": {**s, "pk": case.pk},
        "reviews:asb_archive": {**s, "pk": case.pk},
        "reviews:asb_complaint_add": {**s, "pk": case.pk},
        "reviews:asb_rec_add": {**s, "pk": case.pk},
        "reviews:asb_rec_edit": {**s, "pk": asb_rec.case_id, "rec_pk": asb_rec.pk},
        "reviews:asb_publication": {**s, "year": year},
        "reviews:asb_publish": {**s, "year": year},
        "reviews:dardr": s,
        "reviews:dardr_summary": s,
        "reviews:dardr_summary_document": {**s, "fmt": "docx"},
        "reviews:dardr_add": s,
        "reviews:dardr_review": {**s, "pk": review.pk},
        "reviews:dardr_edit": {**s, "pk": review.pk},
        "reviews:dardr_archive": {**s, "pk": review.pk},
        "reviews:dardr_cost_add": {**s, "pk": review.pk},
        "reviews:dardr_rec_add": {**s, "pk": review.pk},
        "reviews:dardr_rec_edit": {**s, "pk": review.pk, "rec_pk": rec.pk},
        "reviews:dardr_rec": {**s, "rec_pk": rec.pk},
        "reviews:dardr_rec_status": {**s, "rec_pk": rec.pk},
        "public_reviews:list": s,
        "public_reviews:asb_year": {**s, "year": year},
        "public_reviews:asb_csv": {**s, "year": year},
        "public_reviews:asb_document": {**s, "year": year, "fmt": "pdf"},
        "problems:list": s,
        "problems:hotspots": s,
        "problems:open": s,
        "problems:plan": {**s, "pk": plan.pk},
        "problems:document": {**s, "pk": plan.pk, "fmt": "docx"},
        "problems:edit": {**s, "pk": plan.pk},
        "problems:link_action": {**s, "pk": plan.pk},
        "problems:assess": {**s, "pk": plan.pk},
        "problems:archive": {**s, "pk": plan.pk},
    }
    return {name: reverse(name, kwargs=kw) for name, kw in kwargs.items()}


def a_plan(demo):
    from saferplaces.web.problems.models import ProblemPlan

    plan = ProblemPlan.objects.filter(partnership=demo).first()
    if plan is None:
        plan = ProblemPlan(
            partnership=demo,
            title="Cambourne: burglary",
            place_kind="ward",
            place_code="E05014031",
            place_name="Cambourne",
            ward_code="E05014031",
            ward_name="Cambourne",
            indicator_id="burglary",
            objective="Fewer burglaries of sheds and garages",
        )
        plan.save_by(None)
    return plan


# Text that only a reader allowed the register may see.
ASB_SECRETS = ("ASBCR-A01", "Joint visits and a mediation offer")
DARDR_SECRETS = ("DARDR 02", "coercive control", "Train GP practices", "Pooled fund")
PLAN_SECRETS = ("Fewer burglaries of sheds",)


@pytest.fixture
def other_member(demo):
    """The officer of another partnership in the same instance."""
    from django.contrib.auth import get_user_model

    from saferplaces.web.partnerships.models import Member, Partnership

    other = Partnership(name="Cambridge CSP", slug="cambridge", area_code="E07000008")
    other.save_by(None)
    user = get_user_model().objects.create_user("cambridge-officer", password="saferplaces-demo")
    Member(partnership=other, name="Other officer", role="officer", user=user).save_by(None)
    ReviewGroupMember(partnership=other, member=Member.objects.get(user=user)).save_by(
        None
    )  # in their own partnership's review group
    return login("cambridge-officer")


def test_every_review_page_for_every_role(clients, demo, other_member):
    assert set(REVIEWS_EXPECTED) == set(review_urls(demo))
    failures = []
    for name, url in review_urls(demo).items():
        got = {}
        for who in WHO:
            resp = clients[who].get(url)
            got[who] = resp.status_code
            if resp.status_code != 200:
                continue
            body = resp.content.decode("utf-8", "replace") if "html" in resp["Content-Type"] else ""
            if not name.startswith("reviews:dardr") and any(s in body for s in DARDR_SECRETS):
                failures.append(f"{name}: DARDR detail shown to {who}")
        expected = dict(zip(WHO, REVIEWS_EXPECTED[name], strict=True))
        if got != expected:
            failures.append(f"{name} {url}: got {got}, expected {expected}")
        # A member of another partnership is treated as anyone outside this one.
        other = other_member.get(url)
        if other.status_code != expected["outsider"]:
            failures.append(f"{name}: another partnership's officer got {other.status_code}")
        if other.status_code == 200 and "html" in other["Content-Type"]:
            text = other.content.decode()
            leaked = [s for s in ASB_SECRETS + DARDR_SECRETS + PLAN_SECRETS if s in text]
            if leaked:
                failures.append(f"{name}: another partnership's officer saw {leaked}")
    assert failures == []


def test_the_public_sees_published_reviews_only(client, demo):
    """Anyone: the published counts and the DARDR published on or before today, with
    nothing of the registers behind them."""
    page = client.get(reverse("public_reviews:list", args=[demo.slug])).content.decode()
    assert "DARDR 01" in page and "example.org/dardr-01" in page
    for secret in ASB_SECRETS + DARDR_SECRETS + ("ASBCR-", "Independent chair"):
        assert secret not in page
    pub = AsbPublication.objects.get(partnership=demo)
    year = client.get(reverse("public_reviews:asb_year", args=[demo.slug, pub.year_slug]))
    assert "ASBCR-" not in year.content.decode()


def test_membership_of_the_review_group_decides_dardr_access(clients, demo):
    from saferplaces.web.partnerships.models import Member

    url = reverse("reviews:dardr", args=[demo.slug])
    board = Member.objects.get(partnership=demo, user__username="board")
    ReviewGroupMember(partnership=demo, member=board).save_by(None)
    assert clients["board"].get(url).status_code == 200  # reads: now in the group
    add = reverse("reviews:dardr_add", args=[demo.slug])
    assert clients["board"].get(add).status_code == 403  # a board member may not change it
    officer = ReviewGroupMember.objects.get(partnership=demo, member__user__username="officer")
    officer.archive(None, "left the review group")
    assert clients["officer"].get(url).status_code == 403
    # A guest can never be in it, even if listed.
    guest = Member.objects.get(partnership=demo, user__username="guest")
    ReviewGroupMember(partnership=demo, member=guest).save_by(None)
    assert clients["guest"].get(url).status_code == 403
