"""``saferplaces finance import`` and ``saferplaces finance report``, run as a user
would: seed 001's budget in, its totals out (15,777.00 both ways, added by hand in
tests/finance/budgets.py), every bad file refused in one line per problem with nothing
imported."""

from __future__ import annotations

import json
from decimal import Decimal as D

import pytest

from saferplaces.finance.budget_file import read_budget
from saferplaces.web.evidence.phrasing import web_text
from saferplaces.web.finance.importer import ImportRefused, import_budget
from saferplaces.web.finance.models import BudgetLine, Fund
from tests.finance.budgets import ORIGINAL_TOTAL, REVISED_TOTAL, SEED_001, rows, write_csv
from tests.finance.budgets import write_xlsx as xlsx
from tests.web.finance_helpers import counts

ARGS = ["--partnership", "south-cambs", "--year", "2016/17"]


def _import(cli, path, *extra):
    return cli("finance", "import", str(path), *ARGS, *extra)


@pytest.fixture
def imported(cli, demo, tmp_path):
    r = _import(cli, xlsx(tmp_path / "budget.xlsx", rows()), "--fund", "CDRP budget")
    assert r.code == 0, r.err
    return r


def test_import_xlsx_then_report_json(cli, imported):
    assert "10 line(s) added, 0 changed, 0 unchanged; 2 revised allocation(s)" in imported.out
    assert "paid from CDRP budget (a new fund)" in imported.out
    assert "allocation for 2016/17 was set to £15,777.00" in imported.out
    # The demo plan holds the current year's actions, not 2016/17's: kept as references.
    assert "actions the 2016/17 plan does not hold yet (line 1: 3.1, 3.2, 3.3;" in imported.err
    r = cli("finance", "report", *ARGS, "--format", "json")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert data["year"] == "2016/17"
    assert data["totals"]["original"] == ORIGINAL_TOTAL == "15777.00"
    assert data["totals"]["revised"] == REVISED_TOTAL
    assert data["totals"]["remaining"] == "15777.00"
    assert [x["line"] for x in data["lines"]] == list(range(1, 11))
    eight = data["lines"][7]
    assert eight == {
        "line": 8,
        "item": "Community engagement",
        "actions": ["3.1", "3.2", "3.3"],
        "original": "1277.00",
        "revised": "0.00",
        "spent": "0.00",
        "committed": "0.00",
        "remaining": "0.00",
    }
    assert data["funds"] == [
        {
            "name": "CDRP budget",
            "brought_forward": "0.00",
            "allocated": "15777.00",
            "income": "0.00",
            "spent": "0.00",
            "committed": "0.00",
            "remaining": "15777.00",
        }
    ]
    # Totals from the raw file, added with the standard library: the same.
    assert sum(D(r[3]) for r in SEED_001) == D(data["totals"]["original"])


def test_report_table_and_csv(cli, imported):
    table = cli("finance", "report", *ARGS)
    assert table.code == 0 and "£15,777.00" in table.out and "CDRP budget" in table.out
    csv = cli("finance", "report", *ARGS, "--format", "csv").out.splitlines()
    assert csv[0] == "line,item,actions,original,revised,spent,committed,remaining"
    assert csv[9] == '9,Home security scheme,"1.1, 2.2",0.00,1277.00,0.00,0.00,1277.00'
    assert csv[-1] == ",Total,,15777.00,15777.00,0.00,0.00,15777.00"


def test_report_documents_to_files(cli, imported, tmp_path):
    from docx import Document as Docx
    from openpyxl import load_workbook

    out = tmp_path / "b.docx"
    r = cli("finance", "report", *ARGS, "--format", "docx", "--out", str(out))
    assert r.code == 0 and f"Wrote {out}" in r.out
    cells = [c.text for t in Docx(str(out)).tables for row in t.rows for c in row.cells]
    assert cells.count("£15,777.00") >= 2
    out = tmp_path / "b.xlsx"
    assert cli("finance", "report", *ARGS, "--format", "xlsx", "--out", str(out)).code == 0
    values = [c.value for ws in load_workbook(out) for row in ws.iter_rows() for c in row]
    assert 15777 in values and not [v for v in values if str(v).startswith("=")]
    out = tmp_path / "b.pdf"
    assert cli("finance", "report", *ARGS, "--format", "pdf", "--out", str(out)).code == 0
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert "Budget 2016/17" in text and "15,777.00" in text


