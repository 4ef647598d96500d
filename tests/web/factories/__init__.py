"""Factories for the web app's records: a test makes the few records it needs.

One module per Django app (``partnerships``, ``meetings``, ``actions``, ``evidence``;
a new app adds its own). Each function makes one record through ``save_by`` (so the
audit log and the tracked fields are filled as the app fills them; ``by=user`` says
who made it), takes every field as a keyword to override, and returns the saved
record. Defaults are those of the demo
partnership, so a page looks as it does in ``make demo``.

>>> # p = partnership(); board = members(p)  # the five demo logins, one per role
>>> # m = meeting(p, days=30); item = agenda_item(m, restricted=True)

The ``partnership`` and ``board`` fixtures in ``tests/web/conftest.py`` wrap these; see
docs/testing.md for when to use them rather than the whole demo seed (``demo``).
"""

from tests.web.factories.actions import action, priority
from tests.web.factories.evidence import generated_assessment
from tests.web.factories.meetings import action_point, agenda_item, meeting, minute, paper
from tests.web.factories.partnerships import (
    ROLE_LOGINS,
    member,
    members,
    organisation,
    partnership,
    user,
)

__all__ = [
    "ROLE_LOGINS",
    "action",
    "action_point",
    "agenda_item",
    "generated_assessment",
    "meeting",
    "member",
    "members",
    "minute",
    "organisation",
    "paper",
    "partnership",
    "priority",
    "user",
]
