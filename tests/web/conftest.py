"""Fixtures for the web app: the illustrative demo partnership, signed-in clients, and a
warehouse built from the real bundled files for the evidence pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from saferplaces.web.demo import PASSWORD, seed
from saferplaces.web.evidence.models import GeneratedAssessment
from saferplaces.web.meetings.models import ActionPoint, AgendaItem, Meeting, Paper
from saferplaces.web.partnerships.models import Member, Partnership
from tests.web import factories
from tests.web.snapshot import seed_or_replay

ROLES = ["chair", "officer", "board", "analyst", "guest"]


@pytest.fixture(autouse=True)
def _web_files(settings, tmp_path, loaded_path):
    """Every web test gets its own media and assessments folders, and the warehouse
    holding the 24 bundled police.uk months (read-only, shared)."""
    # Password hashing is deliberately slow; tests only need it to work.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.SAFERPLACES_ASSESSMENTS = str(tmp_path / "assessments")
    settings.SAFERPLACES_WAREHOUSE = str(loaded_path)


# Fixtures that make a test wipe the database afterwards (Django's flush), as pytest-django
# decides it.
_FLUSHED = {
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}


@pytest.fixture(autouse=True)
def _append_only(request) -> None:
    """The audit log and the other append-only tables refuse UPDATE and DELETE in the
    database (triggers, ``web/core/appendonly.py``), in every test that rolls back. A
    test that wipes the database afterwards has to take the triggers away first, and a
    wiped database keeps none; in one process pytest-django runs those tests last, but on
    several cores a file of them may run before another file on the same worker. So each
    test that rolls back puts them back (idempotent; undone with its transaction)."""
    marker = request.node.get_closest_marker("django_db")
    flushed = _FLUSHED & set(request.fixturenames) or (
        marker is not None and marker.kwargs.get("transaction")
    )
    if flushed or ("db" not in request.fixturenames and marker is None):
        return
    from django.db import connection

    from saferplaces.web.core import appendonly

    request.getfixturevalue("db")
    appendonly.install(connection)


@pytest.fixture
def demo(db) -> Partnership:
    """The whole illustrative demo partnership (``saferplaces admin seed-demo``): three
    meetings with agendas, minutes and action points, the action plan, eleven members.
    A test that needs only a few records uses ``partnership``/``board`` and the
    factories in ``tests/web/factories/`` instead (docs/testing.md). Seeded once per
    test database, then replayed row for row (``tests/web/snapshot.py``)."""
    seed_or_replay(seed)
    return Partnership.objects.get(slug="south-cambs")


@pytest.fixture
def partnership(db) -> Partnership:
    """A partnership with nothing in it yet: add what the test needs with the factories."""
    return factories.partnership()


@pytest.fixture
def board(partnership) -> dict[str, Member]:
    """One member of ``partnership`` per demo login (``chair``, ``officer``, ``board``,
    ``analyst``, ``guest``), each able to sign in with the demo password."""
    return factories.members(partnership)


@pytest.fixture
def outsider(db):
    """A signed-in user who is not a member of the partnership."""
    return get_user_model().objects.create_user("outsider", password=PASSWORD)


def login(username: str) -> Client:
    c = Client()
    assert c.login(username=username, password=PASSWORD), username
    return c


@pytest.fixture
def clients(demo, outsider) -> dict[str, Client]:
    """A client per role, plus an anonymous one and a non-member."""
    out = {r: login(r) for r in ROLES}
    out["anonymous"] = Client()
    out["outsider"] = login("outsider")
    return out


@pytest.fixture
def meetings(demo) -> tuple[Meeting, Meeting, Meeting]:
    """The two past meetings and the next one, oldest first."""
    return tuple(Meeting.objects.filter(partnership=demo).order_by("date"))


@pytest.fixture
def meeting_day(meetings) -> tuple[Meeting, Meeting, Meeting]:
    """The meetings, with the next one moved to today: the day it happens."""
    from datetime import date

    m3 = meetings[2]
    m3.date = date.today()
    m3.save_by(None)
    return meetings


def restricted_item(meeting: Meeting) -> AgendaItem:
    return meeting.agenda_items.get(restricted=True)


@pytest.fixture
def paper(meetings, settings) -> Paper:
    """A restricted paper on the next meeting's restricted item."""
    from django.core.files.base import ContentFile

    item = restricted_item(meetings[2])
    p = Paper(item=item, title="Review action plan", restricted=True)
    p.file.save("review.txt", ContentFile(b"restricted text"), save=False)
    p.save_by(None)
    return p


def member(demo, name: str) -> Member:
    return Member.objects.get(partnership=demo, name=name)


def open_point(meeting: Meeting) -> ActionPoint:
    return ActionPoint.objects.filter(meeting=meeting).exclude(status="closed").first()


@pytest.fixture
def published(demo, settings, tmp_path):
    """A public-edition assessment on disk, generated and published through the app."""
    folder = Path(settings.SAFERPLACES_ASSESSMENTS) / demo.slug / "2025-public"
    folder.mkdir(parents=True)
    (folder / "assessment.html").write_text("<!DOCTYPE html><title>SA</title><h1>SA</h1>")
    job = GeneratedAssessment(
        partnership=demo,
        name="2025-public",
        period="2025",
        baseline="2024",
        edition="public",
        status="done",
        published=True,
    )
    job.save_by(None)
    return job
