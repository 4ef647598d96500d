"""Places as a plugin: the crime harm indicator and the harm weights it reads, and the
area profile as a document kind."""

from __future__ import annotations

from saferplaces import hookimpl
from saferplaces.document.kinds import DocumentKind
from saferplaces.places.harm import HARM, HARM_FILE


@hookimpl
def saferplaces_indicators():
    return [HARM]


@hookimpl
def saferplaces_reference_files():
    return [HARM_FILE]


@hookimpl
def saferplaces_document_kinds():
    return [
        DocumentKind(
            "area-profile",
            "Area profile",
            "saferplaces.places.profile_document:profile_document",
            help="One place (a ward, a district or an area drawn from wards): its people, "
            "deprivation, crime, trend, place flags, hot spots, concentration and harm.",
            where="saferplaces profile",
        )
    ]
