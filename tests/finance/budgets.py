"""Budget spreadsheets shaped like the board papers: seed 001's CDRP budget (its line
numbers, action references and every figure; the items reworded), as CSV or XLSX."""

from __future__ import annotations

from pathlib import Path

TITLE = "Partnership budget April 2016 to March 2017: February update"
HEADER = [
    "Line",
    "Item",
    "Relates to Actions",
    "Original Allocation",
    "Revised allocation",
    "Notes",
]
# line, item, actions, original, revised, notes (as typed in the paper: 4000.00, 0, blank)
SEED_001 = [
    ["1", "Research and analysis", "3.1, 3.2, 3.3", "4000.00", "4000.00", "Assessment received"],
    ["2", "School drama presentations", "1.6", "4500.00", "4500.00", "Booked for March"],
    ["3", "Parish training event", "1.1", "500.00", "500.00", ""],
    ["4", "Hoarding training", "1.1, 1.5", "1000.00", "1000.00", "Invoice £1,013.70"],
    ["5", "Hate crime", "1.8", "500.00", "500.00", ""],
    ["6", "Community protection work", "1.9", "2000.00", "2000.00", ""],
    ["7", "Burglary prevention", "2.2", "2000.00", "2000.00", ""],
    ["8", "Community engagement", "3.1,3.2, 3.3", "1277.00", "0", "Re-allocated to lines 9 and 10"],
    ["9", "Home security scheme", "1.1, 2.2", "0", "1277.00", "Awaiting costings"],
    ["10", "Information packs for the parish event", "1.1", "0", "", "Awaiting costings"],
]
TOTALS = ["", "", "", "15,777.00", "15,777.00", ""]
NOTES = [["Notes:"], ["Two meetings agreed to move line 8's money to lines 9 and 10."]]

# Hand-added from the paper: 4000 + 4500 + 500 + 1000 + 500 + 2000 + 2000 + 1277.
ORIGINAL_TOTAL = "15777.00"
REVISED_TOTAL = "15777.00"  # the same, with line 8 at 0 and line 9 at 1277


def rows(body=SEED_001, *, title=True, totals=True, notes=True, header=HEADER):
    out = []
    if title:
        out += [[TITLE], []]
    out.append(header)
    out += [list(r) for r in body]
    # Copies: tests edit the grid they get (a totals row a pound short), and that edit
    # must not reach the next test that asks for the seed's rows.
    if totals:
        out.append(list(TOTALS))
    if notes:
        out += [[], *(list(n) for n in NOTES)]
    return out


def write_csv(path: Path, grid, *, encoding="utf-8", sep=",") -> Path:
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf, delimiter=sep, lineterminator="\r\n").writerows(grid)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, grid, *, numbers=True) -> Path:
    """As Excel holds it: amounts, line numbers and a lone action number as numbers."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Budget"
    for r in grid:
        ws.append([_number(v) if numbers else v for v in r])
    wb.save(path)
    return path


def _number(v):
    if not isinstance(v, str):
        return v
    t = v.replace(",", "")
    try:
        return int(t)
    except ValueError:
        pass
    try:
        return float(t)
    except ValueError:
        return v
