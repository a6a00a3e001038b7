"""Fixtures of the translation workflow tests: stored articles and their
English translations."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from doingoai.enrich.enricher import Enricher
from doingoai.store.ingest import ingest
from doingoai.store.models import Article, RawDocument

# The seed article's segments (title, lead, paragraphs, caption) and a
# reviewed English translation of each.
SEED_ENGLISH = [
    "External information: Meeting the City's integration needs",
    "On June 2, the Department of Information and Communications (TT-TT) held a "
    "conference reviewing the implementation of the project to strengthen investment "
    "in, management and development of external information of Hanoi in the "
    "2013–2015 period, and its directions and tasks for the coming time.",
    "Vice Chairman of the Hanoi People's Committee Ngô Văn Quý chaired the conference.",
    "At the conference, a representative of the Hanoi Department of Information and "
    "Communications said that after 3 years of implementation, external information "
    "activities have increasingly followed the guidance of the Party and the State on "
    "external information, as well as the City's plans and strategies for the "
    "development of the economy, culture, history and people of the Capital; they "
    "have countered false information and the hostile arguments of opportunist forces "
    "against Viet Nam, contributing actively to political and social stability and "
    "to protecting and developing the Capital and the country in the new situation.",
    "However, besides the results achieved, the Department's leaders also pointed out "
    "some limitations in the City's external information work: some units do not yet "
    "fully understand what external information requires while the City is "
    "integrating strongly into the world in every field; funding for the English and "
    "other foreign-language versions of external information is still limited; staff "
    "doing external information work are few and limited in expertise and foreign "
    "languages...",
    "Concluding the conference, Vice Chairman of the Hanoi People's Committee Ngô Văn "
    "Quý asked that, to meet the demands of the new situation, the coming time must "
    "strengthen state management of external information activities in the City; "
    "consolidate and improve the staff doing external information work; and build and "
    "complete external information data to promote the image of the Capital to "
    "overseas Vietnamese and international friends.",
    "Vice Chairman of the Hanoi People's Committee Ngô Văn Quý speaks at the conference.",
]

FAST = Enricher(entities=False, topics=False)


@pytest.fixture
def seed_article(seed_path: Path) -> Article:
    report = ingest([str(seed_path)], enricher=FAST)
    assert report.new == 1
    return Article.objects.get()


@pytest.fixture
def make_article() -> Callable[..., Article]:
    """Store an article directly: ``make_article(title, lead, paragraphs, captions=...)``."""

    def make(
        title: str,
        lead: str = "",
        paragraphs: list[str] | None = None,
        captions: list[str] | None = None,
        published_at: datetime | None = None,
        **extra: Any,
    ) -> Article:
        paragraphs = paragraphs or []
        body = "\n\n".join([lead, *paragraphs]).strip()
        digest = hashlib.sha256((title + body).encode()).hexdigest()
        raw = RawDocument.objects.create(
            sha256=digest,
            fetched_at=datetime(2025, 1, 1, tzinfo=UTC),
            size=len(body),
            compressed=RawDocument.compress(body.encode()),
        )
        return Article.objects.create(
            raw=raw,
            title=title,
            lead=lead,
            body=body,
            paragraphs=paragraphs,
            captions=captions or [],
            published_at=published_at,
            language="vi",
            fingerprint=digest[:16],
            **extra,
        )

    return make
