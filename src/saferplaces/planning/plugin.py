"""The planning capability as a plugin: the assessment's "what residents told us"
chapter, and the partnership plan and annual review as document kinds, given to the
extension points as any capability's are."""

from __future__ import annotations

from saferplaces import hookimpl
from saferplaces.document.kinds import DocumentKind
from saferplaces.planning import sections

PLAN_PAGE = "the web app: Priorities and plan, a plan year's page"


@hookimpl
def saferplaces_section_kinds():
    # The board summary is the assessment's, but it reads the prioritisation matrix,
    # which sits above the assessment: the planning plugin gives it.
    from saferplaces.assessment.sections import board

    return [*board.KINDS, *sections.KINDS]


@hookimpl
def saferplaces_document_kinds():
    return [
        DocumentKind(
            "partnership-plan",
            "Partnership plan",
            "saferplaces.planning.documents:partnership_plan",
            help="The plan year's priorities with the issues that chose them, their "
            "actions, measures and resources, and the statutory checklist; a public and a "
            "restricted edition.",
            where=PLAN_PAGE,
        ),
        DocumentKind(
            "annual-review",
            "Annual review",
            "saferplaces.planning.documents:annual_review",
            help="The public account of a plan year: actions by their status at the year "
            "end, each priority's progress, the meetings and their decisions, the money.",
            where=PLAN_PAGE,
        ),
    ]
