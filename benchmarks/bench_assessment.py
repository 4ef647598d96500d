"""The full district assessment in all four formats: the bundled police.uk data and every
illustrative agency extract, so every chapter is in it (multi-agency chapters, Places).

Baseline, measured in the same run: computing the assessment's indicator tables alone
(the 15 police.uk indicators for South Cambridgeshire, 2025 against 2024, plus the ward
table of each) with the core library. The assessment does that and everything else
(agency tables, trends, district comparisons, maps, place flags, hot spots, narrative)
and writes HTML, tagged PDF, Word, XLSX and CSVs. Reported: seconds for each step, the
ratio of the whole to the baseline; for the PDF (the main cost), the ratio of the print
tables laid out fixed from measured widths to WeasyPrint's automatic table layout; and
for Word, the ratio of the tables written as XML to the same tables written cell by cell
with python-docx's API. It should take seconds, not minutes.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from saferplaces.assessment.builder import build_assessment
from saferplaces.assessment.spec import load_spec
from saferplaces.core.periods import parse_period
from saferplaces.geography.areas import resolve_area
from saferplaces.geography.reference import load_reference
from saferplaces.indicators.police import police_indicators
from saferplaces.indicators.registry import POLICE_INDICATORS, get_indicator
from saferplaces.indicators.tables import ward_table
from saferplaces.places.chapter import flag_settings, make_chapter_run
from saferplaces.render import html as html_render
from saferplaces.render.charts import render_figures
from saferplaces.render.pdf import write_pdf
from saferplaces.render.write import render_document
from saferplaces.sources.agency import ingest_agency
from saferplaces.sources.illustrative import write_demo_data
from saferplaces.sources.police_uk import ingest_police_uk
from saferplaces.warehouse import Warehouse

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
STREET = SAMPLE / "police_uk" / "cambridgeshire" / "street"
REPEATS = 2


def _baseline(wh, area, period, baseline) -> float:
    t = time.perf_counter()
    police_indicators(wh, area, period, baseline)
    for ind in POLICE_INDICATORS:
        ward_table(wh, area, get_indicator(ind), period, baseline)
    return time.perf_counter() - t


def _pdf_seconds(doc, folder: Path, figures: dict, *, automatic: bool) -> float:
    """One PDF of ``doc``; ``automatic`` lets WeasyPrint size every table itself."""
    original = html_render.RenderContext.widths
    if automatic:
        html_render.RenderContext.widths = lambda self, table: None  # type: ignore[method-assign]
    try:
        t = time.perf_counter()
        write_pdf(doc, folder / f"{'auto' if automatic else 'fixed'}.pdf", figures)
        return time.perf_counter() - t
    finally:
        html_render.RenderContext.widths = original  # type: ignore[method-assign]


def _docx_cell_by_cell(doc, path: Path) -> float:
    """Every table of ``doc`` written with python-docx's own API, row by row and cell by
    cell (as the Word writer did before it built each table's rows as one piece of XML):
    the baseline for the Word tables."""
    from docx import Document as new_docx

    t = time.perf_counter()
    d = new_docx()
    for table in doc.tables():
        d.add_paragraph(table.caption, style="Caption")
        w = d.add_table(rows=1, cols=len(table.columns))
        w.style = "Table Grid"
        for c, cell in zip(table.columns, w.rows[0].cells, strict=True):
            cell.paragraphs[0].add_run(c.header).bold = True
        for row in table.rows:
            added = w.add_row()
            for value, cell in zip(row, added.cells, strict=True):
                cell.paragraphs[0].add_run(value.text)
    d.save(str(path))
    return time.perf_counter() - t


def _docx_tables_only(doc, path: Path) -> float:
    """The same tables through the Word writer's table function."""
    from docx import Document as new_docx

    from saferplaces.render import docx as docx_render

    t = time.perf_counter()
    d = new_docx()
    docx_render._styles(d)
    for table in doc.tables():
        docx_render._table(d, table, table.caption)
    d.save(str(path))
    return time.perf_counter() - t


def run() -> dict:
    work = Path(tempfile.mkdtemp(prefix="bench-assessment-"))
    try:
        path = work / "w.duckdb"
        with Warehouse.open(path) as wh:
            load_reference(wh, SAMPLE)
            ingest_police_uk(wh, [STREET])
            for f in write_demo_data(work / "demo", seed=2025):
                ingest_agency(wh, [f.path.parent], source=f.source, spec=f.spec)
            # The place flags the Places chapter shows, run first as `make demo` does:
            # building an assessment reads the run, never makes it.
            area = resolve_area(wh, "South Cambridgeshire")
            period, baseline = parse_period("2025"), parse_period("2024")
            flags = dict(load_spec().chapter("places").get("flags") or {})
            make_chapter_run(wh, area, period, flag_settings(wh, area, period, **flags))
        with Warehouse.open(path, read_only=True) as wh:
            _baseline(wh, area, period, baseline)  # warm the caches once
            base = min(_baseline(wh, area, period, baseline) for _ in range(3))
            build_assessment(wh, area, period, baseline)  # warm the caches once
            runs = []
            for i in range(REPEATS):
                t = time.perf_counter()
                doc = build_assessment(wh, area, period, baseline)
                built = time.perf_counter() - t
                produced = render_document(doc, work / f"out{i}")
                total = time.perf_counter() - t
                runs.append({"build": built, **produced.timings, "total": total})
            figures = render_figures(doc, work / "figures")
            fixed = min(_pdf_seconds(doc, work, figures, automatic=False) for _ in range(2))
            auto = min(_pdf_seconds(doc, work, figures, automatic=True) for _ in range(2))
            cells = min(_docx_cell_by_cell(doc, work / "cells.docx") for _ in range(2))
            xml = min(_docx_tables_only(doc, work / "xml.docx") for _ in range(2))
        best = min(runs, key=lambda r: r["total"])
        result = {
            "what": "South Cambridgeshire strategic assessment, 2025 against 2024, every "
            "chapter (police.uk + illustrative agency extracts + Places), "
            "html+pdf+docx+xlsx+csv",
            "tables": len(doc.tables()),
            "figures": len(doc.figures()),
            "baseline_indicator_tables_seconds": round(base, 3),
            "assessment_seconds": {k: round(v, 3) for k, v in best.items()},
            "ratio_assessment_to_indicator_tables": round(best["total"] / base, 1),
            "pdf_seconds": {"fixed_table_layout": round(fixed, 3), "automatic": round(auto, 3)},
            "ratio_pdf_fixed_to_automatic_table_layout": round(fixed / auto, 2),
            "word_tables_seconds": {"rows_as_xml": round(xml, 3), "cell_by_cell": round(cells, 3)},
            "ratio_word_tables_xml_to_cell_by_cell": round(xml / cells, 2),
        }
        print(
            f"   indicator tables alone {base:.2f}s; full assessment {best['total']:.2f}s "
            f"({result['ratio_assessment_to_indicator_tables']}x): "
            + ", ".join(f"{k} {v:.2f}s" for k, v in best.items() if k != "total")
            + f"; PDF with fixed table layout {fixed:.2f}s against automatic {auto:.2f}s "
            f"({result['ratio_pdf_fixed_to_automatic_table_layout']}x); Word tables {xml:.2f}s "
            f"against cell by cell {cells:.2f}s "
            f"({result['ratio_word_tables_xml_to_cell_by_cell']}x)"
        )
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)
