"""Django settings of doingoai, read from ``DOINGOAI_*`` environment variables.

See :mod:`doingoai.config` for every setting, its default and what it does.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url

from doingoai.config import get_setting

BASE_DIR = Path.cwd()
DEBUG = get_setting("DEBUG") == "1"
SECRET_KEY = (
    get_setting("SECRET_KEY") or "doingoai-insecure-development-key-set-DOINGOAI_SECRET_KEY"
)
ALLOWED_HOSTS = [h for h in get_setting("ALLOWED_HOSTS").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "doingoai.store",
    "doingoai.translation",
    "doingoai.curation",
    "ninja",
    "doingoai.api",
]
MIDDLEWARE: list[str] = []
ROOT_URLCONF = "doingoai.project.urls"
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
LANGUAGE_CODE = "vi"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def _database(url: str) -> dict[str, Any]:
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        if not path.is_absolute():
            path = BASE_DIR / path
        if str(path) != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
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
            "TEST": {"NAME": None},
        }
    return dict(dj_database_url.parse(url, conn_max_age=60))


DATABASES = {"default": _database(get_setting("DATABASE_URL"))}

# A second database the test run starts (tests/pg_server.py): the PostgreSQL
# search backend is tested against it beside SQLite.
if _test_postgres := os.environ.get("DOINGOAI_TEST_POSTGRES_URL"):
    DATABASES["postgres"] = _database(_test_postgres)
