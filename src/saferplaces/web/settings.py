"""Django settings for the saferplaces web application.

Every value a deployment changes comes from an environment variable listed in
:mod:`saferplaces.web.config` (and ``docs/settings.md``): SQLite in ``.saferplaces/`` by
default, PostgreSQL when ``DATABASE_URL`` is set.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

from saferplaces.core.settings import warehouse_path
from saferplaces.web import config

BASE_DIR = Path(__file__).resolve().parent
HOME = config.home()

SECRET_KEY = config.secret_key()
DEBUG = os.environ.get("SAFERPLACES_DEBUG", "0") == "1"
ALLOWED_HOSTS = [
    h.strip()
    for h in (os.environ.get("SAFERPLACES_ALLOWED_HOSTS") or "127.0.0.1,localhost").split(",")
    if h.strip()
] + ["testserver"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "saferplaces.web.core",
    "saferplaces.web.partnerships",
    "saferplaces.web.meetings",
    "saferplaces.web.actions",
    "saferplaces.web.evidence",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a login unless its view is marked public (login_not_required).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "saferplaces.web.core.permissions.RoleCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
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
MEDIA_ROOT = HOME / "media"
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

SAFERPLACES_WAREHOUSE = str(warehouse_path())
SAFERPLACES_ASSESSMENTS = str(config.assessments_dir())

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR"}},
}
