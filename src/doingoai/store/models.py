"""What doingoai keeps: raw documents (the original bytes), the articles
extracted from them, duplicate clusters and ingest runs."""

from __future__ import annotations

import zlib
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["Article", "Cluster", "IngestRun", "MinHashBand", "Outlet", "RawDocument"]


class Outlet(models.Model):
    """A publisher: a newspaper, a city unit's site, keyed by its site
    (``domain``, without ``www.``) or, for an outlet known only by name, by
    that name folded. The names it appears under ("TUOI TRE ONLINE") are its
    ``aliases``; an outlet merged into another keeps its row, pointing to
    the one it became."""

    domain = models.CharField(max_length=255, unique=True, verbose_name=_("domain"))
    name = models.CharField(max_length=255, blank=True, verbose_name=_("name"))
    aliases = models.JSONField(default=list, blank=True, verbose_name=_("aliases"))
    unit = models.ForeignKey(
        "curation.Unit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outlets",
        help_text=_("The unit the outlet belongs to (a press agency, a department's site)."),
        verbose_name=_("unit"),
    )
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_outlets",
        verbose_name=_("merged into"),
    )

    class Meta:
        verbose_name = _("outlet")
        verbose_name_plural = _("outlets")

    def __str__(self) -> str:
        return self.name or self.domain


class RawDocument(models.Model):
    """The bytes exactly as collected, compressed, with where and when they came from."""

    sha256 = models.CharField(max_length=64, unique=True, verbose_name=_("SHA-256"))
    url = models.TextField(blank=True, db_index=True, verbose_name=_("URL"))
    source = models.TextField(
        blank=True,
        help_text=_("The file path or source URL given to ingest."),
        verbose_name=_("source"),
    )
    fetched_at = models.DateTimeField(verbose_name=_("fetched at"))
    headers = models.JSONField(default=dict, blank=True, verbose_name=_("headers"))
    content_type = models.CharField(max_length=255, blank=True, verbose_name=_("content type"))
    size = models.PositiveBigIntegerField(verbose_name=_("size"))
    compressed = models.BinaryField(verbose_name=_("compressed"))
    encoding_detected = models.CharField(
        max_length=64, blank=True, verbose_name=_("encoding detected")
    )
    encoding_converted_from = models.CharField(
        max_length=64, blank=True, verbose_name=_("encoding converted from")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("raw document")
        verbose_name_plural = _("raw documents")

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
        "Article",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("canonical"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("duplicate cluster")
        verbose_name_plural = _("duplicate clusters")


class Article(models.Model):
    raw = models.ForeignKey(
        RawDocument, on_delete=models.PROTECT, related_name="articles", verbose_name=_("raw")
    )
    url = models.TextField(blank=True, db_index=True, verbose_name=_("URL"))
    outlet = models.ForeignKey(
        Outlet, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("outlet")
    )
    unit = models.ForeignKey(
        "curation.Unit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        help_text=_("The unit the article came from (its submitter, or its outlet's unit)."),
        verbose_name=_("unit"),
    )
    title = models.TextField(verbose_name=_("title"))
    lead = models.TextField(blank=True, verbose_name=_("lead"))
    body = models.TextField(
        help_text=_("Lead and paragraphs joined by blank lines."), verbose_name=_("body")
    )
    paragraphs = models.JSONField(default=list, blank=True, verbose_name=_("paragraphs"))
    subheadings = models.JSONField(default=list, blank=True, verbose_name=_("subheadings"))
    captions = models.JSONField(default=list, blank=True, verbose_name=_("captions"))
    images = models.JSONField(default=list, blank=True, verbose_name=_("images"))
    authors = models.JSONField(default=list, blank=True, verbose_name=_("authors"))
    tags = models.JSONField(default=list, blank=True, verbose_name=_("tags"))
    related = models.JSONField(default=list, blank=True, verbose_name=_("related"))
    warnings = models.JSONField(default=list, blank=True, verbose_name=_("warnings"))
    entities = models.JSONField(default=list, blank=True, verbose_name=_("entities"))
    published_at = models.DateTimeField(
        null=True, blank=True, db_index=True, verbose_name=_("published at")
    )
    language = models.CharField(
        max_length=16, blank=True, db_index=True, verbose_name=_("language")
    )
    topic = models.CharField(max_length=64, blank=True, db_index=True, verbose_name=_("topic"))
    topic_score = models.FloatField(null=True, blank=True, verbose_name=_("topic score"))
    words = models.PositiveIntegerField(default=0, verbose_name=_("words"))
    fingerprint = models.CharField(max_length=64, db_index=True, verbose_name=_("fingerprint"))
    minhash = models.JSONField(
        default=list,
        blank=True,
        help_text=_("MinHash signature of the body (near-duplicate checks)."),
        verbose_name=_("minhash"),
    )
    cluster = models.ForeignKey(
        Cluster,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        verbose_name=_("cluster"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
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

    key = models.CharField(max_length=40, db_index=True, verbose_name=_("key"))
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="bands", verbose_name=_("article")
    )

    class Meta:
        verbose_name = _("MinHash band")
        verbose_name_plural = _("MinHash bands")


class IngestRun(models.Model):
    started_at = models.DateTimeField(auto_now_add=True, verbose_name=_("started at"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished at"))
    sources = models.JSONField(default=list, verbose_name=_("sources"))
    counts = models.JSONField(default=dict, verbose_name=_("counts"))
    failures = models.JSONField(default=list, verbose_name=_("failures"))
    status = models.CharField(max_length=16, default="running", verbose_name=_("status"))

    class Meta:
        verbose_name = _("ingest run")
        verbose_name_plural = _("ingest runs")
