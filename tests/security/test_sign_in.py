"""Signing in (issue 18 §10): failed attempts throttled per account and per address,
Django's password validators, the demo password only for the demo, and every sign-in,
failure, lock-out and account creation in the audit log."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from saferplaces.web.core.models import AuditEvent
from saferplaces.web.demo import PASSWORD

LIMIT = 10  # settings.AXES_FAILURE_LIMIT, written out: the promise in docs/security.md


def _sign_in(username: str, password: str, address: str = "192.0.2.10"):
    c = Client(REMOTE_ADDR=address)
    resp = c.post(reverse("login"), {"username": username, "password": password})
    return c, resp


def _signed_in(c: Client) -> bool:
    return "_auth_user_id" in c.session


def test_the_right_password_is_refused_after_too_many_wrong_ones(demo):
    for i in range(LIMIT - 1):
        c, resp = _sign_in("board", f"wrong-{i}")
        assert resp.status_code == 200 and not _signed_in(c)
    # The attempt that reaches the limit is refused, and so is every one after it,
    # right password included, from any address.
    _, resp = _sign_in("board", "wrong-last")
    assert resp.status_code == 429
    for address in ("192.0.2.10", "198.51.100.7"):
        c, resp = _sign_in("board", PASSWORD, address)
        assert resp.status_code == 429, address
        assert not _signed_in(c)
        assert "Too many failed sign-in attempts" in resp.content.decode()
    # Another account from another address is not affected.
    c, resp = _sign_in("chair", PASSWORD, "198.51.100.7")
    assert resp.status_code == 302 and _signed_in(c)


def test_one_address_is_throttled_across_accounts(demo):
    # Password spraying: one wrong password each for many names, from one address.
    for i in range(LIMIT):
        _sign_in(f"someone{i}", "Winter2026!", "203.0.113.5")
    c, resp = _sign_in("officer", PASSWORD, "203.0.113.5")
    assert resp.status_code == 429 and not _signed_in(c)
    c, resp = _sign_in("officer", PASSWORD, "203.0.113.6")
    assert resp.status_code == 302 and _signed_in(c)


def test_a_few_mistakes_then_the_right_password_signs_in(demo):
    for i in range(3):
        _sign_in("analyst", f"typo-{i}")
    c, resp = _sign_in("analyst", PASSWORD)
    assert resp.status_code == 302 and _signed_in(c)


def test_sign_ins_failures_and_lock_outs_are_audited(demo):
    before = AuditEvent.objects.count()
    c, _ = _sign_in("guest", PASSWORD, "192.0.2.44")
    signed = AuditEvent.objects.get(action="sign_in")
    assert signed.username == "guest" and signed.changes == {"address": "192.0.2.44"}
    c.post(reverse("logout"))
    assert AuditEvent.objects.filter(action="sign_out", username="guest").count() == 1
    for i in range(LIMIT):
        _sign_in("nosuchperson", f"x{i}", "192.0.2.45")
    _sign_in("nosuchperson", "x", "192.0.2.45")
    failed = AuditEvent.objects.filter(action="sign_fail")
    # The first LIMIT - 1 failures are failures; the one reaching the limit and the one
    # after it are lock-outs.
    assert failed.count() == LIMIT - 1
    assert all(e.user is None and "nosuchperson" in e.object_repr for e in failed)
    assert AuditEvent.objects.filter(action="locked").count() == 2
    assert AuditEvent.objects.count() - before == 2 + (LIMIT - 1) + 2


@pytest.mark.parametrize(
    ("username", "password", "why"),
    [
        ("jsmith", "48213957604", "entirely numeric"),
        ("jsmith-council", "jsmith-council", "too similar"),
        ("jsmith", "password123", "too common"),
        ("jsmith", "short1!", "too short"),
        ("jsmith", PASSWORD, "the demo's password"),
    ],
)
def test_createuser_refuses_weak_passwords(cli, db, username, password, why):
    r = cli("admin", "createuser", username, "--password", password)
    assert r.code != 0
    assert why in (r.out + r.err).replace("\n", " ")
    assert not get_user_model().objects.filter(username=username).exists()


def test_createuser_is_audited(cli, demo):
    r = cli(
        "admin",
        "createuser",
        "jsmith",
        "--password",
        "a-long-good-passphrase",
        "--partnership",
        "south-cambs",
        "--role",
        "officer",
    )
    assert r.code == 0, r.err
    e = AuditEvent.objects.get(action="create", model="auth.User")
    user = get_user_model().objects.get(username="jsmith")
    assert e.object_id == str(user.pk) and e.partnership == demo
    assert e.changes == {"username": "jsmith", "superuser": False, "role": "officer"}
    assert "saferplaces admin createuser" in e.reason


def test_demo_accounts_keep_the_demo_password_and_no_one_else_gets_it(demo):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    chair = get_user_model().objects.get(username="chair")
    validate_password(PASSWORD, chair)  # the demo's own account: allowed
    real = get_user_model().objects.create_user("real-person")
    with pytest.raises(ValidationError, match="demo's password"):
        validate_password(PASSWORD, real)


def test_a_superuser_reads_the_sign_in_log_and_the_read_is_audited(demo):
    get_user_model().objects.create_superuser("root", password="root-long-password")
    _sign_in("guest", "not-it", "192.0.2.50")
    c, _ = _sign_in("root", "root-long-password", "192.0.2.51")
    page = c.get(reverse("instance_audit")).content.decode()
    assert "Sign-in and account log" in page
    assert "Sign-in as &#x27;guest&#x27; failed" in page and "root signed in" in page
    read = AuditEvent.objects.get(model="core.AuditLog")
    assert read.username == "root" and read.partnership is None and read.restricted
    assert login_as("chair").get(reverse("instance_audit")).status_code == 403


def login_as(username: str) -> Client:
    c, resp = _sign_in(username, PASSWORD, "192.0.2.99")
    assert resp.status_code == 302
    return c
