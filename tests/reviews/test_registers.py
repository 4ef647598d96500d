"""Reading register spreadsheets: every bad input refused with its row, column, value and
what is accepted; a good file read in full (CSV and .xlsx, ISO and UK dates)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from saferplaces.core.errors import SaferplacesError
from saferplaces.reviews.registers import RegisterRefused, read_register

HEADER = (
    "reference,received,applicant (victim|on behalf),threshold_met (yes|no),decision_date,"
    "review_date,recommendations_made (yes|no),outcome,applicant_informed"
)
GOOD = "ASB-1,2025-04-02,victim,yes,10/04/2025,2025-05-01,yes,Joint plan agreed,2025-05-06"
TODAY = date(2026, 1, 1)


def write(tmp_path: Path, *rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "register.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def refused(path: Path, kind: str = "asb") -> list[str]:
    with pytest.raises(RegisterRefused) as e:
        read_register(path, kind, today=TODAY)
    assert "nothing was imported" in str(e.value)
    return e.value.lines()


def test_a_good_file_is_read_whole(tmp_path):
    path = write(tmp_path, GOOD, "ASB-2,31/03/2026,on behalf,,,,,,".replace("2026", "2025"))
    reg = read_register(path, "asb", today=TODAY)
    assert [r.row for r in reg.rows] == [2, 3]
    first = reg.rows[0].values
    assert first["decision_date"] == date(2025, 4, 10)  # UK form
    assert first["applicant"] == "victim" and first["threshold_met"] is True
    second = reg.rows[1].values
    assert second["applicant"] == "on_behalf" and second.get("threshold_met") is None


@pytest.mark.parametrize(
    "row, expected",
    [
        (
            GOOD.replace("10/04/2025", "31/02/2025"),
            "row 3, column 'decision_date': '31/02/2025' is not a real date",
        ),
        (
            GOOD.replace("10/04/2025", "2025.04.10"),
            "'2025.04.10' is not a date: write it as 2025-06-30 or 30/06/2025",
        ),
        (
            GOOD.replace("victim", "neighbour"),
            "column 'applicant': 'neighbour' is not one of: victim, on behalf",
        ),
        (
            GOOD.replace(",yes,10/04", ",maybe,10/04"),
            "column 'threshold_met': 'maybe' is not yes or no",
        ),
        (GOOD.replace("ASB-1", ""), "column 'reference': is blank: it is required"),
        (GOOD.replace("2025-04-02", ""), "column 'received': is blank: it is required (a date)"),
        (GOOD.replace("2025-05-06", "2026-02-01"), "'2026-02-01' is in the future"),
        (
            GOOD.replace(",yes,10/04", ",no,10/04"),
            "column 'review_date': '2025-05-01' is given but the threshold was not met",
        ),
        (
            GOOD.replace("2025-05-01,yes", ",yes"),
            "column 'recommendations_made': 'yes' is yes but no review date is given",
        ),
        (
            GOOD.replace("10/04/2025", "01/04/2025"),
            "column 'decision_date': '2025-04-01' is before the application was received",
        ),
        (
            GOOD.replace("Joint plan agreed", "Victim Mrs Jones DOB 01/02/1980"),
            "column 'outcome': 'Victim Mrs Jones DOB 01/02/1980' looks like a date of birth",
        ),
        (GOOD.replace("Joint plan agreed", "Visited 14 Mill Road"), "looks like an address"),
        (GOOD.replace("Joint plan agreed", "Lives near CB23 6EA"), "looks like a full postcode"),
        (GOOD + ",extra", "expected 9 fields, found 10"),
    ],
)
def test_each_bad_cell_is_named(tmp_path, row, expected):
    lines = refused(write(tmp_path, GOOD.replace("ASB-1", "ASB-0"), row))
    assert any(expected in line for line in lines), lines
    assert all(line.startswith(str(tmp_path / "register.csv")) for line in lines)


def test_every_problem_is_listed_not_only_the_first(tmp_path):
    lines = refused(
        write(
            tmp_path,
            GOOD.replace("victim", "x"),
            GOOD.replace("ASB-1", "ASB-2").replace("yes,10", "y?,10"),
        )
    )
    assert len(lines) == 2 and "row 2" in lines[0] and "row 3" in lines[1]


def test_a_repeated_reference_is_refused(tmp_path):
    lines = refused(write(tmp_path, GOOD, GOOD))
    assert lines == [
        f"{tmp_path / 'register.csv'}, row 3, column 'reference': 'ASB-1' repeats row 2: "
        "references are unique"
    ]


def test_a_column_the_register_does_not_keep_is_refused(tmp_path):
    lines = refused(write(tmp_path, GOOD + ",Jo Bloggs", header=HEADER + ",victim name"))
    assert "column 'victim name': is not a column of the register; remove it" in lines[0]


def test_a_missing_required_column_is_refused(tmp_path):
    header = HEADER.replace("received,", "")
    lines = refused(write(tmp_path, GOOD.replace("2025-04-02,", ""), header=header))
    assert "the header lacks received" in lines[0]


def test_title_lines_above_the_header_are_skipped(tmp_path):
    # As downloaded from the register page, or kept with a title above the header.
    path = write(tmp_path, GOOD, header="RESTRICTED: ASB case review register\n\n" + HEADER)
    reg = read_register(path, "asb", today=TODAY)
    assert [r.row for r in reg.rows] == [4]
    assert reg.rows[0].values["reference"] == "ASB-1"


def test_a_file_of_one_column_is_refused_at_its_first_row(tmp_path):
    path = write(tmp_path, "ASB-1", "ASB-2", header="reference")
    lines = refused(path)
    assert "row 1: the header lacks received, applicant" in lines[0]


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "is empty"),
        (HEADER.encode() + b"\n", "has a header but no data rows"),
        (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "old .xls workbook"),
    ],
)
def test_files_that_cannot_be_read(tmp_path, content, message):
    path = tmp_path / "register.csv"
    path.write_bytes(content)
    with pytest.raises(SaferplacesError, match=message):
        read_register(path, "asb", today=TODAY)


def test_no_such_file_and_no_such_register(tmp_path):
    with pytest.raises(SaferplacesError, match="no such file"):
        read_register(tmp_path / "missing.csv", "asb")
    with pytest.raises(SaferplacesError, match="choose asb or dardr"):
        read_register(write(tmp_path, GOOD), "dhr")


def test_a_workbook_with_date_cells(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([h.split(" (")[0] for h in HEADER.split(",")])
    ws.append(
        [
            "ASB-9",
            datetime(2025, 5, 1),
            "On behalf",
            "No",
            datetime(2025, 5, 9),
            None,
            None,
            None,
            None,
        ]
    )
    path = tmp_path / "register.xlsx"
    wb.save(path)
    reg = read_register(path, "asb", today=TODAY)
    v = reg.rows[0].values
    assert (v["received"], v["applicant"], v["threshold_met"]) == (
        date(2025, 5, 1),
        "on_behalf",
        False,
    )


DARDR_HEADER = (
    "reference,notified_on,notified_by,decision,decision_on,home_office_notified_on,"
    "published_on,not_published_reason"
)


def test_dardr_register(tmp_path):
    path = write(
        tmp_path,
        "DARDR 2024/01,2024-02-01,police,hold,2024-02-20,2024-02-22,,",
        "DARDR 2024/02,01/06/2024,agency,not hold,2024-06-25,2024-06-26,,Not held",
        header=DARDR_HEADER,
    )
    reg = read_register(path, "dardr", today=TODAY)
    assert [r.values["decision"] for r in reg.rows] == ["hold", "not_hold"]


@pytest.mark.parametrize(
    "row, expected",
    [
        ("D1,2024-02-01,police,maybe,2024-02-20,,,", "column 'decision': 'maybe' is not one of"),
        ("D1,2024-02-01,police,,2024-02-20,,,", "is blank but a decision date is given"),
        (
            "D1,2024-02-01,police,hold,2024-01-20,,,",
            "'decision_on': '2024-01-20' is before the notification",
        ),
        (
            "D1,2024-02-01,police,hold,2024-02-20,,2025-01-01,Not yet",
            "is given but a publication date is too",
        ),
        (
            "D1,2024-02-01,ambulance,hold,2024-02-20,,,",
            "column 'notified_by': 'ambulance' is not one of",
        ),
    ],
)
def test_dardr_bad_rows(tmp_path, row, expected):
    lines = refused(write(tmp_path, row, header=DARDR_HEADER), "dardr")
    assert any(expected in line for line in lines), lines
