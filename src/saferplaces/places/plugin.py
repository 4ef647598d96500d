"""Places as a plugin: the crime harm indicator and the harm weights it reads, and the
area profile and the quarterly place report as document kinds."""

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
        ),
        DocumentKind(
            "place-report",
            "Quarterly place report",
            "saferplaces.places.place_report_document:place_report_document",
            help="The latest place flags run against the one before: every ward's category "
            "and what changed as sentences, decisions with their reasons, the data sets "
            "added, the actions that respond, and a page on each emerging and sustaining "
            "ward.",
            where="saferplaces report places; the web app: Place flags",
        ),
    ]
