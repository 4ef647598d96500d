"""What a county partnership's members see of its districts: the one rule.

A district's partnership keeps its own members and restrictions. Its county's pages (and
the community safety agreement) show of it only what it publishes to the county
(:class:`~saferplaces.web.county.models.CountyShare`), and of that, never a record
restricted to the district: restricted records (a model with a ``restricted`` field),
archived records and the details of statutory reviews stay with the district; reviews
are published as counts. Evidence figures (unsuppressed) and place flags are shown only
to county members who may see evidence. Every county page and document reads districts
through :class:`CountyReader`, and nothing else.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.apps import apps
from django.db.models import QuerySet

from saferplaces.web.county.models import KINDS, CountyShare
from saferplaces.web.partnerships.models import Partnership

RAG_ORDER = [
    ("red", "Red"),
    ("amber", "Amber"),
    ("green", "Green"),
    ("complete", "Complete"),
    ("", "Not yet rated"),
]


def districts_of(county: Partnership) -> list[Partnership]:
    """The live district partnerships reporting to ``county``, by area."""
    return list(Partnership.objects.live().filter(county=county).order_by("area_name", "name"))


def _unrestricted(qs: QuerySet) -> QuerySet:
    """Live records, and only those not restricted to their partnership."""
    qs = qs.filter(archived_on__isnull=True)
    if any(f.name == "restricted" for f in qs.model._meta.get_fields()):
        qs = qs.filter(restricted=False)
    return qs


def available_kinds() -> list[tuple[str, str, str]]:
    """The kinds a district may publish in this instance: money and reviews only when
    their apps are installed."""
    needs = {"money": "finance", "reviews": "reviews"}
    return [
        k for k in KINDS if k[0] not in needs or apps.is_installed(f"saferplaces.web.{needs[k[0]]}")
    ]


@dataclass
class Published:
    """One district as its county sees it."""

    partnership: Partnership
    kinds: list[str]  # what it publishes, of available_kinds()

    def shares(self, kind: str) -> bool:
        return kind in self.kinds


class CountyReader:
    """Reads a county's districts for one reader (their capabilities in the county)."""

    def __init__(self, county: Partnership, *, evidence: bool) -> None:
        self.county = county
        self.evidence = evidence  # may see unsuppressed figures and place flags

    def districts(self) -> list[Published]:
        shares = {
            s.partnership_id: s
            for s in CountyShare.objects.live().filter(partnership__county=self.county)
        }
        offered = {k for k, _, _ in available_kinds()}
        out = []
        for d in districts_of(self.county):
            s = shares.get(d.pk)
            kinds = [k for k in (s.published() if s else []) if k in offered]
            if not self.evidence:
                kinds = [k for k in kinds if k != "flags"]
            out.append(Published(d, kinds))
        return out

    # -- governance records ----------------------------------------------------------

    def priorities(self, d: Published) -> tuple[str | None, list]:
        """(plan year, its priorities) of the district's latest plan year, or (None, [])
        when it publishes none."""
        if not d.shares("priorities"):
            return None, []
        from saferplaces.web.actions.models import Priority

        qs = _unrestricted(Priority.objects.filter(partnership=d.partnership))
        year = qs.order_by("-plan_year").values_list("plan_year", flat=True).first()
        return year, list(qs.filter(plan_year=year).order_by("number")) if year else []

    def rag_counts(self, d: Published) -> tuple[str | None, list[tuple[str, int]]]:
        """(plan year, [(RAG label, actions)]) for the district's latest plan year."""
        if not d.shares("action_plan"):
            return None, []
        from saferplaces.web.actions.models import Action

        qs = _unrestricted(Action.objects.filter(partnership=d.partnership))
        qs = qs.filter(priority__archived_on__isnull=True)
        year = (
            qs.order_by("-priority__plan_year")
            .values_list("priority__plan_year", flat=True)
            .first()
        )
        if year is None:
            return None, []
        n = Counter(qs.filter(priority__plan_year=year).values_list("rag", flat=True))
        return year, [(label, n.get(key, 0)) for key, label in RAG_ORDER]

    def money(self, d: Published) -> tuple[str | None, dict | None]:
        """(financial year, its budget line totals: original, revised, spent, committed,
        remaining) for the district's latest financial year, or (None, None)."""
        if not d.shares("money"):
            return None, None
        from saferplaces.web.finance.ledger import figures
        from saferplaces.web.finance.models import FinancialYear

        fy = FinancialYear.objects.live().filter(partnership=d.partnership).first()
        if fy is None:
            return None, None
        return fy.year, figures(fy).line_totals()

    def review_counts(self, d: Published) -> dict | None:
        """The district's latest published ASB case review counts (as the public reads
        them) and how many domestic abuse related death reviews it has published; never
        a review's details. None when it does not publish reviews to the county."""
        if not d.shares("reviews"):
            return None
        from django.utils import timezone

        from saferplaces.web.reviews.models import AsbPublication, Dardr

        asb = AsbPublication.objects.live().filter(partnership=d.partnership).first()
        published = (
            Dardr.objects.live()
            .filter(partnership=d.partnership, published_on__lte=timezone.localdate())
            .count()
        )
        return {"asb": asb.counts() if asb else None, "dardrs_published": published}

    def county_actions(self) -> list:
        """The county partnership's own action plan (its latest plan year)."""
        from saferplaces.web.actions.models import Action

        qs = _unrestricted(Action.objects.filter(partnership=self.county)).filter(
            priority__archived_on__isnull=True
        )
        year = (
            qs.order_by("-priority__plan_year")
            .values_list("priority__plan_year", flat=True)
            .first()
        )
        return list(
            qs.filter(priority__plan_year=year)
            .select_related("priority", "responsible_agency", "responsible_officer")
            .order_by("priority__number", "number")
        )

    def county_priorities(self) -> tuple[str | None, list]:
        from saferplaces.web.actions.models import Priority

        qs = _unrestricted(Priority.objects.filter(partnership=self.county))
        year = qs.order_by("-plan_year").values_list("plan_year", flat=True).first()
        return year, list(qs.filter(plan_year=year).order_by("number")) if year else []
