"""Statutory review registers: ASB case reviews, Domestic Abuse Related Death Reviews and
their recommendation tracker, the partnership's review settings and its named review
group. Every record is restricted; the rules live in :mod:`saferplaces.reviews` and who
sees what in :mod:`saferplaces.web.reviews.visibility`."""

from saferplaces.web.reviews.models.asb import (
    AsbCaseReview,
    AsbComplaint,
    AsbPublication,
    AsbRecommendation,
)
from saferplaces.web.reviews.models.dardr import (
    Dardr,
    DardrCost,
    DardrRecommendation,
    RecommendationStatusChange,
)
from saferplaces.web.reviews.models.setup import ReviewGroupMember, ReviewSettings

__all__ = [
    "AsbCaseReview",
    "AsbComplaint",
    "AsbPublication",
    "AsbRecommendation",
    "Dardr",
    "DardrCost",
    "DardrRecommendation",
    "RecommendationStatusChange",
    "ReviewGroupMember",
    "ReviewSettings",
]
