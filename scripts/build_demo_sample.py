"""Rebuild the demo sample shipped in src/doingoai/data/demo/ from ../shared/data/topics.

The sample is 30 documents per topic of the VNTC training subset (MIT
licence, Hoang, Dinh, Nguyen, Ngo, RIVF 2007), chosen deterministically:
the documents whose headline stands on its own first line, in file order.
Run: .venv/bin/python scripts/build_demo_sample.py
"""

from __future__ import annotations

import gzip
import json
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared" / "data" / "topics" / "vntc_train_subset.jsonl"
OUT = ROOT / "src" / "doingoai" / "data" / "demo" / "vntc_sample.jsonl.gz"
PER_TOPIC = 30


def main() -> None:
    chosen: dict[str, list[dict[str, str]]] = defaultdict(list)
    with SOURCE.open(encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            head, _, rest = doc["text"].partition("\n")
            if not rest or len(head) > 200 or len(chosen[doc["label"]]) >= PER_TOPIC:
                continue
            chosen[doc["label"]].append({"id": doc["id"], "label": doc["label"], "text": doc["text"]})
    rows = [doc for label in sorted(chosen) for doc in chosen[label]]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(OUT, "wb", mtime=0) as gz:
        for doc in rows:
            gz.write((json.dumps(doc, ensure_ascii=False) + "\n").encode("utf-8"))
    print(f"{len(rows)} documents → {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
