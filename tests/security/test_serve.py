"""`saferplaces serve` (issue 18 §10, issue 16 §5): gunicorn with workers, Django's
server only with --dev, a warning when listening beyond this machine, and the demo
password printed only for the demo."""

from __future__ import annotations

import os

import pytest

from saferplaces.web import runtime
from saferplaces.web.demo import PASSWORD


@pytest.fixture
def served(monkeypatch):
    """What serve would have started, instead of starting it."""
    calls: list[tuple] = []
    monkeypatch.setattr(runtime, "serve", lambda *a, **k: calls.append(("gunicorn", a, k)))
    monkeypatch.setattr(runtime, "serve_dev", lambda *a, **k: calls.append(("dev", a, k)))
    return calls


def test_serve_runs_gunicorn_with_the_default_workers(cli, demo, served):
    r = cli("serve", "--port", "8123")
    assert r.code == 0, r.err
    assert served == [("gunicorn", ("127.0.0.1", 8123), {"workers": None, "threads": 4})]
    cores = len(os.sched_getaffinity(0))
    assert runtime.default_workers() == cores * 2 + 1
    assert f"gunicorn, {cores * 2 + 1} workers" in r.out
    assert "Warning" not in r.err


def test_serve_workers_and_dev(cli, db, served):
    assert cli("serve", "--workers", "3", "--threads", "2").code == 0
    assert cli("serve", "--dev").code == 0
    assert served[0] == ("gunicorn", ("127.0.0.1", 8000), {"workers": 3, "threads": 2})
    assert served[1] == ("dev", ("127.0.0.1", 8000), {})
    assert cli("serve", "--workers", "0").code != 0


def test_serve_warns_when_listening_beyond_this_machine(cli, demo, served):
    r = cli("serve", "--host", "0.0.0.0")
    assert r.code == 0
    err = " ".join(r.err.split())
    assert "Warning: listening on 0.0.0.0, reachable from other machines" in err
    assert "HTTPS proxy" in err and "SAFERPLACES_ALLOWED_HOSTS" in err
    assert "the demo logins use the password published in the docs" in err
    for host in ("127.0.0.1", "localhost", "::1", "127.0.1.1"):
        assert "Warning" not in cli("serve", "--host", host).err, host


def test_serve_prints_the_demo_password_only_for_the_demo(cli, db, served):
    from saferplaces.web.partnerships.models import Partnership

    # A real partnership that happens to use the demo's web name.
    Partnership(name="South Cambridgeshire CSP", slug="south-cambs", area_code="E07000012").save_by(
        None
    )
    r = cli("serve")
    assert r.code == 0
    assert PASSWORD not in r.out + r.err and "Demo logins" not in r.out


def test_serve_does_not_print_a_demo_password_that_was_changed(cli, demo, served):
    from django.contrib.auth import get_user_model

    for u in get_user_model().objects.filter(username__in=["chair", "officer"]):
        u.set_password("a-changed-passphrase")
        u.save()
    out = cli("serve").out
    assert PASSWORD in out
    listed = [line.split()[0] for line in out.splitlines() if line.startswith("  ")]
    assert listed == ["board", "analyst", "guest", "county"]


def test_serve_refuses_a_port_in_use_in_one_line(db):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        with pytest.raises(runtime.WebError, match=f"cannot listen on 127.0.0.1:{port}"):
            runtime.serve("127.0.0.1", port, workers=1)
