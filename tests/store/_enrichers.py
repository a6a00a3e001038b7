"""Enrichers that fail on purpose, for the ingest worker tests.

A module of its own, without Django, so worker processes can import it
(they receive the enricher by reference to its class).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal

from doingoai.enrich.enricher import Enricher, Enrichment


@dataclass(slots=True)
class FailingEnricher(Enricher):
    """Raises (``how`` "raise") or ends its process (``how`` "exit") on a title containing ``marker``."""

    marker: str = ""
    how: Literal["raise", "exit"] = "raise"

    def enrich(self, title: str, text: str, *, declared_language: str = "") -> Enrichment:
        if self.marker and self.marker in title:
            if self.how == "exit":
                os._exit(3)  # what a crash in a C extension looks like from outside
            raise RuntimeError(f"model failure on {self.marker!r}")
        return Enricher.enrich(self, title, text, declared_language=declared_language)
