"""Figures about the stored corpus."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from doingoai.store.models import Article, Cluster, RawDocument

__all__ = ["corpus_stats"]


def corpus_stats() -> dict[str, Any]:
    """Articles by outlet, topic and language, and the duplicate clusters found."""

    def by(field: str) -> list[tuple[str, int]]:
        rows = Article.objects.values(field).annotate(n=Count("id")).order_by("-n", field)
        return [(row[field] or "—", row["n"]) for row in rows]

    clusters = Cluster.objects.annotate(n=Count("members")).filter(n__gt=1)
    return {
        "articles": Article.objects.count(),
        "raw_documents": RawDocument.objects.count(),
        "by_outlet": by("outlet__name"),
        "by_topic": by("topic"),
        "by_language": by("language"),
        "duplicate_clusters": clusters.count(),
        "articles_in_clusters": sum(c.n for c in clusters),
    }
