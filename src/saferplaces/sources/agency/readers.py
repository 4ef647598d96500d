"""Reading an agency file into a header and numbered rows: CSV (any delimiter and
encoding, gzipped or not) or an Excel workbook (.xlsx, one named sheet).

The format is decided by the content, not the name: a zip (an .xlsx workbook) is read
as a workbook, anything else as delimited text. File-level problems (empty, no header,
not a workbook, no such sheet) raise :class:`InputFileError`; a record that cannot be
read as a row (more values than the header has columns, bytes that are not text in the
file's encoding) is returned as rejected with its row number. Rows are numbered as a
spreadsheet numbers them.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from saferplaces.core.errors import InputFileError
from saferplaces.core.staging import expansion_limit, too_big
from saferplaces.sources.agency.spec import FileFormat
from saferplaces.sources.csv_records import csv_records, shown

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"  # an old binary .xls workbook
_GZIP = b"\x1f\x8b"


@dataclass(frozen=True)
class Rejected:
    row_number: int
    text: str
    reason: str


@dataclass
class RawTable:
    """A file read into cells: the header and every non-blank row after it."""

    display: str
    sha256: str
    header: list[str]
    header_row: int
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    kind: str = "csv"  # csv | xlsx


def read_bytes(path: Path) -> bytes:
    raw = path.read_bytes()
    if raw[:2] == _GZIP:
        limit = expansion_limit(len(raw))
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(raw)) as gz:
                content = gz.read(limit + 1)
        except (OSError, EOFError, zlib.error) as e:
            raise InputFileError(str(path), f"is a truncated or corrupt gzip file ({e})") from None
        if len(content) > limit:
            raise too_big(str(path), limit)
        return content
    if path.name.lower().endswith(".gz"):
        raise InputFileError(str(path), "is named .gz but is not a gzip file")
    return raw


def read_table(path: Path, fmt: FileFormat, display: str | None = None) -> RawTable:
    """Read ``path`` as ``fmt`` says (the content decides CSV or workbook)."""
    name = display or str(path)
    content = read_bytes(path)
    digest = hashlib.sha256(content).hexdigest()
    if not content.strip():
        raise InputFileError(
            name, "is empty (0 bytes)" if not content else "is empty (only blank space)"
        )
    if content[:4] == _OLE:
        raise InputFileError(
            name, "is an old .xls workbook; save it as .xlsx (Excel Workbook) or CSV and load that"
        )
    if content[:4] == _ZIP:
        return _read_xlsx(name, digest, content, fmt)
    return _read_csv(name, digest, content, fmt)


def _blank(cells: list[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _header(name: str, cells: list[Any], row: int) -> list[str]:
    header = ["" if c is None else str(c).strip().lstrip("\ufeff") for c in cells]
    while header and not header[-1]:
        header.pop()
    if not header:
        raise InputFileError(name, "has no header (the header row is blank)", row=row)
    return header


def _has_surrogates(s: str) -> bool:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _read_csv(name: str, digest: str, content: bytes, fmt: FileFormat) -> RawTable:
    encoding = fmt.encoding.lower().replace("_", "-")
    if encoding in ("utf-8", "utf8"):
        encoding = "utf-8-sig"
    if b"\x00" in content[:65536] and not encoding.startswith("utf-16"):
        raise InputFileError(
            name, "is not a text CSV file (it holds binary data); expected CSV or .xlsx"
        )
    # Bytes the encoding cannot read stay in the text as surrogates, so the one record
    # holding them is rejected and the rest of the file still loads.
    text = content.decode(encoding, errors="surrogateescape")
    table: RawTable | None = None

    def width() -> int | None:
        return len(table.header) if table is not None else None

    for number, record, why, line in csv_records(text, fmt.delimiter, width):
        if record is None:
            if table is None:
                raise InputFileError(name, why, row=number)
            table.rejected.append(Rejected(number, shown(line.rstrip("\r\n")), why))
            continue
        if table is None:
            if number < fmt.header_row:
                continue
            if any(_has_surrogates(c) for c in record):
                raise InputFileError(
                    name,
                    f"header is not {fmt.encoding} text; if the file came from Excel on "
                    'Windows, set encoding = "windows-1252" under [file] in the spec',
                    row=number,
                    code="input-file.encoding",
                    data={"encoding": "windows-1252"},
                )
            table = RawTable(name, digest, _header(name, record, number), number)
            continue
        if not "".join(record).strip():  # every cell blank (CSV cells are all text)
            continue
        _add_csv_row(table, number, record, fmt)
    if table is None:
        raise InputFileError(name, f"has no header row (expected it on row {fmt.header_row})")
    if not table.rows and not table.rejected:
        raise InputFileError(name, "has a header but no data rows", row=table.header_row)
    return table


def _add_csv_row(table: RawTable, number: int, record: list[str], fmt: FileFormat) -> None:
    width = len(table.header)
    text = fmt.delimiter.join(record)
    # One check of the whole line; only a line that fails is searched for its cell.
    bad = [i for i, c in enumerate(record) if _has_surrogates(c)] if _has_surrogates(text) else []
    if bad:
        column = table.header[bad[0]] if bad[0] < width else f"column {bad[0] + 1}"
        table.rejected.append(
            Rejected(
                number,
                shown(text),
                f"field {column!r} is not {fmt.encoding} text (set encoding under [file] in "
                "the spec; Excel on Windows writes windows-1252)",
            )
        )
        return
    # Trailing empty cells beyond the header are harmless; anything else is a broken row.
    while len(record) > width and not record[-1].strip():
        record = record[:-1]
    if len(record) > width:
        table.rejected.append(
            Rejected(number, shown(text), f"expected {width} fields, found {len(record)}")
        )
        return
    if len(record) < width:
        record = record + [""] * (width - len(record))
    table.rows.append((number, list(record)))


def _read_xlsx(name: str, digest: str, content: bytes, fmt: FileFormat) -> RawTable:
    import openpyxl  # only needed for workbooks

    try:
        # Read only: rows stream from the file instead of the whole workbook being built.
        wb = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as e:  # a damaged workbook fails in many ways inside openpyxl
        raise InputFileError(
            name, f"is a zip file but not a readable .xlsx workbook ({type(e).__name__})"
        ) from None
    try:
        return _read_sheet(name, digest, wb, fmt)
    except InputFileError:
        raise
    except Exception as e:  # streamed rows can fail late, in as many ways
        raise InputFileError(
            name, f"is a zip file but not a readable .xlsx workbook ({type(e).__name__})"
        ) from None
    finally:
        wb.close()


def _read_sheet(name: str, digest: str, wb: Any, fmt: FileFormat) -> RawTable:
    if fmt.sheet is not None:
        if fmt.sheet not in wb.sheetnames:
            raise InputFileError(
                name,
                f"has no sheet {fmt.sheet!r}; its sheets are: "
                + ", ".join(repr(s) for s in wb.sheetnames),
            )
        ws = wb[fmt.sheet]
    else:
        ws = wb.worksheets[0]
    if hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()  # some writers record a wrong size; read every row there is
    where = f"{name} [{ws.title}]"
    table: RawTable | None = None
    for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
        cells = list(values)
        if table is None:
            if number < fmt.header_row:
                continue
            table = RawTable(where, digest, _header(where, cells, number), number, kind="xlsx")
            continue
        if _blank(cells):
            continue
        width = len(table.header)
        while len(cells) > width and cells[-1] in (None, ""):
            cells.pop()
        if len(cells) > width:
            table.rejected.append(
                Rejected(
                    number,
                    shown(",".join("" if c is None else str(c) for c in cells)),
                    f"expected {width} cells under the header, found {len(cells)}",
                )
            )
            continue
        table.rows.append((number, cells + [None] * (width - len(cells))))
    if table is None:
        raise InputFileError(where, f"is empty (no header on row {fmt.header_row})")
    if not table.rows and not table.rejected:
        raise InputFileError(where, "has a header but no data rows", row=table.header_row)
    return table
