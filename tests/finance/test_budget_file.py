"""Reading the budget spreadsheet officers keep: seed 001's layout in CSV and XLSX, in
the encodings Excel writes, and every bad input refused with its row, column, value and
what would be accepted."""

from __future__ import annotations

import codecs
from decimal import Decimal

import pytest

from saferplaces.cli.phrasing import cli_text
from saferplaces.finance.budget_file import BudgetFileError, read_budget, split_actions
from saferplaces.web.evidence.phrasing import web_text
from tests.finance.budgets import (
    HEADER,
    ORIGINAL_TOTAL,
    REVISED_TOTAL,
    SEED_001,
    rows,
    write_csv,
    write_xlsx,
)


def _check_seed(budget):
    assert [r.line for r in budget.rows] == list(range(1, 11))
    # Totals against the figures the paper prints, added by hand (see budgets.py).
    assert budget.original_total == Decimal(ORIGINAL_TOTAL)
    assert budget.revised_total == Decimal(REVISED_TOTAL)
    by = {r.line: r for r in budget.rows}
    assert by[1].actions == ("3.1", "3.2", "3.3")
    assert by[8].actions == ("3.1", "3.2", "3.3")  # "3.1,3.2, 3.3" as typed
    assert by[8].original == Decimal("1277.00") and by[8].revised == Decimal("0.00")
    assert by[9].original == Decimal("0.00") and by[9].revised == Decimal("1277.00")
    assert by[10].revised is None and by[10].current == Decimal("0.00")  # blank: none
    assert by[2].actions == ("1.6",)
    assert by[4].notes == "Invoice £1,013.70"
    assert budget.total_row is not None
    assert any("below the totals row" in w for w in budget.warnings)


def test_seed_001_as_csv(tmp_path):
    budget = read_budget(write_csv(tmp_path / "budget.csv", rows()))
    _check_seed(budget)
    assert budget.encoding == "utf-8"


def test_seed_001_as_xlsx(tmp_path):
    budget = read_budget(write_xlsx(tmp_path / "budget.xlsx", rows()))
    _check_seed(budget)
    assert "sheet 'Budget'" in budget.where


@pytest.mark.parametrize(
    "encoding, sep, expect",
    [
        ("cp1252", ",", "windows-1252"),  # Excel's "CSV" on Windows: £ is byte 0xA3
        ("utf-8-sig", ",", "utf-8-sig"),  # Excel's "CSV UTF-8"
        ("utf-16", "\t", "utf-16"),  # Excel's "Unicode text"
        ("utf-8", ";", "utf-8"),  # a semicolon-separated export
    ],
)
def test_the_encodings_excel_writes(tmp_path, encoding, sep, expect):
    grid = rows([[*r[:3], f"£{r[3]}", r[4], r[5]] for r in SEED_001])
    budget = read_budget(write_csv(tmp_path / "b.csv", grid, encoding=encoding, sep=sep))
    assert budget.encoding == expect
    assert budget.original_total == Decimal("15777.00")
    assert {r.line: r.notes for r in budget.rows}[4] == "Invoice £1,013.70"


def test_headings_in_any_case_and_order(tmp_path):
    header = ["NOTES", "original allocation (£)", "item", "line"]
    body = [["a note", "£4,000.00", "Research", "1"], ["", "500", "Training", "2"]]
    budget = read_budget(write_csv(tmp_path / "b.csv", [header, *body]))
    assert [(r.line, r.item, r.original, r.revised, r.notes) for r in budget.rows] == [
        (1, "Research", Decimal("4000.00"), None, "a note"),
        (2, "Training", Decimal("500.00"), None, ""),
    ]


def _problems(path) -> list[str]:
    with pytest.raises(BudgetFileError) as e:
        read_budget(path)
    return [str(p) for p in e.value.problems]


def test_wrong_header_is_refused_naming_the_headings(tmp_path):
    path = write_csv(tmp_path / "b.csv", [["Ref", "Description", "Budget"], ["1", "x", "4"]])
    (msg,) = _problems(path)
    assert msg.startswith("b.csv: no heading row found")
    assert "Line, Item, Relates to actions, Original allocation" in msg
    assert "Ref, Description, Budget" in msg


def test_a_missing_required_column_is_refused(tmp_path):
    path = write_csv(tmp_path / "b.csv", [["Line", "Item", "Notes"], ["1", "x", ""]])
    (msg,) = _problems(path)
    assert "row 1" in msg and "'Original allocation'" in msg


def test_text_in_an_amount_names_row_column_value_and_what_is_accepted(tmp_path):
    body = [list(r) for r in SEED_001]
    body[4][3] = "five hundred"  # line 5, spreadsheet row 8 (title, blank, header first)
    msgs = _problems(write_csv(tmp_path / "b.csv", rows(body)))
    assert msgs == [
        "b.csv, row 8, field 'Original allocation': is not an amount in pounds; write an "
        "amount in pounds such as 4000, 4,000.00 or £4,000.00, or leave it blank "
        "(got 'five hundred')"
    ]


