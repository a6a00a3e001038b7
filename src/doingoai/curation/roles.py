"""Roles are Django groups (created by migrations 0002 and 0004): an
administrator may do everything; translators and reviewers work in the
languages of their :class:`~doingoai.curation.models.Profile`; a manager
(lãnh đạo) reads every report, sees the staff figures and edits plans; a
unit contributor reads the figures of their own unit."""

from __future__ import annotations

from typing import Any

__all__ = [
    "ADMINISTRATOR",
    "CONTRIBUTOR",
    "EDITOR",
    "MANAGER",
    "REVIEWER",
    "ROLES",
    "TRANSLATOR",
    "can_manage_plans",
    "can_read_reports",
    "can_review",
    "can_see_staff_figures",
    "can_translate",
    "has_role",
    "languages",
    "report_units",
    "roles_of",
]

ADMINISTRATOR = "administrator"
EDITOR = "editor"
TRANSLATOR = "translator"
REVIEWER = "reviewer"
CONTRIBUTOR = "unit contributor"
MANAGER = "manager"
ROLES: tuple[str, ...] = (ADMINISTRATOR, EDITOR, TRANSLATOR, REVIEWER, CONTRIBUTOR, MANAGER)


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


def can_manage_plans(user: Any) -> bool:
    """Managers (and administrators) create, edit, import and delete plans,
    merge units and write the assessment of a period."""
    return has_role(user, MANAGER)


def can_see_staff_figures(user: Any) -> bool:
    """Figures per translator or reviewer are for managers of the office only."""
    return has_role(user, MANAGER)


def can_read_reports(user: Any) -> bool:
    """Managers and editors read every figure; a unit contributor with a unit
    reads their own unit's."""
    return has_role(user, MANAGER) or has_role(user, EDITOR) or bool(report_units(user))


def report_units(user: Any) -> list[int] | None:
    """The units whose figures ``user`` may read: None for all (managers,
    editors, administrators), the ids of their unit for a unit contributor,
    an empty list for anyone else."""
    if has_role(user, MANAGER) or has_role(user, EDITOR):
        return None
    if CONTRIBUTOR in roles_of(user):
        profile = getattr(user, "profile", None)
        try:
            unit_id = profile.unit_id if profile is not None else None
        except AttributeError:
            unit_id = None
        return [unit_id] if unit_id is not None else []
    return []
