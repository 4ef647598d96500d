"""The agenda pack and minutes as PDF and Word, read back as a reader would."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from django.urls import reverse

from tests.web.conftest import restricted_item


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _docx_text(content: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return "\n".join(parts)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")
def test_agenda_pack_pdf_member_and_public_editions(clients, demo, meetings, tmp_path):
    m3 = meetings[2]
    url = reverse("meetings:agenda_pack", args=[demo.slug, m3.pk, "pdf"])
    resp = clients["board"].get(url)
    assert resp["Content-Type"] == "application/pdf" and resp.content.startswith(b"%PDF")
    text = _pdf_text(resp.content, tmp_path)
    secret = restricted_item(m3).title
    assert "Member edition" in text and secret in text and "RESTRICTED" in text
    assert "Lead officer(s)" in text and "(mins)" in text
    assert "Looking back" in text and "Looking ahead" in text
    assert "Action points for review" in text and "Illustrative data" in text
    public = _pdf_text(clients["anonymous"].get(url).content, tmp_path)
    assert "Public edition" in public and secret not in public and "Restricted item" in public


def test_agenda_pack_docx(clients, demo, meetings):
    m3 = meetings[2]
    resp = clients["officer"].get(reverse("meetings:agenda_pack", args=[demo.slug, m3.pk, "docx"]))
    assert "attachment" in resp["Content-Disposition"]
    text = _docx_text(resp.content)
    for item in m3.items():
        assert f"{item.number} | {item.title}" in text
    assert "Body and number" in text and "Board " in text


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")
def test_minutes_pdf_and_docx_say_draft_or_agreed(clients, demo, meetings, tmp_path):
    m1, m2, _ = meetings
    agreed = _pdf_text(
        clients["board"].get(reverse("meetings:minutes", args=[demo.slug, m1.pk, "pdf"])).content,
        tmp_path,
    )
    assert "(draft)" not in agreed and "Agreed at the meeting of" in agreed
    assert "Present" in agreed and "Apologies" in agreed and "Declarations of interest" in agreed
    point = m1.action_points.get(status="closed")
    assert point.number in agreed
    draft = _docx_text(
        clients["board"].get(reverse("meetings:minutes", args=[demo.slug, m2.pk, "docx"])).content
    )
    assert "(DRAFT)" in draft and "Decision:" in draft
    # The public only gets agreed minutes, and never restricted ones.
    public = _docx_text(
        clients["anonymous"]
        .get(reverse("meetings:minutes", args=[demo.slug, m1.pk, "docx"]))
        .content
    )
    secret = restricted_item(m1)
    assert secret.title not in public and secret.minute.text not in public
    assert "Restricted item" in public


def test_exports_of_restricted_content_are_logged(clients, demo, meetings):
    from saferplaces.web.core.models import AuditEvent

    m3 = meetings[2]
    clients["board"].get(reverse("meetings:agenda_pack", args=[demo.slug, m3.pk, "docx"]))
    ev = AuditEvent.objects.filter(action="download", username="board").get()
    assert ev.object_id == str(restricted_item(m3).pk)


def test_unknown_format_is_404(clients, demo, meetings):
    url = f"/p/{demo.slug}/meetings/{meetings[0].pk}/agenda.odt"
    assert clients["officer"].get(url).status_code == 404
