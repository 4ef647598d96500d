"""The web app as a plugin: the documents only it can build, from the records it holds
(meeting papers, the action plan, the money documents), given to the
``saferplaces_document_kinds`` extension point when the app starts
(:func:`saferplaces.extensions.add_plugin` in ``EvidenceConfig.ready``).

Importing this module imports no Django: each builder is named, and imported when used.
"""

from __future__ import annotations

from saferplaces import hookimpl
from saferplaces.document.kinds import DocumentKind

MEETING = "the web app: a meeting's page"
MONEY = "the web app: Money, a financial year's page"


@hookimpl
def saferplaces_document_kinds():
    return [
        DocumentKind(
            "agenda-pack",
            "Agenda pack",
            "saferplaces.web.meetings.documents:agenda_document",
            help="A meeting's agenda with its items, leads, timings and papers; the "
            "member edition holds restricted items and is marked RESTRICTED.",
            where=MEETING,
        ),
        DocumentKind(
            "minutes",
            "Minutes",
            "saferplaces.web.meetings.documents:minutes_document",
            help="A meeting's minutes, draft until agreed: attendance, declarations, "
            "each item's discussion and decisions, and the action points.",
            where=MEETING,
        ),
        DocumentKind(
            "action-plan",
            "Priorities and action plan",
            "saferplaces.web.actions.documents:plan_document",
            help="A plan year's priorities and their actions, with lead, timescale, RAG "
            "status and progress.",
            where="the web app: Action plan, Print or download",
        ),
        DocumentKind(
            "budget-monitoring",
            "Budget monitoring",
            "saferplaces.finance.documents:budget_monitoring",
            help="A year's budget lines as boards receive them: allocated, revised, "
            "spent, committed and remaining, by fund.",
            where=MONEY + "; the finance report command",
        ),
        DocumentKind(
            "end-of-year-report",
            "End of year financial report",
            "saferplaces.finance.documents:end_of_year_report",
            help="A closed year's outturn, carry forward and revisions, published once a "
            "meeting has agreed it.",
            where=MONEY,
        ),
        DocumentKind(
            "funder-return",
            "Funder return",
            "saferplaces.finance.documents:funder_return",
            help="What one fund's money paid for and delivered, as the funder asks.",
            where=MONEY + ", a fund",
        ),
        DocumentKind(
            "problem-solving-plan",
            "Problem-solving plan",
            "saferplaces.problems.document:plan_document",
            help="An OSARA plan for a place: objective, scanning, analysis, response "
            "with its actions and money, and the assessment before and after.",
            where="the web app: Problem solving, a plan's page",
        ),
    ]
