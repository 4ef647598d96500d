"""Grants the partnership awards, in the 360Giving Data Standard (CSV and JSON).

The CSV uses the standard's own column titles (``Identifier``, ``Amount Awarded``,
``Recipient Org:Identifier``, ``Funding Org:Name`` ...); the JSON is a grant package
``{"grants": [...]}`` with the standard's field names (``amountAwarded``,
``recipientOrganization`` ...). Amounts are written from Decimals, never through a
float: in the JSON as numbers with two places (``1500.00``), as the schema asks for
numbers. Only awarded grants are published; applications still pending or declined are
not.

Identifiers follow the standard's guidance: a grant is ``<prefix>-<reference>`` with the
publisher's registered 360Giving prefix; a recipient is its charity (``GB-CHC-``) or
company (``GB-COH-``) number, or its own org-id when given, else one made under the
publisher's prefix.
"""

from __future__ import annotations

import io
import json
import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from saferplaces.core.errors import SaferplacesError
from saferplaces.document.safe_text import csv_writer
from saferplaces.finance.money import decimal_string

CSV_COLUMNS = [
    "Identifier",
    "Title",
    "Description",
    "Currency",
    "Amount Applied For",
    "Amount Awarded",
    "Amount Disbursed",
    "Award Date",
    "Planned Dates:Start Date",
    "Planned Dates:End Date",
    "Recipient Org:Identifier",
    "Recipient Org:Name",
    "Recipient Org:Charity Number",
    "Recipient Org:Company Number",
    "Beneficiary Location:Name",
    "Beneficiary Location:Geographic Code",
    "Beneficiary Location:Geographic Code Type",
    "Funding Org:Identifier",
    "Funding Org:Name",
    "Grant Programme:Title",
    "Last modified",
]
PREFIX = re.compile(r"^360G-[A-Za-z0-9_-]+$")


class GivingError(SaferplacesError):
    """The grants cannot be published in the standard yet; says what to set."""


@dataclass(frozen=True)
class Publisher:
    """Who awards the grants: the partnership's 360Giving prefix and funding org."""

    prefix: str  # e.g. 360G-southcambscsp, registered with 360Giving
    org_id: str  # org-id of the funding organisation, e.g. GB-LAE-SCA
    org_name: str
    area_name: str = ""  # where the beneficiaries are
    area_code: str = ""  # its ONS code (a district: geoCodeType LAD)


@dataclass(frozen=True)
class GrantRecord:
    reference: str  # the partnership's own reference for the grant, unique
    title: str
    description: str
    amount_awarded: Decimal
    award_date: date
    recipient_name: str
    modified: datetime
    amount_applied_for: Decimal | None = None
    amount_disbursed: Decimal | None = None
    planned_start: date | None = None
    planned_end: date | None = None
    charity_number: str = ""
    company_number: str = ""
    recipient_org_id: str = ""
    programme: str = ""


def check_publisher(p: Publisher) -> None:
    missing = []
    if not PREFIX.match(p.prefix or ""):
        missing.append(
            "the partnership's 360Giving prefix (like 360G-southcambscsp, from 360Giving)"
        )
    if not (p.org_id or "").strip():
        missing.append("the funding organisation's identifier (an org-id like GB-LAE-SCA)")
    if not (p.org_name or "").strip():
        missing.append("the funding organisation's name")
    if missing:
        raise GivingError(
            "to publish grants in the 360Giving standard, set "
            + " and ".join(missing)
            + " in the partnership's finance settings"
        )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "recipient"


def recipient_id(p: Publisher, g: GrantRecord) -> str:
    if g.recipient_org_id.strip():
        return g.recipient_org_id.strip()
    if g.charity_number.strip():
        return f"GB-CHC-{g.charity_number.strip()}"
    if g.company_number.strip():
        return f"GB-COH-{g.company_number.strip()}"
    return f"{p.prefix}-org-{_slug(g.recipient_name)}"


def grant_id(p: Publisher, g: GrantRecord) -> str:
    return f"{p.prefix}-{_slug(g.reference)}"


