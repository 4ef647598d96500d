"""A paper's type is read from its content: real small files of each kind are accepted;
a web page renamed .pdf, a workbook named .docx or a bare zip are refused, saying what
the file is and what is accepted, and nothing is saved."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

ACCEPTED = "PDF, Word, Excel, PowerPoint, OpenDocument, CSV or text"


def _pdf() -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    out = io.BytesIO()
    Figure(figsize=(1, 1)).savefig(out, format="pdf")
    return out.getvalue()


def _docx() -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("Community safety partnership: performance report")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _xlsx() -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["Ward", "Incidents"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


def _odt() -> bytes:
    # The layout the OpenDocument standard requires: "mimetype" first, then the content.
    return _zip(
        {
            "mimetype": b"application/vnd.oasis.opendocument.text",
            "META-INF/manifest.xml": b"<manifest/>",
            "content.xml": b"<office:document-content/>",
        }
    )


HTML = b"<!DOCTYPE html>\n<html><body><script>alert(1)</script></body></html>"


@pytest.fixture
def upload(clients, demo, meetings):
    item = meetings[2].items().get(number="8")
    url = reverse("meetings:paper_add", args=[demo.slug, meetings[2].pk, item.pk])

    def post(name: str, content: bytes):
        f = SimpleUploadedFile(name, content)
        return clients["officer"].post(url, {"title": "Performance report", "file": f}), item

    return post


@pytest.mark.parametrize(
    "name, make",
    [
        ("report.pdf", _pdf),
        ("report.docx", _docx),
        ("figures.xlsx", _xlsx),
        ("notes.odt", _odt),
        ("figures.csv", lambda: "Ward,Incidents\nCambourne,12\nHistón,3\n".encode()),
        ("notes.txt", lambda: "Dates: 9 February < 12 March".encode("cp1252")),
        ("old.doc", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504),
    ],
)
def test_real_papers_of_each_kind_are_accepted(upload, name, make):
    content = make()
    resp, item = upload(name, content)
    assert resp.status_code == 302, resp.content.decode()[-2000:]
    paper = item.papers.get()
    with paper.file.open("rb") as f:
        assert f.read() == content


@pytest.mark.parametrize(
    "name, make, what",
    [
        ("report.pdf", lambda: HTML, "report.pdf is a web page (HTML), not a PDF document"),
        ("notes.txt", lambda: b"  <html><p>hi</p></html>", "is a web page (HTML), not plain text"),
        (
            "report.docx",
            _xlsx,
            "report.docx is an Excel workbook (.xlsx), not a Word document (.docx)",
        ),
        ("report.docx", lambda: _zip({"a.txt": b"x"}), "is a zip archive, not a Word document"),
        ("report.pdf", _docx, "is a Word document (.docx), not a PDF document"),
        ("report.pdf", lambda: b"MZ\x90\x00" + b"\x00" * 60, "is a program, not a PDF document"),
        ("report.xlsx", lambda: b"PK\x03\x04broken", "is a damaged zip file, not an Excel"),
        ("figures.csv", lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "is a PNG image"),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(upload, name, make, what):
    resp, item = upload(name, make())
    html = resp.content.decode()
    assert resp.status_code == 200 and "There is a problem" in html
    assert what in html and ACCEPTED in html
    assert not item.papers.exists()
