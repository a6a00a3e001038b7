"""Keep the search index in step with the stored articles."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from django.db import connections, transaction
from django.db.backends.utils import CursorWrapper

from doingoai.errors import InputError
from doingoai.store.models import Article
from doingoai.store.search.backends import (
    Backend,
    IndexDoc,
    backend_for,
    vocab_add,
)
from doingoai.store.search.entries import IndexText, index_text

__all__ = ["index_articles", "unindex_articles"]


def _backend(using: str) -> Backend:
    return backend_for(connections[using])


def document(article: Article, text: IndexText | None = None) -> IndexDoc:
    """The index entry of an article's title and body, as the index keeps them:
    ``text`` when it was made from the article's title and body as they are
    (an ingest makes it while preparing the document), else worked out here."""
    if article.pk is None:
        raise InputError("cannot index an article that is not saved", source=article.title[:80])
    title, body = article.title or "", article.body or ""
    if text is None or not text.matches(title, body):
        text = index_text(title, body)
    return IndexDoc(
        int(article.pk),
        text,
        language=article.language or "",
        outlet_id=article.outlet_id,
        topic=article.topic or "",
        published_at=article.published_at,
    )


def _vocab(docs: Iterable[IndexDoc], sign: int) -> Counter[str]:
    counts: Counter[str] = Counter()
    for doc in docs:
        counts.update(doc.text.vocabulary)
    if sign < 0:
        return Counter({key: -n for key, n in counts.items()})
    return counts


def _remove(cursor: CursorWrapper, backend: Backend, ids: Sequence[int]) -> None:
    old = backend.stored(cursor, ids)
    if old:
        vocab_add(cursor, _vocab(old, -1))
        backend.delete(cursor, [d.article_id for d in old])


def index_articles(
    articles: Sequence[Article],
    *,
    using: str = "default",
    texts: Sequence[IndexText | None] | None = None,
) -> None:
    """Add saved articles to the search index (replacing what it held for them).

    The index keeps the fields search filters on (language, outlet, topic,
    published_at) as they are now: index an article again after changing them.
    ``texts``, one per article, are their index entries made beforehand
    (:func:`doingoai.store.search.entries.index_text`); an entry that was not
    made from the article's title and body as they are is made again here.
    Runs inside the caller's transaction (in a savepoint of its own), so an
    ingest that rolls back leaves the index as it was.
    """
    if not articles:
        return
    given = texts if texts is not None else [None] * len(articles)
    if len(given) != len(articles):
        raise ValueError(f"{len(given)} index entries for {len(articles)} articles")
    docs = {d.article_id: d for d in map(document, articles, given)}
    backend = _backend(using)
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        _remove(cursor, backend, sorted(docs))
        backend.insert(cursor, list(docs.values()))
        vocab_add(cursor, _vocab(docs.values(), +1))


def unindex_articles(ids: Iterable[int], *, using: str = "default") -> None:
    """Remove articles from the search index; ids not in it are ignored."""
    wanted = sorted({int(i) for i in ids})
    if not wanted:
        return
    backend = _backend(using)
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        _remove(cursor, backend, wanted)
