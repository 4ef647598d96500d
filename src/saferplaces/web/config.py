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
