"""Starting Django from the CLI: setup, migrations, the server, accounts.

Imported only inside the ``saferplaces serve`` and ``saferplaces admin`` commands, so the
rest of the CLI (and the core library) never loads Django.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from saferplaces.core.errors import SaferplacesError


class WebError(SaferplacesError):
    """The web application cannot start or an account cannot be made."""


def setup(warehouse: str | None = None) -> None:
    """Configure and load Django (idempotent)."""
    if warehouse:
        os.environ["SAFERPLACES_WAREHOUSE"] = str(warehouse)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saferplaces.web.settings")
    import django

    django.setup()


def migrate(verbosity: int = 0) -> None:
    """Bring the web database up to date."""
    from django.core.management import call_command
    from django.db.utils import OperationalError

    try:
        call_command("migrate", interactive=False, verbosity=verbosity)
    except OperationalError as e:
        raise WebError(f"the web database cannot be reached: {str(e).splitlines()[0]}") from None


def database_label() -> str:
    from django.conf import settings

    db = settings.DATABASES["default"]
    if "sqlite" in db["ENGINE"]:
        return f"SQLite {db['NAME']}"
    return (
        f"PostgreSQL {db.get('NAME')} on {db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}"
    )


def serve(host: str, port: int) -> None:
    """Serve the app with Django's threaded WSGI server (a laptop or a small office);
    behind a proxy, run ``saferplaces.web.wsgi`` under gunicorn instead."""
    from django.core.servers.basehttp import WSGIServer, run
    from django.core.wsgi import get_wsgi_application

    try:
        run(host, port, get_wsgi_application(), threading=True, server_cls=WSGIServer)
    except OSError as e:
        raise WebError(f"cannot listen on {host}:{port}: {e.strerror}; try --port") from None


@dataclass
class NewUser:
    username: str
    superuser: bool
    partnership: str | None
    role: str | None


def create_user(
    username: str,
    password: str,
    *,
    email: str = "",
    full_name: str = "",
    superuser: bool = False,
    partnership: str | None = None,
    role: str | None = None,
    organisation: str | None = None,
) -> NewUser:
    """Make an account, optionally a member of a partnership with a role."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from saferplaces.web.core.permissions import ROLE_LABELS
    from saferplaces.web.partnerships.models import Member, Organisation, Partnership

    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise WebError(f"there is already an account called {username!r}")
    try:
        validate_password(password)
    except ValidationError as e:
        raise WebError("password not accepted: " + " ".join(e.messages)) from None
    if role and role not in ROLE_LABELS:
        raise WebError(f"unknown role {role!r}; use one of {', '.join(ROLE_LABELS)}")
    p = None
    if partnership:
        p = Partnership.objects.live().filter(slug=partnership).first()
        if p is None:
            known = ", ".join(Partnership.objects.live().values_list("slug", flat=True)) or "none"
            raise WebError(f"no partnership {partnership!r} (known: {known})")
    first, _, last = full_name.partition(" ")
    with transaction.atomic():
        user = User.objects.create_user(
            username, email=email, password=password, first_name=first, last_name=last
        )
        if superuser:
            user.is_superuser = user.is_staff = True
            user.save()
        if p is not None:
            org = None
            if organisation:
                org = Organisation.objects.live().filter(partnership=p, name=organisation).first()
                if org is None:
                    raise WebError(f"{p.name} has no organisation called {organisation!r}")
            Member(
                partnership=p,
                user=user,
                name=full_name or username,
                organisation=org,
                role=role or "member",
                email=email,
            ).save_by(None)
    return NewUser(username, superuser, p.slug if p else None, role)


def create_partnership(
    name: str, slug: str, area: str, *, description: str = "", warehouse: str | None = None
):
    """Make a partnership serving the district or CSP ``area`` names (a name or ONS code),
    resolved against the warehouse's reference data (loaded on first use)."""
    from saferplaces.core.settings import warehouse_path
    from saferplaces.geography.reference import ensure_reference, reference_loaded
    from saferplaces.warehouse.connection import Warehouse
    from saferplaces.web.partnerships.setup import create_partnership as make
    from saferplaces.web.partnerships.setup import resolve_partnership_area

    with Warehouse.open(warehouse_path(warehouse)) as wh:
        if not reference_loaded(wh):
            ensure_reference(wh)
        resolved = resolve_partnership_area(wh, area)
    return make(name, slug, resolved, description=description)
