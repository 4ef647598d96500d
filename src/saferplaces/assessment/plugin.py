"""The assessment as a plugin: its built-in section and element kinds, and the strategic
assessment as a document kind, given to the extension points
(:mod:`saferplaces.extensions.hookspecs`) as a later capability's are."""

from __future__ import annotations

from saferplaces import hookimpl
from saferplaces.assessment.elements import (
    crosstab,
    districts,
    periods,
    place_flags,
    places,
    places_analysis,
    summary,
    trend,
    wards,
)
from saferplaces.assessment.sections import (
    analyst,
    appendix,
    findings,
    front,
    notes,
    prose,
    topic,
)
from saferplaces.document.kinds import DocumentKind

ELEMENT_MODULES = (
    crosstab,
    districts,
    periods,
    place_flags,
    places,
    places_analysis,
    summary,
    trend,
    wards,
)
SECTION_MODULES = (analyst, appendix, findings, front, notes, prose, topic)


@hookimpl
def saferplaces_element_kinds():
    return [kind for module in ELEMENT_MODULES for kind in module.KINDS]


@hookimpl
def saferplaces_section_kinds():
    return [kind for module in SECTION_MODULES for kind in module.KINDS]


@hookimpl
def saferplaces_document_kinds():
    return [
        DocumentKind(
            "strategic-assessment",
            "Strategic assessment",
            "saferplaces.assessment.builder:build_assessment",
            help="The partnership's annual assessment of crime, disorder and anti-social "
            "behaviour, from an assessment spec and the analyst's narrative; public and "
            "restricted editions.",
            where="saferplaces assess; the web app: Strategic assessments",
        ),
        DocumentKind(
            "community-safety-agreement",
            "Community safety agreement",
            "saferplaces.assessment.agreement:build_agreement",
            help="A county's shared priorities, county evidence and one section per "
            "district (its evidence beside its similar areas and what its partnership "
            "publishes to the county), with the county's agreed actions.",
            where="saferplaces agreement; the web app: the county's page",
        ),
    ]
