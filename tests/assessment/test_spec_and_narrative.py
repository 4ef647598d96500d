"""The spec and the narrative: errors name file and line; values stay true; plug-ins."""

from datetime import date
from pathlib import Path

import pytest

from saferplaces.assessment.builder import build_assessment
from saferplaces.assessment.narrative import NarrativeError, parse_markdown
from saferplaces.assessment.registry import (
    ElementKind,
    SectionKind,
    element_kinds,
    register_element,
    register_section,
    section_kinds,
)
from saferplaces.assessment.spec import SpecError, default_spec_text, load_spec
from saferplaces.core.periods import parse_period
from saferplaces.document.model import Callout, ListBlock, Narrative, Paragraph, Subheading
from saferplaces.geography.areas import resolve_area
from tests.helpers import raw
from tests.helpers.tables import by_id

SMALL_SPEC = """\
title: "Test assessment {{ period.short }}"
subtitle: "{{ area.name }}"
chapters:
  - id: key-findings
    kind: key-findings
  - id: intro
    kind: narrative
    title: Introduction
  - id: asb
    kind: topic
    title: Anti-social behaviour
    indicators: [asb]
    issues:
      - ward-table
  - id: fire
    kind: topic
    title: Deliberate fires
    indicators: [deliberate-fires]
    issues:
      - trend
  - id: notes
    kind: data-notes
    title: Data notes
"""


def _build(wh, spec_text: str | None, tmp_path: Path, narrative: dict[str, str] | None = None):
    spec = None
    if spec_text is not None:
        (tmp_path / "spec.yaml").write_text(spec_text)
        spec = load_spec(tmp_path / "spec.yaml")
    folder = None
    if narrative is not None:
        folder = tmp_path / "narrative"
        folder.mkdir()
        for name, text in narrative.items():
            (folder / name).write_text(text)
    return build_assessment(
        wh,
        resolve_area(wh, "South Cambridgeshire"),
        parse_period("2025"),
        parse_period("2024"),
        spec=spec,
        narrative_dir=folder,
        created=date(2026, 1, 15),
    )


def _text(section) -> str:
    out = []
    for b in section.blocks:
        body = b.body if isinstance(b, Callout) else b
        if isinstance(body, Narrative):
            for x in body.blocks:
                if isinstance(x, Paragraph):
                    out.append(x.text)
                elif isinstance(x, ListBlock):
                    out += ["".join(r.text for r in i) for i in x.items]
    return "\n".join(out)


def test_default_spec_uses_only_registered_kinds():
    spec = load_spec()
    assert {c.kind for c in spec.chapters} <= set(section_kinds())
    assert {e.kind for c in spec.chapters for e in c.elements} <= set(element_kinds())
    assert "chapters:" in default_spec_text()


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "title: x\nchapters:\n  - id: a\n    kind: topic\n    colour: red\n",
            "line 5, field 'colour': not a field of a topic chapter",
        ),
        (
            "title: x\nchapters:\n  - id: a\n    kind: chart\n",
            "line 4, field 'kind': unknown section kind 'chart'",
        ),
        (
            "title: x\nchapters:\n  - id: a\n    kind: topic\n    issues:\n      - pie\n",
            "line 6: unknown element 'pie'",
        ),
        (
            "title: x\nchapters:\n  - id: a\n    kind: narrative\n  - id: a\n    kind: narrative\n",
            "line 5, field 'id': 'a' is used twice (first on line 3)",
        ),
        (
            "title: x\nchapters:\n  - id: a\n    kind: topic\n    indicators: asb\n",
            "line 5, field 'indicators': should be a list",
        ),
        ("title: [x\n", "not valid YAML"),
        ("chapters: []\n", "the spec has no 'title'"),
    ],
)
def test_spec_errors_name_the_file_line_and_field(tmp_path, text, message):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(SpecError) as e:
        load_spec(path)
    assert str(path) in str(e.value) and message in str(e.value)


def test_a_chapter_whose_data_is_absent_is_left_out_with_a_note(loaded, tmp_path):
    doc = _build(loaded, SMALL_SPEC, tmp_path)
    assert doc.find("fire") is None
    notes = doc.find("notes")
    left = next(c for c in notes.children if c.title == "Sections left out")
    # The fire source is known (registered) but holds no rows in this warehouse.
    assert "Deliberate fires: left out: no Fire incidents data is held." in _text(left)
    assert doc.title == "Test assessment 2025" and doc.subtitle == "South Cambridgeshire"