def test_importing_again_changes_nothing_and_an_update_changes_what_differs(
    cli, imported, tmp_path
):
    before = counts()
    again = _import(cli, xlsx(tmp_path / "budget.xlsx", rows()), "--fund", "CDRP budget")
    assert "0 line(s) added, 0 changed, 10 unchanged; 0 revised" in again.out
    assert counts() == before
    body = [list(r) for r in SEED_001]
    body[9][4] = "250.00"  # the packs are costed: line 10 revised
    body[8][4] = "1027.00"  # from the home security contribution
    path = write_csv(tmp_path / "budget-march.csv", rows(body, totals=False))
    r = _import(cli, path)  # one fund now: --fund may be left out
    assert r.code == 0, r.err
    assert "2 revised allocation(s)" in r.out
    ten = BudgetLine.objects.get(number=10)
    assert ten.current == D("250.00")
    change = ten.revisions.get()
    assert change.revision.reason == "Revised allocations as given in budget-march.csv"


def test_a_refused_file_changes_nothing(cli, imported, tmp_path):
    before = counts()
    body = [list(r) for r in SEED_001]
    body[2][3] = "five hundred"
    body[6][0] = "6"
    r = _import(cli, write_csv(tmp_path / "bad.csv", rows(body)))
    assert r.code == 1
    lines = r.err.strip().splitlines()
    assert lines == [
        "Error: bad.csv, row 6, field 'Original allocation': is not an amount in pounds; "
        "write an amount in pounds such as 4000, 4,000.00 or £4,000.00, or leave it blank "
        "(got 'five hundred')",
        "Error: bad.csv, row 10, field 'Line': line 6 is also on row 9; give each line its own "
        "number (got '6')",
        "Nothing was imported: 2 problems to correct.",
    ]
    assert counts() == before


@pytest.mark.parametrize(
    "content, message",
    [
        (b"Ref,Description\r\n1,x\r\n", "no heading row found"),
        (b"Line,Item,Original allocation\r\n1,Caf\x81,5\r\n", "cannot be read as UTF-8"),
        (b"Line,Item,Original allocation\r\n1,x,5\r\n1,y,5\r\n", "line 1 is also on row 2"),
        (b"Line,Item,Original allocation\r\n1,x,lots\r\n", "not an amount"),
    ],
)
def test_each_bad_input_is_one_line(cli, demo, tmp_path, content, message):
    before = counts()
    path = tmp_path / "b.csv"
    path.write_bytes(content)
    r = _import(cli, path, "--fund", "F")
    assert r.code == 1 and message in r.err and "Traceback" not in r.err
    assert counts() == before


def test_a_sound_file_refused_by_the_records_changes_nothing(cli, imported, tmp_path):
    """Line 3 is paid from another fund in the app: refused after other lines were
    already written in the same transaction, which is undone."""
    other = Fund(partnership=BudgetLine.objects.first().year.partnership, name="Other")
    other.save_by(None)
    line3 = BudgetLine.objects.get(number=3)
    line3.fund = other
    line3.save_by(None)
    before = counts()
    body = [list(r) for r in SEED_001]
    body[0][1] = "Renamed line 1"  # written first, then undone
    r = _import(cli, write_csv(tmp_path / "b.csv", rows(body)), "--fund", "CDRP budget")
    assert r.code == 1
    assert "row 6: line 3 is paid from Other in the web app, not CDRP budget" in r.err
    assert "import with --fund Other or change the line's fund in the app first" in r.err
    assert counts() == before
    # The web form has no such flag: its users are told to change the line's fund.
    with pytest.raises(ImportRefused) as e:
        import_budget(
            line3.year.partnership, "2016/17", read_budget(tmp_path / "b.csv"), fund="CDRP budget"
        )
    assert web_text(e.value).endswith("not CDRP budget; change the line's fund in the app first")
    assert BudgetLine.objects.get(number=1).item == "Research and analysis"


def test_unknown_partnership_year_and_closed_year(cli, imported, tmp_path):
    r = cli("finance", "report", "--partnership", "nowhere", "--year", "2016/17")
    assert r.code == 1 and "no partnership 'nowhere' (known: south-cambs)" in r.err
    r = cli("finance", "report", "--partnership", "south-cambs", "--year", "2001/02")
    assert r.code == 1 and "no financial year 2001/02 (held: 2016/17)" in r.err
    r = cli("finance", "report", "--partnership", "south-cambs", "--year", "2016")
    assert r.code == 1 and "is not a financial year: write it like 2025/26" in r.err
    from saferplaces.web.finance.ledger import close_year
    from saferplaces.web.finance.models import FinancialYear

    close_year(FinancialYear.objects.get(year="2016/17"), None)
    before = counts()
    r = _import(cli, write_csv(tmp_path / "b.csv", rows()))
    assert r.code == 1 and "2016/17 is closed" in r.err and counts() == before
