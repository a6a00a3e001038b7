"""Who may do what in the back office. Every view names the permission it
needs; the checks run on the server for every request (a hidden button is
never the protection)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponseBase

from doingoai.curation.roles import (
    ADMINISTRATOR,
    CONTRIBUTOR,
    EDITOR,
    REVIEWER,
    TRANSLATOR,
    can_review,
    can_translate,
    has_role,
    roles_of,
)
from doingoai.translation.models import TranslationJob

__all__ = [
    "can_edit_segments",
    "can_open_job",
    "can_read_article",
    "is_staff_member",
    "require",
]

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def is_staff_member(user: Any) -> bool:
    """Holds any role of the office."""
    return bool(roles_of(user))


def require(*roles: str) -> Callable[[View], View]:
    """The view needs a signed-in user holding one of ``roles`` (any role when
    none is named); others get the sign-in page or 403."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            allowed = (
                any(has_role(request.user, r) for r in roles)
                if roles
                else is_staff_member(request.user)
            )
            if not allowed:
                from doingoai.office.views.common import deny

                return deny(request)
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorate


def can_open_job(user: Any, job: TranslationJob) -> bool:
    """Editors, and translators or reviewers of the job's language."""
    return (
        has_role(user, EDITOR)
        or can_translate(user, job.target_lang)
        or can_review(user, job.target_lang)
    )


def can_read_article(user: Any, article_id: int) -> bool:
    """Editors; and, read-only, the translators and reviewers of a job made
    from the article, in their languages (they need its whole text and
    provenance)."""
    if has_role(user, EDITOR):
        return True
    langs = TranslationJob.objects.filter(article_id=article_id).values_list(
        "target_lang", flat=True
    )
    return any(can_translate(user, lang) or can_review(user, lang) for lang in set(langs))


def can_edit_segments(user: Any, job: TranslationJob) -> bool:
    """Translators of the language while the job is being translated;
    reviewers of the language while it is in review."""
    if job.state == "in_review":
        return can_review(user, job.target_lang)
    return can_translate(user, job.target_lang)


ROLE_NAMES = (ADMINISTRATOR, EDITOR, TRANSLATOR, REVIEWER, CONTRIBUTOR)
