"""What a paper really is, read from its first bytes and (for Office and OpenDocument
files, which are zip packages) the parts inside, never from its name alone: a web page
renamed ``report.pdf`` is still a web page, and a browser opening it from our site
would run it."""

from __future__ import annotations

import zipfile
from typing import IO

# Office Open XML: the package's content types, then the part that makes it this kind.
_OOXML = {
    ".docx": ("word/document.xml", "a Word document (.docx)"),
    ".xlsx": ("xl/workbook.xml", "an Excel workbook (.xlsx)"),
    ".pptx": ("ppt/presentation.xml", "a PowerPoint presentation (.pptx)"),
}
# OpenDocument: the first part, "mimetype", says which kind.
_ODF_TYPE = "application/vnd.oasis.opendocument."
_ODF = {
    ".odt": (_ODF_TYPE + "text", "an OpenDocument text (.odt)"),
    ".ods": (_ODF_TYPE + "spreadsheet", "an OpenDocument spreadsheet (.ods)"),
    ".odp": (_ODF_TYPE + "presentation", "an OpenDocument presentation (.odp)"),
}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word, Excel and PowerPoint 97-2003
# What a text file must not be: markup a browser would render and run.
_MARKUP = (b"<!doctype html", b"<html", b"<head", b"<body", b"<script", b"<svg", b"<?xml")

ACCEPTED = "PDF, Word, Excel, PowerPoint, OpenDocument, CSV or text"


def paper_problem(name: str, suffix: str, f: IO[bytes]) -> str | None:
    """None if ``f`` (named ``name``, ending ``suffix``) is what its name says; else
    what it really is, for the person uploading it. ``f`` is read, then rewound."""
    f.seek(0)
    head = f.read(2048)
    f.seek(0)
    try:
        actual = _describe(head, f)
    finally:
        f.seek(0)
    if actual == _expected(suffix):
        return None
    wanted = _expected(suffix) or f"a {suffix} file"
    return (
        f"{name} is {actual}, not {wanted}: upload the paper itself as a {ACCEPTED} file, "
        "saved with the right ending."
    )


def _expected(suffix: str) -> str | None:
    if suffix == ".pdf":
        return "a PDF document"
    if suffix in _OOXML:
        return _OOXML[suffix][1]
    if suffix in _ODF:
        return _ODF[suffix][1]
    if suffix in (".doc", ".xls", ".ppt"):
        return "an Office 97-2003 document"
    if suffix == ".rtf":
        return "a rich text document (.rtf)"
    if suffix in (".csv", ".txt"):
        return "plain text"
    return None


def _describe(head: bytes, f: IO[bytes]) -> str:
    if head.startswith(b"%PDF-"):
        return "a PDF document"
    if head.startswith(_OLE):
        return "an Office 97-2003 document"
    if head.startswith(b"{\\rtf"):
        return "a rich text document (.rtf)"
    if head.startswith(b"PK\x03\x04"):
        return _describe_zip(f)
    if head.startswith(b"MZ") or head.startswith(b"\x7fELF"):
        return "a program"
    for magic, what in (
        (b"\x89PNG", "a PNG image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"\x1f\x8b", "a gzip archive"),
    ):
        if head.startswith(magic):
            return what
    return _describe_text(head)


def _describe_zip(f: IO[bytes]) -> str:
    try:
        with zipfile.ZipFile(f) as z:
            names = set(z.namelist())
            if "[Content_Types].xml" in names:
                for part, what in _OOXML.values():
                    if part in names:
                        return what
            if "mimetype" in names:
                kind = z.read("mimetype").decode("ascii", "replace").strip()
                for mime, what in _ODF.values():
                    if kind == mime:
                        return what
    except (zipfile.BadZipFile, OSError, ValueError):
        return "a damaged zip file"
    return "a zip archive"


def _describe_text(head: bytes) -> str:
    if b"\x00" in head:
        return "a binary file of a kind we do not accept"
    try:
        text = head.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as e:
        # Cut off mid-character at the end of what was read: still text.
        if e.start < len(head) - 4:
            try:
                text = head.decode("cp1252")
            except UnicodeDecodeError:
                return "a binary file of a kind we do not accept"
        else:
            text = head[: e.start].decode("utf-8")
    start = text.lstrip().lower().encode()
    if any(start.startswith(m) for m in _MARKUP) or b"<script" in text.lower().encode():
        return "a web page (HTML)" if not start.startswith(b"<?xml") else "an XML file"
    return "plain text"
