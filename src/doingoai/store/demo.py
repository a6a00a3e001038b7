"""The demo corpus: the seed article and a shipped sample of VNTC news.

The seed page (a Lao Động Thủ Đô report on Hà Nội's external-information
programme) belongs to its publisher, so it is not shipped: it is read from
``../shared/data/seed`` beside the project when that folder is there. The
VNTC sample is shipped under its MIT licence (see data/demo/SOURCE.md).
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from doingoai.collect import RawDocument
from doingoai.store.ingest import IngestReport, StoreResult, store_document

__all__ = ["SAMPLE_SEARCHES", "demo_documents", "load_demo", "seed_path"]

SAMPLE_SEARCHES = ("doi ngoai", '"Hà Nội"')

# VNTC document ids name their outlet: "XH_NLD_ (3698)" is Người Lao Động.
VNTC_OUTLETS = {
    "VNE": "VnExpress",
    "TT": "Tuổi Trẻ",
    "TN": "Thanh Niên",
    "NLD": "Người Lao Động",
}
SEED_OUTLET = "Lao Động Thủ Đô"
SEED_NAME = "000_e22b331b8597d28b.txt"


def seed_path() -> Path | None:
    """The seed page in ../shared/data/seed, looked for beside the working directory and the project."""
    here = Path(__file__).resolve()
    for base in (Path.cwd(), *here.parents):
        candidate = base.parent / "shared" / "data" / "seed" / SEED_NAME
        if candidate.is_file():
            return candidate
    return None


def _vntc_outlet(doc_id: str) -> str:
    parts = doc_id.split("_")
    return VNTC_OUTLETS.get(parts[1].strip(), "") if len(parts) > 1 else ""


def demo_documents() -> Iterator[tuple[RawDocument, dict[str, object]]]:
    """Raw documents of the demo corpus, each with the fields it overrides."""
    fetched = datetime(2026, 1, 1, tzinfo=UTC)
    seed = seed_path()
    if seed is not None:
        yield (
            RawDocument(
                data=seed.read_bytes(),
                url="",
                source=f"seed/{seed.name}",
                fetched_at=fetched,
                headers={},
                content_type="text/plain; charset=utf-8",
            ),
            {"outlet": SEED_OUTLET},
        )
    sample = resources.files("doingoai") / "data" / "demo" / "vntc_sample.jsonl.gz"
    with sample.open("rb") as fh, gzip.open(fh, "rt", encoding="utf-8") as lines:
        for line in lines:
            doc = json.loads(line)
            yield (
                RawDocument(
                    data=doc["text"].encode("utf-8"),
                    url="",
                    source=f"vntc/{doc['id']}",
                    fetched_at=fetched,
                    headers={},
                    content_type="text/plain; charset=utf-8",
                ),
                {"outlet": _vntc_outlet(doc["id"])},
            )


def load_demo(*, progress: bool = False) -> IngestReport:
    """Store the demo corpus; a second call adds nothing."""
    from doingoai.cli._render import track

    report = IngestReport()
    docs = list(demo_documents())
    for raw, overrides in track(docs, "demo corpus", enabled=progress):
        result: StoreResult = store_document(raw, overrides=overrides)
        if result.outcome == "failed":
            report.failed.append((raw.source, result.reason))
        else:
            report.count(result.outcome)
    return report
