"""What doingoai keeps: raw documents (the original bytes), the articles
extracted from them, duplicate clusters and ingest runs."""

from __future__ import annotations

import zlib
from typing import Any

from django.db import models

__all__ = ["Article", "Cluster", "IngestRun", "MinHashBand", "Outlet", "RawDocument"]


class Outlet(models.Model):
    """A publisher: a newspaper, a city unit's site, keyed by its site
    (``domain``, without ``www.``) or, for an outlet known only by name, by
    that name folded. The names it appears under ("TUOI TRE ONLINE") are its
    ``aliases``; an outlet merged into another keeps its row, pointing to
    the one it became."""

    domain = models.CharField(max_length=255, unique=True)
    name = models.CharField(max_length=255, blank=True)
    aliases = models.JSONField(default=list, blank=True)
    unit = models.ForeignKey(
        "curation.Unit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outlets",
        help_text="The unit the outlet belongs to (a press agency, a department's site).",
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_outlets"
    )

    def __str__(self) -> str:
        return self.name or self.domain


class RawDocument(models.Model):
    """The bytes exactly as collected, compressed, with where and when they came from."""

    sha256 = models.CharField(max_length=64, unique=True)
    url = models.TextField(blank=True, db_index=True)
    source = models.TextField(blank=True, help_text="The file path or source URL given to ingest.")
    fetched_at = models.DateTimeField()
    headers = models.JSONField(default=dict, blank=True)
    content_type = models.CharField(max_length=255, blank=True)
    size = models.PositiveBigIntegerField()
    compressed = models.BinaryField()
    encoding_detected = models.CharField(max_length=64, blank=True)
    encoding_converted_from = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    @property
    def data(self) -> bytes:
        return zlib.decompress(bytes(self.compressed))

    @staticmethod
    def compress(data: bytes) -> bytes:
        return zlib.compress(data, 6)

    def __str__(self) -> str:
        return self.url or self.source or self.sha256


class Cluster(models.Model):
    """Articles that are the same story (exact or near duplicates)."""

    canonical = models.ForeignKey(
        "Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)


class Article(models.Model):
    raw = models.ForeignKey(RawDocument, on_delete=models.PROTECT, related_name="articles")
    url = models.TextField(blank=True, db_index=True)
    outlet = models.ForeignKey(Outlet, null=True, blank=True, on_delete=models.SET_NULL)
    unit = models.ForeignKey(
        "curation.Unit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        help_text="The unit the article came from (its submitter, or its outlet's unit).",
    )
    title = models.TextField()
    lead = models.TextField(blank=True)
    body = models.TextField(help_text="Lead and paragraphs joined by blank lines.")
    paragraphs = models.JSONField(default=list, blank=True)
    subheadings = models.JSONField(default=list, blank=True)
    captions = models.JSONField(default=list, blank=True)
    images = models.JSONField(default=list, blank=True)
    authors = models.JSONField(default=list, blank=True)
    tags = models.JSONField(default=list, blank=True)
    related = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    entities = models.JSONField(default=list, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    language = models.CharField(max_length=16, blank=True, db_index=True)
    topic = models.CharField(max_length=64, blank=True, db_index=True)
    topic_score = models.FloatField(null=True, blank=True)
    words = models.PositiveIntegerField(default=0)
    fingerprint = models.CharField(max_length=64, db_index=True)
    minhash = models.JSONField(
        default=list, blank=True, help_text="MinHash signature of the body (near-duplicate checks)."
    )
    cluster = models.ForeignKey(
        Cluster, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_canonical(self) -> bool:
        return self.cluster_id is None or (
            self.cluster is not None and self.cluster.canonical_id == self.pk
        )

    def completeness(self) -> tuple[int, ...]:
        """How complete the article is: used to pick a cluster's canonical member."""
        return (
            len(self.body),
            int(self.published_at is not None),
            len(self.authors),
            len(self.images),
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.pk,
            "url": self.url,
            "outlet": self.outlet.name if self.outlet else "",
            "title": self.title,
            "lead": self.lead,
            "published_at": self.published_at.isoformat() if self.published_at else None,
            "language": self.language,
            "topic": self.topic,
            "authors": self.authors,
            "cluster": self.cluster_id,
        }


class MinHashBand(models.Model):
    """One LSH band of an article's MinHash signature: articles sharing a band are candidates."""

    key = models.CharField(max_length=40, db_index=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bands")


class IngestRun(models.Model):
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    sources = models.JSONField(default=list)
    counts = models.JSONField(default=dict)
    failures = models.JSONField(default=list)
    status = models.CharField(max_length=16, default="running")
