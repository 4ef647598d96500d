"""The quality bars of issue 10 on the web app's documents, as a member and the public
download them: the agenda pack, the minutes and the action plan, in Word (A4, 2 cm
margins, page numbers, headings, language, Arial), as tagged PDF (structure tree, title,
language) and as HTML with no axe-core violations."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from django.urls import reverse

from saferplaces.document.kinds import document_kinds
from saferplaces.web.actions.models import Priority
from tests.helpers.document_checks import (
    CHROMIUM,
    QUALITY_TESTS,
    ROOT,
    axe_violations,
    check_docx,
    check_pdf,
)


def _documents(demo, meetings) -> list[tuple[str, str, str]]:
    """(who, url without format, title) of each document and edition."""
    m1, m2, m3 = meetings
    year = Priority.objects.filter(partnership=demo).first().plan_year
    plan = reverse("actions:print", args=[demo.slug, year.replace("/", "-")]).rstrip("/")
    return [
        ("board", f"/p/{demo.slug}/meetings/{m3.pk}/agenda", f"Agenda: {m3.title}"),
        ("anonymous", f"/p/{demo.slug}/meetings/{m3.pk}/agenda", f"Agenda: {m3.title}"),
        ("board", f"/p/{demo.slug}/meetings/{m2.pk}/minutes", f"Minutes (draft): {m2.title}"),
        ("anonymous", f"/p/{demo.slug}/meetings/{m1.pk}/minutes", f"Minutes: {m1.title}"),
        ("guest", plan, f"{demo.name}: priorities and action plan {year}"),
    ]


def test_every_web_document_in_word_and_pdf(clients, demo, meetings):
    for who, url, title in _documents(demo, meetings):
        word = clients[who].get(f"{url}.docx")
        assert word.status_code == 200, url
        d = check_docx(word.content)
        assert d.core_properties.title.startswith(title), url
        pdf = clients[who].get(f"{url}.pdf")
        reader = check_pdf(pdf.content, title="")
        marked = "RESTRICTED: " if "RESTRICTED" in reader.pages[0].extract_text() else ""
        assert reader.metadata.title.startswith(marked + title), url


def test_the_member_agenda_pack_is_marked_and_the_public_one_is_not(clients, demo, meetings):
    m3 = meetings[2]
    url = reverse("meetings:agenda_pack", args=[demo.slug, m3.pk, "docx"])
    member = check_docx(clients["board"].get(url).content)
    assert all(s.header.paragraphs[0].text == "RESTRICTED" for s in member.sections)
    public = check_docx(clients["anonymous"].get(url).content)
    assert all(s.header.paragraphs[0].text == "" for s in public.sections)
    assert "RESTRICTED" not in "\n".join(p.text for p in public.paragraphs)


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium missing (make sysdeps)")
def test_every_web_document_as_html_has_no_axe_violations(clients, demo, meetings):
    for who, url, _ in _documents(demo, meetings):
        resp = clients[who].get(f"{url}.html")
        assert resp.status_code == 200, url
        assert resp["Content-Security-Policy"].startswith("default-src 'none'"), url
        assert axe_violations(resp.content) == [], url


def test_every_document_kind_is_checked():
    # Every kind registered (the core plugins' and, the web app having started, its own)
    # is read back against the quality bars somewhere, and its builder can be imported.
    kinds = document_kinds()
    assert set(kinds) == set(QUALITY_TESTS)
    for name, kind in kinds.items():
        builder = kind.builder()
        assert "Document" in str(inspect.signature(builder).return_annotation), name
        path, _, test = QUALITY_TESTS[name].partition("::")
        assert f"def {test}(" in (ROOT / path).read_text(encoding="utf-8"), QUALITY_TESTS[name]
