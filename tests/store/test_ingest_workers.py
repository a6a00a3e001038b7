"""Ingest with worker processes: the same database as with one process, failures
named and the batch going on, reruns adding nothing, the CLI flag and the setting."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Literal

import pytest
from click.testing import CliRunner
from django.db import transaction

from doingoai.cli import cli
from doingoai.enrich import prepare as prepare_module
from doingoai.enrich.enricher import Enricher
from doingoai.enrich.prepare import cpu_count
from doingoai.errors import ConfigError
from doingoai.store import search
from doingoai.store.ingest import IngestReport, ingest, ingest_workers
from doingoai.store.models import Article, Cluster, IngestRun, MinHashBand
from doingoai.store.models import RawDocument as StoredRaw
from tests.store._enrichers import FailingEnricher

pytestmark = pytest.mark.django_db

# no named entities, topics or word counts where the test is about the pool
LIGHT = Enricher(entities=False, topics=False, count_words=False)


def _corpus(shared_data: Path, folder: Path, n: int = 10) -> list[str]:
    """``n`` VNTC news texts as .txt files, plus an exact copy of the first, a
    near copy of the second (one paragraph changed) and an empty file."""
    lines = (shared_data / "topics" / "vntc_test_dev.jsonl").read_text(encoding="utf-8")
    texts = [json.loads(line)["text"] for line in lines.splitlines()[:80]]
    texts = [t for t in texts if t.count("\n") >= 3][:n]
    folder.mkdir()
    for i, text in enumerate(texts):
        (folder / f"{i:02d}.txt").write_text(text, encoding="utf-8")
    (folder / "90-copy.txt").write_text(texts[0] + "\n", encoding="utf-8")
    paras = texts[1].split("\n")
    paras[-1] = "Theo phóng viên, hội nghị kết thúc vào chiều cùng ngày tại Hà Nội."
    (folder / "91-near.txt").write_text("\n".join(paras), encoding="utf-8")
    (folder / "92-empty.txt").write_bytes(b"")
    return texts


def _snapshot(report: IngestReport) -> dict[str, Any]:
    """What a user sees of an ingest: the report, the articles, the clusters, the index."""
    names = {a.pk: Path(a.raw.source).name for a in Article.objects.select_related("raw")}
    articles = sorted(
        (
            names[a.pk],
            a.title,
            a.lead,
            a.body,
            a.language,
            a.topic,
            a.topic_score,
            a.words,
            a.fingerprint,
            tuple(a.minhash or ()),
        )
        for a in Article.objects.all()
    )
    clusters = sorted(
        (sorted(names[m.pk] for m in c.members.all()), names[c.canonical_id])
        for c in Cluster.objects.all()
        if c.canonical_id
    )
    hits = search.search("Hà Nội", limit=100).hits
    return {
        "report": (report.new, report.duplicate, report.updated, sorted(report.failed)),
        "articles": articles,
        "clusters": clusters,
        "raw": StoredRaw.objects.count(),
        "bands": MinHashBand.objects.count(),
        "search": sorted(names[h.article_id] for h in hits),
    }


class _Rollback(Exception):
    pass


def _pool_started(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Records whether each pool's worker processes started."""
    started: list[bool] = []
    real = prepare_module.PreparePool._start

    def spy(self: prepare_module.PreparePool) -> bool:
        ok = real(self)
        started.append(ok)
        return ok

    monkeypatch.setattr(prepare_module.PreparePool, "_start", spy)
    return started


