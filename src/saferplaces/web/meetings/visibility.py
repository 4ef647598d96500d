"""What of a partnership's meetings one reader may see: the one place the rules live.

Every page, export and register asks a :class:`Reader`; nothing else decides. The rules
(also in ``docs/web.md``):

- A restricted agenda item, and everything recorded on it (its papers, minutes,
  decisions, action points and declarations of interest), is for members who may see
  restricted items (``view_restricted``). Others see "Restricted item" and its number.
- A paper may be restricted on its own, on an unrestricted item.
- The public sees an item's minutes, decisions and action points once the meeting's
  minutes are agreed (the agreement covers every item, with minutes typed or not);
  members of the partnership see drafts, marked as drafts.
- Open action points (the register, the review table at the next meeting and the agenda
  pack's list for review) are for members only.
- Every restricted record a reader is shown is written to the audit log
  (:func:`log_restricted`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from saferplaces.web.core.models import AuditEvent
from saferplaces.web.core.permissions import can
from saferplaces.web.meetings.models import (
    ActionPoint,
    AgendaItem,
    Declaration,
    Meeting,
    Minute,
    Paper,
)


@dataclass(frozen=True)
class Reader:
    """One reader of one partnership's meetings: a member or not, and whether they may see
    restricted items.

    >>> Reader(member=False, restricted=False).sees_item(AgendaItem(restricted=True))
    False
    """

    member: bool
    restricted: bool

    @classmethod
    def of(cls, user, partnership) -> Reader:
        return cls(
            member=can(user, partnership, "view"),
            restricted=can(user, partnership, "view_restricted"),
        )

    # -- single records ------------------------------------------------------------------
    def sees_item(self, item: AgendaItem) -> bool:
        return self.restricted or not item.restricted

    def sees_paper(self, paper: Paper) -> bool:
        return self.restricted or not paper.is_restricted()

    def sees_minute(self, minute: Minute | None) -> bool:
        if minute is None or minute.is_archived or not self.sees_item(minute.item):
            return False
        return self.member or minute.status == "agreed"

    def sees_outcomes(
        self, item: AgendaItem, minute: Minute | None, *, meeting_agreed: bool = False
    ) -> bool:
        """Decisions and action points of ``item``: members always (if they see the
        item); the public once the meeting's minutes are agreed."""
        if not self.sees_item(item):
            return False
        agreed = meeting_agreed or (minute is not None and minute.status == "agreed")
        return self.member or agreed

    def sees_declaration(self, d: Declaration) -> bool:
        return not d.is_restricted() or self.restricted

    def sees_point(self, point: ActionPoint) -> bool:
        """An action point in the register or a review table (members only)."""
        return self.member and (self.restricted or not point.is_restricted())

    # -- lists ---------------------------------------------------------------------------
    def points(self, qs: QuerySet) -> QuerySet:
        """Action points of ``qs`` this reader may see in the register or a review table."""
        if not self.member:
            return qs.none()
        if not self.restricted:
            qs = qs.exclude(item__restricted=True)
        return qs

    def declarations(self, meeting: Meeting) -> list[Declaration]:
        qs = meeting.declarations.live().select_related("member", "item")
        return [d for d in qs if self.sees_declaration(d)]


@dataclass
class ItemView:
    item: AgendaItem
    hidden: bool  # restricted, and the reader may not see restricted items
    papers: list = field(default_factory=list)
    minute: Minute | None = None
    decisions: list = field(default_factory=list)
    action_points: list = field(default_factory=list)
    amendments: list = field(default_factory=list)
    agreed: bool = False  # the meeting's minutes are agreed

    @property
    def is_draft(self) -> bool:
        """Shown with minutes or outcomes that are not yet agreed."""
        shown = self.minute is not None or self.decisions or self.action_points
        if not shown or self.agreed:
            return False
        return self.minute is None or self.minute.status != "agreed"

    def records(self) -> list:
        """Every record this view shows, the item first."""
        if self.hidden:
            return []
        out: list = [self.item, *self.papers]
        if self.minute is not None:
            out.append(self.minute)
        return out + list(self.decisions) + list(self.action_points) + list(self.amendments)


def sections(items: list[ItemView]) -> list[tuple[str, list[ItemView]]]:
    """Agenda items grouped under their section headings, in agenda order."""
    out: list[tuple[str, list[ItemView]]] = []
    for iv in items:
        label = iv.item.get_section_display()
        if not out or out[-1][0] != label:
            out.append((label, []))
        out[-1][1].append(iv)
    return out


def item_views(meeting: Meeting, reader: Reader, *, minutes: bool = True) -> list[ItemView]:
    """The agenda as ``reader`` may read it; with ``minutes``, the minutes and outcomes."""
    out = []
    agreed = minutes and meeting.agreement() is not None
    for item in meeting.items().select_related("lead"):
        iv = ItemView(item, hidden=not reader.sees_item(item), agreed=agreed)
        if not iv.hidden:
            iv.papers = [p for p in item.papers.live() if reader.sees_paper(p)]
            if minutes:
                minute = Minute.objects.live().filter(item=item).first()
                if reader.sees_minute(minute):
                    iv.minute = minute
                if reader.sees_outcomes(item, minute, meeting_agreed=agreed):
                    iv.decisions = list(item.decisions.live())
                    iv.action_points = list(item.action_points.live().select_related("owner"))
                # Amendments exist only once minutes are agreed: shown beside them.
                iv.amendments = list(
                    item.amendments.live().select_related("agreed_at", "created_by")
                )
        out.append(iv)
    return out


def points_for_review(meeting: Meeting, reader: Reader) -> QuerySet:
    """Action points from earlier meetings of the same body that are still open, or that
    this meeting closed: what ``reader`` may see of them (members only)."""
    earlier = ActionPoint.objects.live().filter(
        meeting__partnership=meeting.partnership,
        meeting__body=meeting.body,
        meeting__date__lt=meeting.date,
    )
    pending = earlier.filter(~Q(status="closed") | Q(closed_at=meeting))
    return (
        reader.points(pending)
        .select_related("meeting", "owner", "item")
        .order_by("meeting__date", "sort_key")
    )


def log_restricted(user, records: Iterable, action: str = "view") -> None:
    """One audit event per restricted record the reader was shown (or downloaded)."""
    seen = set()
    for r in records:
        key = (r._meta.label, r.pk)
        if key in seen or not r.is_restricted():
            continue
        seen.add(key)
        AuditEvent.record(user, action, r)


def shown_records(items: list[ItemView], *others: Iterable) -> list:
    """The records of ``items`` and any further lists, for :func:`log_restricted`."""
    out = [r for iv in items for r in iv.records()]
    for more in others:
        out += list(more)
    return out
