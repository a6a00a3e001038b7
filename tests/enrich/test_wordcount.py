"""The word count from pyvi's labels equals the count of pyvi's segmented text."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from doingoai.enrich import entities
from doingoai.enrich.enricher import Enricher
from doingoai.enrich.wordcount import count_words
from doingoai.text import segment

DEMO = Path(__file__).resolve().parents[2] / "src" / "doingoai" / "data" / "demo"


def _texts(shared_data: Path, n: int) -> list[str]:
    """The first ``n`` VNTC training texts and the demo corpus."""
    with (shared_data / "topics" / "vntc_train_subset.jsonl").open(encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for _, line in zip(range(n), fh, strict=False)]
    with gzip.open(DEMO / "vntc_sample.jsonl.gz", "rt", encoding="utf-8") as fh:
        texts += [json.loads(line)["text"] for line in fh]
    return texts


def test_same_counts_as_segmented_text_on_news(shared_data: Path) -> None:
    texts = _texts(shared_data, 250)
    assert len(texts) > 250
    expected = [segment.count_words(t, segmenter="pyvi") for t in texts]
    assert [count_words(t) for t in texts] == expected
    assert sum(expected) > 50_000  # real articles, not empty strings


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        "Thông tin đối ngoại",
        "Ngày 2.6, có 2.350 người; 1,5 triệu đồng.",
        "Xem https://hanoimoi.vn/bai-viet_1.html hoặc viết cho ban@hanoi.gov.vn nhé!",
        "TP.Hà Nội và Tp. Hồ Chí Minh -> ==> ... >> «đối ngoại»",
        "ten_file_co_gach_duoi và __ __",
        "— … “ ” ‘ ’",
        "UBND TP Hà Nội, Sở TT-TT, ThS. Nguyễn Văn A, Mr. Smith",
        "Hà Nội\r\nngày\u00a0hôm\u200bnay",
    ],
)
def test_same_counts_on_odd_lines(text: str) -> None:
    assert count_words(text) == segment.count_words(text, segmenter="pyvi")


def test_enricher_counts_words_as_pyvi_segments_them() -> None:
    text = "Sở Thông tin và Truyền thông Hà Nội tổ chức hội nghị đối ngoại."
    found = Enricher(topics=False, entities=False).enrich("Hội nghị", text).words
    assert found == segment.count_words(text, segmenter="pyvi") == 8


class _EveryToken(dict[str, int]):
    """A place-start table that lets every token start a place name of any length."""

    def get(self, key: str, default: object = None) -> int:
        return 10**6


def test_place_lookup_shortcut_finds_the_same_entities(
    shared_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = [t[:2000] for t in _texts(shared_data, 150)]
    fast = [entities.find_entities(t, method="rules") for t in texts]
    monkeypatch.setattr(entities, "_PLACE_STARTS", _EveryToken())
    slow = [entities.find_entities(t, method="rules") for t in texts]
    assert fast == slow
    assert sum(e.kind == "LOC" for found in fast for e in found) > 100


def test_a_worker_process_leaves_no_model_file_behind(tmp_path: Path) -> None:
    """pyvi's model is unpickled through a temporary file; a pool worker ends
    with os._exit, so nothing would ever remove it: every ingest worker left
    one (640 kB) in the temporary folder."""
    import os
    import subprocess
    import sys

    script = (
        "import os\n"
        "from doingoai.enrich.wordcount import count_words\n"
        "from doingoai.text.segment import count_words as segmented\n"
        "text = 'Hà Nội là thủ đô của Việt Nam'\n"
        "print(count_words(text), segmented(text), flush=True)\n"
        "os._exit(0)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "TMPDIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert done.stdout.split() == ["5", "5"]
    assert sorted(p.name for p in tmp_path.iterdir()) == []
