"""``data-notes``: sources, coverage, what was left out and why, disclosure, licence.

Built after every other chapter, so it can list the sections left out."""

from __future__ import annotations

from saferplaces.assessment.context import ILLUSTRATIVE, BuildContext
from saferplaces.assessment.phrasing import document_text
from saferplaces.assessment.queries import latest_record_date
from saferplaces.assessment.registry import SectionKind
from saferplaces.assessment.sections.common import slot
from saferplaces.assessment.spec import ChapterSpec
from saferplaces.disclosure import HIDDEN, SMALL
from saferplaces.document.model import Callout, ListBlock, Narrative, Paragraph, Run, Section
from saferplaces.quality.coverage import SOURCE_DESCRIPTIONS, SOURCE_LABELS, coverage
from saferplaces.quality.report import quality_report
from saferplaces.sources.police_uk.coverage import POLICE_SOURCE

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


def _agency_coverage(ctx: BuildContext, sources: list[str]) -> list[str]:
    """Lines on the agency sources the document uses: each gap in the baseline or the
    period (from :func:`data_gaps`, e.g. "December 2025 not held (not yet received)"),
    then one line naming the sources that hold every month."""
    from saferplaces.sources.agency.quality import data_gaps, spec_of
    from saferplaces.sources.agency.queries import usual_span

    gaps: dict[str, list[str]] = {}
    for p in (ctx.baseline, ctx.period):
        for line in data_gaps(ctx.wh, p):
            title = line.partition(": ")[0]
            gaps.setdefault(title, []).append(line)
    lines, complete = [], []
    for s in sources:
        spec = spec_of(ctx.wh, s)
        if spec.kind == "snapshot":
            # A caseload is counted on a date, so the months between snapshots are not
            # gaps (data_gaps lists them as months not held).
            latest = latest_record_date(ctx.wh, s)
            when = f"; the latest is of {latest:%-d %B %Y}" if latest else ""
            lines.append(
                f"{spec.title}: a count of the caseload on a given date{when}. Tables show "
                "the latest count, not a total over the year."
            )
        elif (usual_span(ctx.wh, s) or 1) >= 12:
            # Counted by (academic or financial) year: checking it month by month against
            # a calendar year would call every year "not held".
            lines.append(
                f"{spec.title}: held as yearly figures, so it is shown by its own years "
                "and not compared month by month with the assessment's period."
            )
        elif spec.title in gaps:
            lines += [
                f"{g}. Changes for this source are not compared over months not held."
                for g in gaps[spec.title]
            ]
        else:
            complete.append(spec.title)
    if complete:
        lines.insert(
            0,
            f"Every month of the baseline ({ctx.baseline.label}) and the period "
            f"({ctx.period.label}) is held for: {', '.join(complete)}.",
        )
    return lines


