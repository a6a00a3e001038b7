"""Documents are committed in batches: an interrupted batch keeps what was stored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from doingoai.enrich import dedupe
from doingoai.enrich.enricher import Enricher
from doingoai.store import ingest as ingest_module
from doingoai.store.ingest import StoreResult, ingest
from doingoai.store.models import Article, IngestRun, MinHashBand
from doingoai.store.models import RawDocument as StoredRaw

# real commits: the batches are what is tested
# transactional, with the migrations' rows restored afterwards like the other
# transactional tests: a plain flush would make the content types anew under
# other ids, and a later test restoring the serialised rows would clash
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FAST = Enricher(entities=False, topics=False)


def _corpus(folder: Path, shared_data: Path, n: int) -> Path:
    folder.mkdir()
    lines = (shared_data / "topics" / "vntc_test_dev.jsonl").read_text("utf-8").splitlines()
    written = 0
    for line in lines:
        text = json.loads(line)["text"]
        if "\n" in text:
            (folder / f"{written:03d}.txt").write_text(text, encoding="utf-8")
            written += 1
            if written == n:
                break
    return folder


def test_ctrl_c_keeps_the_documents_already_stored(
    tmp_path: Path, shared_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ingest_module, "BATCH_SECONDS", 3600.0)  # only the size closes a batch
    monkeypatch.setattr(ingest_module, "BATCH_DOCUMENTS", 4)
    docs = _corpus(tmp_path / "docs", shared_data, 10)
    seen: list[str] = []

    def stop_after_six(name: str, result: StoreResult) -> None:
        seen.append(name)
        if len(seen) == 6:  # in the middle of the second batch
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest([str(docs)], enricher=FAST, workers=1, on_item=stop_after_six)
    # a batch is reported once it is stored: the second batch (documents 5 to 8)
    # was stored whole before its sixth document was reported
    assert Article.objects.count() == 8
    assert IngestRun.objects.get().status == "interrupted"
    again = ingest([str(docs)], enricher=FAST, workers=1)
    assert (again.new, again.duplicate, again.failed) == (2, 8, [])
    assert StoredRaw.objects.count() == Article.objects.count() == 10
    # every article has its band keys once: none lost, none doubled by the rerun
    assert MinHashBand.objects.count() == 10 * dedupe.NUM_BANDS


def test_a_failing_document_in_a_batch_leaves_the_others(
    tmp_path: Path, shared_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = _corpus(tmp_path / "docs", shared_data, 5)
    (docs / "002.txt").write_bytes(b"\x00\x01\x02 not text")
    report = ingest([str(docs)], enricher=FAST, workers=1)
    assert report.new == 4
    assert [name for name, _ in report.failed] == [str(docs / "002.txt")]
    assert Article.objects.count() == 4
