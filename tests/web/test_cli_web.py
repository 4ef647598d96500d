"""``saferplaces serve`` and ``saferplaces admin``: run as a user would."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from saferplaces.web.partnerships.models import Member

ROOT = Path(__file__).resolve().parents[2]


def test_createuser_makes_a_member_with_a_role(cli, demo):
    r = cli(
        "admin",
        "createuser",
        "jsmith",
        "--name",
        "Jo Smith",
        "--password",
        "long-enough-pass",
        "--partnership",
        "south-cambs",
        "--role",
        "officer",
    )
    assert r.code == 0, r.err
    assert "Account jsmith created as officer of south-cambs" in r.out
    m = Member.objects.get(user__username="jsmith")
    assert m.role == "officer" and m.name == "Jo Smith" and m.partnership == demo
    assert get_user_model().objects.get(username="jsmith").check_password("long-enough-pass")


def test_createuser_refuses_bad_input_in_one_line(cli, demo):
    for args, message in [
        (["officer", "--password", "long-enough-pass"], "already an account called 'officer'"),
        (["x1", "--password", "short"], "password not accepted"),
        (
            ["x2", "--password", "long-enough-pass", "--partnership", "nowhere"],
            "no partnership 'nowhere'",
        ),
        (
            [
                "x3",
                "--password",
                "long-enough-pass",
                "--partnership",
                "south-cambs",
                "--role",
                "king",
            ],
            "unknown role 'king'",
        ),
    ]:
        r = cli("admin", "createuser", *args)
        assert r.code == 1 and message in r.err, r.err
        assert len(r.err.strip().splitlines()) == 1
    assert not get_user_model().objects.filter(username__in=["x1", "x2", "x3"]).exists()


def test_seed_demo_is_idempotent(cli, db):
    r = cli("admin", "seed-demo")
    assert r.code == 0, r.err and "Created" in r.out
    assert "2 past" in r.out
    again = cli("admin", "seed-demo")
    assert again.code == 0 and "already there" in again.out
    from saferplaces.web.meetings.models import Meeting

    # the two past meetings and the next one, and the planning cycle's two boards of last
    # plan year (September and the March priority-setting board)
    assert Meeting.objects.count() == 5


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_serve_migrates_prints_logins_and_answers(tmp_path, loaded_path):
    port = _free_port()
    env = {
        **os.environ,
        "SAFERPLACES_HOME": str(tmp_path),
        "SAFERPLACES_WAREHOUSE": str(loaded_path),
    }
    env.pop("DATABASE_URL", None)
    exe = [sys.executable, "-m", "saferplaces"]
    subprocess.run([*exe, "admin", "seed-demo"], env=env, check=True, capture_output=True)
    proc = subprocess.Popen(
        [*exe, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        body = ""
        # gunicorn and its workers start within a minute even on a busy machine.
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/p/south-cambs/") as resp:
                    body = resp.read().decode()
                    break
            except OSError:
                time.sleep(0.2)
        assert "South Cambridgeshire" in body and "Illustrative data" in body
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/static/govuk/govuk-frontend.min.css"
        ) as r:
            assert r.status == 200
    finally:
        proc.terminate()
        # gunicorn lets its workers finish what they are doing: a minute on a busy machine.
        out, _ = proc.communicate(timeout=60)
    assert f"http://127.0.0.1:{port}/" in out
    assert "officer" in out and "saferplaces-demo" in out
    assert (tmp_path / "web.sqlite3").exists()


def test_createpartnership_resolves_the_area(cli, db, loaded_path):
    from saferplaces.web.partnerships.models import Partnership

    r = cli(
        "admin",
        "createpartnership",
        "Cambridge Community Safety Partnership",
        "--slug",
        "cambridge",
        "--area",
        "Cambridge",
        "--warehouse",
        loaded_path,
    )
    assert r.code == 0, r.err
    p = Partnership.objects.get(slug="cambridge")
    # The ONS code of Cambridge (district), from the bundled lookup.
    assert (p.area_code, p.area_name) == ("E07000008", "Cambridge")
    assert "Partnership Cambridge Community Safety Partnership created for Cambridge" in r.out
    from saferplaces.web.core.models import AuditEvent

    assert AuditEvent.objects.filter(model="partnerships.Partnership", action="create").exists()


def test_createpartnership_refuses_bad_input_in_one_line(cli, demo, loaded_path):
    for args, message in [
        (["X", "--slug", "south-cambs", "--area", "Cambridge"], "already a partnership"),
        (["X", "--slug", "Bad Slug", "--area", "Cambridge"], "cannot be a short name"),
        (["X", "--slug", "x", "--area", "Atlantis"], "Atlantis"),
        (["X", "--slug", "y", "--area", "Cambridgeshire Constabulary"], "Cambridgeshire"),
    ]:
        r = cli("admin", "createpartnership", *args, "--warehouse", loaded_path)
        assert r.code == 1 and message in r.err, r.err
        assert len(r.err.strip().splitlines()) == 1, r.err


def test_seed_demo_never_touches_an_account_it_did_not_make(cli, db):
    """A real person called 'chair' keeps their password; seed-demo refuses."""
    get_user_model().objects.create_user("chair", password="their-own-password")
    r = cli("admin", "seed-demo")
    assert r.code == 1 and "chair" in r.err and "not made by seed-demo" in r.err
    assert len(r.err.strip().splitlines()) == 1
    assert get_user_model().objects.get(username="chair").check_password("their-own-password")
    from saferplaces.web.partnerships.models import Partnership

    assert not Partnership.objects.exists()


def test_seed_demo_resets_only_its_own_logins(cli, db):
    assert cli("admin", "seed-demo").code == 0
    u = get_user_model().objects.get(username="officer")
    u.set_password("changed-by-someone")
    u.save()
    assert cli("admin", "seed-demo").code == 0
    assert get_user_model().objects.get(username="officer").check_password("saferplaces-demo")