def build_data_notes(ctx: BuildContext, chapter: ChapterSpec) -> Section:
    section = Section(chapter.id, chapter.title, blocks=[slot(chapter.id)], kind="data-notes")
    # Sources actually used, then the reference data, then the licence.
    used = list(
        dict.fromkeys([*(i.source for i in ctx.used_indicators.values()), *ctx.used_sources])
    )
    source_lines = []
    for s in used:
        credit = ctx.credit(s)
        if s in SOURCE_DESCRIPTIONS:
            credit += f": {SOURCE_DESCRIPTIONS[s]}"
        source_lines.append(credit)
    made_up = [SOURCE_LABELS.get(s, s) for s in used if s in ctx.illustrative_sources()]
    illustrative = (
        [
            Callout(
                "Illustrative data: not real",
                Narrative(
                    [
                        Paragraph(
                            [
                                Run("These sources hold illustrative data made by "),
                                Run("saferplaces demo-data", code=True),
                                Run(
                                    " (seeded, at the volumes of published figures), not "
                                    "real data: " + ", ".join(made_up) + ". Every table and "
                                    f"figure built from them is marked {ILLUSTRATIVE}."
                                ),
                            ]
                        )
                    ],
                    origin="drafted",
                ),
                kind="warning",
            )
        ]
        if made_up
        else []
    )
    section.children.append(
        _sub(
            f"{chapter.id}.sources",
            "Sources",
            *illustrative,
            _items([*source_lines, *REFERENCE_SOURCES]),
            Narrative([Paragraph([Run(OGL)])], origin="drafted"),
        )
    )
    # Coverage: which months each source holds for the area.
    cover_lines = []
    report = quality_report(ctx.wh, ctx.area)  # once: it reads every source held
    if "police-uk" in used:
        for p, what in ((ctx.baseline, "baseline"), (ctx.period, "period")):
            c = coverage(ctx.wh, "police-uk", ctx.area, p)
            label = SOURCE_LABELS.get("police-uk", "police-uk")
            if c.complete:
                cover_lines.append(f"{label}: every month of the {what} ({p.label}) is held.")
            else:
                cover_lines.append(f"{c.describe()}. Changes for this source are not compared.")
        for loc in report.location:
            if loc["rows"] and loc.get("source") == POLICE_SOURCE:
                share = 100 * loc["location_unknown"] / loc["rows"]
                cover_lines.append(
                    f"{loc['force']}: {loc['location_unknown']:,} of {loc['rows']:,} records held "
                    f"({share:.1f}%) have no location; they are counted in the force total but "
                    "in no district or ward."
                )
                outside = loc.get("outside_force_area") or 0
                if outside:
                    cover_lines.append(
                        f"{loc['force']}: {outside:,} records held are placed in LSOAs outside "
                        "the force area (near its boundary); they are counted in no district "
                        "of the force and not in its total, and tables by district show them "
                        "as a row of their own."
                    )
        # The report's own police.uk notes; agency sources are said once, below.
        cover_lines += [n for n in report.notes if "police.uk" in n]
    agency = [s for s in used if s != "police-uk"]
    cover_lines += _agency_coverage(ctx, agency)
    if agency:
        for loc in report.location:
            if loc.get("source") in agency and loc["rows"]:
                unknown, outside = loc["location_unknown"], loc["outside_force_area"]
                parts = [
                    f"{n:,} {what}"
                    for n, what in (
                        (unknown, "have no usable location"),
                        (outside, "lie outside the areas the data covers"),
                    )
                    if n
                ]
                if parts:
                    cover_lines.append(
                        f"{SOURCE_LABELS.get(loc['source'], loc['source'])}: of "
                        f"{loc['rows']:,} records, {' and '.join(parts)}; they are counted in "
                        "no district or ward (tables by district show them as rows of their "
                        "own)."
                    )
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
    ]
    if agency:
        method_lines += [
            "Agency records are counted where the incident happened when the agency records "
            "a place (a point, an LSOA or a district); records held only by district (IDVA, "
            "drug treatment, youth justice, probation) count for their district, never a "
            "ward.",
        ]
    if "ed-assaults" in agency:
        method_lines.append(
            "Emergency department arrivals are counted by where the patient lives: the "
            "hospital does not record where the assault happened, so the department's own "
            "tables cover every arrival, wherever the patient lives."
        )
    method_lines += ctx.notes
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
                                    "These chapters of the assessment spec are not in this "
                                    "document, or are shown without some of their tables and "
                                    "figures, because their data is not held:"
                                )
                            ]
                        ),
                        ListBlock(
                            [
                                [Run(t, bold=True), Run(f": {document_text(why)}.")]
                                for t, why in ctx.left_out
                            ]
                        ),
                    ],
                    origin="drafted",
                ),
            )
        )
    if ctx.disclosure.public:
        text = (
            "This is the public edition. Counts from 1 to 4 of sensitive measures (violence "
            "and sexual offences, domestic abuse, hate crime, and data about people: hospital, "
            "ambulance, treatment, youth justice and probation) below district level, or "
            "broken down by a category such as weapon, sex or risk band, are shown as "
            f"{SMALL}. Other counts are hidden too ({HIDDEN}) until no hidden count can be "
            "worked out, or narrowed down, from the visible counts and the row and column "
            "totals; a ward table that hides any count lists its wards A to Z rather than "
            "by count, so that a count's place in the table does not give it away. Rates, "
            f"percentages and changes calculated from hidden counts are shown as {HIDDEN}. "
            "Percentages on a base under 10 are not shown. Counts for the district as a "
            "whole, including monthly counts in trend charts, are published even when small, "
            "as they are not below district level."
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


# The kinds this module adds (see the assessment plugin).
KINDS = (
    SectionKind(
        "data-notes",
        build_data_notes,
        help="Sources and OGL attribution, coverage, counting rules, sections left out, "
        "disclosure.",
        late=True,
        part_ids=lambda c: [f"{c.id}.{p}" for p in ("sources", "coverage", "counting")],
    ),
)
