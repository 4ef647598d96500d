"""Signing in: failed attempts throttled per account and per address, every sign-in,
failure and lock-out written to the audit log, and the demo's published password kept
for the demo's own accounts.

Throttling is django-axes (``AXES_*`` in ``settings.py``): after ``AXES_FAILURE_LIMIT``
failures for one account (from anywhere) or from one address (for any account), further
attempts are refused for ``AXES_COOLOFF_TIME``, even with the right password, and the
person sees a page saying so (429).
"""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import signals as auth_signals
from django.core.exceptions import ValidationError
from django.dispatch import receiver


class SignInThrottle(AxesStandaloneBackend):
    """Refuses a sign-in from a locked-out account or address (then the next backend,
    Django's, checks the password).

    Every sign-in over the web comes through the sign-in page with its request, and is
    throttled. An ``authenticate()`` call without a request (code that signs a known
    user in, such as Django's test client) has no address to count against and is left
    to the password check.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_address(request) -> str:
    """The address a request came from: behind the HTTPS proxy the app is told about
    (``SAFERPLACES_BEHIND_HTTPS_PROXY``), the last address the proxy appended to
    ``X-Forwarded-For`` (earlier ones are whatever the client sent); else the peer."""
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _audit(action: str, request, *, user=None, name: str = "", changes=None) -> None:
    """One audit event about signing in (no partnership: it is about the account)."""
    from saferplaces.web.core.models import AuditEvent

    shown = user.get_username() if user is not None else name
    text = {
        "sign_in": f"{shown} signed in",
        "sign_out": f"{shown} signed out",
        "sign_fail": f"Sign-in as {shown!r} failed",
        "locked": f"Sign-in as {shown!r} refused: too many failed attempts",
    }[action]
    AuditEvent.record_external(
        user,
        action,
        partnership=None,
        model="auth.User",
        object_id=str(user.pk) if user is not None else "",
        object_repr=text,
        changes={"address": client_address(request), **(changes or {})},
    )


@receiver(auth_signals.user_logged_in)
def _signed_in(sender, request, user, **kwargs):
    _audit("sign_in", request, user=user)


@receiver(auth_signals.user_logged_out)
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        _audit("sign_out", request, user=user)


@receiver(auth_signals.user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    if request is None or getattr(request, "axes_locked_out", False):
        return  # code, not a person; a refused lock-out is logged as "locked" below
    _audit("sign_fail", request, name=str(credentials.get("username", ""))[:150])


@receiver(user_locked_out)
def _locked_out(sender, request, username=None, ip_address=None, **kwargs):
    _audit("locked", request, name=str(username or "")[:150])


class DemoPasswordValidator:
    """The demo's password is published in the docs: only the demo's own accounts (made
    by ``saferplaces admin seed-demo``) may have it."""

    def validate(self, password, user=None):
        from saferplaces.web.demo import PASSWORD

        if password != PASSWORD:
            return
        if user is not None and user.pk and hasattr(user, "demo_account"):
            return
        raise ValidationError(
            "This password is published as the demo's password; choose another.",
            code="password_is_demo",
        )

    def get_help_text(self):
        return "Your password cannot be the demo's published password."
