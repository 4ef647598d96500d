"""The workshop sheet: CSV and Excel read whole; every bad cell one error naming the row,
the column, the value and what is allowed; nothing used from a sheet with a problem."""

from __future__ import annotations

import pytest

from saferplaces.core.errors import InputFileError
from saferplaces.priorities.sheet import COLUMNS, SheetError, read_sheet

HEADER = ",".join(COLUMNS)
GOOD = [
    "Burglary,Ann,2,4,3,3,3,,,4,3,high",
    "Burglary,Bo,1,3,4,3,2,2,3,3,2,Medium",
    "County lines,Ann,4,4,2,3,4,2,3,3,2,low",
]


def write(tmp_path, lines, name="scores.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


def test_a_good_csv_is_read_whole(tmp_path):
    sheet = read_sheet(write(tmp_path, [HEADER, *GOOD]))
    assert [(r.row, r.issue, r.scorer) for r in sheet.rows] == [
        (2, "Burglary", "Ann"),
        (3, "Burglary", "Bo"),
        (4, "County lines", "Ann"),
    ]
    first = sheet.rows[0]
    assert first.scores["volume"] is None and first.scores["trend"] is None
    assert first.scores["physical"] == 2 and first.confidence == "high"
    assert sheet.rows[1].confidence == "medium"


def test_headers_as_people_write_them_and_other_columns_noted(tmp_path):
    header = HEADER.replace("community_concern", "Community concern").replace("issue", "Issue")
    sheet = read_sheet(write(tmp_path, [header + ",Notes", GOOD[0] + ",said at the workshop"]))
    assert sheet.rows[0].scores["community_concern"] == 4
    assert sheet.notes == ["Columns not read: Notes."]


def test_an_excel_sheet_with_numbers_as_numbers(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(list(COLUMNS))
    ws.append(["Burglary", "Ann", 2, 4, 3.0, 3, 3, None, None, 4, 3, "high"])
    ws.append(["Burglary", "Bo", 1, 3, 4, 3, 2, 2, 3, 3, 2, "low"])
    path = tmp_path / "workshop.xlsx"
    wb.save(path)
    sheet = read_sheet(path)
    assert [r.scores["financial"] for r in sheet.rows] == [3, 4]
    assert sheet.rows[0].scores["volume"] is None
    ws.cell(row=3, column=COLUMNS.index("capacity") + 1, value=2.5)
    wb.save(path)
    with pytest.raises(SheetError) as e:
        read_sheet(path)
    assert str(e.value) == (
        f"{path} [Sheet], row 3: column 'capacity': 2.5 is not allowed; allowed: a whole "
        "number from 1 to 4"
    )


@pytest.mark.parametrize(
    "row, column, shown, allowed",
    [
        ("Burglary,Cy,2,4,7,3,3,,,4,3,high", "financial", "'7'", "from 1 to 4, or blank"),
        ("Burglary,Cy,2,4,3,3,0,,,4,3,high", "vulnerability", "'0'", "from 1 to 4"),
        ("Burglary,Cy,2,4,3,3,3,,,high,3,high", "community_concern", "'high'", "from 1 to 4"),
        ("Burglary,Cy,2,4,3,3,3,,,4,,high", "capacity", "blank", "from 1 to 4"),
        ("Burglary,Cy,2,4,3,3,3,,,4,3,sure", "confidence", "'sure'", "low, medium, high"),
        ("Burglary,Cy,2,4,3,3,3,,,4,3,", "confidence", "blank", "low, medium, high"),
        (",Cy,2,4,3,3,3,,,4,3,high", "issue", "blank", "the issue's name"),
        ("Burglary,Ann,2,4,3,3,3,,,4,3,high", "scorer", "'Ann'", "Ann scored Burglary on row 2"),
        ("Burglary,Cy,2,4,3,3,3,2.5,,4,3,high", "volume", "'2.5'", "from 1 to 4"),
    ],
)
def test_a_bad_cell_is_one_error_naming_row_column_value_and_range(
    tmp_path, row, column, shown, allowed
):
    path = write(tmp_path, [HEADER, *GOOD, row])
    with pytest.raises(SheetError) as e:
        read_sheet(path)
    message = str(e.value)
    assert message.startswith(f"{path}, row 5: column {column!r}: {shown} is not allowed; allowed:")
    assert allowed in message and "\n" not in message
    assert e.value.row == 5 and e.value.column == column


def test_the_first_problem_is_named_and_the_others_counted(tmp_path):
    path = write(
        tmp_path,
        [HEADER, GOOD[0], "Drugs,Bo,5,1,1,1,1,,,1,1,low", "Drugs,Cy,1,1,1,1,1,,,1,1,maybe"],
    )
    with pytest.raises(SheetError, match=r"row 3: column 'physical'.*\(and 1 more problem in"):
        read_sheet(path)


def test_missing_columns_and_empty_files(tmp_path):
    header = HEADER.replace(",capacity", "")
    with pytest.raises(InputFileError, match="has no column 'capacity'; the sheet needs: issue"):
        read_sheet(write(tmp_path, [header, "Burglary,Ann,2,4,3,3,3,,,4,high"]))
    with pytest.raises(InputFileError, match="no data rows"):
        read_sheet(write(tmp_path, [HEADER]))
    with pytest.raises(InputFileError, match="no such file"):
        read_sheet(tmp_path / "nothing.csv")


def test_excel_csv_from_windows_is_read(tmp_path):
    path = write(tmp_path, [HEADER, "Burglary,Zoë,2,4,3,3,3,,,4,3,high"], encoding="cp1252")
    sheet = read_sheet(path)
    assert sheet.rows[0].scorer == "Zoë"
    assert "windows-1252" in sheet.notes[0]