def grant_objects(p: Publisher, grants: list[GrantRecord]) -> list[dict[str, Any]]:
    """Each grant as the standard's JSON object (amounts still Decimals)."""
    check_publisher(p)
    out = []
    for g in grants:
        recipient: dict[str, Any] = {"id": recipient_id(p, g), "name": g.recipient_name}
        if g.charity_number.strip():
            recipient["charityNumber"] = g.charity_number.strip()
        if g.company_number.strip():
            recipient["companyNumber"] = g.company_number.strip()
        obj: dict[str, Any] = {
            "id": grant_id(p, g),
            "title": g.title,
            "description": g.description or g.title,
            "currency": "GBP",
            "amountAwarded": g.amount_awarded,
            "awardDate": g.award_date.isoformat(),
            "recipientOrganization": [recipient],
            "fundingOrganization": [{"id": p.org_id.strip(), "name": p.org_name.strip()}],
            "dateModified": g.modified.isoformat(timespec="seconds"),
        }
        if g.amount_applied_for is not None:
            obj["amountAppliedFor"] = g.amount_applied_for
        if g.amount_disbursed is not None:
            obj["amountDisbursed"] = g.amount_disbursed
        if g.planned_start or g.planned_end:
            ev: dict[str, Any] = {}
            if g.planned_start:
                ev["startDate"] = g.planned_start.isoformat()
            if g.planned_end:
                ev["endDate"] = g.planned_end.isoformat()
            obj["plannedDates"] = [ev]
        if p.area_name:
            loc: dict[str, Any] = {"name": p.area_name, "countryCode": "GB"}
            if p.area_code:
                loc["geoCode"] = p.area_code
                loc["geoCodeType"] = "LAD"
            obj["beneficiaryLocation"] = [loc]
        if g.programme:
            obj["grantProgramme"] = [{"title": g.programme}]
        out.append(obj)
    return out


def to_json(p: Publisher, grants: list[GrantRecord], *, title: str = "") -> str:
    """The grant package as JSON text; Decimal amounts written as numbers, exactly."""
    package: dict[str, Any] = {"grants": grant_objects(p, grants)}
    if title:
        package["title"] = title
    package["publisher"] = {"name": p.org_name, "identifier": p.org_id}
    return dumps_exact(package)


def dumps_exact(obj: Any) -> str:
    """JSON text with every Decimal written as a number with its own digits (``1500.00``),
    never converted to a float on the way."""
    token = uuid.uuid4().hex

    def mark(o: Any) -> Any:
        if isinstance(o, Decimal):
            return f"{token}:{decimal_string(o)}"
        if isinstance(o, dict):
            return {k: mark(v) for k, v in o.items()}
        if isinstance(o, list | tuple):
            return [mark(v) for v in o]
        return o

    text = json.dumps(mark(obj), indent=2, ensure_ascii=False)
    return re.sub(rf'"{token}:(-?[0-9]+\.[0-9]{{2}})"', r"\1", text)


def _cell(v: Any) -> str:
    """A CSV cell as text (the writer, :func:`csv_writer`, quotes with ' any text a
    spreadsheet would read as a formula, so it is shown, never run)."""
    if v is None:
        return ""
    if isinstance(v, Decimal):
        return decimal_string(v)
    return str(v)


def to_csv(p: Publisher, grants: list[GrantRecord]) -> str:
    """The grants as the standard's flat spreadsheet (one row per grant)."""
    objs = grant_objects(p, grants)
    buf = io.StringIO()
    w = csv_writer(buf, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)
    for o in objs:
        r = o["recipientOrganization"][0]
        f = o["fundingOrganization"][0]
        planned = (o.get("plannedDates") or [{}])[0]
        loc = (o.get("beneficiaryLocation") or [{}])[0]
        w.writerow(
            [
                _cell(v)
                for v in (
                    o["id"],
                    o["title"],
                    o["description"],
                    o["currency"],
                    o.get("amountAppliedFor"),
                    o["amountAwarded"],
                    o.get("amountDisbursed"),
                    o["awardDate"],
                    planned.get("startDate"),
                    planned.get("endDate"),
                    r["id"],
                    r["name"],
                    r.get("charityNumber"),
                    r.get("companyNumber"),
                    loc.get("name"),
                    loc.get("geoCode"),
                    loc.get("geoCodeType"),
                    f["id"],
                    f["name"],
                    (o.get("grantProgramme") or [{}])[0].get("title"),
                    o["dateModified"],
                )
            ]
        )
    return buf.getvalue()
