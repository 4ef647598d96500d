"""Obvious personal data is refused in register free text; ordinary depersonalised facts
(dates of events, ages, outward postcodes, case references, professionals) are not."""

from __future__ import annotations

import pytest

from saferplaces.reviews.personal import find_personal_data


@pytest.mark.parametrize(
    "text, kind",
    [
        ("DOB 03/04/1981", "a date of birth"),
        ("date of birth: 1981-04-03", "a date of birth"),
        ("born on 3 April 1981", "a date of birth"),
        ("lives near CB23 6EA", "a full postcode"),
        ("seen at 14 Mill Road", "an address"),
        ("flat 2, 7a Station Road", "an address"),
        ("NHS 943 476 5919", "an NHS number"),
        ("NI AB 12 34 56 C", "a National Insurance number"),
        ("email jo.bloggs@example.org", "an email address"),
        ("call 07700 900123", "a phone number"),
        ("reported by Mrs Jones", "a name after a title"),
        ("Mr J. Smith attended", "a name after a title"),
    ],
)
def test_refused(text, kind):
    assert kind in [f.kind for f in find_personal_data(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Three complaints to the council about noise, reported on 12/05/2025",
        "The applicant, aged 40 to 49, lives in Cambourne (CB23)",
        "Case ECINS-2025-000412; review led by the police",
        "Dr Hanlon presented the overview report",
        "The Born Free trust gave evidence",
        "Panel met on 3 March 2025 with 6 agencies",
        "Reviewed 2 of 14 incidents",
    ],
)
def test_allowed(text):
    assert find_personal_data(text) == []
