"""Grants in the 360Giving Data Standard: the standard's column titles and field names,
amounts written from Decimals exactly, identifiers as its guidance builds them."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from decimal import Decimal as D

import pytest

from saferplaces.finance.giving360 import (
    CSV_COLUMNS,
    GivingError,
    GrantRecord,
    Publisher,
    dumps_exact,
    to_csv,
    to_json,
)

PUB = Publisher("360G-examplecsp", "GB-LAE-SCA", "Example District Council", "Example", "E07000012")
GRANTS = [
    GrantRecord(
        reference="CSF-01",
        title="Youth club",
        description="Friday youth club",
        amount_awarded=D("1500.00"),
        award_date=date(2019, 6, 1),
        recipient_name="Youth Project",
        modified=datetime(2019, 7, 1, 9, 30, tzinfo=UTC),
        amount_applied_for=D("2000.00"),
        amount_disbursed=D("750.10"),
        charity_number="1234567",
        programme="Community Safety Fund",
    ),
    GrantRecord(
        reference="CSF-02",
        title='=HYPERLINK("http://x")',  # a formula typed into a title
        description="",
        amount_awarded=D("0.30"),
        award_date=date(2019, 9, 2),
        recipient_name="Neighbourhood Watch",
        modified=datetime(2019, 9, 3, tzinfo=UTC),
    ),
]


def test_json_uses_the_standards_fields_and_exact_numbers():
    text = to_json(PUB, GRANTS, title="Grants 2019/20")
    data = json.loads(text, parse_float=D)
    g = data["grants"][0]
    for field in (
        "id",
        "title",
        "description",
        "currency",
        "amountAwarded",
        "awardDate",
        "recipientOrganization",
        "fundingOrganization",
    ):  # the standard's required fields
        assert field in g
    assert g["id"] == "360G-examplecsp-csf-01"
    assert g["currency"] == "GBP"
    assert g["amountAwarded"] == D("1500.00") and g["amountAppliedFor"] == D("2000.00")
    assert g["amountDisbursed"] == D("750.10")
    assert g["recipientOrganization"] == [
        {"id": "GB-CHC-1234567", "name": "Youth Project", "charityNumber": "1234567"}
    ]
    assert g["fundingOrganization"] == [{"id": "GB-LAE-SCA", "name": "Example District Council"}]
    assert g["beneficiaryLocation"][0] == {
        "name": "Example",
        "countryCode": "GB",
        "geoCode": "E07000012",
        "geoCodeType": "LAD",
    }
    assert g["grantProgramme"] == [{"title": "Community Safety Fund"}]
    # Written as numbers with their two places, never through a float.
    assert '"amountAwarded": 1500.00' in text and '"amountAwarded": 0.30' in text
    assert data["grants"][1]["recipientOrganization"][0]["id"] == (
        "360G-examplecsp-org-neighbourhood-watch"
    )


def test_csv_has_the_standards_column_titles_and_no_live_formula():
    text = to_csv(PUB, GRANTS)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == CSV_COLUMNS
    assert CSV_COLUMNS[:6] == [
        "Identifier",
        "Title",
        "Description",
        "Currency",
        "Amount Applied For",
        "Amount Awarded",
    ]
    assert rows[0]["Amount Awarded"] == "1500.00"
    assert rows[0]["Recipient Org:Identifier"] == "GB-CHC-1234567"
    assert rows[0]["Funding Org:Name"] == "Example District Council"
    assert rows[0]["Last modified"] == "2019-07-01T09:30:00+00:00"
    assert rows[1]["Title"] == '\'=HYPERLINK("http://x")'  # shown as text, never run


def test_without_a_prefix_and_funder_it_says_what_to_set():
    with pytest.raises(GivingError, match=r"360Giving prefix.*funding organisation"):
        to_csv(Publisher("", "", ""), GRANTS)


def test_exact_dumps_of_nested_decimals():
    assert json.loads(dumps_exact({"a": [D("1.10"), {"b": D("-2.00")}]}), parse_float=D) == {
        "a": [D("1.10"), {"b": D("-2.00")}]
    }
