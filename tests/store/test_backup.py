"""`doingoai backup` and `doingoai restore`, run as a user runs them (the
command in its own process, on a database file or a PostgreSQL database of
its own): a round trip gives back every row of every table, a backup taken
while an ingest writes is whole, and a file that is no backup, a damaged one
or one of the other kind is refused by name with the database untouched."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import SEED, SHARED_DATA

VN_NEWS = SHARED_DATA / "extraction" / "vn-news" / "html"

# Prints a digest of every table's sorted rows, as JSON {table: [rows, digest]}.
SNAPSHOT = """
import hashlib, json
from doingoai.project import setup
setup(migrate=False)
from doingoai.store.backup import table_rows
out = {t: [len(rows), hashlib.sha256(repr(rows).encode()).hexdigest()]
       for t, rows in table_rows().items()}
print(json.dumps(out))
"""

MUTATE = """
from doingoai.project import setup
setup(migrate=False)
from doingoai.store.models import Article
first = Article.objects.order_by("pk").first()
first.title = "changed after the backup"
first.save()
Article.objects.exclude(pk=first.pk).order_by("-pk")[:1].get().delete()
"""


class Office:
    """One database and the commands run against it."""

    def __init__(self, url: str, folder: Path) -> None:
        self.env = {**os.environ, "DOINGOAI_DATABASE_URL": url}
        self.env.pop("DOINGOAI_TEST_DATABASE", None)
        self.folder = folder

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [sys.executable, "-m", "doingoai", *args],
            env=self.env,
            cwd=self.folder,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if check:
            assert done.returncode == 0, done.stderr
        return done

    def python(self, code: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", code],
            env=self.env,
            cwd=self.folder,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def snapshot(self) -> dict[str, list[object]]:
        return json.loads(self.python(SNAPSHOT))


def _fill(office: Office) -> None:
    office.run("migrate")
    office.run("ingest", "-q", "--workers", "1", str(SEED), str(VN_NEWS))
    office.run("translate", "1", "--to", "en")


@pytest.fixture(scope="module")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A filled office database, made once; each test works on a copy."""
    folder = tmp_path_factory.mktemp("sqlite-template")
    _fill(Office(f"sqlite:///{folder / 'office.sqlite3'}", folder))
    return folder / "office.sqlite3"


@pytest.fixture
def sqlite_office(sqlite_template: Path, tmp_path: Path) -> Office:
    shutil.copyfile(sqlite_template, tmp_path / "office.sqlite3")
    return Office(f"sqlite:///{tmp_path / 'office.sqlite3'}", tmp_path)


def _server() -> str:
    return os.environ["DOINGOAI_TEST_POSTGRES_URL"].rsplit("/", 1)[0]


