"""Curation services: selecting, publishing, withdrawing and featuring an
article, correcting its extracted fields, and the audit log every change of
state writes to. Views and commands call these; none of them checks roles
(the caller does, see :mod:`doingoai.curation.roles`)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_noop

from doingoai.curation.models import AuditLog, Selection, Theme, Unit
from doingoai.errors import DoingoaiError
from doingoai.store.models import Article
from doingoai.store.search.indexer import index_articles

__all__ = [
    "CORRECTABLE",
    "CurationError",
    "correct_article",
    "feature",
    "log",
    "publish_original",
    "select_article",
    "withdraw",
]

#: the extracted fields an editor may correct, and whether each is a list
CORRECTABLE: dict[str, bool] = {
    "title": False,
    "lead": False,
    "paragraphs": True,
    "captions": True,
    "authors": True,
    "tags": True,
    "published_at": False,
    "language": False,
    "topic": False,
}


class CurationError(DoingoaiError):
    """A curation step that cannot be taken (wrong state, unknown field)."""


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def log(actor: Any, action: str, obj: Model, **data: Any) -> AuditLog:
    """Record one change of state of ``obj`` by ``actor`` (a user or None)."""
    return AuditLog.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        data={k: _jsonable(v) for k, v in data.items()},
    )


def select_article(
    article: Article,
    user: Any,
    themes: Iterable[Theme | str],
    unit: Unit | None = None,
    featured: bool = False,
    note: str = "",
) -> Selection:
    """Select ``article`` for external information (or update its selection)."""
    theme_objs = [t if isinstance(t, Theme) else Theme.objects.get(slug=t) for t in themes]
    with transaction.atomic():
        selection, created = Selection.objects.select_for_update().get_or_create(
            article=article,
            defaults={"unit": unit, "featured": featured, "selected_by": _user(user), "note": note},
        )
        if not created:
            selection.unit = unit
            selection.featured = featured
            selection.note = note
            if selection.status == "withdrawn":
                selection.status = "selected"
            selection.save()
        selection.themes.set(theme_objs)
        log(
            user,
            "select" if created else "update-selection",
            selection,
            article=article.pk,
            themes=sorted(t.slug for t in theme_objs),
            unit=unit.slug if unit else None,
            featured=featured,
        )
    return selection


def _user(user: Any) -> Any:
    return user if getattr(user, "pk", None) else None


def publish_original(selection: Selection, user: Any) -> Selection:
    """Put the Vietnamese original on the portal."""
    if selection.status == "published":
        raise CurationError(
            gettext_noop("article %(article)s is already published"),
            params={"article": selection.article_id},
        )
    with transaction.atomic():
        selection.status = "published"
        selection.published_at = selection.published_at or timezone.now()
        selection.save(update_fields=["status", "published_at"])
        log(user, "publish-original", selection, article=selection.article_id)
    return selection


def withdraw(selection: Selection, user: Any, reason: str = "") -> Selection:
    """Take the article off the portal (its translated versions go with it)."""
    if selection.status == "withdrawn":
        raise CurationError(
            gettext_noop("article %(article)s is already withdrawn"),
            params={"article": selection.article_id},
        )
    with transaction.atomic():
        previous = selection.status
        selection.status = "withdrawn"
        selection.save(update_fields=["status"])
        log(
            user,
            "withdraw",
            selection,
            article=selection.article_id,
            previous=previous,
            reason=reason,
        )
    return selection


def feature(selection: Selection, user: Any, on: bool = True) -> Selection:
    """Feature the article on the home and theme pages (or stop featuring it)."""
    with transaction.atomic():
        selection.featured = on
        selection.save(update_fields=["featured"])
        log(user, "feature" if on else "unfeature", selection, article=selection.article_id)
    return selection


def _clean(name: str, value: Any) -> Any:
    if CORRECTABLE[name]:
        if isinstance(value, str):
            value = [line.strip() for line in value.splitlines() if line.strip()]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise CurationError(f"{name}: expected a list of texts")
        return value
    if name == "published_at":
        if value is not None and not isinstance(value, datetime):
            raise CurationError("published_at: expected a date and time")
        return value
    if not isinstance(value, str):
        raise CurationError(f"{name}: expected a text")
    value = value.strip()
    if name == "title" and not value:
        raise CurationError("title: an article needs a title")
    return value


def correct_article(article: Article, user: Any, **fields: Any) -> list[str]:
    """Correct extracted fields of ``article``; returns the names of the fields
    that changed. The previous values are kept in the audit log."""
    unknown = sorted(set(fields) - set(CORRECTABLE))
    if unknown:
        raise CurationError(
            f"cannot correct {', '.join(unknown)}: correctable fields are {', '.join(CORRECTABLE)}"
        )
    cleaned = {name: _clean(name, value) for name, value in fields.items()}
    changed: dict[str, tuple[Any, Any]] = {}
    for name, value in cleaned.items():
        before = getattr(article, name)
        if before != value:
            changed[name] = (before, value)
    if not changed:
        return []
    with transaction.atomic():
        for name, (_, value) in changed.items():
            setattr(article, name, value)
        if {"lead", "paragraphs"} & set(changed):
            article.body = "\n\n".join([article.lead, *article.paragraphs]).strip()
        article.save()
        index_articles([article])
        log(
            user,
            "correct-article",
            article,
            fields=sorted(changed),
            before={k: _jsonable(b) for k, (b, _) in changed.items()},
            after={k: _jsonable(a) for k, (_, a) in changed.items()},
        )
    return sorted(changed)
