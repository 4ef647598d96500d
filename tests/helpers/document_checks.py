"""The quality bars every document saferplaces writes must meet, read back as a council's
software reads them: python-docx for Word, pypdf for PDF, axe-core in headless Chromium
for HTML.

* Word: A4 (21 x 29.7 cm) with 2 cm margins, a PAGE field in the footer of every
  section, Title and Heading 1-3 styles in order (the navigation pane), the document
  language on the styles and in the properties, Arial as the font, alt text on every
  picture, the header row of every table repeated.
* PDF: tagged (a structure tree, MarkInfo Marked), a title, a language.
* HTML: zero axe-core violations (WCAG 2.2 AA), with every ``details`` opened.
"""

from __future__ import annotations

import io
import itertools
from pathlib import Path

import docx
from docx.oxml.ns import qn
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "tests" / "assets" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# Where each registered document kind (saferplaces_document_kinds) is read back against
# these bars. A kind a plugin registers without a test here fails
# tests/web/test_document_quality_web.py::test_every_document_kind_is_checked.
_CORE = "tests/render/test_document_quality.py::"
_WEB = "tests/web/test_document_quality_web.py::test_every_web_document_in_word_and_pdf"
_MONEY = "tests/finance/test_documents.py::test_every_money_document_in_word_and_pdf"
QUALITY_TESTS = {
    "strategic-assessment": _CORE + "test_the_assessment_in_word_and_pdf",
    "area-profile": _CORE + "test_the_area_profile_in_word_pdf_and_a_workbook",
    "place-report": "tests/places/test_place_report.py::test_the_report_files_pass_the_checks",
    "agenda-pack": _WEB,
    "minutes": _WEB,
    "action-plan": _WEB,
    "budget-monitoring": _MONEY,
    "end-of-year-report": _MONEY,
    "funder-return": _MONEY,
    "partnership-plan": _CORE + "test_the_partnership_plan_and_annual_review_in_word_and_pdf",
    "annual-review": _CORE + "test_the_partnership_plan_and_annual_review_in_word_and_pdf",
    "community-safety-agreement": "tests/assessment/test_agreement.py::"
    "test_the_agreement_renders_in_every_format",
    "domestic-abuse-report": "tests/quarterly/test_domestic_abuse.py::test_the_report_as_documents",
    "problem-solving-plan": "tests/web/test_problems_web.py::"
    "test_the_response_shows_the_money_of_the_budget_lines_serving_its_actions",
}


def _bytes(doc: bytes | Path) -> bytes:
    return doc if isinstance(doc, bytes) else Path(doc).read_bytes()


def check_docx(
    content: bytes | Path, *, language: str = "en-GB", pictures: int = 0
) -> docx.Document:
    """Assert the Word quality bars; return the parsed document."""
    d = docx.Document(io.BytesIO(_bytes(content)))
    for s in d.sections:
        long, short = sorted([s.page_width.cm, s.page_height.cm], reverse=True)
        assert abs(short - 21.0) < 0.05 and abs(long - 29.7) < 0.05, "not A4"
        for margin in (s.left_margin, s.right_margin, s.top_margin, s.bottom_margin):
            assert abs(margin.cm - 2.0) < 0.05, "margins are not 2 cm"
        fields = " ".join(t.text for t in s.footer._element.iter(f"{W}instrText"))
        assert "PAGE" in fields, "no page number field in the footer"
    styles = [p.style.name for p in d.paragraphs]
    assert styles.count("Title") == 1, "one Title"
    levels = [int(n.split()[1]) for n in styles if n.startswith("Heading ")]
    assert levels and levels[0] == 1, "headings start at Heading 1"
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), "a heading skips"
    assert d.core_properties.language == language and d.core_properties.title
    defaults = d.styles.element.find(f"{W}docDefaults").find(f"{W}rPrDefault").find(f"{W}rPr")
    assert defaults.find(f"{W}lang").get(qn("w:val")) == language, "no document language"
    assert defaults.find(f"{W}rFonts").get(qn("w:ascii")) == "Arial"
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3"):
        fonts = d.styles[name].element.rPr.find(f"{W}rFonts")
        if fonts is not None:
            assert fonts.get(qn("w:ascii")) == "Arial", name
            assert not [a for a in fonts.attrib if a.lower().endswith("theme")], name
    assert len(d.inline_shapes) == pictures
    for shape in d.inline_shapes:
        assert len(shape._inline.docPr.get("descr") or "") > 20, "a picture without alt text"
    for table in d.tables:
        first = table.rows[0]._tr
        if first.trPr is not None and first.trPr.find(qn("w:tblHeader")) is not None:
            continue
        # Only a layout table of labels and values (the details box) has no header row.
        assert len(table.columns) == 2, "a data table whose header row does not repeat"
    return d


def check_pdf(content: bytes | Path, *, title: str, language: str = "en") -> PdfReader:
    """Assert the PDF quality bars (PDF/UA basics); return the reader."""
    reader = PdfReader(io.BytesIO(_bytes(content)))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root, "untagged: no structure tree"
    assert root["/MarkInfo"]["/Marked"], "untagged: not marked"
    assert str(root["/Lang"]).lower().startswith(language)
    assert reader.metadata.title and reader.metadata.title.startswith(title)
    tree = root["/StructTreeRoot"].get_object()
    assert tree.get("/K"), "an empty structure tree"
    return reader


def axe_violations(html: bytes | Path) -> list[str]:
    """axe-core's WCAG violations on an HTML document (in headless Chromium), with every
    ``details`` element opened."""
    from playwright.sync_api import sync_playwright

    text = _bytes(html).decode("utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page()
            if isinstance(html, Path):
                page.goto(html.resolve().as_uri())
            else:
                page.set_content(text)
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
            result = page.evaluate(
                "async () => await axe.run(document, {resultTypes: ['violations']})"
            )
        finally:
            browser.close()
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes, e.g. {v['nodes'][0]['target']})"
        for v in result["violations"]
    ]
