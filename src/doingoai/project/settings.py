"""Django settings of doingoai, read from ``DOINGOAI_*`` environment variables.

See :mod:`doingoai.config` for every setting, its default and what it does.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.conf.locale import LANG_INFO as _LANG_INFO

from doingoai.config import get_setting
from doingoai.errors import ConfigError
from doingoai.logs import logging_config

BASE_DIR = Path.cwd()
DEBUG = get_setting("DEBUG") == "1"
ALLOWED_HOSTS = [h for h in get_setting("ALLOWED_HOSTS").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "doingoai.store",
    "doingoai.translation",
    "doingoai.curation",
    "doingoai.plans",
    "doingoai.reports",
    "doingoai.portal",
    "django.contrib.admin",
    "django_tasks",
    "doingoai.office.tasks_app.BackgroundTasksConfig",  # django_tasks.backends.database
    "doingoai.office",
    "ninja",
    "doingoai.api",
    "doingoai.reference",
    "doingoai.revisions",
    "doingoai.notices",
]
MIDDLEWARE: list[str] = [
    # counts every answer for /metrics, cached pages included (doingoai.ops)
    "doingoai.ops.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # counts article page views, cached or not, keeping nothing about anyone
    # (see doingoai.reports.reach)
    "doingoai.reports.reach.ReachMiddleware",
    # answers cached portal pages before the rest runs (see doingoai.portal.middleware)
    "doingoai.portal.middleware.PageCacheMiddleware",
    "doingoai.office.middleware.RequestSizeLimit",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # the language of each page: the portal's URL, else the person's choice,
    # their browser's, or Vietnamese (see doingoai.office.language)
    "doingoai.office.language.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]
ROOT_URLCONF = "doingoai.project.urls"
WSGI_APPLICATION = "doingoai.project.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
    # the public pages (portal, reference pages, corrections): Jinja2, whose
    # compiled templates render faster; see doingoai.portal.jinja
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "doingoai.portal.jinja.environment"},
    },
]
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
LANGUAGE_CODE = "vi"
# The project's translation catalogues (compiled by scripts/compile_messages.py
# at install) and its date formats per language (doingoai/formats/<lang>/).
LOCALE_PATHS = [Path(__file__).resolve().parents[1] / "locale"]
FORMAT_MODULE_PATH = ["doingoai.formats"]
# The portal's languages, in the order the language switcher lists them:
# DOINGOAI_LANGUAGES, names from Django's table of language names.
LANGUAGES = [
    (code, _LANG_INFO.get(code, {}).get("name_local", code))
    for code in (c.strip().lower() for c in get_setting("LANGUAGES").split(","))
    if code
]
PORTAL_PAGE_CACHE_SECONDS = int(get_setting("PAGE_CACHE_SECONDS"))
# The JSON API's rate limits (doingoai.api), e.g. "120/m", and the reverse
# proxies whose X-Forwarded-For it trusts.
API_RATE_ANONYMOUS = get_setting("API_RATE_ANONYMOUS")
API_RATE_TOKEN = get_setting("API_RATE_TOKEN")
API_NUM_PROXIES = int(get_setting("API_NUM_PROXIES"))
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "doingoai",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
    # Sign-in and API request counts: a table of the database, shared by every
    # server process and never cleared with the page cache.
    "throttle": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "doingoai_throttle",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
}
STATIC_URL = "/static/"
STATIC_ROOT = None  # WhiteNoise serves the apps' static folders (no collectstatic)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Static files are served by WhiteNoise straight from the apps' folders
    # (WHITENOISE_USE_FINDERS) with long cache lifetimes; no collectstatic step.
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Files the office uploads (the reference pages' images, see doingoai.reference),
# kept under var/ beside the database and served at /media/.
MEDIA_ROOT = BASE_DIR / "var" / "media"
MEDIA_URL = "/media/"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_MAX_AGE = 7 * 24 * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def _seconds(name: str) -> int:
    raw = get_setting(name)
    if not raw.strip().isdigit():
        raise ConfigError(f"setting DOINGOAI_{name} must be a whole number of seconds, not {raw!r}")
    return int(raw)


def _proxy_ssl_header(name: str) -> tuple[str, str] | None:
    name = name.strip()
    if not name:
        return None
    if not all(c.isalnum() or c == "-" for c in name):
        raise ConfigError(f"setting DOINGOAI_PROXY_SSL_HEADER must be a header name, not {name!r}")
    return ("HTTP_" + name.upper().replace("-", "_"), "https")


# HTTPS deployment (DOINGOAI_HTTPS=1): session and CSRF cookies travel over
# HTTPS only, plain HTTP is redirected to HTTPS and browsers are told (HSTS) to
# use HTTPS alone for DOINGOAI_HSTS_SECONDS. Behind a reverse proxy that ends
# TLS, DOINGOAI_PROXY_SSL_HEADER names the header by which it says a request
# came over HTTPS (X-Forwarded-Proto: https); the proxy must set it on every
# request and strip it from what clients send.
HTTPS = get_setting("HTTPS") == "1"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
# a load balancer's health probe often comes over plain HTTP from inside
SECURE_REDIRECT_EXEMPT = [r"^api/health$"]
SECURE_HSTS_SECONDS = _seconds("HSTS_SECONDS") if HTTPS else 0
SECURE_PROXY_SSL_HEADER = _proxy_ssl_header(get_setting("PROXY_SSL_HEADER"))


def _create_private(path: Path) -> None:
    """Create the SQLite file readable and writable by its owner only (SQLite
    gives its -wal and -shm files the same permissions); an existing file is
    left as it is. An empty file is an empty SQLite database."""
    with contextlib.suppress(FileExistsError, IsADirectoryError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _database(url: str) -> dict[str, Any]:
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        if not path.is_absolute():
            path = BASE_DIR / path
        if str(path) != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
            _create_private(path)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(path),
            "OPTIONS": {
                # WAL lets readers run while one writer writes; IMMEDIATE takes
                # the write lock at BEGIN so concurrent writers wait instead of failing.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
            },
            # one connection per server thread, kept between requests: opening
            # one (and its PRAGMAs) costs more than serving a cached page
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
            "TEST": {"NAME": None},
        }
    return dict(dj_database_url.parse(url, conn_max_age=60))


DATABASES = {"default": _database(get_setting("DATABASE_URL"))}


def demo_key_file(database: dict[str, Any]) -> Path | None:
    """Where ``doingoai demo`` keeps the secret key of a demo database: beside
    the SQLite file (none for an in-memory one), or in var/ of the working
    directory for another database."""
    if database["ENGINE"].endswith("sqlite3"):
        name = str(database["NAME"])
        if name == ":memory:" or "mode=memory" in name:
            return None
        return Path(name).with_name(Path(name).name + ".demo-key")
    return BASE_DIR / "var" / "demo-secret-key"


# The secret key: DOINGOAI_SECRET_KEY; else, for a database set up by
# ``doingoai demo`` (demo mode), the random key the demo stored beside it; else a
# development key that ``doingoai serve`` refuses unless DOINGOAI_DEBUG=1.
DEMO_KEY_FILE = demo_key_file(DATABASES["default"])
DEMO_MODE = False
SECRET_KEY = get_setting("SECRET_KEY")
if not SECRET_KEY and DEMO_KEY_FILE is not None and DEMO_KEY_FILE.is_file():
    SECRET_KEY = DEMO_KEY_FILE.read_text(encoding="ascii").strip()
    DEMO_MODE = bool(SECRET_KEY)
SECRET_KEY_IS_SET = bool(SECRET_KEY)
#: The shortest secret key accepted (Django's own deployment check asks for 50).
MIN_SECRET_KEY_LENGTH = 50
if 0 < len(_key := get_setting("SECRET_KEY")) < MIN_SECRET_KEY_LENGTH:
    raise ConfigError(
        f"setting DOINGOAI_SECRET_KEY is {len(_key)} characters long; it must have at "
        f"least {MIN_SECRET_KEY_LENGTH} (make one: python -c 'import secrets; "
        "print(secrets.token_urlsafe(50))')"
    )
if not SECRET_KEY:
    SECRET_KEY = "doingoai-insecure-development-key-set-DOINGOAI_SECRET_KEY"

# A second database the test run starts (tests/pg_server.py): the PostgreSQL
# search backend is tested against it beside SQLite.
if _test_postgres := os.environ.get("DOINGOAI_TEST_POSTGRES_URL"):
    DATABASES["postgres"] = _database(_test_postgres)

# The back office (doingoai.office): argon2 password hashes, sign-in at
# /office/sign-in/, a content security policy allowing only this site's own
# scripts, styles and fonts, and collection runs as background tasks (the
# database queue; `django-admin db_worker` runs them).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
LOGIN_URL = "/office/sign-in/"
LOGIN_REDIRECT_URL = "/office/"
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_500_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_500_000
# A form carrying files to the pages that take them (an image for a reference
# page, a plan's XLSX) may be up to this large; each upload then checks its own
# limit (images 10 MB, plans 5 MB). Every other request keeps the limit above.
UPLOAD_MAX_BYTES = 12_000_000
UPLOAD_PATHS = ("/office/images/", "/office/plans/import/")
OFFICE_SIGN_IN_ATTEMPTS = 5
OFFICE_SIGN_IN_LOCK_SECONDS = 15 * 60
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "https:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.database.DatabaseBackend"}}

# Every request that ends in a server error (500) is logged with its traceback
# on stderr, where gunicorn and the service manager collect it; 4xx answers are
# not logged (the client's mistake, not the server's). DOINGOAI_LOG_FORMAT=json
# writes JSON lines; DOINGOAI_LOG_LEVEL=INFO adds requests, ingest runs and tasks
# (see doingoai.logs).
LOGGING = logging_config(get_setting("LOG_FORMAT"), get_setting("LOG_LEVEL"))
# Notifications by e-mail (doingoai.revisions.notify), through Django's SMTP
# mail to DOINGOAI_EMAIL_HOST (host:port) from DOINGOAI_EMAIL_FROM, to people
# with an address; off unless DOINGOAI_NOTIFY_EMAIL=1 (the office's own list
# of notifications is always kept).
NOTIFY_EMAIL = get_setting("NOTIFY_EMAIL") == "1"
EMAIL_HOST, _sep, _email_port = get_setting("EMAIL_HOST").partition(":")
EMAIL_PORT = int(_email_port) if _email_port.isdigit() else 25
DEFAULT_FROM_EMAIL = get_setting("EMAIL_FROM")
# /metrics (doingoai.ops): off unless a token is set, then only for its bearer.
METRICS_TOKEN = get_setting("METRICS_TOKEN")
