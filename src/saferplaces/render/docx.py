"""The document as an editable Word file (python-docx), as councils use them.

A4 with 2 cm margins; Arial throughout (the font every council PC has); real heading
styles (Title, Heading 1 ...), so Word's navigation pane and the table of contents field
work; page numbers in the footer ("Page 3 of 12", from PAGE and NUMPAGES fields);
tables are Word tables (not pictures) with the header row repeated on every page; every
picture has its alt text; the document language is set on every style; the protective
marking is in the header and footer of every page of a restricted edition.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

from saferplaces.document.model import (
    Callout,
    ContentsList,
    DetailsBox,
    Document,
    Figure,
    ListBlock,
    Narrative,
    Paragraph,
    Run,
    Section,
    Subheading,
    Table,
)

FONT = "Arial"
CODE_FONT = "Courier New"
A4 = (Cm(21.0), Cm(29.7))
MARGIN = Cm(2)
RED = RGBColor(0xB1, 0x0E, 0x1E)
GREY = RGBColor(0x50, 0x5A, 0x5F)
TABLE_TEXT = "Table text"


def _default_rpr(doc):
    styles = doc.styles.element
    return styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))


def _set_language(doc, lang: str) -> None:
    """Proofing language of every style (the document's language for screen readers)."""
    rpr_default = _default_rpr(doc)
    lang_el = rpr_default.find(qn("w:lang"))
    if lang_el is None:
        lang_el = OxmlElement("w:lang")
        rpr_default.append(lang_el)
    lang_el.set(qn("w:val"), lang)
    lang_el.set(qn("w:eastAsia"), lang)
    lang_el.set(qn("w:bidi"), lang)


def _set_font(rpr, name: str) -> None:
    """``name`` for every script, replacing the template's theme fonts (which Word would
    otherwise prefer: Calibri, Cambria)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        if attr.lower().endswith("theme"):
            del fonts.attrib[attr]
    for script in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{script}"), name)


def _styles(doc) -> None:
    _set_font(_default_rpr(doc), FONT)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(10)
    for st in doc.styles:
        rpr = st.element.rPr
        if rpr is not None and rpr.find(qn("w:rFonts")) is not None:
            _set_font(rpr, FONT)
    for name in (
        "Title",
        "Subtitle",
        "Heading 1",
        "Heading 2",
        "Heading 3",
        "Heading 4",
        "Heading 5",
        "Caption",
    ):
        st = doc.styles[name]
        _set_font(st.element.get_or_add_rPr(), FONT)
        st.font.color.rgb = RGBColor(0x0B, 0x0C, 0x0C)
    from docx.enum.style import WD_STYLE_TYPE

    cell_style = doc.styles.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
    cell_style.base_style = normal
    cell_style.font.size = Pt(8.5)
    cell_style.paragraph_format.space_after = Pt(0)
    cell_style.paragraph_format.space_before = Pt(0)
    doc.styles["Caption"].font.size = Pt(9.5)
    doc.styles["Caption"].font.bold = True
    doc.styles["Caption"].font.italic = False


def _update_fields_on_open(doc) -> None:
    """Ask Word to refresh the contents field (page numbers) when the file opens."""
    settings = doc.settings.element
    el = OxmlElement("w:updateFields")
    el.set(qn("w:val"), "true")
    settings.append(el)


def _toc(paragraph) -> None:
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = 'TOC \\o "1-2" \\h \\z \\u'
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run._r.append(begin)
    run._r.append(instr)
    run._r.append(sep)
    placeholder = paragraph.add_run(
        "The table of contents updates when the document is opened (or right-click, Update field)."
    )
    placeholder.italic = True
    end_run = paragraph.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    end_run._r.append(end)


def _styled(doc, style: str, text: str = ""):
    """``doc.add_paragraph(text, style=style)`` without python-docx's style lookup by name
    on every call (slow: it scans the style table each time); the id is looked up once."""
    ids = doc.__dict__.setdefault("_saferplaces_style_ids", {})
    if style not in ids:
        ids[style] = doc.styles[style].style_id
    para = doc.add_paragraph(text)
    para._p.style = ids[style]
    return para


def _runs(paragraph, runs: list[Run]) -> None:
    for r in runs:
        # A link within the document (#s-asb) is only its text: Word shows the headings.
        internal = bool(r.href) and r.href.startswith("#")
        text = r.text if internal or not r.href or r.href == r.text else f"{r.text} ({r.href})"
        run = paragraph.add_run(text)
        run.bold = r.bold or None
        run.italic = r.italic or None
        if r.code:
            run.font.name = CODE_FONT
        if r.break_after:
            run.add_break()


def _narrative(doc, n: Narrative, level: int) -> None:
    for b in n.blocks:
        if isinstance(b, Paragraph):
            _runs(doc.add_paragraph(), b.runs)
        elif isinstance(b, ListBlock):
            style = "List Number" if b.ordered else "List Bullet"
            for item in b.items:
                _runs(_styled(doc, style), item)
        elif isinstance(b, Subheading):
            doc.add_heading(b.text, min(level + b.depth, 9))


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _cant_split(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))


def _table(doc, t: Table, caption: str) -> None:
    cap = _styled(doc, "Caption", caption)
    cap.paragraph_format.keep_with_next = True
    table = doc.add_table(rows=1, cols=len(t.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    header = table.rows[0]
    _repeat_header(header)
    # The style id set straight on the XML: python-docx's style lookup per cell is slow.
    sid = doc.styles[TABLE_TEXT].style_id
    for c, cell in zip(t.columns, header.cells, strict=True):
        para = cell.paragraphs[0]
        para._p.style = sid
        para.add_run(c.header).bold = True
        if c.numeric:
            para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    # Body rows as one piece of XML, parsed once: python-docx's add_row() and per-cell
    # calls cost about a millisecond a cell, which a long appendix multiplies.
    widths = [
        tc.tcPr.tcW.get(qn("w:w")) if tc.tcPr is not None and tc.tcPr.tcW is not None else None
        for tc in header._tr.tc_lst
    ]
    rows_xml = []
    for r, row in enumerate(t.rows):
        total = r in t.total_rows
        cells = []
        for c, value, width in zip(t.columns, row, widths, strict=True):
            tc_pr = f'<w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>' if width else ""
            jc = '<w:jc w:val="right"/>' if c.numeric else ""
            r_pr = ("<w:b/>" if total or c.bold else "") + ("<w:i/>" if value.hidden else "")
            r_pr = f"<w:rPr>{r_pr}</w:rPr>" if r_pr else ""
            cells.append(
                f'<w:tc>{tc_pr}<w:p><w:pPr><w:pStyle w:val="{escape(sid)}"/>{jc}</w:pPr>'
                f'<w:r>{r_pr}<w:t xml:space="preserve">{_cell_text(value.text)}</w:t></w:r>'
                "</w:p></w:tc>"
            )
        rows_xml.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{''.join(cells)}</w:tr>")
    if rows_xml:
        body = parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(rows_xml)}</w:tbl>")
        for tr in list(body):
            table._tbl.append(tr)


def _cell_text(text: str) -> str:
    """A cell's text as the inside of a ``w:t``: lines typed on several lines are kept."""
    return '</w:t><w:br/><w:t xml:space="preserve">'.join(escape(t) for t in text.split("\n"))


def _source_notes(doc, item: Table | Figure) -> None:
    if item.source:
        p = doc.add_paragraph()
        run = p.add_run(f"Source: {item.source}")
        run.font.size = Pt(8.5)
        run.font.color.rgb = GREY
    for n in item.notes:
        p = _styled(doc, "List Bullet")
        run = p.add_run(n)
        run.font.size = Pt(8.5)


def _alt_text(inline_shape, title: str, descr: str) -> None:
    doc_pr = inline_shape._inline.docPr
    doc_pr.set("descr", descr)
    doc_pr.set("title", title)


def _figure(doc, f: Figure, image: Path) -> None:
    doc.add_paragraph().paragraph_format.keep_with_next = True
    picture = doc.add_picture(str(image), width=Cm(16))
    _alt_text(picture, f"{f.label}: {f.caption}", f.alt)
    doc.paragraphs[-1].paragraph_format.keep_with_next = True
    _styled(doc, "Caption", f"{f.label}: {f.caption}")
    _source_notes(doc, f)


def _callout(doc, c: Callout, level: int) -> None:
    p = _styled(doc, "Intense Quote")
    run = p.add_run(c.title)
    run.bold = True
    for b in c.body.blocks:
        if isinstance(b, Paragraph):
            _runs(_styled(doc, "Intense Quote"), b.runs)
        elif isinstance(b, ListBlock):
            for item in b.items:
                _runs(_styled(doc, "List Bullet"), item)
        elif isinstance(b, Subheading):
            doc.add_heading(b.text, min(level + b.depth, 9))


def _details(doc, box: DetailsBox) -> None:
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in box.items:
        row = table.add_row()
        row.cells[0].paragraphs[0].add_run(label).bold = True
        row.cells[1].text = value
        row.cells[0].width = Cm(4.5)
        row.cells[1].width = Cm(11.5)


def _section(doc, s: Section, depth: int, images: dict[str, Path], breaks: bool = True) -> None:
    heading = doc.add_heading(s.title, min(depth, 9))
    if breaks and depth == 1 and s.kind not in ("details",):
        heading.paragraph_format.page_break_before = True
    for b in s.blocks:
        if isinstance(b, Narrative):
            _narrative(doc, b, depth)
        elif isinstance(b, Callout):
            _callout(doc, b, depth)
        elif isinstance(b, Table):
            _table(doc, b, f"{b.label}: {b.caption}")
            _source_notes(doc, b)
        elif isinstance(b, Figure):
            _figure(doc, b, images[b.id])
        elif isinstance(b, DetailsBox):
            _details(doc, b)
        elif isinstance(b, ContentsList):
            _toc(doc.add_paragraph())
    for c in s.children:
        _section(doc, c, depth + 1, images, breaks)


def _field(paragraph, instruction: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES) showing ``shown`` until Word updates it."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None)):
        run = paragraph.add_run()
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {text} "
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._r.append(el)
    paragraph.add_run(shown)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


def _page(doc, marking: str | None, title: str, landscape: bool = False) -> None:
    """A4 (portrait, or landscape for wide tables), 2 cm margins; the marking at the top
    and bottom of every page of a restricted edition; the title and "Page N of M" in the
    footer."""
    for section in doc.sections:
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = A4[1], A4[0]
        else:
            section.orientation = WD_ORIENT.PORTRAIT
            section.page_width, section.page_height = A4
        section.left_margin = section.right_margin = MARGIN
        section.top_margin = section.bottom_margin = MARGIN
        section.header_distance = section.footer_distance = Cm(1)
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if marking:
            for p in (header, footer):
                run = p.add_run(marking)
                run.bold = True
                run.font.color.rgb = RED
            footer = section.footer.add_paragraph()
            footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = footer.add_run(f"{title} · ")
        run.font.size = Pt(8)
        run.font.color.rgb = GREY
        numbers = section.footer.paragraphs[-1]
        for text, field, shown in (("Page ", "PAGE", "1"), (" of ", "NUMPAGES", "1")):
            numbers.add_run(text)
            _field(numbers, field, shown)
        for r in numbers.runs:
            r.font.size = Pt(8)
            r.font.color.rgb = GREY


def write_docx(doc: Document, path: Path, figure_paths: dict[str, Path]) -> Path:
    d = new_docx()
    _styles(d)
    _set_language(d, doc.language)
    _update_fields_on_open(d)
    props = d.core_properties
    props.title = doc.full_title
    props.subject = doc.area
    props.language = doc.language
    props.author = doc.author
    props.keywords = doc.kind
    if doc.marking:
        props.category = doc.marking
    if doc.marking:
        m = d.add_paragraph()
        m.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = m.add_run(doc.marking)
        run.bold = True
        run.font.color.rgb = RED
    kicker = d.add_paragraph()
    run = kicker.add_run(f"{doc.area} · {doc.edition_label}" if doc.edition_label else doc.area)
    run.font.color.rgb = GREY
    d.add_heading(doc.title, 0)
    if doc.subtitle:
        d.add_paragraph(doc.subtitle, style="Subtitle")
    for s in doc.sections:
        _section(d, s, 1, figure_paths, doc.chapters_on_new_page)
    for line in doc.attribution:
        p = d.add_paragraph()
        run = p.add_run(line)
        run.font.size = Pt(8)
        run.font.color.rgb = GREY
    _page(d, doc.marking, doc.title, doc.landscape)
    d.save(str(path))
    return path
