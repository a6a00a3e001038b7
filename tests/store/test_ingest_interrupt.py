"""An ingest killed with SIGKILL leaves a consistent database and resumes."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def _count(db: Path, sql: str) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return int(conn.execute(sql).fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def test_kill_9_then_rerun(tmp_path: Path, shared_data: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    lines = (
        (shared_data / "topics" / "vntc_test_dev.jsonl").read_text(encoding="utf-8").splitlines()
    )
    wanted = 0
    for line in lines[:1000]:
        doc = json.loads(line)
        if "\n" not in doc["text"]:
            continue
        (docs / f"{wanted:03d}.txt").write_text(doc["text"], encoding="utf-8")
        wanted += 1
        if wanted == 240:  # several batches of 64 at most: the kill comes before the last
            break
    db = tmp_path / "db.sqlite3"
    env = {**os.environ, "DOINGOAI_DATABASE_URL": f"sqlite:///{db}"}
    cmd = [sys.executable, "-m", "doingoai", "ingest", "--entities", "off", "-q", str(docs)]
    proc = subprocess.Popen(
        cmd, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 120
    while _count(db, "select count(*) from store_article") < 5:
        assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
        assert time.monotonic() < deadline, "ingest made no progress"
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    stored = _count(db, "select count(*) from store_article")
    assert 0 < stored < wanted

    with sqlite3.connect(db) as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        orphans = conn.execute(
            "select count(*) from store_article a left join store_rawdocument r on a.raw_id = r.id "
            "where r.id is null"
        ).fetchone()[0]
        assert orphans == 0

    rerun = subprocess.run(cmd, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert _count(db, "select count(*) from store_article") == wanted
    assert _count(db, "select count(*) from store_rawdocument") == wanted
    assert f"new {wanted - stored}" in rerun.stdout
    found = subprocess.run(
        [
            sys.executable,
            "-m",
            "doingoai",
            "search",
            "Hà Nội",
            "--format",
            "jsonl",
            "--limit",
            "1000",
        ],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert found.returncode == 0, found.stderr
    ids = [json.loads(line)["article_id"] for line in found.stdout.splitlines()]
    assert len(ids) == len(set(ids)), "an article is indexed twice"