@pytest.fixture(scope="module")
def postgres_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import psycopg

    name = f"backup_template_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{_server()}/postgres", autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    try:
        _fill(Office(f"{_server()}/{name}", tmp_path_factory.mktemp("pg-template")))
        yield name
    finally:
        with psycopg.connect(f"{_server()}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def postgres_office(postgres_template: str, tmp_path: Path) -> Iterator[Office]:
    import psycopg

    name = f"backup_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{_server()}/postgres", autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name} TEMPLATE {postgres_template}")
    try:
        yield Office(f"{_server()}/{name}", tmp_path)
    finally:
        with psycopg.connect(f"{_server()}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _round_trip(office: Office, tmp_path: Path) -> None:
    before = office.snapshot()
    assert before["store_article"][0] >= 5 and before["store_rawdocument"][0] >= 5
    assert before["translation_segment"][0] > 0
    done = office.run("backup", "--out", str(tmp_path / "office.backup"))
    assert "backed up" in done.stdout and f"{len(before)} tables" in done.stdout
    office.python(MUTATE)
    changed = office.snapshot()
    assert changed["store_article"] != before["store_article"]
    office.run("restore", "--yes", str(tmp_path / "office.backup"))
    assert office.snapshot() == before


def test_sqlite_round_trip_gives_back_every_table(sqlite_office: Office, tmp_path: Path) -> None:
    _round_trip(sqlite_office, tmp_path)


@pytest.mark.postgres
def test_postgres_round_trip_gives_back_every_table(
    postgres_office: Office, tmp_path: Path
) -> None:
    _round_trip(postgres_office, tmp_path)


def test_a_backup_taken_while_an_ingest_writes_is_whole(
    sqlite_office: Office, tmp_path: Path
) -> None:
    more = tmp_path / "more"
    more.mkdir()
    seed = SEED.read_text(encoding="utf-8")
    for n in range(40):  # distinct documents for the ingest to write meanwhile
        extra = f"\n\nThành phố tổ chức hội nghị lần thứ {n} về thông tin đối ngoại năm {2000 + n}."
        (more / f"doc{n:02}.txt").write_text(seed + extra, encoding="utf-8")
    before = sqlite_office.snapshot()
    writer = subprocess.Popen(
        [sys.executable, "-m", "doingoai", "ingest", "-q", "--workers", "1", str(more)],
        env=sqlite_office.env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        sqlite_office.run("backup", "--out", str(tmp_path / "during.backup"))
    finally:
        _, err = writer.communicate(timeout=600)
    assert writer.returncode == 0, err
    after = sqlite_office.snapshot()
    sqlite_office.run("restore", "--yes", str(tmp_path / "during.backup"))
    restored = sqlite_office.snapshot()
    # whole: it opens, every table is there, and it holds what was there before
    # the ingest began and at most what was there after it ended
    assert after["store_article"][0] > before["store_article"][0]  # the ingest did write
    assert set(restored) == set(after)
    assert before["store_article"][0] <= restored["store_article"][0] <= after["store_article"][0]


def _damaged(path: Path) -> Path:
    data = path.read_bytes()
    out = path.with_name(path.name + ".damaged")
    out.write_bytes(data[: len(data) // 2])
    return out


BAD_FILES: list[tuple[str, Callable[[Path], Path], str]] = [
    ("missing", lambda d: d / "missing.backup", "no such backup file"),
    ("text", lambda d: _write(d / "notes.txt", b"not a backup\n"), "not a doingoai backup"),
    (
        "postgres-archive",
        lambda d: _write(d / "fake.pgdump", b"PGDMP\x01\x0e\x00broken"),
        "a PostgreSQL backup cannot be restored into a SQLite database",
    ),
    ("truncated", lambda d: _damaged(d / "good.backup"), "damaged"),
    ("another-sqlite-db", lambda d: _other_sqlite(d / "other.sqlite3"), "not a doingoai one"),
]


def test_a_bad_file_is_refused_by_name_and_nothing_changes(
    sqlite_office: Office, tmp_path: Path
) -> None:
    sqlite_office.run("backup", "--out", str(tmp_path / "good.backup"))
    before = sqlite_office.snapshot()
    for case, make, message in BAD_FILES:
        bad = make(tmp_path)
        done = sqlite_office.run("restore", "--yes", str(bad), check=False)
        assert done.returncode == 2, case
        assert bad.name in done.stderr and message in done.stderr, (case, done.stderr)
        assert "Traceback" not in done.stderr, case
    assert sqlite_office.snapshot() == before


@pytest.mark.postgres
def test_postgres_refuses_a_damaged_archive_and_a_sqlite_file(
    postgres_office: Office, tmp_path: Path
) -> None:
    postgres_office.run("backup", "--out", str(tmp_path / "good.backup"))
    before = postgres_office.snapshot()
    for bad, message in [
        (_damaged(tmp_path / "good.backup"), "not a readable pg_dump archive"),
        (_other_sqlite(tmp_path / "other.sqlite3"), "a SQLite backup cannot be restored"),
    ]:
        done = postgres_office.run("restore", "--yes", str(bad), check=False)
        assert done.returncode == 2 and bad.name in done.stderr and message in done.stderr
        assert postgres_office.snapshot() == before


def test_an_existing_file_is_kept_unless_forced(sqlite_office: Office, tmp_path: Path) -> None:
    target = _write(tmp_path / "kept.backup", b"precious")
    done = sqlite_office.run("backup", "--out", str(target), check=False)
    assert done.returncode == 2 and "exists" in done.stderr
    assert target.read_bytes() == b"precious"
    sqlite_office.run("backup", "--out", str(target), "--force")
    assert target.read_bytes().startswith(b"SQLite format 3\x00")
    # no temporary file is left beside it
    assert sorted(p.name for p in tmp_path.glob(".kept.backup*")) == []


def test_restore_asks_before_replacing(sqlite_office: Office, tmp_path: Path) -> None:
    sqlite_office.run("backup", "--out", str(tmp_path / "b.backup"))
    sqlite_office.python(MUTATE)
    before = sqlite_office.snapshot()
    done = subprocess.run(
        [sys.executable, "-m", "doingoai", "restore", str(tmp_path / "b.backup")],
        env=sqlite_office.env,
        cwd=tmp_path,
        input="n\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0 and "Replace everything in the SQLite database" in done.stdout
    assert sqlite_office.snapshot() == before


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _other_sqlite(path: Path) -> Path:
    import sqlite3

    db = sqlite3.connect(path)
    db.execute("CREATE TABLE notes (body TEXT)")
    db.execute("INSERT INTO notes VALUES ('hello')")
    db.commit()
    db.close()
    return path
