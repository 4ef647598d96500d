"""The web application's settings, as a table of (name, environment variable, default, help).

Read by :mod:`saferplaces.web.settings`; documented in ``docs/settings.md`` (a test checks
the two agree). Nothing here imports Django, so the CLI can show these before setup.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.settings import Setting

WEB_SETTINGS: tuple[Setting, ...] = (
    Setting(
        "database_url",
        "DATABASE_URL",
        "sqlite:///.saferplaces/web.sqlite3",
        "The web application's database: PostgreSQL when set (e.g. "
        "`postgres://user:pass@127.0.0.1:5432/saferplaces`), else SQLite in `.saferplaces/`.",
    ),
    Setting(
        "web_home",
        "SAFERPLACES_HOME",
        ".saferplaces",
        "Folder for the web app's SQLite database, uploaded papers, its secret key and "
        "the generated assessments.",
    ),
    Setting(
        "assessments_dir",
        "SAFERPLACES_ASSESSMENTS",
        ".saferplaces/assessments",
        "Folder of generated assessments, one subfolder per partnership (its slug), then "
        "one per assessment holding `assessment.html|pdf|docx|xlsx`.",
    ),
    Setting(
        "secret_key",
        "SAFERPLACES_SECRET_KEY",
        "generated once into `.saferplaces/secret_key`",
        "Django's secret key (signs sessions); set it in a shared deployment.",
    ),
    Setting(
        "allowed_hosts",
        "SAFERPLACES_ALLOWED_HOSTS",
        "127.0.0.1,localhost",
        "Comma-separated host names the web app answers to.",
    ),
    Setting(
        "debug",
        "SAFERPLACES_DEBUG",
        "0",
        "1 shows Django's debug pages; never in a shared deployment.",
    ),
    Setting(
        "behind_https_proxy",
        "SAFERPLACES_BEHIND_HTTPS_PROXY",
        "0",
        "1 when a proxy in front terminates HTTPS and sets `X-Forwarded-Proto`: the app "
        "then knows requests came over HTTPS, and sends its cookies only over HTTPS.",
    ),
    Setting(
        "secure_cookies",
        "SAFERPLACES_SECURE_COOKIES",
        "the value of `SAFERPLACES_BEHIND_HTTPS_PROXY`",
        "1 sends the sign-in and CSRF cookies only over HTTPS; 0 never (plain HTTP on a laptop).",
    ),
    Setting(
        "csrf_trusted_origins",
        "SAFERPLACES_CSRF_TRUSTED_ORIGINS",
        "(none)",
        "Comma-separated origins the public uses, with their scheme, e.g. "
        "`https://csp.example.org`: forms posted from them are accepted behind a proxy.",
    ),
    Setting(
        "site_url",
        "SAFERPLACES_SITE_URL",
        "http://127.0.0.1:8000",
        "The address people open the web app at, with its scheme: the links in emails "
        "start with it.",
    ),
    Setting(
        "smtp_host",
        "SAFERPLACES_SMTP_HOST",
        "(none: emails are printed, not sent)",
        "The SMTP server that sends the app's emails; unset, each email is printed to the "
        "terminal instead (Django's console backend).",
    ),
    Setting("smtp_port", "SAFERPLACES_SMTP_PORT", "587", "The SMTP server's port."),
    Setting("smtp_user", "SAFERPLACES_SMTP_USER", "(none)", "The SMTP sign-in name, if any."),
    Setting("smtp_password", "SAFERPLACES_SMTP_PASSWORD", "(none)", "The SMTP password, if any."),
    Setting(
        "smtp_tls",
        "SAFERPLACES_SMTP_TLS",
        "1",
        "1 starts TLS on the SMTP connection (STARTTLS); 0 sends in the clear (only to a "
        "relay on the same machine).",
    ),
    Setting(
        "mail_from",
        "SAFERPLACES_MAIL_FROM",
        "saferplaces@localhost",
        "The address the app's emails come from.",
    ),
)


class ConfigError(SaferplacesError):
    """A web setting in the environment cannot be used."""


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


def https_settings(env: dict[str, str] | None = None) -> dict[str, object]:
    """Django's HTTPS settings from the environment (see docs/settings.md).

    >>> https_settings({})["SECURE_PROXY_SSL_HEADER"] is None
    True
    """
    env = os.environ if env is None else env
    proxy = _flag(env.get("SAFERPLACES_BEHIND_HTTPS_PROXY"))
    cookies = env.get("SAFERPLACES_SECURE_COOKIES")
    secure = proxy if cookies is None or not cookies.strip() else _flag(cookies)
    origins = [
        o.strip()
        for o in (env.get("SAFERPLACES_CSRF_TRUSTED_ORIGINS") or "").split(",")
        if o.strip()
    ]
    for o in origins:
        if not o.startswith(("https://", "http://")):
            raise ConfigError(
                f"SAFERPLACES_CSRF_TRUSTED_ORIGINS: {o!r} needs its scheme, e.g. https://{o}"
            )
    return {
        "CSRF_TRUSTED_ORIGINS": origins,
        "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https") if proxy else None,
        "SESSION_COOKIE_SECURE": secure,
        "CSRF_COOKIE_SECURE": secure,
    }


def mail_settings(env: dict[str, str] | None = None) -> dict[str, object]:
    """Django's email settings from the environment: SMTP when ``SAFERPLACES_SMTP_HOST``
    is set, else the console backend (emails printed, for a laptop).

    >>> mail_settings({})["EMAIL_BACKEND"]
    'django.core.mail.backends.console.EmailBackend'
    """
    env = os.environ if env is None else env
    host = (env.get("SAFERPLACES_SMTP_HOST") or "").strip()
    port = (env.get("SAFERPLACES_SMTP_PORT") or "587").strip()
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise ConfigError(
            f"SAFERPLACES_SMTP_PORT: {port!r} is not a port number; use a number such as 587"
        )
    site = (env.get("SAFERPLACES_SITE_URL") or "http://127.0.0.1:8000").strip().rstrip("/")
    if not site.startswith(("https://", "http://")):
        raise ConfigError(f"SAFERPLACES_SITE_URL: {site!r} needs its scheme, e.g. https://{site}")
    backend = "smtp" if host else "console"
    return {
        "EMAIL_BACKEND": f"django.core.mail.backends.{backend}.EmailBackend",
        "EMAIL_HOST": host or "localhost",
        "EMAIL_PORT": int(port),
        "EMAIL_HOST_USER": env.get("SAFERPLACES_SMTP_USER") or "",
        "EMAIL_HOST_PASSWORD": env.get("SAFERPLACES_SMTP_PASSWORD") or "",
        "EMAIL_USE_TLS": _flag(env.get("SAFERPLACES_SMTP_TLS") or "1"),
        "EMAIL_TIMEOUT": 30,
        "DEFAULT_FROM_EMAIL": (env.get("SAFERPLACES_MAIL_FROM") or "saferplaces@localhost").strip(),
        "SAFERPLACES_SITE_URL": site,
    }


def home() -> Path:
    return Path(os.environ.get("SAFERPLACES_HOME") or ".saferplaces")


def assessments_dir() -> Path:
    env = os.environ.get("SAFERPLACES_ASSESSMENTS")
    return Path(env) if env else home() / "assessments"


def secret_key() -> str:
    """The configured key, or one generated once and kept (owner-only) in the home folder."""
    env = os.environ.get("SAFERPLACES_SECRET_KEY")
    if env:
        return env
    path = home() / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key)
    path.chmod(0o600)
    return key
