"""The translation memory on PostgreSQL (pg_trgm pre-filter), against the
throwaway server of tests/pg_server.py."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from doingoai.errors import InputError
from doingoai.translate import Entry, TranslationMemory, export_tmx, import_tmx

pytestmark = pytest.mark.postgres

ENTRIES = [
    Entry(
        "Hà Nội là thủ đô của nước Cộng hòa xã hội chủ nghĩa Việt Nam.",
        "Hanoi is the capital of the Socialist Republic of Viet Nam.",
        "vi",
        "en",
        context="p1",
        article_id=3,
    ),
    Entry(
        "Thành phố đón 2.350 du khách quốc tế trong tuần qua.",
        "The city welcomed 2,350 international visitors last week.",
        "vi",
        "en",
    ),
    Entry("Hà Nội là thủ đô.", "Hanoi est la capitale.", "vi", "fr"),
]


@pytest.fixture
def pg_tm() -> Iterator[TranslationMemory]:
    psycopg = pytest.importorskip("psycopg")
    url = os.environ.get("DOINGOAI_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("no PostgreSQL server for the tests")
    server = url.rsplit("/", 1)[0]
    name = f"tm_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    conn = psycopg.connect(f"{server}/{name}", autocommit=True)
    try:
        yield TranslationMemory(conn)
    finally:
        conn.close()
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE {name}")


def test_lookup_on_postgres(pg_tm: TranslationMemory) -> None:
    assert pg_tm.vendor == "postgresql"
    pg_tm.add(ENTRIES)
    [exact] = pg_tm.lookup(
        "Hà Nội là thủ đô của nước Cộng hoà xã hội chủ nghĩa Việt Nam .",
        source_lang="vi",
        target_lang="en",
        context="p1",
    )
    assert exact.exact and exact.context_match and exact.score == 100
    [near] = pg_tm.lookup(
        "Hà Nội là thủ đô của nước Cộng hòa xã hội chủ nghĩa Việt Nam từ năm 1976.",
        source_lang="vi",
        target_lang="en",
    )
    assert 80 <= near.score <= 95 and ("+", " từ năm 1976") in near.diff
    [placed] = pg_tm.lookup(
        "Thành phố đón 4.120 du khách quốc tế trong tuần qua.", source_lang="vi", target_lang="en"
    )
    assert placed.substituted
    assert placed.target == "The city welcomed 4,120 international visitors last week."
    assert pg_tm.lookup("Hà Nội là thủ đô.", source_lang="vi", target_lang="en") == []
    assert [
        m.target for m in pg_tm.lookup("Hà Nội là thủ đô.", source_lang="vi", target_lang="fr")
    ] == ["Hanoi est la capitale."]


def test_tmx_all_or_nothing_on_postgres(pg_tm: TranslationMemory, tmp_path: Path) -> None:
    pg_tm.add(ENTRIES)
    out = tmp_path / "all.tmx"
    assert export_tmx(pg_tm, out, source_lang="vi", target_lang="en") == 2
    broken = tmp_path / "broken.tmx"
    broken.write_text(out.read_text(encoding="utf-8").replace("</body>", "<tu>"), encoding="utf-8")
    other = TranslationMemory(pg_tm.connection)
    before = other.count()
    with pytest.raises(InputError, match=r"broken\.tmx"):
        import_tmx(other, broken)
    assert other.count() == before
    with pytest.raises(InputError, match="the target is empty"):
        pg_tm.add([Entry("Một câu mới.", "A new one.", "vi", "en"), Entry("x", "", "vi", "en")])
    assert pg_tm.count() == before


def test_inside_a_callers_transaction_nothing_is_committed_by_the_memory(
    pg_tm: TranslationMemory,
) -> None:
    # a connection out of autocommit that has run nothing yet: the caller's
    # transaction is open; the memory must join it, not commit it
    conn = pg_tm.connection
    conn.autocommit = False
    pg_tm.add(ENTRIES[:1])
    conn.rollback()  # the caller changes its mind
    conn.autocommit = True
    assert pg_tm.lookup(ENTRIES[0].source, source_lang="vi", target_lang="en") == []
    pg_tm.add(ENTRIES[:1])  # in autocommit the memory's own transaction is kept
    assert len(pg_tm.lookup(ENTRIES[0].source, source_lang="vi", target_lang="en")) == 1
