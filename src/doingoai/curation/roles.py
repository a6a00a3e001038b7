"""Roles are Django groups (created by migration 0002): an administrator may
do everything; translators and reviewers work in the languages of their
:class:`~doingoai.curation.models.Profile`."""

from __future__ import annotations

from typing import Any

__all__ = [
    "ADMINISTRATOR",
    "CONTRIBUTOR",
    "EDITOR",
    "REVIEWER",
    "ROLES",
    "TRANSLATOR",
    "can_review",
    "can_translate",
    "has_role",
    "languages",
    "roles_of",
]

ADMINISTRATOR = "administrator"
EDITOR = "editor"
TRANSLATOR = "translator"
REVIEWER = "reviewer"
CONTRIBUTOR = "unit contributor"
ROLES: tuple[str, ...] = (ADMINISTRATOR, EDITOR, TRANSLATOR, REVIEWER, CONTRIBUTOR)


def roles_of(user: Any) -> frozenset[str]:
    """The role names of ``user`` (cached on the user object for the request)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_doingoai_roles", None)
    if cached is None:
        names = set(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
        if user.is_superuser:
            names.add(ADMINISTRATOR)
        cached = frozenset(names)
        user._doingoai_roles = cached
    return cached


def has_role(user: Any, role: str) -> bool:
    """Whether ``user`` holds ``role``; an administrator holds every role."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}: expected one of {', '.join(ROLES)}")
    held = roles_of(user)
    return role in held or ADMINISTRATOR in held


def languages(user: Any) -> list[str]:
    """The languages of the user's profile (empty without a profile)."""
    profile = getattr(user, "profile", None) if user is not None else None
    try:
        return list(profile.languages) if profile is not None else []
    except AttributeError:
        return []


def _in_language(user: Any, role: str, lang: str) -> bool:
    held = roles_of(user)
    if ADMINISTRATOR in held:
        return True
    return role in held and lang in languages(user)


def can_translate(user: Any, lang: str) -> bool:
    """A translator whose profile lists ``lang`` (or an administrator)."""
    return _in_language(user, TRANSLATOR, lang)


def can_review(user: Any, lang: str) -> bool:
    """A reviewer whose profile lists ``lang`` (or an administrator)."""
    return _in_language(user, REVIEWER, lang)
