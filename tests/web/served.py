"""A real served web app for tests: `saferplaces serve` (gunicorn) in a subprocess on
loopback, over SQLite in a temporary folder or, when ``DATABASE_URL`` is set (under
``scripts/with-postgres.sh``), over a fresh PostgreSQL database of its own.

The served app runs the production settings, except for the password hasher
(``tests.web.served_settings``): fifty sign-ins with the real hasher would spend most of
a test's time hashing. ``python -m tests.web.served setup N`` (run in the served app's
environment) seeds the demo and N more members; ``... audit`` prints the audit log's
counts as JSON.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAFERPLACES = [sys.executable, "-m", "saferplaces"]
ROLES = ["board_member", "member", "chair", "analyst", "guest"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Served:
    url: str
    env: dict[str, str]
    home: Path
    log: Path
    setup: dict = field(default_factory=dict)

    def run(self, *args: str) -> dict:
        """Run ``python -m tests.web.served ARGS`` in the served app's environment."""
        out = subprocess.run(
            [sys.executable, "-m", "tests.web.served", *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert out.returncode == 0, out.stderr[-3000:]
        return json.loads(out.stdout.strip().splitlines()[-1])


@contextmanager
def _database(env: dict[str, str]) -> Iterator[None]:
    """A PostgreSQL database of the served app's own, dropped afterwards."""
    url = env.get("DATABASE_URL")
    if not url:
        yield
        return
    import psycopg

    name = f"served_{secrets.token_hex(4)}"
    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name}")
    env["DATABASE_URL"] = urllib.parse.urlunsplit(
        urllib.parse.urlsplit(url)._replace(path=f"/{name}")
    )
    try:
        yield
    finally:
        with psycopg.connect(url, autocommit=True) as con:
            con.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@contextmanager
def served(tmp: Path, warehouse: Path, *, members: int, workers: int = 3) -> Iterator[Served]:
    home = tmp / "home"
    env = {
        **os.environ,
        "SAFERPLACES_HOME": str(home),
        "SAFERPLACES_WAREHOUSE": str(warehouse),
        "DJANGO_SETTINGS_MODULE": "tests.web.served_settings",
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    with _database(env):
        port = free_port()
        log = tmp / "serve.log"
        site = Served(f"http://127.0.0.1:{port}", env, home, log)
        site.setup = site.run("setup", str(members))
        with log.open("w") as out:
            proc = subprocess.Popen(
                [*SAFERPLACES, "serve", "--port", str(port), "--workers", str(workers)],
                env=env,
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        try:
            _wait(site.url, proc, log)
            yield site
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _wait(url: str, proc, log: Path) -> None:
    for _ in range(300):
        if proc.poll() is not None:
            raise AssertionError(f"serve stopped: {log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/accessibility/", timeout=5):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"serve did not answer: {log.read_text()[-3000:]}")


@dataclass
class Hit:
    method: str
    path: str
    status: int
    error: str = ""


@dataclass
class Browser:
    """One person's browser: its own cookies, every request it made."""

    site: str
    username: str
    hits: list[Hit] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def _csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def request(self, path: str, data: dict | None = None) -> str:
        body = None
        if data is not None:
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self._csrf()}).encode()
        method = "GET" if body is None else "POST"
        try:
            with self.opener.open(self.site + path, data=body, timeout=120) as resp:
                text = resp.read().decode()
                self.hits.append(Hit(method, path, resp.status))
                return text
        except urllib.error.HTTPError as e:
            self.hits.append(Hit(method, path, e.code, e.read().decode(errors="replace")[:300]))
        except OSError as e:
            self.hits.append(Hit(method, path, 0, repr(e)))
        return ""

    def sign_in(self, password: str) -> None:
        self.request("/accounts/login/")
        self.request("/accounts/login/", {"username": self.username, "password": password})

    @property
    def errors(self) -> list[Hit]:
        return [h for h in self.hits if h.status != 200]


# -- run inside the served app's environment ---------------------------------------------


def _setup(members: int) -> dict:
    from saferplaces.web import runtime

    runtime.setup()
    runtime.migrate()
    from django.contrib.auth import get_user_model

    from saferplaces.web.demo import PASSWORD, seed
    from saferplaces.web.meetings.models import Meeting
    from saferplaces.web.partnerships.models import Member, Partnership

    seed()
    p = Partnership.objects.get(slug="south-cambs")
    users = []
    for i in range(members):
        role = "officer" if i < 12 else ROLES[i % len(ROLES)]
        name = f"person{i:02d}"
        user = get_user_model().objects.create_user(name, password=PASSWORD)
        Member(partnership=p, user=user, name=f"Person {i:02d}", role=role).save_by(None)
        users.append((name, role))
    past = list(Meeting.objects.filter(partnership=p, date__lt=_today()).order_by("date"))
    read, write = past[0], past[-1]
    item = write.items().filter(restricted=False).first()
    owner = Member.objects.filter(partnership=p, role="officer").first()
    return {
        "slug": p.slug,
        "users": users,
        "read_meeting": read.pk,
        "write_meeting": write.pk,
        "write_item": item.pk,
        "owner": owner.pk,
        "password": PASSWORD,
    }


def _today():
    from datetime import date

    return date.today()


def _audit() -> dict:
    from saferplaces.web import runtime

    runtime.setup()
    from django.db.models import Count

    from saferplaces.web.core.models import AuditEvent

    rows = AuditEvent.objects.values("username", "action", "model").annotate(n=Count("id"))
    out: dict = {}
    for r in rows:
        out.setdefault(r["username"], {})[f"{r['action']} {r['model']}"] = r["n"]
    texts = list(
        AuditEvent.objects.filter(action="create", model="meetings.ActionPoint").values_list(
            "username", "changes"
        )
    )
    return {
        "counts": out,
        "points": [[u, c.get("text", ""), c.get("number", "")] for u, c in texts],
    }


if __name__ == "__main__":
    what = sys.argv[1]
    result = _setup(int(sys.argv[2])) if what == "setup" else _audit()
    print(json.dumps(result))
