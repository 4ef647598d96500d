"""The meetings calendar feed, read back by a small RFC 5545 reader written here."""

from __future__ import annotations

import re
from datetime import date, time

from django.test import Client
from django.urls import reverse

from tests.web import factories
from tests.web.conftest import login


def unfold(raw: bytes) -> list[str]:
    """Content lines: every physical line ends CRLF and is at most 75 octets; a line
    starting with a space or tab continues the one before (RFC 5545 3.1)."""
    assert raw.endswith(b"\r\n")
    physical = raw[:-2].split(b"\r\n")
    for line in physical:
        assert len(line) <= 75, line
        assert b"\n" not in line and b"\r" not in line
    out: list[str] = []
    for line in physical:
        text = line.decode("utf-8")  # each physical line is whole UTF-8 on its own
        if text[:1] in (" ", "\t"):
            out[-1] += text[1:]
        else:
            out.append(text)
    return out


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)


def events(lines: list[str]) -> tuple[dict, list[dict]]:
    """The calendar's own properties and one dict per VEVENT (name with parameters ->
    value)."""
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    cal, evs, cur = {}, [], None
    for line in lines[1:-1]:
        name, _, value = line.partition(":")
        if line == "BEGIN:VEVENT":
            cur = {}
        elif line == "END:VEVENT":
            evs.append(cur)
            cur = None
        else:
            (cal if cur is None else cur)[name] = value
    return cal, evs


def _feed(client, p) -> tuple[dict, list[dict]]:
    r = client.get(reverse("meetings:calendar", args=[p.slug]))
    assert r.status_code == 200
    assert r["Content-Type"] == "text/calendar; charset=utf-8"
    return events(unfold(r.content))


def test_feed_lists_meetings_in_utc_with_folded_lines(partnership, board):
    long_title = "Partnership board: café review of the night-time economy, Cambourne " * 2
    summer = factories.meeting(
        partnership,
        date=date(2026, 7, 1),
        start_time=time(10, 0),
        end_time=time(12, 0),
        title=long_title.strip(),
        location="Council Chamber; South Cambridgeshire Hall, Cambourne",
        online=True,
        online_details="Teams link: https://example.org/join/123",
    )
    winter = factories.meeting(
        partnership,
        date=date(2027, 1, 12),
        start_time=time(18, 30),
        end_time=None,
        title="Delivery group",
        location="",
        status="cancelled",
    )
    undated = factories.meeting(partnership, date=date(2027, 3, 3), start_time=None)

    cal, evs = _feed(Client(), partnership)
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    by_uid = {e["UID"]: e for e in evs}
    assert len(by_uid) == 3
    s = next(e for e in evs if e["UID"].startswith(f"meeting-{summer.pk}@"))
    # 1 July is British Summer Time (UTC+1): 10:00 to 12:00 is 09:00 to 11:00 UTC.
    assert s["DTSTART"] == "20260701T090000Z" and s["DTEND"] == "20260701T110000Z"
    assert unescape(s["SUMMARY"]) == long_title.strip()
    assert unescape(s["LOCATION"]) == (
        "Council Chamber; South Cambridgeshire Hall, Cambourne and online"
    )
    assert s["URL"] == f"http://testserver/p/{partnership.slug}/meetings/{summer.pk}/"
    assert re.fullmatch(r"\d{8}T\d{6}Z", s["DTSTAMP"])
    assert s["STATUS"] == "CONFIRMED"
    # Joining details are for members: not in the public feed.
    assert "DESCRIPTION" not in s
    w = next(e for e in evs if e["UID"].startswith(f"meeting-{winter.pk}@"))
    # 12 January is GMT: 18:30 is 18:30 UTC; no end time, an hour is shown.
    assert (w["DTSTART"], w["DTEND"]) == ("20270112T183000Z", "20270112T193000Z")
    assert w["STATUS"] == "CANCELLED" and unescape(w["LOCATION"]) == "To be confirmed"
    u = next(e for e in evs if e["UID"].startswith(f"meeting-{undated.pk}@"))
    assert (u["DTSTART;VALUE=DATE"], u["DTEND;VALUE=DATE"]) == ("20270303", "20270304")

    _, member_evs = _feed(login("guest"), partnership)
    s = next(e for e in member_evs if e["UID"].startswith(f"meeting-{summer.pk}@"))
    assert unescape(s["DESCRIPTION"]) == "How to join: Teams link: https://example.org/join/123"


def test_feed_is_linked_from_the_meetings_page(partnership):
    r = Client().get(reverse("meetings:list", args=[partnership.slug]))
    assert reverse("meetings:calendar", args=[partnership.slug]).encode() in r.content