def test_two_workers_store_what_one_process_stores(
    tmp_path: Path, shared_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = tmp_path / "docs"
    _corpus(shared_data, docs)
    enricher = Enricher(entities=False)
    try:
        with transaction.atomic():
            one = _snapshot(ingest([str(docs)], enricher=enricher, workers=1))
            raise _Rollback
    except _Rollback:
        pass
    assert Article.objects.count() == 0
    started = _pool_started(monkeypatch)
    two = _snapshot(ingest([str(docs)], enricher=enricher, workers=2))
    assert started and all(started)
    assert two == one
    new, duplicate, updated, failed = one["report"]
    assert (new, duplicate, updated) == (10, 2, 0)
    assert [Path(name).name for name, _ in failed] == ["92-empty.txt"]
    assert ["00.txt", "90-copy.txt"] in [members for members, _ in one["clusters"]]
    assert ["01.txt", "91-near.txt"] in [members for members, _ in one["clusters"]]
    assert one["search"]  # the index holds what was stored


def test_rerun_with_workers_adds_nothing(tmp_path: Path, shared_data: Path) -> None:
    docs = tmp_path / "docs"
    _corpus(shared_data, docs)
    first = ingest([str(docs)], enricher=LIGHT, workers=2)
    assert first.new + first.duplicate == 12
    again = ingest([str(docs)], enricher=LIGHT, workers=2)
    assert (again.new, again.duplicate, again.updated) == (0, 12, 0)
    assert Article.objects.count() == 12 and StoredRaw.objects.count() == 12


@pytest.mark.parametrize(
    ("how", "reason"),
    [
        ("raise", "preparation failed: RuntimeError"),
        ("exit", "preparation stopped its worker process"),
    ],
)
def test_a_document_that_breaks_preparation_fails_alone(
    tmp_path: Path, shared_data: Path, how: Literal["raise", "exit"], reason: str
) -> None:
    docs = tmp_path / "docs"
    texts = _corpus(shared_data, docs)
    marker = texts[4].split("\n")[0][:30]  # the title of 04.txt
    enricher = FailingEnricher(
        entities=False, topics=False, count_words=False, marker=marker, how=how
    )
    report = ingest([str(docs)], enricher=enricher, workers=2)
    failed = dict((Path(name).name, why) for name, why in report.failed)
    assert sorted(failed) == ["04.txt", "92-empty.txt"]
    assert reason in failed["04.txt"] and "04.txt" in failed["04.txt"]
    assert report.new + report.duplicate == 11
    assert not Article.objects.filter(raw__source__endswith="04.txt").exists()
    # what failed is not stored: a rerun with a working enricher picks it up
    rerun = ingest([str(docs)], enricher=LIGHT, workers=2)
    assert (rerun.new, len(rerun.failed)) == (1, 1)


def test_a_pool_found_broken_when_sending_loses_nothing(
    tmp_path: Path, shared_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker can die between two submissions (a document sent with others
    stopped its process): the pool refuses the next document at once. That one is
    sent again after the restart like the others that were in flight."""
    docs = tmp_path / "docs"
    _corpus(shared_data, docs)
    sent: list[str] = []

    class Refusing(prepare_module.ProcessPoolExecutor):
        def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
            if fn is prepare_module._work:
                sent.append(args[0].source)
                if len(sent) == 6:
                    raise prepare_module.BrokenProcessPool("a worker died just now")
            return super().submit(fn, *args, **kwargs)

    monkeypatch.setattr(prepare_module, "ProcessPoolExecutor", Refusing)
    report = ingest([str(docs)], enricher=LIGHT, workers=2)
    assert (report.new + report.duplicate, len(report.failed)) == (12, 1)
    assert sent.count(sent[5]) == 2  # the refused document, sent again
    assert Article.objects.count() == 12 and StoredRaw.objects.count() == 12


def test_ctrl_c_stops_the_pool_and_a_rerun_finishes(tmp_path: Path, shared_data: Path) -> None:
    docs = tmp_path / "docs"
    _corpus(shared_data, docs)
    seen: list[str] = []

    def interrupt_after_three(name: str, result: object) -> None:
        seen.append(name)
        if len(seen) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest([str(docs)], enricher=LIGHT, workers=2, on_item=interrupt_after_three)
    assert IngestRun.objects.get().status == "interrupted"
    # what was reported is stored, and so is the rest of its batch (stored whole first)
    stored = Article.objects.count()
    assert StoredRaw.objects.count() == stored and 3 <= stored <= 12
    rerun = ingest([str(docs)], enricher=LIGHT, workers=2)
    assert (rerun.new + rerun.duplicate, len(rerun.failed)) == (12, 1)
    assert rerun.duplicate >= stored  # those stored before Ctrl-C
    assert Article.objects.count() == 12


def test_a_small_batch_is_prepared_in_this_process(
    tmp_path: Path, shared_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = _corpus(shared_data, tmp_path / "docs", n=2)
    small = tmp_path / "small"
    small.mkdir()
    for i, text in enumerate(texts):
        (small / f"{i}.txt").write_text(text, encoding="utf-8")
    started = _pool_started(monkeypatch)
    report = ingest([str(small)], enricher=LIGHT, workers=2)
    assert started == []  # two documents: starting workers would cost more
    assert (report.new, report.duplicate, report.failed) == (2, 0, [])


@pytest.mark.parametrize(
    ("value", "expected"),
    [("auto", cpu_count()), ("", cpu_count()), ("3", 3), ("1", 1), ("0", None), ("two", None)],
)
def test_workers_setting(monkeypatch: pytest.MonkeyPatch, value: str, expected: int | None) -> None:
    monkeypatch.setenv("DOINGOAI_INGEST_WORKERS", value)
    if expected is None:
        with pytest.raises(ConfigError, match=r"DOINGOAI_INGEST_WORKERS|at least 1"):
            ingest_workers()
    else:
        assert ingest_workers() == expected
    assert ingest_workers(2) == 2


@pytest.mark.parametrize("workers", ["1", "2"])
def test_cli_workers_flag(
    tmp_path: Path, shared_data: Path, monkeypatch: pytest.MonkeyPatch, workers: str
) -> None:
    docs = tmp_path / "docs"
    _corpus(shared_data, docs, n=6)
    started = _pool_started(monkeypatch)
    args = ["ingest", "--entities", "off", "--workers", workers, "-q", str(docs)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "new 6" in result.output and "duplicate 2" in result.output
    assert "92-empty.txt" in result.output
    assert started == ([True] if workers == "2" else [])


def test_cli_rejects_zero_workers(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["ingest", "--workers", "0", str(tmp_path)])
    assert result.exit_code == 2 and "--workers" in result.output


def test_preparation_imports_no_django() -> None:
    code = (
        "import sys, doingoai.enrich.prepare; "
        "print(','.join(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
