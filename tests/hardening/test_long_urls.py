"""A long address reaches the portal, which answers it, not gunicorn's bare 400 page.

Served for real by ``doingoai serve`` (gunicorn) on 127.0.0.1.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import copy_database


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path, migrated_sqlite: Path) -> Iterator[str]:
    copy_database(migrated_sqlite, tmp_path / "db.sqlite3")  # serve migrates first
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOINGOAI_")}
    env.update(
        DOINGOAI_DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DOINGOAI_DEBUG="1",
        DOINGOAI_WEB_WORKERS="1",
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "doingoai", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/health", timeout=2)
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def test_a_6_kb_search_address_gets_the_portal_page(served: str) -> None:
    url = f"{served}/vi/search/?q={urllib.request.quote('đối ngoại ' * 170)}"
    assert 5000 < len(url) < 8000  # past gunicorn's default limit of about 4 KB
    status, page = _get(url)
    assert status == 200
    assert "<html" in page and 'lang="vi"' in page
    assert "Request Line is too large" not in page


@pytest.mark.django_db
def test_a_query_too_long_to_search_is_said_in_the_readers_language() -> None:
    from django.test import Client

    response = Client().get("/vi/search/", {"q": "đối ngoại " * 170})
    assert response.status_code == 200
    page = response.content.decode()
    # refused with its reason and the limit, in Vietnamese (this was a server error)
    assert "Không đọc được câu tìm kiếm" in page and "tối đa" in page
