"""Django settings for the saferplaces web application.

Every value a deployment changes comes from an environment variable listed in
:mod:`saferplaces.web.config` (and ``docs/settings.md``): SQLite in ``.saferplaces/`` by
default, PostgreSQL when ``DATABASE_URL`` is set.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

from saferplaces.core.settings import warehouse_path
from saferplaces.web import config

BASE_DIR = Path(__file__).resolve().parent
HOME = config.home()

SECRET_KEY = config.secret_key()
DEBUG = os.environ.get("SAFERPLACES_DEBUG", "0") == "1"
# Only the hosts named (Django's test runner adds its own "testserver" for tests).
ALLOWED_HOSTS = [
    h.strip()
    for h in (os.environ.get("SAFERPLACES_ALLOWED_HOSTS") or "127.0.0.1,localhost").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Before core: its failed-sign-in handler marks a lock-out before core audits it.
    "axes",
    "saferplaces.web.core",
    "saferplaces.web.partnerships",
    "saferplaces.web.meetings",
    "saferplaces.web.actions",
    "saferplaces.web.evidence",
    "saferplaces.web.finance",
    "saferplaces.web.planning",
    "saferplaces.web.county",
    "saferplaces.web.reviews",
    "saferplaces.web.problems",
    "saferplaces.web.notices",
    "saferplaces.web.agreements",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Content-Security-Policy, Permissions-Policy, no-store for signed-in pages.
    "saferplaces.web.core.security.SecurityHeadersMiddleware",
    # Every page needs a login unless its view is marked public (login_not_required).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "saferplaces.web.core.permissions.RoleCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A refused sign-in becomes the "too many attempts" page.
    "axes.middleware.AxesMiddleware",
    # A change and its audit events commit or roll back with the request; reads of
    # restricted records are logged with the response that shows them.
    "saferplaces.web.core.request_audit.RequestTransactionMiddleware",
]

ROOT_URLCONF = "saferplaces.web.urls"
WSGI_APPLICATION = "saferplaces.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "saferplaces.web.core.context.navigation",
            ],
            "builtins": ["saferplaces.web.core.templatetags.govuk"],
        },
    }
]

_default_db = f"sqlite:///{(HOME / 'web.sqlite3').resolve()}"
DATABASES = {
    "default": dj_database_url.parse(os.environ.get("DATABASE_URL") or _default_db, conn_max_age=60)
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Many readers beside one writer (WAL), a writer waits its turn rather than failing
    # ("database is locked"), and a transaction takes the write lock when it begins, so
    # it never fails half-way when a read would become a write (docs/security.md).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL",
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "saferplaces.web.core.signin.DemoPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # Refuses sign-ins from a locked-out account or address, then Django checks passwords.
    "saferplaces.web.core.signin.SignInThrottle",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed sign-ins (django-axes, see core/signin.py): after 10 failures for one account,
# or from one address, within 15 minutes, that account or address is refused for 15
# minutes from the last failure, even with the right password.
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "saferplaces.web.core.signin.client_address"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_DISABLE_ACCESS_LOG = True  # sign-ins are in the audit log
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"

STATIC_URL = "/static/"
# Only for `collectstatic` behind a proxy; the app serves static files itself.
STATIC_ROOT = os.environ.get("SAFERPLACES_STATIC_ROOT") or None
STATICFILES_DIRS = [BASE_DIR / "static"]
# Served from the package's static folders directly: no collectstatic step on a laptop.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Uploaded papers: never served as public media; a view checks who may read each one.
# Not readable by other local users (the database file is kept 0600, see core/apps.py).
MEDIA_ROOT = HOME / "media"
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
# Behind a proxy that terminates HTTPS (SAFERPLACES_BEHIND_HTTPS_PROXY, ...).
_https = config.https_settings()
CSRF_TRUSTED_ORIGINS = _https["CSRF_TRUSTED_ORIGINS"]
SECURE_PROXY_SSL_HEADER = _https["SECURE_PROXY_SSL_HEADER"]
SESSION_COOKIE_SECURE = _https["SESSION_COOKIE_SECURE"]
CSRF_COOKIE_SECURE = _https["CSRF_COOKIE_SECURE"]

# Email (notices, `saferplaces notify`): SMTP when SAFERPLACES_SMTP_HOST is set, else
# printed to the terminal (docs/settings.md).
_mail = config.mail_settings()
EMAIL_BACKEND = _mail["EMAIL_BACKEND"]
EMAIL_HOST = _mail["EMAIL_HOST"]
EMAIL_PORT = _mail["EMAIL_PORT"]
EMAIL_HOST_USER = _mail["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _mail["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _mail["EMAIL_USE_TLS"]
EMAIL_TIMEOUT = _mail["EMAIL_TIMEOUT"]
DEFAULT_FROM_EMAIL = _mail["DEFAULT_FROM_EMAIL"]
SAFERPLACES_SITE_URL = _mail["SAFERPLACES_SITE_URL"]

SAFERPLACES_WAREHOUSE = str(warehouse_path())
SAFERPLACES_ASSESSMENTS = str(config.assessments_dir())

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR"}},
}
