"""The register read for a page: each agreement with its tag on a given day, the
reminders of reviews due, the sources held with no current agreement, and the
download the data-quality command reads back. ``today`` is a parameter
everywhere so tests set the day instead of the clock."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from saferplaces.quality import agreements as rule
from saferplaces.web.agreements.models import SharingAgreement


@dataclass
class Row:
    agreement: SharingAgreement
    tag: str

    @property
    def tag_label(self) -> str:
        return rule.TAGS[self.tag][0]

    @property
    def tag_class(self) -> str:
        return rule.TAGS[self.tag][1]


def live(p):
    return SharingAgreement.objects.live().filter(partnership=p)


def rows(p, today: date) -> list[Row]:
    return [Row(a, a.tag_on(today)) for a in live(p)]


def reminders(p, today: date) -> list[Row]:
    """Signed agreements whose review is due within the warning window or overdue,
    most urgent first."""
    due = [r for r in rows(p, today) if r.tag in ("overdue", "review_due")]
    return sorted(due, key=lambda r: (r.agreement.review_on, r.agreement.title))


def uncovered_sources(p, wh, today: date) -> list[str]:
    """Agency sources held in the warehouse that none of ``p``'s current agreements covers."""
    return rule.uncovered(rule.shared_sources_held(wh), [a.as_rule() for a in live(p)], today)


def warnings(p, wh, today: date) -> list[str]:
    """The evidence pages' warning: one line naming every source held with no current
    agreement (a warehouse holding a dozen agency sources gives one line, not twelve)."""
    return lines(uncovered_sources(p, wh, today))


def lines(sources: list[str]) -> list[str]:
    """The warning for ``sources`` held with no current agreement, as one line."""
    if len(sources) < 2:
        return [rule.warning(s) for s in sources]
    return [
        f"{len(sources)} sources are held in the warehouse but no current "
        f"information-sharing agreement covers them: {', '.join(sources)}. Record the "
        "agreements in the register, or remove the data."
    ]


def export_rows(p) -> list[dict]:
    """One dict an agreement, with :data:`~saferplaces.quality.agreements.CSV_COLUMNS`."""
    return [
        {
            "title": a.title,
            "status": a.status,
            "signed_on": a.signed_on.isoformat() if a.signed_on else "",
            "review_on": a.review_on.isoformat() if a.review_on else "",
            "sources": " ".join(a.source_list),
            "legal_basis": "; ".join(a.legal_basis_labels),
            "owner": a.owner,
        }
        for a in live(p)
    ]


def export_json(p) -> str:
    out = [{**r, "sources": r["sources"].split()} for r in export_rows(p)]
    return json.dumps({"partnership": p.slug, "agreements": out}, indent=2) + "\n"
