"""What of a meeting a reader may see, and the audit trail of restricted reads."""

from __future__ import annotations

from dataclasses import dataclass, field

from saferplaces.web.core.models import AuditEvent
from saferplaces.web.core.permissions import can
from saferplaces.web.meetings.models import ActionPoint, AgendaItem, Meeting


@dataclass
class ItemView:
    item: AgendaItem
    hidden: bool  # restricted and the reader is not a member who may see it
    papers: list = field(default_factory=list)
    minute: object | None = None
    decisions: list = field(default_factory=list)
    action_points: list = field(default_factory=list)


def sections(items: list[ItemView]) -> list[tuple[str, list[ItemView]]]:
    """Agenda items grouped under their section headings, in agenda order."""
    out: list[tuple[str, list[ItemView]]] = []
    for iv in items:
        label = iv.item.get_section_display()
        if not out or out[-1][0] != label:
            out.append((label, []))
        out[-1][1].append(iv)
    return out


def item_views(meeting: Meeting, user, *, drafts: bool) -> list[ItemView]:
    """The agenda as ``user`` may read it. ``drafts``: include draft minutes."""
    p = meeting.partnership
    restricted_ok = can(user, p, "view_restricted")
    out = []
    for item in meeting.items().select_related("lead"):
        hidden = item.restricted and not restricted_ok
        iv = ItemView(item, hidden)
        if not hidden:
            iv.papers = [
                paper for paper in item.papers.live() if restricted_ok or not paper.is_restricted()
            ]
            minute = getattr(item, "minute", None)
            if minute and not minute.is_archived and (drafts or minute.status == "agreed"):
                iv.minute = minute
            iv.decisions = list(item.decisions.live())
            iv.action_points = list(item.action_points.live())
        out.append(iv)
    return out


def log_restricted_views(user, items: list[ItemView], action: str = "view") -> None:
    """One audit event per restricted record the reader was shown."""
    for iv in items:
        if iv.hidden:
            continue
        records = []
        if iv.item.restricted:
            records.append(iv.item)
            if iv.minute is not None:
                records.append(iv.minute)
        records += [p for p in iv.papers if p.is_restricted() and not iv.item.restricted]
        for r in records:
            AuditEvent.record(user, action, r)


def points_for_review(meeting: Meeting):
    """Action points from earlier meetings of the same body that are still open, or
    that this meeting closed."""
    earlier = ActionPoint.objects.live().filter(
        meeting__partnership=meeting.partnership,
        meeting__body=meeting.body,
        meeting__date__lt=meeting.date,
    )
    return (
        (earlier.exclude(status="closed") | earlier.filter(closed_at=meeting))
        .select_related("meeting", "owner", "item")
        .order_by("meeting__date", "number")
    )
