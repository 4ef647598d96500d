"""The assessment's statutory checklist: each element the Regulations 2007 ask of a
strategic assessment, present, partly there or missing, worked out from the chapters a
hand-made spec built and the sources held; and the default spec's residents' views and
last year's plan chapters, left out with a data note saying how to add them."""

from __future__ import annotations

from saferplaces import extensions
from saferplaces.assessment.registry import section_kinds
from saferplaces.assessment.spec import parse_spec
from saferplaces.document.model import Document, Narrative, Paragraph, Run, Section
from saferplaces.planning.checklist import assessment_checklist, summary
from tests.helpers.assessment import element_context

SPEC = """
title: T
chapters:
  - {id: key-findings, kind: key-findings, title: Key findings}
  - {id: recommendations, kind: narrative, title: Recommendations}
  - id: overall
    kind: topic
    title: Overall crime review
    indicators: [all-crime, anti-social-behaviour]
    issues:
      - trend: all-crime
  - id: violence
    kind: topic
    title: Violence
    indicators: [violence-and-sexual-offences, ambulance-assault-callouts]
    issues:
      - trend: violence-and-sexual-offences
  - id: offending
    kind: topic
    title: Reoffending
    indicators: [youth-first-time-entrants]
    sources: [probation-caseload]
  - {id: residents, kind: residents-views, title: What residents told us}
  - {id: last-year, kind: last-year-plan, title: Last year's plan}
  - {id: pcc-plan, kind: narrative, title: The PCC's plan}
  - {id: checklist, kind: statutory-checklist, title: Statutory checklist}
"""


def _text(words: str, *, draft: bool = False) -> Narrative:
    return Narrative([Paragraph([Run(words)])], draft=draft)


def _doc() -> Document:
    """What the spec built: no residents' results and no plan record (those chapters are
    left out); the recommendations written, the PCC's plan only the draft placeholder."""
    return Document(
        title="T",
        area="Somewhere",
        sections=[
            Section("key-findings", "Key findings"),
            Section("recommendations", "Recommendations", [_text("Keep burglary.")]),
            Section("overall", "Overall crime review"),
            Section("violence", "Violence"),
            Section("offending", "Reoffending"),
            Section("pcc-plan", "The PCC's plan", [_text("To be written", draft=True)]),
            Section("checklist", "Statutory checklist"),
        ],
    )


# Held: the ambulance call-outs and the probation caseload; not the youth justice
# first-time entrants, nor drug treatment.
HELD = {"police-uk", "ambulance", "probation-caseload"}


def test_each_element_from_the_chapters_built_and_the_data_held():
    extensions.load()  # the planning plugin's chapter kinds, for the spec
    spec = parse_spec(SPEC, "spec.yaml")
    items = assessment_checklist(_doc(), spec, held=HELD.__contains__, two_tier=True, county="X")
    got = {i.key: i.status for i in items}
    assert got == {
        # all-crime and anti-social behaviour both in 'Overall crime review'
        "crime-and-disorder": "present",
        # no treatment data and no drug offences indicator
        "substance-misuse": "missing",
        # probation held, youth first-time entrants named but not held
        "reoffending": "partly",
        # police violence plus ambulance call-outs, held
        "serious-violence": "present",
        # key findings and two chapters with a trend chart
        "patterns-and-trends": "present",
        # the analyst wrote recommendations
        "priorities-recommended": "present",
        "residents-views": "missing",
        "last-year-plan": "missing",
        # two-tier, and no county-matters chapter
        "county-matters": "missing",
        # the chapter holds only the draft placeholder
        "pcc-plan": "partly",
    }
    where = {i.key: i.where for i in items}
    assert where["crime-and-disorder"] == "Chapters 'Overall crime review'"
    assert where["reoffending"] == (
        "Add the missing source: youth justice first-time entrants (saferplaces ingest "
        "youth-fte FILE)"
    )
    assert where["patterns-and-trends"] == (
        "Chapter 'Key findings' and the trend charts in 'Overall crime review', 'Violence'"
    )
    assert "record: plan.json" in where["last-year-plan"]
    assert "saferplaces ingest residents-survey" in where["residents-views"]
    assert summary(items) == "4 present, 2 partly, 4 missing"

    # Only the violence chapter's police figures: serious violence is partly there; a
    # residents' chapter built makes residents' views present.
    doc = _doc()
    doc.sections.append(Section("residents", "What residents told us"))
    got = {
        i.key: i.status
        for i in assessment_checklist(doc, spec, held={"police-uk"}.__contains__, two_tier=False)
    }
    assert got["serious-violence"] == "partly"
    assert got["reoffending"] == "missing"
    assert got["residents-views"] == "present"
    assert got["county-matters"] == "not applicable"


def test_the_checklist_chapter_and_the_default_chapters_left_out(wh):
    """With nothing held, the default spec's residents' views and last year's plan are
    left out, each with how to add it; the checklist chapter's table lists them missing."""
    extensions.load()
    ctx = element_context(wh)
    kinds = section_kinds()
    for chapter_id in ("residents", "last-year-plan"):
        chapter = ctx.spec.chapter(chapter_id)
        assert kinds[chapter.kind].build(ctx, chapter) is None
    notes = dict(ctx.left_out)
    assert "saferplaces ingest residents-survey" in str(notes["What residents told us"])
    assert "record: plan.json" in str(notes["Last year's partnership plan"])

    chapter = ctx.spec.chapter("statutory-checklist")
    section = kinds["statutory-checklist"].build(ctx, chapter)
    doc = Document(title="T", area="South Cambridgeshire", sections=[section])
    kinds["statutory-checklist"].finish(doc, ctx, chapter, section)
    [table] = [b for b in section.blocks if hasattr(b, "rows")]
    status = {row[0].value: row[1].value for row in table.rows}
    # Nothing but the checklist built: every element missing (county matters depend on
    # the area being two-tier), and the caption counts them.
    assert {s for k, s in status.items() if k != "county-matters"} == {"missing"}
    missing = sum(1 for s in status.values() if s == "missing")
    assert table.caption.endswith(f"({missing} missing)")
