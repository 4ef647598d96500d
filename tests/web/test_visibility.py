"""Who sees what of a meeting: one policy, the same on the page, in the exports and in
the register.

The policy, as written in docs/web.md:
- a restricted agenda item, and everything recorded on it (papers, minutes, decisions,
  action points, declarations of interest), is for members who may see restricted items;
- the public sees an item's minutes, decisions and action points only once its minutes
  are agreed; members see drafts, marked as drafts;
- open action points (the register, the review table and the agenda pack's list for
  review) are for members only;
- every restricted record a reader is shown is written to the audit log.
"""

from __future__ import annotations

import io

from django.urls import reverse

from saferplaces.web.core.models import AuditEvent
from saferplaces.web.meetings.models import ActionPoint, Decision, Declaration, Minute
from tests.web.conftest import restricted_item

SECRET_POINT = "SECRET-AP-TEXT about the review panel"
SECRET_INTEREST = "SECRET-INTEREST: knows the family"
SECRET_DECISION = "SECRET-DECISION to commission the review"


def _text(resp) -> str:
    return resp.content.decode()


def _docx_text(resp) -> str:
    from docx import Document

    doc = Document(io.BytesIO(resp.content))
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def _pdf_text(resp) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(resp.content)).pages)


def _restricted_point(meeting) -> ActionPoint:
    ap = ActionPoint(
        meeting=meeting, item=restricted_item(meeting), text=SECRET_POINT, owner_text="Panel"
    )
    ap.assign_number()
    ap.save_by(None)
    return ap


def test_guests_never_see_restricted_action_points(clients, demo, meetings):
    m1, _, m3 = meetings
    _restricted_point(m1)
    review_page = reverse("meetings:detail", args=[demo.slug, m3.pk])
    register = reverse("meetings:action_points", args=[demo.slug]) + "?status=all"
    pack = reverse("meetings:agenda_pack", args=[demo.slug, m3.pk, "docx"])
    for who in ("guest", "anonymous"):
        assert SECRET_POINT not in _text(clients[who].get(review_page)), who
        assert SECRET_POINT not in _docx_text(clients[who].get(pack)), who
    assert SECRET_POINT not in _text(clients["guest"].get(register))
    for who in ("board", "officer"):
        assert SECRET_POINT in _text(clients[who].get(review_page)), who
        assert SECRET_POINT in _text(clients[who].get(register)), who
        assert SECRET_POINT in _docx_text(clients[who].get(pack)), who


def test_open_action_points_are_for_members_only(clients, demo, meetings):
    """The public agenda pack and meeting page list no action points for review."""
    _, m2, m3 = meetings
    open_text = ActionPoint.objects.filter(meeting=m2).exclude(status="closed").first().text
    page = _text(clients["anonymous"].get(reverse("meetings:detail", args=[demo.slug, m3.pk])))
    assert open_text not in page and "Action points for review" not in page
    pack = clients["anonymous"].get(reverse("meetings:agenda_pack", args=[demo.slug, m3.pk, "pdf"]))
    assert open_text not in _pdf_text(pack)
    assert "Action points for review" not in _pdf_text(pack)


def test_declarations_on_restricted_items_are_restricted(clients, demo, meetings):
    m3 = meetings[2]
    d = Declaration(meeting=m3, name="A member", item=restricted_item(m3), interest=SECRET_INTEREST)
    d.save_by(None)
    assert d.is_restricted()
    created = AuditEvent.objects.get(model="meetings.Declaration", object_id=str(d.pk))
    assert created.restricted
    page = reverse("meetings:detail", args=[demo.slug, m3.pk])
    minutes_docx = reverse("meetings:minutes", args=[demo.slug, m3.pk, "docx"])
    minutes_pdf = reverse("meetings:minutes", args=[demo.slug, m3.pk, "pdf"])
    for who in ("anonymous", "guest"):
        assert SECRET_INTEREST not in _text(clients[who].get(page)), who
        assert SECRET_INTEREST not in _docx_text(clients[who].get(minutes_docx)), who
        assert SECRET_INTEREST not in _pdf_text(clients[who].get(minutes_pdf)), who
    before = AuditEvent.objects.filter(action="view", model="meetings.Declaration").count()
    assert SECRET_INTEREST in _text(clients["board"].get(page))
    after = AuditEvent.objects.filter(action="view", model="meetings.Declaration")
    assert after.count() == before + 1 and after.first().username == "board"
    assert SECRET_INTEREST in _docx_text(clients["board"].get(minutes_docx))