def test_duplicate_line_number_names_both_rows(tmp_path):
    body = [list(r) for r in SEED_001]
    body[5][0] = "3"  # line 6 typed as 3 again: rows 6 and 9
    (msg,) = _problems(write_csv(tmp_path / "b.csv", rows(body, totals=False)))
    assert msg == (
        "b.csv, row 9, field 'Line': line 3 is also on row 6; give each line its own number "
        "(got '3')"
    )


def test_an_undecodable_file_is_refused_with_how_to_fix_it(tmp_path):
    path = tmp_path / "b.csv"
    # 0x81 is not a character in Windows-1252, and not UTF-8 either.
    path.write_bytes(b"Line,Item,Original allocation\r\n1,Training\x81,500\r\n")
    with pytest.raises(BudgetFileError) as e:
        read_budget(path)
    (problem,) = e.value.problems
    msg = str(problem)
    assert msg.startswith("b.csv: cannot be read as UTF-8, UTF-16 or Windows-1252")
    assert "byte 0x81 on line 2" in msg and "save it from Excel as 'CSV UTF-8'" in msg
    # The library names no flag; the command line adds its own, the web form (which has
    # no encoding field) says only how to save the file.
    assert "--encoding" not in msg
    assert cli_text(problem).endswith("'CSV UTF-8', or name its encoding with --encoding")
    assert web_text(problem) == msg


def test_a_binary_or_old_excel_file_is_refused(tmp_path):
    nul = tmp_path / "n.csv"
    nul.write_bytes(b"Line\x00Item\x00")
    assert "not a text file" in _problems(nul)[0]
    xls = tmp_path / "old.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    assert "Excel 97-2003" in _problems(xls)[0]
    fake = tmp_path / "fake.xlsx"
    fake.write_text("Line,Item\n")
    assert "not an Excel workbook" in _problems(fake)[0]


def test_every_problem_is_listed_at_once(tmp_path):
    body = [list(r) for r in SEED_001]
    body[0][3] = "12.345"  # too fine
    body[1][0] = "two"  # not a line number
    body[2][1] = ""  # no item
    body[3][2] = "all partners"  # not an action number
    body[4][3] = "-500"  # negative
    msgs = _problems(write_csv(tmp_path / "b.csv", rows(body)))
    assert [m.split(":")[0] for m in msgs] == [
        "b.csv, row 4, field 'Original allocation'",
        "b.csv, row 5, field 'Line'",
        "b.csv, row 6, field 'Item'",
        "b.csv, row 7, field 'Relates to actions'",
        "b.csv, row 8, field 'Original allocation'",
    ]
    assert "more than two decimal places" in msgs[0]
    assert "whole number" in msgs[1]
    assert "'all partners'" in msgs[3]
    assert "is negative" in msgs[4]


def test_a_totals_row_that_does_not_add_up_is_refused(tmp_path):
    grid = rows()
    grid[-4][3] = "15,776.00"  # the totals row, one pound short
    (msg,) = _problems(write_csv(tmp_path / "b.csv", grid))
    assert "row 14, field 'Original allocation': the totals row says £15,776.00 but the " in msg
    assert "lines add up to £15,777.00" in msg


def test_a_formula_without_its_saved_result_is_refused(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append([1, "Research", "3.1", 4000, None, ""])
    ws.append([2, "Training", "1.1", "=B2*2", None, ""])  # never calculated by Excel
    wb.save(tmp_path / "b.xlsx")
    (msg,) = _problems(tmp_path / "b.xlsx")
    assert "row 3, field 'Original allocation': holds a formula with no saved result" in msg


def test_no_lines_is_refused(tmp_path):
    (msg,) = _problems(write_csv(tmp_path / "b.csv", [HEADER]))
    assert "no budget lines under the headings" in msg


def test_unknown_columns_are_named_in_a_warning(tmp_path):
    grid = [[*HEADER, "Spent to date"], [*SEED_001[0], "1200"]]
    budget = read_budget(write_csv(tmp_path / "b.csv", grid))
    assert budget.warnings == [
        "column G ('Spent to date') is not one of the budget headings and was not read"
    ]


@pytest.mark.parametrize(
    "text, good, bad",
    [
        ("3.1,3.2, 3.3", ("3.1", "3.2", "3.3"), []),
        ("1.1 and 2.2", ("1.1", "2.2"), []),
        ("3.2 a; 3.2 b", ("3.2 a", "3.2 b"), []),
        (1.6, ("1.6",), []),
        ("all partners", (), ["all partners"]),
        ("", (), []),
    ],
)
def test_action_numbers_as_budgets_write_them(text, good, bad):
    assert split_actions(text) == (good, bad)


def test_the_bom_decides_before_guessing(tmp_path):
    path = tmp_path / "b.csv"
    path.write_bytes(codecs.BOM_UTF8 + "Line,Item,Original allocation\n1,Café,£5\n".encode())
    budget = read_budget(path)
    assert budget.rows[0].item == "Café" and budget.encoding == "utf-8-sig"
