"""The document's tables as open data: a spreadsheet (one sheet per table and per
figure's data, plus a notes sheet) and CSV files with an index.

Numbers are stored as numbers; hidden (suppressed) cells hold their marker text
(``<5``, ``[c]``), exactly as the document shows them.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from saferplaces.document.formatting import EXCEL_FORMATS, data_value
from saferplaces.document.model import (
    Callout,
    Cell,
    Document,
    ListBlock,
    Narrative,
    Paragraph,
    Table,
)
from saferplaces.document.safe_text import csv_writer, workbook_text

BOLD = Font(bold=True)
RED = Font(bold=True, color="B10E1E")
HEADER_FILL = PatternFill("solid", fgColor="DEE0E2")


def sheet_items(doc: Document) -> list[tuple[str, str, Table, str, list[str]]]:
    """(sheet name, caption, table, source, notes) for every table and figure's data."""
    items = []
    for _, b in doc.blocks():
        if isinstance(b, Table):
            items.append((b.label, f"{b.label}: {b.caption}", b, b.source, b.notes))
        elif hasattr(b, "chart"):
            items.append(
                (f"{b.label} data", f"Data for {b.label}: {b.caption}", b.data, b.source, b.notes)
            )
    return items


def _text_of(n: Narrative) -> list[str]:
    lines = []
    for b in n.blocks:
        if isinstance(b, Paragraph):
            lines.append(b.text)
        elif isinstance(b, ListBlock):
            lines += ["• " + "".join(r.text for r in item) for item in b.items]
    return lines


def _notes_sheet(wb: Workbook, doc: Document, items) -> None:
    ws = wb.active
    ws.title = "Notes"
    ws.append([doc.edition_line])
    ws["A1"].font = RED if doc.marking else BOLD
    ws.append([doc.full_title])
    ws["A2"].font = Font(bold=True, size=14)
    ws.append([])
    for key, label in (
        ("area_code", "Area code"),
        ("period", "Period"),
        ("baseline", "Compared with"),
    ):
        if key in doc.meta:
            ws.append([label, str(doc.meta[key])])
    ws.append(["Area", doc.area])
    ws.append(["Edition", doc.edition])
    ws.append(["Created", doc.created])
    ws.append([])
    ws.append(["Sheet", "Contents"])
    for c in ws[ws.max_row]:
        c.font = BOLD
    for name, caption, *_ in items:
        ws.append([name, caption])
    ws.append([])
    notes = doc.find("data-notes")
    if notes is not None:
        ws.append(["Data notes"])
        ws[f"A{ws.max_row}"].font = BOLD
        for s, _ in notes.walk():
            for b in s.blocks:
                body = b.body if isinstance(b, Callout) else b
                if isinstance(body, Narrative):
                    for line in _text_of(body):
                        ws.append(["", line])
    ws.append([])
    for line in doc.attribution:
        ws.append(["", line])
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 120
    if doc.marking:
        ws.oddHeader.center.text = doc.marking
        ws.oddFooter.center.text = doc.marking


def _table_sheet(
    wb: Workbook, doc: Document, name: str, caption: str, t: Table, source: str, notes: list[str]
) -> None:
    ws = wb.create_sheet(name[:31])
    ws.append([doc.edition_line])
    ws["A1"].font = RED if doc.marking else BOLD
    ws.append([caption])
    ws["A2"].font = BOLD
    ws.append([])
    ws.append([c.header for c in t.columns])
    header_row = ws.max_row
    for c in ws[header_row]:
        c.font = BOLD
        c.fill = HEADER_FILL
        c.alignment = Alignment(wrap_text=True, vertical="bottom")
    for r, row in enumerate(t.rows):
        ws.append(
            [
                cell.text if cell.hidden else ("" if cell.value is None else cell.value)
                for cell in row
            ]
        )
        for j, (c, cell) in enumerate(zip(t.columns, row, strict=True)):
            xl = ws.cell(row=ws.max_row, column=j + 1)
            if c.kind in EXCEL_FORMATS and not cell.hidden and cell.value is not None:
                xl.number_format = EXCEL_FORMATS[c.kind]
            if cell.hidden:
                xl.alignment = Alignment(horizontal="right")
            if r in t.total_rows:
                xl.font = BOLD
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.append([])
    if source:
        ws.append([f"Source: {source}"])
    for n in notes:
        ws.append([n])
    for j, c in enumerate(t.columns):
        width = max([len(c.header)] + [len(r[j].text) for r in t.rows]) + 2
        ws.column_dimensions[get_column_letter(j + 1)].width = min(max(width, 9), 42)
    if doc.marking:
        ws.oddHeader.center.text = doc.marking
        ws.oddFooter.center.text = doc.marking


def write_xlsx(doc: Document, path: Path) -> Path:
    wb = Workbook()
    items = sheet_items(doc)
    _notes_sheet(wb, doc, items)
    for name, caption, table, source, notes in items:
        _table_sheet(wb, doc, name, caption, table, source, notes)
    wb.properties.title = doc.full_title
    wb.properties.keywords = doc.kind
    wb.properties.subject = doc.area
    wb.properties.creator = doc.author
    wb.properties.language = doc.language
    for ws in wb.worksheets:  # no text may become a live formula
        for row in ws.iter_rows():
            for c in row:
                workbook_text(c)
    wb.save(path)
    return path


def _csv_cell(cell: Cell, kind: str):
    """A number rounded as the document shows it; a hidden or missing value as its text."""
    return cell.text if cell.hidden or cell.value is None else data_value(cell.value, kind)


def write_csvs(doc: Document, folder: Path) -> list[Path]:
    """One CSV per table and per figure's data, and ``index.csv`` describing them."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    index = [["file", "caption", "source", "notes", "edition"]]
    for name, caption, table, source, notes in sheet_items(doc):
        number = name.split()[1]
        kind = "table" if name.startswith("Table") else "figure"
        file = folder / f"{kind}-{int(number):02d}-{table.id}.csv"
        with file.open("w", encoding="utf-8", newline="") as fh:
            w = csv_writer(fh)
            w.writerow([c.header for c in table.columns])
            for row in table.rows:
                w.writerow([_csv_cell(x, c.kind) for c, x in zip(table.columns, row, strict=True)])
        written.append(file)
        index.append([file.name, caption, source, " ".join(notes), doc.edition_line])
    idx = folder / "index.csv"
    with idx.open("w", encoding="utf-8", newline="") as fh:
        csv_writer(fh).writerows(index)
    return [idx, *written]