def test_the_public_sees_no_decisions_or_action_points_of_unagreed_minutes(clients, demo, meetings):
    """Meeting 2's minutes are drafts: the public sees none of its outcomes yet."""
    _, m2, _ = meetings
    assert Minute.objects.filter(item__meeting=m2, status="draft").exists()
    decision = Decision.objects.get(item__meeting=m2).text
    point = ActionPoint.objects.filter(meeting=m2).first().text
    page = _text(clients["anonymous"].get(reverse("meetings:detail", args=[demo.slug, m2.pk])))
    assert decision not in page and point not in page
    docx = _docx_text(
        clients["anonymous"].get(reverse("meetings:minutes", args=[demo.slug, m2.pk, "docx"]))
    )
    assert decision not in docx and point not in docx and "Decision:" not in docx
    assert "not been agreed" in docx
    member = _docx_text(
        clients["board"].get(reverse("meetings:minutes", args=[demo.slug, m2.pk, "docx"]))
    )
    assert decision in member and "DRAFT" in member


def test_the_public_sees_agreed_outcomes_of_unrestricted_items(clients, demo, meetings):
    m1 = meetings[0]
    closed = ActionPoint.objects.get(meeting=m1, status="closed")
    page = _text(clients["anonymous"].get(reverse("meetings:detail", args=[demo.slug, m1.pk])))
    assert "The board noted the spend to date." in page
    assert closed.text in page  # part of the agreed minutes


def test_members_see_draft_outcomes_marked_as_drafts(clients, demo, meetings):
    _, m2, _ = meetings
    page = _text(clients["board"].get(reverse("meetings:detail", args=[demo.slug, m2.pk])))
    decision = Decision.objects.get(item__meeting=m2).text
    assert decision in page
    pdf = _pdf_text(
        clients["board"].get(reverse("meetings:minutes", args=[demo.slug, m2.pk, "pdf"]))
    )
    assert "(draft)" in pdf


def test_every_restricted_record_shown_is_audited(clients, demo, meetings):
    m1 = meetings[0]
    item = restricted_item(m1)
    decision = Decision(item=item, text=SECRET_DECISION)
    decision.save_by(None)
    point = _restricted_point(m1)

    def viewed(model: str, pk: int) -> int:
        return AuditEvent.objects.filter(
            action__in=("view", "download"), model=model, object_id=str(pk)
        ).count()

    clients["board"].get(reverse("meetings:detail", args=[demo.slug, m1.pk]))
    assert viewed("meetings.Decision", decision.pk) == 1
    assert viewed("meetings.ActionPoint", point.pk) == 1
    assert viewed("meetings.AgendaItem", item.pk) == 1
    clients["board"].get(reverse("meetings:action_points", args=[demo.slug]) + "?status=all")
    assert viewed("meetings.ActionPoint", point.pk) == 2
    clients["board"].get(reverse("meetings:minutes", args=[demo.slug, m1.pk, "docx"]))
    assert viewed("meetings.Decision", decision.pk) == 2
    clients["officer"].get(reverse("meetings:item_minutes", args=[demo.slug, m1.pk, item.pk]))
    assert viewed("meetings.Decision", decision.pk) == 3
    assert viewed("meetings.Minute", Minute.objects.get(item=item).pk) >= 3
    # Nothing is logged for a reader who was not shown the records.
    clients["guest"].get(reverse("meetings:detail", args=[demo.slug, m1.pk]))
    assert viewed("meetings.Decision", decision.pk) == 3
