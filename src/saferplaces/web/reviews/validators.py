"""The check every free-text field of a review register goes through."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from saferplaces.reviews.personal import find_personal_data

DEPERSONALISED = (
    "Case references and depersonalised facts only: no names, addresses or dates of birth "
    "of victims, applicants or perpetrators (they stay in the case system)."
)


def no_personal_data(value: str) -> None:
    found = find_personal_data(value)
    if found:
        more = ""
        if len(found) > 1:
            more = f" It also seems to hold {' and '.join(f.kind for f in found[1:])}."
        raise ValidationError(f"This {found[0].message()}.{more}")
