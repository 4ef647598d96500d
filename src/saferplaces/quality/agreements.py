"""Information-sharing agreements: which sources held in the warehouse no current
agreement covers, and when each agreement is due for review.

The register itself lives in the web app (``web/agreements``); this module never
imports Django. The web app hands it the partnership's agreements; the data-quality
command reads the register's download (CSV or JSON) through
:func:`read_agreements`. police.uk open data is published under the Open Government
Licence and needs no agreement, so it is never reported (only agency sources are
"held under sharing": see :func:`shared_sources_held`).
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from saferplaces.core.errors import SaferplacesError
from saferplaces.warehouse.connection import Warehouse

# The bases a community safety partnership shares data under (UK GDPR Articles 6 and 9,
# the Data Protection Act 2018 Part 3 for the police, Crime and Disorder Act 1998 s115).
LEGAL_BASES = [
    ("gdpr_6_1_e", "UK GDPR Article 6(1)(e): public task"),
    ("gdpr_6_1_c", "UK GDPR Article 6(1)(c): legal obligation"),
    ("gdpr_6_1_a", "UK GDPR Article 6(1)(a): consent"),
    ("gdpr_9_2_g", "UK GDPR Article 9(2)(g): substantial public interest (DPA 2018 Schedule 1)"),
    ("gdpr_9_2_h", "UK GDPR Article 9(2)(h): health or social care"),
    ("dpa_part_3", "Data Protection Act 2018 Part 3: law enforcement processing"),
    ("cda_s115", "Crime and Disorder Act 1998 section 115: power to disclose"),
    ("other", "Other (say which)"),
]
STATUSES = [
    ("draft", "Draft"),
    ("signed", "Signed"),
    ("expired", "Expired"),
    ("withdrawn", "Withdrawn"),
]
# How long before its review date an agreement is shown as due for review.
REVIEW_DUE_DAYS = 60

# Tags: (id, label, GOV.UK tag colour class).
TAGS = {
    "current": ("Current", "govuk-tag--green"),
    "review_due": ("Review due", "govuk-tag--yellow"),
    "overdue": ("Review overdue", "govuk-tag--red"),
    "expired": ("Expired", "govuk-tag--grey"),
    "draft": ("Draft", "govuk-tag--blue"),
    "withdrawn": ("Withdrawn", "govuk-tag--grey"),
}

# Sources published as open data: never need an agreement (police.uk, OGL).
OPEN_SOURCE_PREFIXES = ("police-uk",)

CSV_COLUMNS = ["title", "status", "signed_on", "review_on", "sources", "legal_basis", "owner"]


class AgreementsFileError(SaferplacesError):
    """The agreements file cannot be read: which row and field, and how to fix it."""


@dataclass(frozen=True)
class Agreement:
    title: str
    status: str
    sources: tuple[str, ...]
    signed_on: date | None = None
    review_on: date | None = None


def tag(status: str, signed_on: date | None, review_on: date | None, today: date) -> str:
    """The register's tag for an agreement on ``today``: draft and withdrawn as they
    are; expired when marked so; a signed agreement is current, due for review within
    :data:`REVIEW_DUE_DAYS` of its review date, or overdue once that date has passed."""
    if status in ("draft", "withdrawn", "expired"):
        return status
    if review_on is not None and review_on < today:
        return "overdue"
    if review_on is not None and review_on <= today + timedelta(days=REVIEW_DUE_DAYS):
        return "review_due"
    return "current"


def covers(agreement: Agreement, today: date) -> bool:
    """A signed agreement covers its sources from its signed date. An overdue review
    leaves it in force (it is flagged for review, not lapsed); it stops covering when
    it is marked expired or withdrawn."""
    if agreement.status != "signed":
        return False
    return agreement.signed_on is None or agreement.signed_on <= today


def is_open_data(source: str) -> bool:
    return source.startswith(OPEN_SOURCE_PREFIXES)


def shared_sources_held(wh: Warehouse) -> list[str]:
    """Agency sources with a load in force (police.uk is not an agency source, and is
    open data in any case)."""
    from saferplaces.sources.agency.queries import sources_held

    return sorted(s for s in sources_held(wh) if not is_open_data(s))


def uncovered(held: list[str], agreements: list[Agreement], today: date) -> list[str]:
    """The sources in ``held`` that no agreement covering them on ``today`` names."""
    covered = {s for a in agreements if covers(a, today) for s in a.sources}
    return [s for s in held if s not in covered and not is_open_data(s)]


def warning(source: str) -> str:
    return (
        f"{source} is held in the warehouse but no current information-sharing agreement "
        "covers it: record the agreement in the register, or remove the data."
    )


# -- the register's download, read back ---------------------------------------------


def _date(value: str, where: str, field: str) -> date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise AgreementsFileError(
            f"{where}, {field}: {value!r} is not a date; write it as YYYY-MM-DD"
        ) from None


def _agreement(row: dict, where: str) -> Agreement:
    status = str(row.get("status") or "").strip()
    if status not in dict(STATUSES):
        raise AgreementsFileError(
            f"{where}, status: {status!r} is not a status; use one of "
            + ", ".join(s for s, _ in STATUSES)
        )
    sources = row.get("sources") or []
    if isinstance(sources, str):
        sources = sources.replace(",", " ").split()
    if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
        raise AgreementsFileError(
            f"{where}, sources: {sources!r} is not a list of source names; "
            "separate them with spaces (CSV) or give a list (JSON)"
        )
    return Agreement(
        title=str(row.get("title") or "").strip(),
        status=status,
        sources=tuple(sources),
        signed_on=_date(str(row.get("signed_on") or ""), where, "signed_on"),
        review_on=_date(str(row.get("review_on") or ""), where, "review_on"),
    )


def read_agreements(path: Path) -> list[Agreement]:
    """The agreements in the register's download (``.csv`` or ``.json``)."""
    path = Path(path)
    if not path.is_file():
        raise AgreementsFileError(
            f"{path}: no such file; download it from the register of sharing agreements"
        )
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise AgreementsFileError(
                f"{path}, line {e.lineno}: not JSON ({e.msg}); download the file again"
            ) from None
        rows = data.get("agreements") if isinstance(data, dict) else None
        if not isinstance(rows, list):
            raise AgreementsFileError(
                f'{path}: no "agreements" list; use the register\'s JSON download'
            )
        return [
            _agreement(r if isinstance(r, dict) else {}, f"{path}, agreement {i}")
            for i, r in enumerate(rows, 1)
        ]
    if path.suffix.lower() != ".csv":
        suffix = path.suffix or "no suffix"
        raise AgreementsFileError(
            f"{path}: give the register's download as .csv or .json, not {suffix}"
        )
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in ("status", "sources") if c not in (reader.fieldnames or [])]
    if missing:
        raise AgreementsFileError(
            f"{path}, row 1: no {', '.join(missing)} column; use the register's CSV download"
        )
    # Row numbers as a spreadsheet shows them: the header is row 1.
    return [_agreement(r, f"{path}, row {n}") for n, r in enumerate(reader, 2)]


def check(wh: Warehouse, agreements: list[Agreement], today: date) -> list[dict]:
    """[{source, title, warning}] of each source held with no current agreement (the
    title as `saferplaces sources` gives it; the name again for an agency's own spec)."""
    from saferplaces.sources.agency.catalogue import source_catalogue

    titles = {e["name"]: e["title"] for e in source_catalogue()}
    return [
        {"source": s, "title": titles.get(s, s), "warning": warning(s)}
        for s in uncovered(shared_sources_held(wh), agreements, today)
    ]
