"""``data-notes``: sources, coverage, what was left out and why, disclosure, licence.

Built after every other chapter, so it can list the sections left out."""

from __future__ import annotations

from saferplaces.assessment.context import SOURCE_CREDITS, BuildContext
from saferplaces.assessment.model import Callout, ListBlock, Narrative, Paragraph, Run, Section
from saferplaces.assessment.registry import SectionKind, register_section
from saferplaces.assessment.sections.common import slot
from saferplaces.assessment.spec import ChapterSpec
from saferplaces.disclosure import HIDDEN, SMALL
from saferplaces.quality.coverage import SOURCE_LABELS, coverage
from saferplaces.quality.report import quality_report

OGL = (
    "Contains public sector information licensed under the Open Government Licence v3.0 "
    "(https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/)."
)
REFERENCE_SOURCES = [
    "Geography: ONS LSOA (2021) to electoral ward (2024) to local authority district (2024) "
    "best-fit lookup, and LAD to Community Safety Partnership to police force area "
    "(December 2024) lookup. Source: Office for National Statistics licensed under the Open "
    "Government Licence v3.0.",
    "Ward boundaries: ONS, generalised (BGC). Contains OS data © Crown copyright and "
    "database right 2025.",
    "Population: Census 2021 usual residents (TS021) and households (TS044) by LSOA (2021), "
    "Office for National Statistics.",
]


def _items(lines: list[str]) -> Narrative:
    return Narrative([ListBlock([[Run(x)] for x in lines])], origin="drafted")


def _sub(sid: str, title: str, *blocks) -> Section:
    return Section(sid, title, blocks=list(blocks), kind="data-notes")


def build_data_notes(ctx: BuildContext, chapter: ChapterSpec) -> Section:
    section = Section(chapter.id, chapter.title, blocks=[slot(chapter.id)], kind="data-notes")
    # Sources actually used, then the reference data, then the licence.
    used = list(dict.fromkeys(i.source for i in ctx.used_indicators.values()))
    source_lines = []
    for s in used:
        credit = SOURCE_CREDITS.get(s) or SOURCE_LABELS.get(s, s)
        if s == "police-uk":
            credit += (
                ": monthly street-level records from data.police.uk. Locations are "
                "anonymised to nearby points, and the crime type is the one first recorded."
            )
        source_lines.append(credit)
    section.children.append(
        _sub(
            f"{chapter.id}.sources",
            "Sources",
            _items([*source_lines, *REFERENCE_SOURCES]),
            Narrative([Paragraph([Run(OGL)])], origin="drafted"),
        )
    )
    # Coverage: which months each source holds for the area.
    cover_lines = []
    for s in used:
        for p, what in ((ctx.baseline, "baseline"), (ctx.period, "period")):
            c = coverage(ctx.wh, s, ctx.area, p)
            label = SOURCE_LABELS.get(s, s)
            if c.complete:
                cover_lines.append(f"{label}: every month of the {what} ({p.label}) is held.")
            else:
                cover_lines.append(f"{c.describe()}. Changes for this source are not compared.")
    if "police-uk" in used:
        report = quality_report(ctx.wh, ctx.area)
        for loc in report.location:
            if loc["rows"]:
                share = 100 * loc["location_unknown"] / loc["rows"]
                cover_lines.append(
                    f"{loc['force']}: {loc['location_unknown']:,} of {loc['rows']:,} records held "
                    f"({share:.1f}%) have no location; they are counted in no district or ward."
                )
        cover_lines += report.notes
    section.children.append(
        _sub(f"{chapter.id}.coverage", "Coverage and completeness", _items(cover_lines))
    )
    # How records are counted, and notes builders made.
    method_lines = [
        "A record counts for an area when its LSOA (2021) lies in the area through the ONS "
        "best-fit lookup; wards are May 2024 electoral wards.",
        "Rates per 1,000 use Census 2021 usual residents; burglary uses households.",
        f"A change is called significant when the exact conditional test gives p < "
        f"{ctx.alpha:g}; percentages are not shown when the baseline count is under 10.",
        *ctx.notes,
    ]
    section.children.append(
        _sub(f"{chapter.id}.counting", "How the figures are counted", _items(method_lines))
    )
    if ctx.left_out:
        section.children.append(
            _sub(
                f"{chapter.id}.left-out",
                "Sections left out",
                Narrative(
                    [
                        Paragraph(
                            [
                                Run(
                                    "These sections of the assessment spec are not in this "
                                    "document, because their data is not held:"
                                )
                            ]
                        ),
                        ListBlock(
                            [[Run(t, bold=True), Run(f": {why}.")] for t, why in ctx.left_out]
                        ),
                    ],
                    origin="drafted",
                ),
            )
        )
    if ctx.disclosure.public:
        text = (
            "This is the public edition. Counts from 1 to 4 of sensitive measures (such as "
            "violence and sexual offences) below district level are shown as "
            f"{SMALL}. Where that leaves one hidden count in a row or column, the next "
            f"smallest count is hidden too ({HIDDEN}) so the small count cannot be worked out "
            f"from the totals, and rates, percentages and changes calculated from hidden "
            f"counts are shown as {HIDDEN}. Percentages on a base under 10 are not shown."
        )
        kind, title = "note", "Disclosure control"
    else:
        text = (
            "This is the RESTRICTED edition: it shows every count, including small numbers "
            "that could identify people. Do not publish it or share it outside the "
            "partnership's information sharing agreement; publish the public edition instead."
        )
        kind, title = "warning", "Restricted edition"
    section.children.append(
        _sub(
            f"{chapter.id}.disclosure",
            title,
            Callout(title, Narrative([Paragraph([Run(text)])], origin="drafted"), kind=kind),
        )
    )
    return section


register_section(
    SectionKind(
        "data-notes",
        build_data_notes,
        help="Sources and OGL attribution, coverage, counting rules, sections left out, "
        "disclosure.",
        late=True,
        part_ids=lambda c: [f"{c.id}.{p}" for p in ("sources", "coverage", "counting")],
    )
)
