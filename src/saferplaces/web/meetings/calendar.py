"""An iCalendar feed (RFC 5545) of a partnership's meetings, written with the standard
library: one VEVENT per meeting, times in UTC, lines folded at 75 octets with CRLF.

Every meeting in the app is held in public, so everyone gets every meeting; members also
get how to join one held online (``online_details`` is for members only, as on the
meeting page). Agenda items are not in the feed: nothing restricted can reach it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from saferplaces.web.meetings.models import Meeting

LONDON = ZoneInfo("Europe/London")
PRODID = "-//saferplaces//Community Safety Partnership meetings//EN"


def escape(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newline escaped."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> str:
    """Split a content line so no line is longer than 75 octets (RFC 5545 3.1), never
    inside a UTF-8 character; each continuation starts with one space."""
    parts, cur, size, limit = [], [], 0, 75
    for ch in line:
        n = len(ch.encode())
        if size + n > limit:
            parts.append("".join(cur))
            cur, size, limit = [], 0, 74  # the leading space takes one octet
        cur.append(ch)
        size += n
    parts.append("".join(cur))
    return "\r\n ".join(parts)


def utc_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _local(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=LONDON)


def event_lines(meeting: Meeting, url: str, uid_host: str, *, member: bool) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:meeting-{meeting.pk}@{uid_host}",
        f"DTSTAMP:{utc_stamp(meeting.modified_on)}",
    ]
    if meeting.start_time:
        start = _local(meeting.date, meeting.start_time)
        if meeting.end_time and meeting.end_time > meeting.start_time:
            end = _local(meeting.date, meeting.end_time)
        else:  # no end written down: an hour, so calendars show a block
            end = start + timedelta(hours=1)
        lines += [f"DTSTART:{utc_stamp(start)}", f"DTEND:{utc_stamp(end)}"]
    else:  # a day, no time yet
        lines += [
            f"DTSTART;VALUE=DATE:{meeting.date:%Y%m%d}",
            f"DTEND;VALUE=DATE:{meeting.date + timedelta(days=1):%Y%m%d}",
        ]
    lines += [
        f"SUMMARY:{escape(meeting.title)}",
        f"LOCATION:{escape(meeting.where)}",
        f"URL:{url}",
        f"STATUS:{'CANCELLED' if meeting.status == 'cancelled' else 'CONFIRMED'}",
    ]
    if member and meeting.online and meeting.online_details:
        lines.append(f"DESCRIPTION:{escape('How to join: ' + meeting.online_details)}")
    lines.append("END:VEVENT")
    return lines


def calendar(name: str, meetings, url_of, uid_host: str, *, member: bool = False) -> str:
    """The whole VCALENDAR as text with CRLF line ends; ``url_of(meeting)`` gives each
    meeting's absolute web address."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
        "X-WR-TIMEZONE:Europe/London",
    ]
    for m in meetings:
        lines += event_lines(m, url_of(m), uid_host, member=member)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
