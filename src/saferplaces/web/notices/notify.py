"""What ``saferplaces notify`` sends, to whom, and the sending (each notice once).

Who is told:

- **Agenda published**: every member of the partnership in office today with an email
  address, once the officer has published the agenda of a meeting still to come. The
  agenda is listed as that person may read it (``meetings/visibility.py``): a
  restricted item is "Restricted item" for someone who may not see restricted items.
- **Paper added**: the same people, for each paper added to a published agenda after
  they were sent it, if they may see the paper (a restricted paper is not mentioned to
  anyone else).
- **Action point due within 7 days, or overdue**: its owner, if they are a member in
  office with an email address and may see the action point.

Every restricted record named in an email is written to the audit log ("viewed",
with the address it was sent to), as it is when a member reads it on a page.

Each notice is recorded (:class:`Notice`) under a unique key of kind, record, recipient
and (for an action point) due date, in the same transaction as the sending: a notice
is never sent twice, and one that failed to send is tried again at the next run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.urls import reverse

from saferplaces.web.core.models import AuditEvent
from saferplaces.web.core.permissions import CAPABILITIES
from saferplaces.web.meetings.models import ActionPoint, Meeting, Paper
from saferplaces.web.meetings.visibility import Reader, item_views
from saferplaces.web.notices.models import AgendaPublication, Notice
from saferplaces.web.partnerships.models import Member, Partnership

DUE_WITHIN = timedelta(days=7)


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    reader: Reader
    user: object = None  # their sign-in, if any: the audit log names them


@dataclass
class Pending:
    kind: str
    partnership: Partnership
    record_id: int
    person: Person
    subject: str
    body: str
    due: date | None = None
    restricted: list = field(default_factory=list)  # restricted records it names

    @property
    def key(self) -> str:
        return Notice.make_key(self.kind, self.record_id, self.person.email, self.due)


def people(p: Partnership, today: date) -> dict[str, Person]:
    """Members of ``p`` in office on ``today`` with an email address, by address (lower
    case). Someone holding two roles may see what either allows."""
    restricted_roles = CAPABILITIES["view_restricted"][1]
    found: dict[str, tuple[str, bool, object]] = {}
    members = Member.objects.live().in_office(today).filter(partnership=p).select_related("user")
    for m in members:
        email = (m.email or (m.user.email if m.user and m.user.is_active else "")).strip()
        if not email:
            continue
        superuser = bool(m.user and m.user.is_active and m.user.is_superuser)
        restricted = m.role in restricted_roles or superuser
        name, before, user = found.get(email.lower(), (m.name, False, None))
        found[email.lower()] = (name, before or restricted, user or m.user)
    return {
        e: Person(name, e, Reader(member=True, restricted=r), u)
        for e, (name, r, u) in found.items()
    }


def _link(name: str, *args) -> str:
    return settings.SAFERPLACES_SITE_URL + reverse(name, args=args)


def _when(m: Meeting) -> str:
    out = f"{m.date:%A %-d %B %Y}"
    if m.start_time:
        out += f", {m.start_time:%H:%M}"
        if m.end_time:
            out += f" to {m.end_time:%H:%M}"
    return out


def agenda_body(person: Person, m: Meeting, named: list) -> str:
    """The agenda as ``person`` may read it; the restricted records it names are added
    to ``named``."""
    lines = [
        f"Dear {person.name},",
        "",
        f"The agenda of {m.partnership.name}'s {m.title} is published.",
        "",
        f"When: {_when(m)}",
        f"Where: {m.where}",
    ]
    if m.online and m.online_details:  # every recipient is a member
        lines.append(f"How to join: {m.online_details}")
    lines += ["", "Agenda:"]
    for iv in item_views(m, person.reader, minutes=False):
        title = "Restricted item" if iv.hidden else iv.item.title
        lines.append(f"  {iv.item.number}. {title}")
        lines += [f"       Paper: {paper.title}" for paper in iv.papers]
        named += [r for r in iv.records() if r.is_restricted()]
    lines += ["", f"The meeting's page: {_link('meetings:detail', m.partnership.slug, m.pk)}"]
    return "\n".join(lines) + "\n"


def paper_body(person: Person, paper: Paper) -> str:
    m, item = paper.item.meeting, paper.item
    return (
        f"Dear {person.name},\n\n"
        f"A paper has been added to the agenda of {m.partnership.name}'s {m.title} "
        f"({_when(m)}).\n\n"
        f"Paper: {paper.title}\n"
        f"Agenda item {item.number}: {item.title}\n\n"
        f"The meeting's page: {_link('meetings:detail', m.partnership.slug, m.pk)}\n"
    )


def point_body(person: Person, point: ActionPoint, today: date) -> str:
    when = (
        f"was due on {point.due:%-d %B %Y} and is still {point.get_status_display().lower()}"
        if point.due < today
        else f"is due on {point.due:%-d %B %Y}"
    )
    p = point.meeting.partnership
    return (
        f"Dear {person.name},\n\n"
        f"Action point {point.reference}, from {point.meeting}, {when}.\n\n"
        f"{point.text}\n\n"
        f"Its page: {_link('meetings:point_edit', p.slug, point.meeting_id, point.pk)}\n"
    )


def _sent(p: Partnership) -> dict[tuple[str, int, str], object]:
    """(kind, record, recipient) -> when sent, for the agenda notices already sent."""
    return {
        (n.kind, n.record_id, n.recipient.lower()): n.sent_on
        for n in Notice.objects.filter(partnership=p, kind="agenda")
    }


def pending_for(p: Partnership, today: date) -> list[Pending]:
    """Every notice due to be sent for ``p`` on ``today``, sent before or not (see
    :func:`unsent`)."""
    who = people(p, today)
    agenda_sent = _sent(p)
    out: list[Pending] = []
    publications = (
        AgendaPublication.objects.live()
        .filter(meeting__partnership=p, meeting__archived_on__isnull=True, meeting__date__gte=today)
        .exclude(meeting__status="cancelled")
        .select_related("meeting__partnership")
        .order_by("meeting__date", "meeting__pk")
    )
    for pub in publications:
        m = pub.meeting
        papers = list(
            Paper.objects.live()
            .filter(item__meeting=m, item__archived_on__isnull=True)
            .select_related("item")
            .order_by("created_on", "pk")
        )
        for person in who.values():
            told = agenda_sent.get(("agenda", m.pk, person.email.lower()))
            if told is None:
                # The agenda lists the papers it has: no separate notice for them.
                named: list = []
                body = agenda_body(person, m, named)
                out.append(
                    Pending("agenda", p, m.pk, person, f"Agenda published: {m}", body, None, named)
                )
                continue
            for paper in papers:
                r = person.reader
                if paper.created_on > told and r.sees_item(paper.item) and r.sees_paper(paper):
                    out.append(
                        Pending(
                            "paper",
                            p,
                            paper.pk,
                            person,
                            f"Paper added: {paper.title} ({m})",
                            paper_body(person, paper),
                            restricted=[paper] if paper.is_restricted() else [],
                        )
                    )
    points = (
        ActionPoint.objects.live()
        .filter(
            meeting__partnership=p,
            meeting__archived_on__isnull=True,
            due__isnull=False,
            due__lte=today + DUE_WITHIN,
            owner__isnull=False,
        )
        .exclude(status="closed")
        .select_related("meeting__partnership", "owner", "item")
        .order_by("due", "pk")
    )
    for point in points:
        email = point.owner.email or (point.owner.user.email if point.owner.user else "")
        person = who.get(email.strip().lower())
        if person is None or not person.reader.sees_point(point):
            continue
        kind = "overdue" if point.due < today else "due"
        subject = f"Action point {point.reference} {'overdue' if kind == 'overdue' else 'due'}"
        out.append(
            Pending(
                kind,
                p,
                point.pk,
                person,
                f"{subject}: {point.due:%-d %B %Y}",
                point_body(person, point, today),
                due=point.due,
                restricted=[point] if point.is_restricted() else [],
            )
        )
    return out


def unsent(today: date) -> list[Pending]:
    """The notices of every partnership not sent yet, in order."""
    out: list[Pending] = []
    for p in Partnership.objects.live().order_by("name"):
        out += pending_for(p, today)
    sent = set(Notice.objects.filter(key__in=[n.key for n in out]).values_list("key", flat=True))
    return [n for n in out if n.key not in sent]


def send(notices: list[Pending]) -> list[Pending]:
    """Send each notice and record it in one transaction; a notice another run recorded
    meanwhile is skipped. Returns those sent. A mail server's refusal stops the run (the
    notice being sent is not recorded) and is raised."""
    done: list[Pending] = []
    with get_connection() as connection:
        for n in notices:
            try:
                with transaction.atomic():
                    Notice.objects.create(
                        key=n.key,
                        kind=n.kind,
                        partnership=n.partnership,
                        record_id=n.record_id,
                        recipient=n.person.email,
                        due=n.due,
                        subject=" ".join(n.subject.split())[:300],
                    )
                    # A title typed with a line break must not break the mail's header.
                    subject = " ".join(n.subject.split())
                    EmailMessage(subject, n.body, to=[n.person.email], connection=connection).send()
                    for record in n.restricted:
                        AuditEvent.record(
                            n.person.user,
                            "view",
                            record,
                            reason=f"Sent by email to {n.person.email}",
                        )
            except IntegrityError:
                continue
            done.append(n)
    return done