def test_narrative_quotes_values_that_equal_the_raw_files(loaded, tmp_path):
    asb = raw.counts("ltla24_code", "E07000012", raw.months("2025-01", "2025-12"))
    asb0 = raw.counts("ltla24_code", "E07000012", raw.months("2024-01", "2024-12"))
    n, n0 = asb["Anti-social behaviour"], asb0["Anti-social behaviour"]
    doc = _build(
        loaded,
        SMALL_SPEC,
        tmp_path,
        {
            "intro.md": "ASB: {{ asb.count }} in {{ period.short }}, {{asb.baseline_count}} "
            "before ({{ asb.change }}, {{ asb.change_pct }}); see {{ table.asb-ward-table }}.\n\n"
            "## More\n\nThe area is {{ area.name }} in {{ force.name }}.",
            "asb.interventions.md": "We **patrol** parks.",
        },
    )
    text = _text(doc.find("intro"))
    pct = 100 * (n - n0) / n0
    assert f"ASB: {n:,} in 2025, {n0:,} before ({n - n0:+,}, {pct:+.1f}%)" in text
    assert "see Table 1." in text
    assert "South Cambridgeshire in Cambridgeshire" in text
    heading = [b for b in doc.find("intro").blocks[0].blocks if isinstance(b, Subheading)]
    assert heading[0].text == "More" and heading[0].depth == 1
    interventions = doc.find("asb.interventions")
    assert interventions.blocks[0].blocks[0].runs[1].bold


def test_an_unknown_value_fails_with_file_and_line(loaded, tmp_path):
    with pytest.raises(NarrativeError) as e:
        _build(loaded, SMALL_SPEC, tmp_path, {"intro.md": "One.\n\nTwo {{ asb.colour }}.\n"})
    assert "intro.md, line 3" in str(e.value) and "asb.colour" in str(e.value)
    (tmp_path / "x").mkdir()
    with pytest.raises(NarrativeError, match=r"line 1: unknown value \{\{ fire.count \}\}"):
        _build(loaded, SMALL_SPEC, tmp_path / "x", {"intro.md": "{{ fire.count }}"})


def test_a_narrative_file_for_no_section_fails(loaded, tmp_path):
    with pytest.raises(NarrativeError, match=r"no section has the id 'asb\.issuse'"):
        _build(loaded, SMALL_SPEC, tmp_path, {"asb.issuse.md": "typo"})


def test_the_analysts_key_findings_replace_the_draft(loaded, tmp_path):
    doc = _build(loaded, SMALL_SPEC, tmp_path, {"key-findings.md": "- ASB is {{ asb.direction }}"})
    kf = doc.find("key-findings")
    assert not any(isinstance(b, Callout) for b in kf.blocks)
    assert _text(kf) in ("ASB is up", "ASB is down", "ASB is unchanged")


def test_markdown_blocks():
    blocks = parse_markdown("Intro *one* [link](https://example.org).\n\n1. a\n2. b\n\n### Deep\n")
    assert isinstance(blocks[0], Paragraph) and blocks[0].runs[1].italic
    assert blocks[0].runs[3].href == "https://example.org"
    assert isinstance(blocks[1], ListBlock) and blocks[1].ordered
    assert isinstance(blocks[2], Subheading) and blocks[2].depth == 1
    # Raw HTML is shown as text, never passed through.
    assert parse_markdown("<script>x</script>")[0].text == "<script>x</script>"


def test_new_section_and_element_kinds_plug_in_without_editing_the_core(loaded, tmp_path):
    from saferplaces.assessment.tables import make_table
    from saferplaces.document.model import Column, Section

    def build_places(ctx, chapter):
        return Section(
            chapter.id,
            chapter.title,
            blocks=[],
            kind="places",
            children=[
                Section(
                    f"{chapter.id}.list",
                    "Flagged wards",
                    blocks=[Narrative([Paragraph([])], origin="x")],
                )
            ],
        )

    def build_count(ctx, chapter, element):
        ind = ctx.available([element.options["indicator"]], chapter.title)[0]
        t, _ = make_table(
            id=ctx.claim_id("plugin-count"),
            caption="Plugged in",
            columns=[Column("n", "Count", "int")],
            rows=[{"n": ctx.row(ind).count}],
            disclosure=ctx.disclosure,
        )
        return [t]

    from saferplaces.assessment import registry

    register_section(SectionKind("test-places", build_places, {"threshold": int}))
    register_element(ElementKind("test-count", build_count, {"indicator": str}))
    spec = (
        "title: T\nchapters:\n  - id: places\n    kind: test-places\n    threshold: 3\n"
        "  - id: drugs\n    kind: topic\n    indicators: [drugs]\n    parts: []\n"
        "    issues:\n      - test-count: drugs\n"
    )
    try:
        doc = _build(loaded, spec, tmp_path)
    finally:
        registry._SECTIONS.pop("test-places")
        registry._ELEMENTS.pop("test-count")
    drugs = raw.counts("ltla24_code", "E07000012", raw.months("2025-01", "2025-12"))["Drugs"]
    assert by_id(doc, "plugin-count").rows[0][0].value == drugs
    assert doc.find("places.list") is not None


