"""Email notices sent through Django's SMTP backend to a real SMTP server (aiosmtpd) on
loopback, started by the test: who gets what, nothing restricted to someone who may not
see it, and ``saferplaces notify`` run twice sends each notice once."""

from __future__ import annotations

import email
import socket
from datetime import date, timedelta
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django.urls import reverse

from saferplaces.web.core.models import AuditEvent
from saferplaces.web.notices.models import AgendaPublication, Notice
from tests.web import factories
from tests.web.conftest import login

SITE = "https://csp.example.org"
RESTRICTED_TITLE = "Exploitation case review: Oak Road"


class Inbox:
    """Every message the server accepted: (envelope recipients, parsed message)."""

    def __init__(self):
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), msg))
        return "250 Message accepted"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for rcpt, m in self.messages if rcpt == [address]]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def inbox(settings):
    box = Inbox()
    controller = Controller(box, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = "csp@example.org"
    settings.SAFERPLACES_SITE_URL = SITE
    yield box
    controller.stop()


@pytest.fixture
def agenda(partnership, board):
    """A meeting in ten days: one open item with a paper, one restricted item with a
    restricted paper; members with email addresses (the guest may not see restricted
    items), one without, one whose term ended."""
    for login_name, m in board.items():
        m.email = f"{login_name}@example.org"
        m.save_by(None)
    factories.member(partnership, "board_member", name="No Email")
    factories.member(
        partnership,
        "board_member",
        name="Former Member",
        email="former@example.org",
        term_end=date.today() - timedelta(days=1),
    )
    m = factories.meeting(
        partnership,
        days=10,
        title="Partnership board",
        online=True,
        online_details="Teams meeting ID 123 456",
    )
    open_item = factories.agenda_item(m, title="Community safety plan")
    secret = factories.agenda_item(m, title=RESTRICTED_TITLE, restricted=True)
    factories.paper(open_item, title="Plan update")
    factories.paper(secret, title="Case chronology", restricted=True)
    return m, open_item, secret


@pytest.mark.slow  # five runs of the command, each checking the database is migrated
def test_publishing_the_agenda_mails_members_as_each_may_read_it(cli, agenda, board, inbox):
    m, open_item, secret = agenda
    r = login("officer").post(reverse("meetings:publish_agenda", args=[m.partnership.slug, m.pk]))
    assert r.status_code == 302
    assert AgendaPublication.objects.filter(meeting=m).exists()

    first = cli("notify")
    assert first.code == 0, first.err
    assert "5 notices sent." in first.out
    # One message per member with an address in office: five; none to the former
    # member or the member without an address.
    assert sorted(r[0] for r, _ in inbox.messages) == sorted(
        f"{x}@example.org" for x in ("chair", "officer", "board", "analyst", "guest")
    )
    subject = f"Agenda published: Partnership board, {m.date:%-d %B %Y}"
    chair = inbox.to("chair@example.org")[0]
    assert chair["Subject"] == subject and chair["From"] == "csp@example.org"
    body = chair.get_content()
    assert "Dear Alex Morgan," in body
    assert "1. Community safety plan" in body and "Paper: Plan update" in body
    assert f"2. {RESTRICTED_TITLE}" in body and "Paper: Case chronology" in body
    assert f"{SITE}/p/{m.partnership.slug}/meetings/{m.pk}/" in body
    assert "How to join: Teams meeting ID 123 456" in body
    # The restricted item and its paper, mailed to four members who may see them: each
    # written to the audit log as read, with the address; none for the guest.
    sent = AuditEvent.objects.filter(action="view", reason__startswith="Sent by email to ")
    assert sorted((e.object_repr, e.reason[len("Sent by email to ") :]) for e in sent) == sorted(
        (what, f"{x}@example.org")
        for what in (f"Item 2: {RESTRICTED_TITLE}", "Case chronology")
        for x in ("chair", "officer", "board", "analyst")
    )
    guest = inbox.to("guest@example.org")[0].get_content()
    assert "2. Restricted item" in guest and "1. Community safety plan" in guest
    assert "Oak Road" not in guest and "Case chronology" not in guest

    # Run again: nothing new is sent.
    second = cli("notify")
    assert second.code == 0 and "No notices to send." in second.out
    assert len(inbox.messages) == 5

    # A paper added afterwards: one notice to each member who may see it.
    factories.paper(secret, title="Updated risk assessment", restricted=True)
    factories.paper(open_item, title="Budget annex")
    dry = cli("notify", "--dry-run")
    assert "would be sent" in dry.out and len(inbox.messages) == 5
    third = cli("notify")
    assert "9 notices sent." in third.out, third.out  # 4 + 5 papers' notices
    assert len(inbox.to("guest@example.org")) == 2  # the agenda, then the budget annex
    for _, msg in inbox.messages:
        if msg["To"] == "guest@example.org":
            assert "Oak Road" not in msg.get_content() + msg["Subject"]
            assert "risk assessment" not in msg.get_content() + msg["Subject"]
    chair_papers = [x["Subject"] for x in inbox.to("chair@example.org")[1:]]
    assert sorted(chair_papers) == sorted(
        f"Paper added: {t} (Partnership board, {m.date:%-d %B %Y})"
        for t in ("Updated risk assessment", "Budget annex")
    )
    assert "No notices to send." in cli("notify").out
    assert len(inbox.messages) == 14
    assert Notice.objects.count() == 14


def test_action_points_due_or_overdue_mail_their_owner_once_per_due_date(
    cli, partnership, board, inbox
):
    today = date.today()
    for login_name, m in board.items():
        m.email = f"{login_name}@example.org"
        m.save_by(None)
    past = factories.meeting(partnership, days=-30)
    secret = factories.agenda_item(past, title=RESTRICTED_TITLE, restricted=True)
    soon = factories.action_point(
        past, board["board"], text="Book the venue.", due=today + timedelta(days=7)
    )
    late = factories.action_point(
        past, board["chair"], text="Write to the police.", due=today - timedelta(days=2)
    )
    factories.action_point(past, board["officer"], text="Later.", due=today + timedelta(days=8))
    factories.action_point(
        past, board["analyst"], text="Done.", due=today - timedelta(days=1), status="closed"
    )
    # The guest may not see restricted items: their point on one is not mailed.
    factories.action_point(past, board["guest"], item=secret, text="Visit Oak Road.", due=today)

    r = cli("notify")
    assert r.code == 0, r.err
    assert sorted(rcpt[0] for rcpt, _ in inbox.messages) == [
        "board@example.org",
        "chair@example.org",
    ]
    due = inbox.to("board@example.org")[0]
    assert due["Subject"] == f"Action point Board {soon.number} due: {soon.due:%-d %B %Y}"
    assert "Book the venue." in due.get_content()
    over = inbox.to("chair@example.org")[0]
    assert over["Subject"] == f"Action point Board {late.number} overdue: {late.due:%-d %B %Y}"
    assert f"was due on {late.due:%-d %B %Y} and is still open" in over.get_content()

    assert "No notices to send." in cli("notify").out
    # A new due date is a new notice.
    late.due = today - timedelta(days=1)
    late.save_by(None)
    assert "1 notice sent." in cli("notify").out
    assert len(inbox.messages) == 3


def test_a_mail_server_that_refuses_says_so_in_one_line(cli, agenda, settings):
    m = agenda[0]
    AgendaPublication(meeting=m).save_by(None)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = (
        "127.0.0.1",
        _free_port(),
        False,
    )
    r = cli("notify")
    assert r.code != 0
    assert "the mail server 127.0.0.1:" in r.err and "Traceback" not in r.err
    assert Notice.objects.count() == 0


def test_an_agenda_is_published_once_and_only_with_items(partnership, board):
    officer = login("officer")
    empty = factories.meeting(partnership, days=5)
    url = reverse("meetings:publish_agenda", args=[partnership.slug, empty.pk])
    r = officer.post(url)
    assert r.status_code == 400
    assert b"Add the agenda items before publishing the agenda." in r.content
    factories.agenda_item(empty, title="Welcome")
    detail = reverse("meetings:detail", args=[partnership.slug, empty.pk])
    assert url.encode() in officer.get(detail).content
    assert officer.post(url).status_code == 302
    page = officer.get(detail).content
    assert url.encode() not in page and b"Published" in page
    again = officer.post(url)
    assert again.status_code == 400 and b"already published" in again.content
    assert AgendaPublication.objects.filter(meeting=empty).count() == 1
    held = factories.meeting(partnership, days=-3)
    factories.agenda_item(held)
    r = officer.post(reverse("meetings:publish_agenda", args=[partnership.slug, held.pk]))
    assert r.status_code == 400 and b"has taken place" in r.content
