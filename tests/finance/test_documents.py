"""The money papers built on the shared document model and written by the shared
renderer: the figures in each table are the year's, the files say the same thing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from saferplaces.assessment.produce import render_document
from saferplaces.finance.documents import (
    ActionDelivery,
    FundDetails,
    RevisionNote,
    budget_monitoring,
    end_of_year_report,
    funder_return,
)
from saferplaces.render.write import render_bytes
from tests.finance.test_figures import CSF, POOLED, seed_001, seed_002
from tests.helpers.document_checks import check_docx, check_pdf


def _rows(table) -> list[list[str]]:
    return [[c.text for c in r] for r in table.rows]


def test_end_of_year_report_has_the_appendix_a_rows():
    doc = end_of_year_report(seed_002(), partnership="Example CSP", agreed="Agreed at the board")
    assert doc.edition == "public"  # agreed at a meeting: published
    assert end_of_year_report(seed_002(), partnership="Example CSP").edition == "members"
    funding, by_fund = doc.tables()
    rows = dict((r[0], r[1]) for r in _rows(funding))
    assert rows["CSP Pooled Fund: brought forward from 2018/19"] == "£6,984.18"
    assert rows["Community Safety Fund: brought forward from 2018/19"] == "£972.00"
    assert rows["PCC grant: allocation 2019/20 from Police and Crime Commissioner"] == "£0.00"
    assert rows["Total available funding"] == "£7,956.18"
    assert rows["Grants paid"] == "£0.00" and rows["Grants committed but not yet paid"] == "£0.00"
    assert rows["Additional work on a review (CSP Pooled Fund)"] == "−£250.00"
    assert rows["Total remaining"] == "£6,694.17"
    # Every amount is the Decimal the cell says, and the totals rows are marked.
    labels = [r[0] for r in _rows(funding)]
    assert {labels[i] for i in funding.total_rows} == {"Total available funding", "Total remaining"}
    remaining = {r[0]: r[-1] for r in _rows(by_fund)}
    assert remaining == {
        "PCC grant": "£0.00",
        POOLED: "£5,722.17",
        CSF: "£972.00",
        "Total": "£6,694.17",
    }
    assert ("Agreed", "Agreed at the board") in doc.details


def test_budget_monitoring_lines_funds_and_revisions():
    revision = RevisionNote(
        date(2017, 2, 9),
        "Officer",
        "Moved from line 8 to lines 9 and 10",
        [(8, "Line 8", D("1277.00"), D("0.00")), (9, "Line 9", D("0.00"), D("1277.00"))],
        approved_by="Chair",
    )
    doc = budget_monitoring(
        seed_001(), partnership="Example CSP", revisions=[revision], as_at=date(2017, 2, 10)
    )
    lines, _funds, revisions = doc.tables()
    assert [c.header for c in lines.columns][:5] == [
        "Line",
        "Item",
        "Relates to actions",
        "Original allocation",
        "Revised allocation",
    ]
    total = _rows(lines)[-1]
    assert total[:5] == ["Total", "", "", "£15,777.00", "£15,777.00"]
    assert lines.rows[-1][3].value == D("15777.00")
    # One revision, one reason, two lines.
    assert [r[1] for r in _rows(revisions)] == ["8: Line 8", "9: Line 9"]
    assert {r[4] for r in _rows(revisions)} == {"Moved from line 8 to lines 9 and 10"}


def _funder_return():
    return funder_return(
        seed_001(),
        FundDetails("Budget", "PCC", "Spend on the plan", date(2017, 3, 31)),
        partnership="Example CSP",
        as_at=date(2016, 9, 30),
        deliveries={
            2: [
                ActionDelivery(
                    "1.6", "Drama in schools", "Green", [("Q2: July to September 2016", "Booked")]
                ),
                ActionDelivery("1.9", "", "", in_plan=False),
            ]
        },
    )


def test_funder_return_says_what_the_actions_delivered():
    doc = _funder_return()
    money = doc.tables()[0]
    assert dict((r[0], r[1]) for r in _rows(money))["Available"] == "£15,777.00"
    text = " ".join(
        "".join(r.text for r in getattr(p, "runs", []))
        for _, b in doc.blocks()
        if hasattr(b, "blocks")
        for p in b.blocks
    )
    assert "Action 1.6 (Green): Drama in schools" in text
    assert "Action 1.9: the budget names it, but the action plan does not hold it yet." in text
    assert ("To be spent by", "31 March 2017") in doc.details


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("eoy")
    doc = end_of_year_report(seed_002(), partnership="Example CSP")
    render_document(doc, out, ("html", "docx", "xlsx"), basename="report")
    return out


def test_the_word_file_holds_the_same_figures(written):
    from docx import Document as Docx

    d = Docx(str(written / "report.docx"))
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    assert "£7,956.18" in cells and "£6,694.17" in cells and "−£250.00" in cells


def test_the_spreadsheet_holds_numbers_and_no_formulas(written):
    from openpyxl import load_workbook

    wb = load_workbook(written / "report.xlsx")
    values = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert not [v for v in values if isinstance(v, str) and v.startswith("=")]
    numbers = {D(str(v)) for v in values if isinstance(v, int | float)}
    assert {D("7956.18"), D("6694.17"), D("-250.00"), D("5722.17")} <= numbers
    # Each amount keeps its label beside it: a sheet of bare numbers says nothing.
    sheet = wb["Table 1"]
    label_of = {
        D(str(r[1].value)): r[0].value
        for r in sheet.iter_rows()
        if len(r) > 1 and isinstance(r[1].value, int | float)
    }
    assert label_of[D("7956.18")] == "Total available funding"
    assert label_of[D("6694.17")] == "Total remaining"
    assert wb["Table 2"].cell(row=wb["Table 2"].max_row - 2, column=1).value == "Total"
    # Money is shown as the document shows it: pounds and pence.
    formats = {
        c.number_format for r in sheet.iter_rows() for c in r if isinstance(c.value, int | float)
    }
    assert formats == {'"£"#,##0.00;-"£"#,##0.00'}


def test_the_web_page_holds_the_figures(written):
    html = (written / "report.html").read_text()
    assert "End of year financial report 2019/20" in html
    assert "£6,694.17" in html and "Total available funding" in html


def test_every_money_document_in_word_and_pdf():
    # The quality bars of issue 10 (A4, 2 cm margins, page numbers, headings, language,
    # Arial, repeated header rows; a tagged PDF with a title and a language).
    documents = [
        budget_monitoring(seed_001(), partnership="Example CSP", as_at=date(2017, 2, 10)),
        end_of_year_report(seed_002(), partnership="Example CSP"),
        _funder_return(),
    ]
    for doc in documents:
        word = check_docx(render_bytes(doc, "docx"), pictures=len(doc.figures()))
        assert word.core_properties.title == doc.full_title
        check_pdf(render_bytes(doc, "pdf"), title=doc.full_title)
