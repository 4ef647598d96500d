"""Agreed minutes are final: what agreement fixes, the message that refuses a change, and
the records an amendment can correct.

Once any minutes of a meeting are agreed, nothing in its record changes: the meeting's
details, its items (titles, restriction), minutes, decisions, declarations, attendance
and the wording of its action points. Action points still change status (that is their
life), with their history. A correction is an :class:`~saferplaces.web.meetings.models.
Amendment` agreed at a later meeting and shown beside the original.
"""

from __future__ import annotations

from dataclasses import dataclass

from saferplaces.document.formatting import long_date
from saferplaces.web.meetings.models import ActionPoint, AgendaItem, Meeting, Minute


def refusal(meeting: Meeting) -> str:
    """Why ``meeting``'s record can no longer change, or "" while its minutes are a draft."""
    agreed = meeting.agreement()
    if agreed is None:
        return ""
    return (
        f"The minutes of this meeting were agreed at the meeting of "
        f"{long_date(agreed.agreed_at.date)}, so its record can no longer change. "
        "A correction is recorded as an amendment agreed at a later meeting."
    )


def later_meetings(meeting: Meeting):
    """Meetings of the same body after ``meeting`` that have taken place: those that can
    agree an amendment of its minutes."""
    from django.utils import timezone

    return (
        Meeting.objects.live()
        .filter(
            partnership=meeting.partnership,
            body=meeting.body,
            date__gt=meeting.date,
            date__lte=timezone.localdate(),
        )
        .exclude(status="cancelled")
        .order_by("date")
    )


def attendance_text(meeting: Meeting) -> str:
    """The attendance as the minutes print it, one line per status."""
    lines = []
    for status, label in (
        ("present", "Present"),
        ("in_attendance", "In attendance"),
        ("apologies", "Apologies"),
        ("absent", "Absent"),
    ):
        people = [a.display_name for a in meeting.attendance.live() if a.status == status]
        if people:
            lines.append(f"{label}: {', '.join(sorted(people))}")
    return "\n".join(lines)


@dataclass(frozen=True)
class Target:
    """One thing in a meeting's minutes an amendment can correct."""

    key: str  # "minute:12"; "attendance"; "other"
    label: str  # "Minutes of item 4"
    text: str  # as it stands
    item: AgendaItem | None = None  # the item it belongs to
    record: object = None  # the record itself (for the audit of restricted reads)


def targets(meeting: Meeting) -> list[Target]:
    """What an amendment of ``meeting``'s minutes can correct, in the order of the
    minutes."""
    out = [Target("attendance", "Attendance", attendance_text(meeting))]
    for item in meeting.items():
        n = item.number
        out.append(Target(f"item:{item.pk}", f"Title of item {n}", item.title, item, item))
        minute = Minute.objects.live().filter(item=item).first()
        if minute:
            out.append(
                Target(f"minute:{minute.pk}", f"Minutes of item {n}", minute.text, item, minute)
            )
        for k, d in enumerate(item.decisions.live(), start=1):
            out.append(Target(f"decision:{d.pk}", f"Decision {k} on item {n}", d.text, item, d))
        for a in ActionPoint.objects.live().filter(item=item):
            out.append(Target(f"point:{a.pk}", f"Action point {a.number}", a.text, item, a))
    out.append(Target("other", "Something else in the minutes", ""))
    return out
