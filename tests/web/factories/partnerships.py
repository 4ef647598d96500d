"""Partnerships, organisations, people and their logins."""

from __future__ import annotations

from itertools import count

from django.contrib.auth import get_user_model

from saferplaces.web.demo import PASSWORD
from saferplaces.web.partnerships.models import Member, Organisation, Partnership

# login -> (role, name): the demo's five logins, one per role.
ROLE_LOGINS = {
    "chair": ("chair", "Alex Morgan"),
    "officer": ("officer", "Sam Patel"),
    "board": ("board_member", "Chris Okafor"),
    "analyst": ("analyst", "Priya Shah"),
    "guest": ("guest", "Jordan Lee"),
}

_n = count(1)


def user(username: str | None = None, *, password: str = PASSWORD, **fields):
    """A login (password ``saferplaces-demo`` unless given), made once per username."""
    username = username or f"user{next(_n)}"
    User = get_user_model()
    found = User.objects.filter(username=username).first()
    if found is not None:
        return found
    return User.objects.create_user(username, password=password, **fields)


def partnership(*, by=None, **fields) -> Partnership:
    """South Cambridgeshire's partnership (E07000012), as the demo has it; ``slug`` and
    ``name`` are made unique when a second one is asked for."""
    n = next(_n)
    values = {
        "name": "South Cambridgeshire Community Safety Partnership",
        "slug": "south-cambs"
        if not Partnership.objects.filter(slug="south-cambs").exists()
        else f"partnership-{n}",
        "area_code": "E07000012",
        "area_name": "South Cambridgeshire",
        "description": "A partnership made by a test.",
        **fields,
    }
    p = Partnership(**values)
    p.save_by(by)
    return p


def organisation(p: Partnership, *, by=None, **fields) -> Organisation:
    values = {
        "name": "South Cambridgeshire District Council",
        "short_name": "SCDC",
        "kind": "district_council",
        "statutory": True,
        **fields,
    }
    o = Organisation(partnership=p, **values)
    o.save_by(by)
    return o


def member(p: Partnership, role: str = "member", *, by=None, **fields) -> Member:
    """A member of ``p`` with ``role``, not voting unless ``voting=True`` (a voting member
    needs a statutory ``organisation`` of their own); ``user=`` for one who signs in."""
    values = {"name": f"Member {next(_n)}", **fields}
    m = Member(partnership=p, role=role, **values)
    m.save_by(by)
    return m


def members(p: Partnership, logins=tuple(ROLE_LOGINS)) -> dict[str, Member]:
    """One member per demo login (``chair``, ``officer``, ``board``, ``analyst``,
    ``guest``), each signed in with the demo password: {login: member}. As in the demo,
    the chair votes for the district council and the board member for the police."""
    council = organisation(p)
    police = organisation(p, name="Cambridgeshire Constabulary", short_name="Police", kind="police")
    out = {}
    for login in logins:
        role, name = ROLE_LOGINS[login]
        first, _, last = name.partition(" ")
        out[login] = member(
            p,
            role,
            name=name,
            organisation=police if login == "board" else council,
            voting=login in ("chair", "board"),
            user=user(login, first_name=first, last_name=last),
        )
    return out
