"""HTTPS deployment: the settings, the secret key, private database files, check --deploy."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import copy_database

ROOT = Path(__file__).resolve().parents[2]
KEY = "v" * 20 + "Kh0a-bi-mat-cua-van-phong-" + "x" * 10  # 56 characters


def _run(tmp_path: Path, code: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DOINGOAI_")}
    return subprocess.run(
        [sys.executable, "-c", code],
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "doingoai.project.settings",
            "DOINGOAI_DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
            **env,
        },
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )


SHOW = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps([s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
    "s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER]))"
)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, [False, False, False, 0, None]),
        ({"DOINGOAI_HTTPS": "1"}, [True, True, True, 31536000, None]),
        (
            {
                "DOINGOAI_HTTPS": "1",
                "DOINGOAI_HSTS_SECONDS": "300",
                "DOINGOAI_PROXY_SSL_HEADER": "X-Forwarded-Proto",
            },
            [True, True, True, 300, ["HTTP_X_FORWARDED_PROTO", "https"]],
        ),
    ],
)
def test_https_settings(tmp_path: Path, env: dict[str, str], expected: list[object]) -> None:
    done = _run(tmp_path, SHOW, DOINGOAI_SECRET_KEY=KEY, **env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == expected


@pytest.mark.parametrize(
    ("name", "value"),
    [("DOINGOAI_HSTS_SECONDS", "một năm"), ("DOINGOAI_PROXY_SSL_HEADER", "X-Proto: https")],
)
def test_a_wrong_https_setting_is_named(tmp_path: Path, name: str, value: str) -> None:
    command = [sys.executable, "-m", "doingoai", "migrate"]
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DOINGOAI_")}
    env = {**clean, "DOINGOAI_HTTPS": "1", "DOINGOAI_SECRET_KEY": KEY, name: value}
    done = subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 2
    assert name in done.stderr and "Traceback" not in done.stderr


def test_a_short_secret_key_is_refused(tmp_path: Path) -> None:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DOINGOAI_")}
    env = {**clean, "DOINGOAI_SECRET_KEY": "hanoi-2026"}
    done = subprocess.run(
        [sys.executable, "-m", "doingoai", "migrate"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert "DOINGOAI_SECRET_KEY is 10 characters long" in done.stderr
    assert "at least 50" in done.stderr and "Traceback" not in done.stderr


def test_a_new_sqlite_database_is_private(tmp_path: Path) -> None:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DOINGOAI_")}
    env = {**clean, "DOINGOAI_DATABASE_URL": "sqlite:///data/office.sqlite3"}
    old = os.umask(0o022)  # the usual umask: files readable by everyone
    try:
        done = subprocess.run(
            [sys.executable, "-m", "doingoai", "migrate"],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        os.umask(old)
    assert done.returncode == 0, done.stderr
    files = sorted((tmp_path / "data").glob("office.sqlite3*"))
    assert tmp_path / "data" / "office.sqlite3" in files
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path


def test_check_deploy_passes_with_production_settings() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_deploy.py")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "passed" in done.stdout


def test_check_deploy_fails_on_a_warning_the_readme_does_not_explain() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_deploy.py")],
        env={**os.environ, "DOINGOAI_HTTPS": "0"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in done.stderr.rsplit("not explained", 1)[1]


def test_https_redirects_pages_but_not_the_health_probe(
    tmp_path: Path, migrated_sqlite: Path
) -> None:
    copy_database(migrated_sqlite, tmp_path / "db.sqlite3")
    code = (
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('migrate', verbosity=0); call_command('createcachetable', verbosity=0); "
        "from django.test import Client; c = Client(HTTP_HOST='127.0.0.1'); "
        "page = c.get('/vi/'); probe = c.get('/api/health'); "
        "print(page.status_code, page.get('Location'), probe.status_code, "
        "c.get('/vi/', secure=True).status_code)"
    )
    done = _run(tmp_path, code, DOINGOAI_SECRET_KEY=KEY, DOINGOAI_HTTPS="1")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["301", "https://127.0.0.1/vi/", "200", "200"]
