"""Starting Django from the CLI: setup, migrations, the server, accounts.

Imported only inside the ``saferplaces serve`` and ``saferplaces admin`` commands, so the
rest of the CLI (and the core library) never loads Django.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.messages import Hint, Param


class WebError(SaferplacesError):
    """The web application cannot start or an account cannot be made."""


def setup(warehouse: str | None = None) -> None:
    """Configure and load Django (idempotent)."""
    if warehouse:
        os.environ["SAFERPLACES_WAREHOUSE"] = str(warehouse)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saferplaces.web.settings")
    import django

    django.setup()


def database_exists() -> bool:
    """True when the web app's database is there to read: PostgreSQL (``DATABASE_URL``),
    the SQLite file already made (never made just by asking), or a database this process
    has already set up (the web app's own, a test's)."""
    from django.apps import apps

    if os.environ.get("DATABASE_URL") or apps.ready:
        return True
    from saferplaces.web.config import home

    return (home() / "web.sqlite3").is_file()


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


LOOPBACK = ("127.0.0.1", "localhost", "::1")


def is_loopback(host: str) -> bool:
    """True when only this machine can reach ``host``.

    >>> is_loopback("127.0.0.1"), is_loopback("0.0.0.0")
    (True, False)
    """
    return host in LOOPBACK or host.startswith("127.")


def default_workers() -> int:
    """gunicorn's advice: two workers per core, plus one."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return cores * 2 + 1


def _check_port(host: str, port: int) -> None:
    """A clear one-line error before the server starts, rather than gunicorn's retries."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as e:
            raise WebError(
                f"cannot listen on {host}:{port}: {e.strerror}",
                Hint("; try another ", Param("port", "port")),
            ) from None


def serve(host: str, port: int, *, workers: int | None = None, threads: int = 4) -> None:
    """Serve the app with gunicorn: ``workers`` processes (default: cores × 2 + 1) of
    ``threads`` threads each, static files from WhiteNoise (see ``docs/web.md``)."""
    from django.core.wsgi import get_wsgi_application
    from django.db import connections
    from gunicorn.app.base import BaseApplication

    _check_port(host, port)
    # The migrations ran here; every worker opens its own database connections.
    connections.close_all()
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    options = {
        "bind": bind,
        "workers": workers or default_workers(),
        "worker_class": "gthread",
        "threads": threads,
        # A place flags run or an evidence page on a large warehouse can take seconds.
        "timeout": 120,
        "graceful_timeout": 30,
        "accesslog": "-",
        "errorlog": "-",
        "preload_app": True,
        "proc_name": "saferplaces",
    }

    class Server(BaseApplication):
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            return get_wsgi_application()

    Server().run()


def serve_dev(host: str, port: int) -> None:
    """Django's threaded development server, one process (what ``saferplaces serve``
    runs when asked for the development server)."""
    from django.core.servers.basehttp import WSGIServer, run
    from django.core.wsgi import get_wsgi_application

    try:
        run(host, port, get_wsgi_application(), threading=True, server_cls=WSGIServer)
    except OSError as e:
        raise WebError(
            f"cannot listen on {host}:{port}: {e.strerror}",
            Hint("; try another ", Param("port", "port")),
        ) from None


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

    from saferplaces.places.flag_decisions import current_user
    from saferplaces.web.core.models import AuditEvent
    from saferplaces.web.core.permissions import ROLE_LABELS
    from saferplaces.web.partnerships.models import Member, Organisation, Partnership

    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise WebError(f"there is already an account called {username!r}")
    first, _, last = full_name.partition(" ")
    try:
        # With the new account's details, so a password like its name is refused.
        validate_password(
            password, User(username=username, email=email, first_name=first, last_name=last)
        )
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
    with transaction.atomic():
        user = User.objects.create_user(
            username, email=email, password=password, first_name=first, last_name=last
        )
        if superuser:
            user.is_superuser = user.is_staff = True
            user.save()
        AuditEvent.record_external(
            None,
            "create",
            partnership=p,
            model="auth.User",
            object_id=str(user.pk),
            object_repr=f"Account {username}" + (" (superuser)" if superuser else ""),
            changes={"username": username, "superuser": superuser, "role": role or ""},
            reason=f"saferplaces admin createuser, run by {current_user()}",
        )
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
    name: str,
    slug: str,
    area: str,
    *,
    description: str = "",
    warehouse: str | None = None,
    county: str | None = None,
):
    """Make a partnership serving the district, CSP or county ``area`` names (a name or
    ONS code), resolved against the warehouse's reference data (loaded on first use); with
    ``county`` (a county partnership's short name), reporting to it."""
    from django.db import transaction

    from saferplaces.core.settings import warehouse_path
    from saferplaces.geography.reference import ensure_reference, reference_loaded
    from saferplaces.warehouse.connection import Warehouse
    from saferplaces.web.partnerships.models import Partnership
    from saferplaces.web.partnerships.setup import (
        PartnershipError,
        resolve_partnership_area,
        set_county,
    )
    from saferplaces.web.partnerships.setup import create_partnership as make

    parent = None
    if county:
        parent = Partnership.objects.live().filter(slug=county.strip().lower()).first()
        if parent is None:
            raise PartnershipError(f"there is no partnership called {county!r}")
    with Warehouse.open(warehouse_path(warehouse)) as wh:
        if not reference_loaded(wh):
            ensure_reference(wh)
        resolved = resolve_partnership_area(wh, area)
        with transaction.atomic():
            p = make(name, slug, resolved, description=description)
            if parent is not None:
                set_county(wh, p, parent)
    return p
