"""An enricher that ends its worker process once, for the cluster tests.

A module of its own, without Django, so Dask's worker processes can import it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from doingoai.enrich.enricher import Enricher, Enrichment


@dataclass(slots=True)
class DiesOnceEnricher(Enricher):
    """Ends its process (as a crash or the memory killer would) the first time it
    sees ``marker`` in a title; ``flag`` is the file that remembers it did."""

    marker: str = ""
    flag: str = ""

    def enrich(self, title: str, text: str, *, declared_language: str = "") -> Enrichment:
        if self.marker and self.marker in title and not Path(self.flag).exists():
            Path(self.flag).write_text(str(os.getpid()), encoding="utf-8")
            os._exit(9)
        return Enricher.enrich(self, title, text, declared_language=declared_language)