@pytest.mark.slow  # builds the whole assessment
def test_the_documented_example_narrative_builds(loaded):
    folder = Path(__file__).resolve().parents[2] / "docs" / "examples" / "narrative"
    doc = build_assessment(
        loaded,
        resolve_area(loaded, "South Cambridgeshire"),
        parse_period("2025"),
        narrative_dir=folder,
        created=date(2026, 1, 15),
    )
    asb = raw.counts("ltla24_code", "E07000012", raw.months("2025-01", "2025-12"))
    issues = _text(doc.find("asb.issues"))
    assert f"Police recorded {asb['Anti-social behaviour']:,} incidents" in issues
    assert f"{by_id(doc, 'asb-ward-table').label} gives every ward" in issues
    recs = doc.find("recommendations")
    assert not any(isinstance(b, Callout) for b in recs.blocks)


def test_quoting_an_indicator_the_spec_does_not_name_leaves_the_tables_alone(loaded, tmp_path):
    robbery = raw.counts("ltla24_code", "E07000012", raw.months("2025-01", "2025-12"))["Robbery"]
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    plain = _build(loaded, SMALL_SPEC, tmp_path / "a")
    quoted = _build(
        loaded, SMALL_SPEC, tmp_path / "b", {"intro.md": "Robbery: {{ robbery.count }}."}
    )
    assert _text(quoted.find("intro")) == f"Robbery: {robbery:,}."
    assert by_id(plain, "asb-ward-table").rows == by_id(quoted, "asb-ward-table").rows


def _runs_of(section) -> list:
    """Every run of the section's narrative, callouts included (lists item by item)."""
    out = []
    for b in section.blocks:
        body = b.body if isinstance(b, Callout) else b
        for x in getattr(body, "blocks", []):
            out += getattr(x, "runs", [])
            for item in getattr(x, "items", []):
                out += item
    return out


def test_unwritten_parts_are_listed_for_the_analyst_not_printed_empty(loaded, tmp_path):
    spec = SMALL_SPEC.replace(
        "  - id: notes\n",
        "  - id: for-the-analyst\n    kind: for-the-analyst\n    title: For the analyst\n"
        "  - id: notes\n",
    )
    doc = _build(loaded, spec, tmp_path, {"asb.interventions.md": "We **patrol** parks."})
    # No draft placeholder box anywhere: what is unwritten is not printed.
    for section, _ in doc.walk():
        for b in section.blocks:
            assert not (isinstance(b, Callout) and "To be written" in _text(section)), section.id
    assert doc.find("asb.recommendations") is None
    assert doc.find("fire") is None  # no fire data held: a chapter left out asks nothing
    assert doc.find("intro") is None  # a narrative chapter with no text at all
    assert "We patrol parks." in _text(doc.find("asb.interventions"))
    # The page sits where the spec puts it (before the data notes) and lists each
    # unwritten section once, with its file, linked to where its text would go.
    ids = [s.id for s in doc.sections]
    assert ids.index("for-the-analyst") == ids.index("notes") - 1
    files = {r.text: r.href for r in _runs_of(doc.find("for-the-analyst")) if r.code}
    assert files == {
        "intro.md": None,  # its chapter is not printed until written
        "asb.issues.md": "#s-asb-issues",
        "asb.recommendations.md": "#s-asb",
    }


def test_without_the_page_unwritten_parts_stay_draft_placeholders(loaded, tmp_path):
    doc = _build(loaded, SMALL_SPEC, tmp_path)
    recs = doc.find("asb.recommendations")
    assert isinstance(recs.blocks[0], Callout) and recs.blocks[0].kind == "draft"


def test_board_summary_asks_the_board_to_decide_the_matrix_top_issues(loaded, tmp_path):
    from saferplaces.priorities.sheet import COLUMNS

    (tmp_path / "workshop.csv").write_text(
        ",".join(COLUMNS) + "\n"
        # Every factor scored: County lines 4 × 4 × (0.6 + 0.1 × 4) = 16; Shoplifting
        # 1 × 1 × (0.6 + 0.1 × 1) = 0.7 (methods.md, "Prioritisation").
        "Shoplifting,Ann,1,1,1,1,1,1,1,1,1,low\n"
        "County lines,Ann,4,4,4,4,4,4,4,4,4,high\n"
    )
    spec = SMALL_SPEC.replace(
        "chapters:\n",
        "chapters:\n  - id: board\n    kind: board-summary\n    title: Board summary\n"
        "    priorities: workshop.csv\n",
    )
    doc = _build(loaded, spec, tmp_path)
    body = doc.find("board").blocks[0].body
    ranked = next(b for b in body.blocks if isinstance(b, ListBlock) and b.ordered)
    assert ["".join(r.text for r in item) for item in ranked.items] == [
        "County lines: priority score 16.0 (rank 1; impact 4.00, likelihood 4.00, "
        "confidence high).",
        "Shoplifting: priority score 0.7 (rank 2; impact 1.00, likelihood 1.00, confidence low).",
    ]
    (tmp_path / "workshop.csv").unlink()
    with pytest.raises(SpecError, match=r"spec.yaml, line \d+, field 'priorities': .*workshop"):
        _build(loaded, spec, tmp_path)
