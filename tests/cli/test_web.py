"""`doingoai serve` refuses to run without a secret key outside debug and demo mode."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_database

DOINGOAI = [sys.executable, "-c", "from doingoai.cli import main; main()"]
SHOW_MODE = [
    sys.executable,
    "-c",
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='doingoai.project.settings'; "
    "from django.conf import settings; print(settings.DEMO_MODE, settings.SECRET_KEY_IS_SET, settings.SECRET_KEY[:8])",
]


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOINGOAI_")}
    env["DOINGOAI_DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    env.update(extra)
    return env


def _serve(tmp_path: Path, port: str, **extra: str) -> subprocess.CompletedProcess[str]:
    """`doingoai serve` run until it stops (these settings stop it at once)."""
    return subprocess.run(
        [*DOINGOAI, "serve", "--port", port],
        env=_env(tmp_path, **extra),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_serve_refuses_without_secret_key(tmp_path: Path) -> None:
    done = _serve(tmp_path, "8999")
    assert done.returncode == 2
    assert "no secret key: set DOINGOAI_SECRET_KEY" in done.stderr
    assert "doingoai demo" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("extra", "demo_key", "expected"),
    [
        ({}, None, "False False doingoai"),
        ({"DOINGOAI_SECRET_KEY": "k" * 50}, None, "False True kkkkkkkk"),
        ({}, "demo-key-from-file-0123456789", "True True demo-key"),
        ({"DOINGOAI_SECRET_KEY": "k" * 50}, "demo-key-from-file", "False True kkkkkkkk"),
    ],
)
def test_secret_key_from_setting_or_demo_database(
    tmp_path: Path, extra: dict[str, str], demo_key: str | None, expected: str
) -> None:
    if demo_key is not None:
        (tmp_path / "db.sqlite3.demo-key").write_text(demo_key + "\n", encoding="ascii")
    done = subprocess.run(
        SHOW_MODE, env=_env(tmp_path, **extra), cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.stdout.strip() == expected, done.stderr


@pytest.mark.parametrize(
    ("args", "extra", "expected"),
    [
        ([], {}, "2 2 gthread"),
        ([], {"DOINGOAI_WEB_THREADS": "1", "DOINGOAI_WEB_WORKERS": "3"}, "3 1 gthread"),
        (["--threads", "4", "--workers", "1"], {"DOINGOAI_WEB_THREADS": "1"}, "1 4 gthread"),
        # a sync worker takes one request at a time, whatever the threads setting
        ([], {"DOINGOAI_WEB_WORKER_CLASS": "sync", "DOINGOAI_WEB_WORKERS": "5"}, "5 1 sync"),
        (["--worker-class", "sync"], {"DOINGOAI_WEB_WORKER_CLASS": "gthread"}, "2 1 sync"),
        (["--worker-class", "gthread"], {"DOINGOAI_WEB_WORKER_CLASS": "sync"}, "2 2 gthread"),
    ],
)
def test_serve_runs_the_workers_and_threads_asked_for(
    tmp_path: Path, migrated_sqlite: Path, args: list[str], extra: dict[str, str], expected: str
) -> None:
    copy_database(migrated_sqlite, tmp_path / "db.sqlite3")  # serve migrates first
    # gunicorn's run replaced by a print of the configuration it was given
    code = (
        "import gunicorn.app.base as base; "
        "base.BaseApplication.run = lambda self: "
        "print(self.cfg.workers, self.cfg.threads, self.cfg.worker_class_str); "
        "from doingoai.cli import main; main()"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "serve", "--port", "8998", *args],
        env=_env(tmp_path, DOINGOAI_SECRET_KEY="k" * 50, **extra),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == expected


def test_serve_refuses_a_worker_class_it_does_not_offer(tmp_path: Path) -> None:
    done = _serve(
        tmp_path, "8997", DOINGOAI_SECRET_KEY="k" * 50, DOINGOAI_WEB_WORKER_CLASS="eventlet"
    )
    assert done.returncode == 2
    assert "DOINGOAI_WEB_WORKER_CLASS is 'eventlet'" in done.stderr
    assert "gthread, sync" in done.stderr
