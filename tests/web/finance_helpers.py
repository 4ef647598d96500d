"""Money records for the web tests: seed 001's budget imported into a partnership, and
the demo's illustrative money when a test needs every kind of record."""

from __future__ import annotations

from pathlib import Path

from saferplaces.finance.budget_file import read_budget
from saferplaces.web.finance.importer import import_budget
from saferplaces.web.finance.models import BudgetLine, FinancialYear
from tests.finance.budgets import rows, write_csv

YEAR = "2016/17"
FUND = "CDRP budget"


def import_seed_001(p, tmp: Path, user=None, **kw):
    path = write_csv(tmp / "budget-2016-17.csv", rows())
    return import_budget(p, YEAR, read_budget(path), fund=FUND, user=user, **kw)


def year(p, y: str = YEAR) -> FinancialYear:
    return FinancialYear.objects.get(partnership=p, year=y)


def line(p, n: int, y: str = YEAR) -> BudgetLine:
    return BudgetLine.objects.live().get(year__partnership=p, year__year=y, number=n)


def money(p) -> None:
    """The demo's illustrative money (last year closed and published, this year open)."""
    from django.contrib.auth import get_user_model

    from saferplaces.web.finance.demo import seed_finance

    if not p.financial_years.exists():
        # The demo's users as they are (not through seed's _users(), which resets their
        # passwords and so signs out every client a test has signed in).
        users = {u.username: u for u in get_user_model().objects.all()}
        seed_finance(p, users)


def counts() -> dict[str, int]:
    """How many rows every money table holds, and how many changes the audit log holds
    (signing in is logged too, and is no change)."""
    from django.apps import apps

    out = {m._meta.label: m.objects.count() for m in apps.get_app_config("finance").get_models()}
    from saferplaces.web.core.models import AuditEvent

    out["core.AuditEvent"] = AuditEvent.objects.filter(
        action__in=("create", "change", "archive")
    ).count()
    return out
