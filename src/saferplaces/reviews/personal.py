"""Refusing obvious personal data in the free text of a register.

Registers hold case references and depersonalised facts only: the case itself lives in
the case system the partnership already uses (ECINS). A name, an address or a date of
birth cannot be recognised in every form, so the forms say so too; this catches the
obvious ones: a date of birth, a full postcode, a house number and street, an NHS or
National Insurance number, a phone number, an email address, and a title before a
surname ("Mrs Smith").

>>> [f.kind for f in find_personal_data("Victim Mrs Jones, DOB 03/04/1981, CB23 6EA")]
['a date of birth', 'a full postcode', 'a name after a title']
>>> find_personal_data("Three complaints to the council about noise in Cambourne")
[]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_STREETS = (
    "Road|Rd|Street|St|Avenue|Ave|Lane|Close|Drive|Way|Court|Crescent|Place|Gardens|"
    "Terrace|Grove|Walk|Rise|Mews|Square|Hill|Green|Row|Park"
)
_DATE = (
    r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}"
    r"\s+\d{4}|[A-Za-z]{3,9}\s+\d{4}|\d{4}\b"
)
_CHECKS: list[tuple[str, re.Pattern[str], str]] = [
    (
        "a date of birth",
        re.compile(
            rf"\b(?:d\.?o\.?b\b\.?|date\s+of\s+birth)[\s:]*(?:{_DATE})?|\bborn(?:\s+on)?\s+(?:{_DATE})",
            re.IGNORECASE,
        ),
        "give an age band if it matters, never a date of birth",
    ),
    (
        "a full postcode",
        re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[ABD-HJLNP-UW-Z]{2}\b", re.IGNORECASE),
        "a full postcode points to a few addresses: name the ward or the district",
    ),
    (
        "an address",
        re.compile(
            rf"\b\d+[A-Za-z]?,?\s+(?:[A-Z][a-z']+\s+){{1,3}}(?:{_STREETS})\b",
        ),
        "name the street or place without a house number, or the ward",
    ),
    (
        "an NHS number",
        re.compile(r"\b\d{3}[\s-]?\d{3}[\s-]?\d{4}\b"),
        "keep the case system's reference instead",
    ),
    (
        "a National Insurance number",
        re.compile(r"\b[A-CEGHJ-PR-TW-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b", re.IGNORECASE),
        "keep the case system's reference instead",
    ),
    (
        "an email address",
        re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"),
        "contact details belong in the case system",
    ),
    (
        "a phone number",
        re.compile(r"(?<![\w/])(?:\+44\s?|0)(?:\d[\s-]?){9,10}\b"),
        "contact details belong in the case system",
    ),
    (
        "a name after a title",
        re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx)\.?\s+(?:[A-Z]\.?\s+)?[A-Z][a-z'-]+"),
        "refer to people by role (the applicant, the victim, a neighbour)",
    ),
]


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str
    advice: str

    def message(self) -> str:
        return (
            f"looks like {self.kind} ({self.text.strip()!r}): registers keep case references "
            f"and depersonalised facts only; {self.advice}"
        )


def find_personal_data(text: str | None) -> list[Finding]:
    """Every kind of personal data found in ``text``, in the order of the checks."""
    if not text:
        return []
    out = []
    for kind, pattern, advice in _CHECKS:
        m = pattern.search(text)
        if m:
            out.append(Finding(kind, m.group(0), advice))
    return out
