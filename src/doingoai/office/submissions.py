"""Items a unit contributor submits: stored as articles through the same
pipeline as collected documents, with the submission's text as their raw
bytes, and followed by their contributor until publication."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_noop

from doingoai.collect import RawDocument
from doingoai.curation.models import Unit
from doingoai.curation.roles import has_role
from doingoai.curation.services import log
from doingoai.enrich.enricher import Enricher
from doingoai.errors import InputError
from doingoai.office.models import Submission
from doingoai.store.ingest import store_document
from doingoai.store.models import Article

__all__ = ["SubmissionStatus", "status_of", "submit_item"]

#: the enricher submissions go through (tests pass a lighter one)
enricher_factory: Callable[[], Enricher | None] = lambda: None  # noqa: E731


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).replace("\r\n", "\n").strip()


def submit_item(
    user: Any,
    *,
    title: str,
    lead: str,
    body: str,
    url: str = "",
    unit: Unit | None = None,
    enricher: Enricher | None = None,
) -> Submission:
    """Store the item as an article and record who submitted it, for which unit."""
    title, lead, body, url = _nfc(title), _nfc(lead), _nfc(body), url.strip()
    if not title:
        raise InputError("title: a submitted item needs a title")
    if not body:
        raise InputError("body: a submitted item needs its text")
    paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
    text = "\n\n".join([title, *([lead] if lead else []), *paragraphs]) + "\n"
    slug = unit.slug if unit else "unit"
    raw = RawDocument(
        data=text.encode("utf-8"),
        url=url,
        source=f"submission:{slug}",
        content_type="text/plain; charset=utf-8",
        headers={"content-type": "text/plain; charset=utf-8"},
    )
    result = store_document(
        raw, enricher=enricher or enricher_factory(), overrides={"title": title, "lead": lead}
    )
    if result.article is None:
        if result.reason:
            raise InputError(result.reason)
        raise InputError(
            gettext_noop("this item was already submitted (the same text is stored)"), params={}
        )
    article = result.article
    with transaction.atomic():
        if article.lead != lead or article.paragraphs != paragraphs:
            article.lead, article.paragraphs = lead, paragraphs
            article.body = "\n\n".join([lead, *paragraphs]).strip()
            article.save()
        submission, _ = Submission.objects.get_or_create(
            article=article, defaults={"unit": unit, "submitted_by": user}
        )
        log(user, "submit", submission, article=article.pk, unit=slug)
    return submission


@dataclass(frozen=True)
class SubmissionStatus:
    """Where a submitted item stands, in words a contributor reads (in
    English, as the API gives them; the office's pages translate them)."""

    label: str
    languages: tuple[str, ...]


def status_of(article: Article) -> SubmissionStatus:
    selection = getattr(article, "selection", None)
    published = tuple(
        sorted(
            job.target_lang for job in article.translation_jobs.all() if job.state == "published"
        )
    )
    if selection is None:
        return SubmissionStatus("received", published)
    label = {"selected": "selected", "published": "published", "withdrawn": "not used"}
    return SubmissionStatus(label.get(selection.status, selection.status), published)


def can_submit(user: Any) -> bool:
    return has_role(user, "unit contributor")
